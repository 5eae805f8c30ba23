"""The corpus's own `metadata.csv`: rows that override what was detected about a document.

    file,code,type,issuer,year,title,kind,identifier,issuers,issued,effective
    scans/qcvn-47.pdf,QCVN 47:2015/BTTTT,,,,,,,,,
    scans/nd-117.pdf,,,,,,nghi-dinh,117/2022/NĐ-CP,Chính phủ,2022-12-30,2022-12-30

Every column but `file` is optional. `issuer` and `issuers` (";"-separated) take an
abbreviation or a name and store the canonical name; `kind` is a slug of text/kinds.py;
`issued` and `effective` are ISO dates (YYYY-MM-DD).

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
from indexer.text.codes import canonical_code, code_facts
from indexer.text.dates import iso
from indexer.text.issuers import canonical_issuer
from indexer.text.kinds import KIND_LABELS, kind_label

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
    for name in ("issued", "effective"):
        value = values.get(name, "")
        if value and not (len(value) == 10 and iso(value[8:], value[5:7], value[:4]) == value):
            raise ValueError(f"{name} {value!r} is not a date (YYYY-MM-DD)")
    kind = values.get("kind", "")
    if kind and kind not in KIND_LABELS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KIND_LABELS)}")
    return key, values


def _issuers(value: str) -> tuple[str, ...]:
    """Canonical names of a ";"-separated list of issuers (unknown ones kept as written)."""
    names = [n.strip() for n in value.split(";") if n.strip()]
    return tuple(dict.fromkeys(canonical_issuer(n) or n for n in names))


def _code_changes(meta: DocumentMeta, value: str) -> dict[str, object]:
    """A new code: also the identifier and kind of a standard."""
    code = canonical_code(value) or value
    changes: dict[str, object] = {
        "code": code,
        "codes": (code, *(c for c in meta.codes if c != code)),
    }
    if not meta.identifier or meta.identifier == meta.code:
        changes["identifier"] = code
    if canonical_code(value) and meta.kind == "other":
        changes["kind"] = code_facts(code)[0].lower()
        changes["doc_type"] = kind_label(str(changes["kind"]))
    return changes


def apply_overrides(meta: DocumentMeta, row: Mapping[str, str]) -> DocumentMeta:
    """`meta` with every non-empty value of `row` applied (code, type, issuer, year, title,
    kind, identifier, issuers, issued, effective); `row` comes from load_overrides, so its
    values are valid. `kind` also sets `type`, `issuers` also `issuer`, and back."""
    changes: dict[str, object] = _code_changes(meta, row["code"]) if row.get("code") else {}
    if row.get("kind"):
        changes.update(kind=row["kind"], doc_type=kind_label(row["kind"]))
    if row.get("type"):
        changes["doc_type"] = row["type"]
    if row.get("issuers"):
        issuers = _issuers(row["issuers"])
        changes.update(issuers=issuers, issuer=issuers[0])
    if row.get("issuer"):
        issuer = _issuers(row["issuer"])[0]
        changes.update(issuer=issuer, issuers=changes.get("issuers") or (issuer,))
    if row.get("year"):
        changes["year"] = int(row["year"])
    for name in ("title", "identifier", "issued", "effective"):
        if row.get(name):
            changes[name] = row[name]
    return replace(meta, **changes)  # type: ignore[arg-type]
