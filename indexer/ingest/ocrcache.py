"""The OCR cache: one small JSON file per page read, named by a hash of everything that
decides the text (file content, page, engine version, language, resolution, options).

It lives outside the index's generations (INDEX/ocr-cache by default), is only ever read
by the workers of a build, and every entry is written to a temporary file then renamed
into place, so parallel workers and killed builds can at worst leave a stray temporary
file: a damaged or foreign entry reads as a miss and is written again."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

STALE_SECONDS = 3600.0  # a temporary file this old belongs to no running build


def _entry(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}.json"


def get(folder: Path | None, key: str) -> str | None:
    """The cached text of `key`, or None (no cache, a miss, an unreadable entry)."""
    if folder is None:
        return None
    try:
        data = json.loads(_entry(folder, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    text = data.get("text")
    return text if isinstance(text, str) else None


def put(folder: Path | None, key: str, text: str) -> str:
    """Store `text` under `key` atomically; "" or why it could not be stored (never raises:
    a cache that cannot be written only costs time)."""
    if folder is None:
        return ""
    path = _entry(folder, key)
    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"key": key, "text": text}, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        return f"OCR cache not written ({exc.strerror or exc})"
    return ""


def sweep(folder: Path, older_than: float = STALE_SECONDS) -> int:
    """Remove temporary files that killed workers left (only old ones: a build sharing this
    cache may be writing its own right now); how many were removed."""
    removed = 0
    now = time.time()
    for tmp in folder.glob("*/.tmp-*"):
        try:
            if now - tmp.stat().st_mtime > older_than:
                tmp.unlink()
                removed += 1
        except OSError:
            continue
    return removed
