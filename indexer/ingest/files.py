"""Reading an input file's bytes and text with the checks every reader shares, and capped
warnings."""

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


def decode_text(data: bytes, rel: str) -> tuple[str, list[str]]:
    """The bytes as text (UTF-8, BOM allowed, UTF-16 with a BOM) and any decoding warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace"), []
    if b"\x00" in data[:4096]:
        raise ExtractionError(rel, "not a text file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", "replace")
        bad = text.count("\ufffd") - data.decode("utf-8-sig", "ignore").count("\ufffd")
        return text, [f"not valid UTF-8: {bad} invalid byte sequences replaced"]
