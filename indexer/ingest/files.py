"""Reading an input file's bytes with the checks every reader shares, and capped warnings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from indexer.errors import ExtractionError


def read_bytes(path: Path, rel: str, limit: int | None = None) -> bytes:
    """The file's bytes (the first `limit` only, when given); raises ExtractionError when it
    cannot be read or is empty."""
    try:
        with path.open("rb") as fh:
            data = fh.read() if limit is None else fh.read(limit)
    except OSError as exc:
        raise ExtractionError(rel, f"cannot read file ({exc.strerror})") from exc
    if not data:
        raise ExtractionError(rel, "empty file (0 bytes)")
    return data


def cap_warnings(warnings: Sequence[str], prefix: str, limit: int, more: str) -> tuple[str, ...]:
    """The warnings with those starting with `prefix` ("page ", "line ") after the first
    `limit` replaced by one count: "12 more page warnings" (`more` = "more page warnings")."""
    kept: list[str] = []
    seen = dropped = 0
    for w in warnings:
        if w.startswith(prefix):
            seen += 1
            if seen > limit:
                dropped += 1
                continue
        kept.append(w)
    return (*kept, f"{dropped} {more}") if dropped else tuple(kept)
