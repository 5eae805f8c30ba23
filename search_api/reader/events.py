"""Structured log lines: every failure the server survives is logged as one JSON object
(`event`, the generation involved, the error), so an operator can grep and alert on it."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

LOGGER = "vnstd"
# a library logs nowhere until its process says where: `vnstd serve` installs JsonLines on
# stderr (search_api.web.app.log_config); the other commands report errors themselves
logging.getLogger(LOGGER).addHandler(logging.NullHandler())


def logger(name: str) -> logging.Logger:
    """The logger of a part of vnstd ("vnstd.reader", "vnstd.web")."""
    return logging.getLogger(f"{LOGGER}.{name}")


def emit(log: logging.Logger, level: int, event: str, **fields: Any) -> None:
    """Log one event with its fields (rendered as one JSON line by JsonLines)."""
    log.log(level, event, extra={"vnstd_fields": fields})


class JsonLines(logging.Formatter):
    """{"time": …, "level": "error", "logger": "vnstd.reader", "event": …, **fields}."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + "Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        data.update(getattr(record, "vnstd_fields", {}))
        if record.exc_info and record.exc_info[1] is not None:
            data.setdefault("error", repr(record.exc_info[1]))
        return json.dumps(data, ensure_ascii=False, default=str)
