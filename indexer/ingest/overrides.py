"""The corpus's own `metadata.csv`: rows that override what was detected about a document.

    file,code,type,issuer,year,title
    scans/qcvn-47.pdf,QCVN 47:2015/BTTTT,,,,

The whole file is checked before a build starts (a bad row stops the build with its line
number, before any document is read); empty cells keep what was detected.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from indexer.errors import MetadataError
from indexer.models import DocumentMeta
from indexer.text.codes import canonical_code

METADATA_FILE = "metadata.csv"

Overrides = Mapping[str, Mapping[str, str]]


def load_overrides(corpus_root: Path) -> dict[str, dict[str, str]]:
    """Rows of `metadata.csv` in the corpus root keyed by their `file` column ({} when there is
    none), every value checked; raises MetadataError naming the line that is wrong."""
    path = corpus_root / METADATA_FILE
    if not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, strict=True))
    except (OSError, csv.Error, UnicodeDecodeError) as exc:
        raise MetadataError(f"{path}: malformed CSV ({exc})") from exc
    if rows and "file" not in rows[0]:
        raise MetadataError(f"{path}: needs a 'file' column (has {', '.join(rows[0])})")
    out: dict[str, dict[str, str]] = {}
    for line, row in enumerate(rows, start=2):
        try:
            key, values = _row(row)
        except ValueError as exc:
            raise MetadataError(f"{path}, line {line}: {exc}") from None
        out[key] = values
    return out


def _row(row: Mapping[str | None, str | None]) -> tuple[str, dict[str, str]]:
    """(file, other values) of one CSV row; raises ValueError saying what is wrong."""
    if None in row or any(value is None for value in row.values()):
        raise ValueError("wrong number of fields")
    key = (row.get("file") or "").strip()
    if not key:
        raise ValueError("empty 'file'")
    values = {str(k).strip(): str(v).strip() for k, v in row.items() if k and k != "file"}
    year = values.get("year", "")
    if year and not (year.isdigit() and 1900 <= int(year) <= 2100):
        raise ValueError(f"year {year!r} is not a year (1900-2100)")
    return key, values


def apply_overrides(meta: DocumentMeta, row: Mapping[str, str]) -> DocumentMeta:
    """`meta` with every non-empty value of `row` (code, type, issuer, year, title) applied;
    `row` comes from load_overrides, so its values are valid."""
    changes: dict[str, object] = {}
    if row.get("code"):
        code = canonical_code(row["code"]) or row["code"]
        changes["code"] = code
        changes["codes"] = (code, *(c for c in meta.codes if c != code))
    if row.get("type"):
        changes["doc_type"] = row["type"]
    if row.get("issuer"):
        changes["issuer"] = row["issuer"]
    if row.get("year"):
        changes["year"] = int(row["year"])
    if row.get("title"):
        changes["title"] = row["title"]
    return replace(meta, **changes)  # type: ignore[arg-type]
