"""`.jsonl` records: one document per line, `{"id": …, "title": …, "text": …}`, and the one
namespace their ids share with the corpus's files."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from indexer.errors import ExtractionError
from indexer.ingest.files import cap_warnings, decode_text, read_bytes
from indexer.models import Page, RawDocument, SourceFile

MAX_LINE_WARNINGS = 20  # bad .jsonl lines listed one by one; the rest are counted


def _decode(src: SourceFile) -> tuple[str, list[str]]:
    return decode_text(read_bytes(src.path, src.rel), src.rel)


def read_jsonl(src: SourceFile, rejected: Mapping[str, str] | None = None) -> list[RawDocument]:
    """One RawDocument per good record whose id `rejected` does not map to a reason; the
    file's warnings (bad and rejected lines) go on the first one."""
    text, warnings = _decode(src)
    rejected = rejected or {}
    docs: list[RawDocument] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        record, problem = _record(line)
        if record is not None and record[0] in first_line:
            problem = f"duplicate id {record[0]!r} (kept line {first_line[record[0]]})"
        elif record is not None and record[0] in rejected:
            problem = f"id {record[0]!r} {rejected[record[0]]} (skipped)"
        if problem or record is None:
            warnings.append(f"line {number}: {problem}")
            continue
        first_line[record[0]] = number
        docs.append(RawDocument(record[0], src.rel, "jsonl", (Page(None, record[2]),), record[1]))
    if not docs:
        lines = [w for w in warnings if w.startswith("line ")]
        first = f"; {lines[0]}" if len(lines) == 1 else ""
        raise ExtractionError(
            src.rel, f"no records ({len(lines)} bad lines{first})" if lines else "no records"
        )
    docs[0] = replace(
        docs[0], warnings=cap_warnings(warnings, "line ", MAX_LINE_WARNINGS, "more bad lines")
    )
    return docs


def _record(line: str) -> tuple[tuple[str, str, str] | None, str]:
    """(id, title, text) of one .jsonl line, or None and what is wrong with it."""
    try:
        obj: Any = json.loads(line)
    except ValueError:
        return None, "not JSON"
    if not isinstance(obj, dict):
        return None, "not a JSON object"
    doc_id, title, text = obj.get("id"), obj.get("title"), obj.get("text")
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int) or str(doc_id).strip() == "":
        return None, 'missing "id"'
    if not isinstance(text, str) or not text.strip():
        return None, 'missing "text"'
    return (str(doc_id).strip(), title if isinstance(title, str) else "", text), ""


def record_ids(src: SourceFile) -> list[str]:
    """The ids of a .jsonl file's good records, first occurrences, in order ([] when the
    file cannot be read: its reading reports why)."""
    try:
        text, _ = _decode(src)
    except ExtractionError:
        return []
    ids: dict[str, None] = {}
    for line in text.splitlines():
        record, _ = _record(line) if line.strip() else (None, "")
        if record is not None:
            ids.setdefault(record[0], None)
    return list(ids)


def reject_ids(
    records: Iterable[tuple[str, list[str]]], paths: set[str]
) -> dict[str, dict[str, str]]:
    """Record ids that may not be used, per .jsonl file, with the reason: an id that is the
    path of a file of the corpus (a record must not pose as that document), and an id that a
    .jsonl file sorting earlier already uses (ids are unique in an index).

    records: (rel, its ids) of every .jsonl file; paths: every corpus file's rel."""
    owner: dict[str, str] = {}
    out: dict[str, dict[str, str]] = {}
    for rel, ids in sorted(records):
        for record_id in ids:
            if record_id in paths:
                out.setdefault(rel, {})[record_id] = "is the path of a file of the corpus"
            elif owner.setdefault(record_id, rel) != rel:
                out.setdefault(rel, {})[record_id] = f"is already used by {owner[record_id]}"
    return out
