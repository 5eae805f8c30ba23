"""The one place stored fields become typed records: a clause as the index stores it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from indexer.index import fields as F
from indexer.models import page_at

# record attribute → stored field, for the fields that hold one string
_TEXT_FIELDS = {
    "clause_id": F.CLAUSE_ID, "doc_id": F.DOC_ID, "file": F.FILE, "kind": F.KIND,
    "code": F.CODE, "title": F.TITLE, "type": F.TYPE, "issuer": F.ISSUER, "year": F.YEAR,
    "number": F.NUMBER, "heading": F.HEADING, "text": F.TEXT,
}  # fmt: skip


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _page(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _starts(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(v for v in value if isinstance(v, int) and not isinstance(v, bool))


def _refs(value: Any) -> tuple[tuple[int, int, str, str], ...]:
    """[start, end, number, doc] lists as stored (text/xrefs.Mention); malformed ones dropped."""
    out = []
    for item in value if isinstance(value, list | tuple) else ():
        if isinstance(item, list | tuple) and len(item) == 4:
            start, end, number, doc = item
            if isinstance(start, int) and isinstance(end, int) and isinstance(number, str):
                out.append((start, end, number, doc if isinstance(doc, str) else ""))
    return tuple(out)


class StoredTable(NamedTuple):
    """A table in a clause's text: header row first, and where each row's cells are in the
    text ((start, end), or None for a row not found there, such as a header on another page)."""

    rows: tuple[tuple[str, ...], ...]
    spans: tuple[tuple[int, int] | None, ...]

    def row_at(self, offset: int) -> int | None:
        """The index of the row holding the character at offset; None outside the rows."""
        for index, span in enumerate(self.spans):
            if span is not None and span[0] <= offset < span[1]:
                return index
        return None


def _span(value: Any) -> tuple[int, int] | None:
    ok = isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)
    return (value[0], value[1]) if ok else None


def _tables(value: Any) -> tuple[StoredTable, ...]:
    """The stored JSON of a clause's tables (nothing for an index built before tables, or
    for anything malformed)."""
    try:
        items = json.loads(value) if isinstance(value, str) and value else []
        out = []
        for item in items:
            rows = tuple(tuple(str(c) for c in row) for row in item["rows"])
            spans = tuple(_span(s) for s in item["spans"])
            if rows and len(spans) == len(rows):
                out.append(StoredTable(rows, spans))
        return tuple(out)
    except (ValueError, TypeError, KeyError):
        return ()


@dataclass(frozen=True)
class StoredClause:
    """One clause (or passage of a long clause) with what the index stores about it."""

    clause_id: str  # "{doc_id}#{ordinal}"
    doc_id: str
    file: str
    kind: str  # pdf | md | txt | jsonl
    code: str
    codes: tuple[str, ...]  # every code the document names as its own
    title: str
    type: str
    issuer: str
    year: str
    number: str  # "2.2.3", "Điều 5", "" for a preamble
    heading: str
    heading_path: tuple[str, ...]
    text: str
    page: int | None
    page_end: int | None
    part: int  # passage index of a long clause
    ordinal: int  # position in its document
    ocr: bool = False  # its text was read by OCR from a page without a text layer
    page_starts: tuple[int, ...] = ()  # where pages page+1 … page_end start in text
    refs: tuple[tuple[int, int, str, str], ...] = ()  # cross-references (start, end, number, doc)
    tables: tuple[StoredTable, ...] = ()  # tables whose rows its text holds

    def page_at(self, offset: int | None) -> int | None:
        """The page holding the character of text at offset; the first page for None (no
        match to land on) or for an index built before page starts were stored."""
        return self.page if offset is None else page_at(self.page, self.page_starts, offset)

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> StoredClause:
        """The record of a clause's stored fields (absent fields are empty)."""
        return cls(
            **{name: _str(fields.get(key)) for name, key in _TEXT_FIELDS.items()},
            codes=tuple(fields.get(F.ALL_CODES) or ()),
            heading_path=tuple(fields.get(F.HEADING_PATH) or ()),
            page=_page(fields.get(F.PAGE)),
            page_end=_page(fields.get(F.PAGE_END)),
            part=int(fields.get(F.PART) or 0),
            ordinal=int(fields.get(F.ORDINAL) or 0),
            ocr=fields.get(F.OCR) is True,
            page_starts=_starts(fields.get(F.PAGE_STARTS)),
            refs=_refs(fields.get(F.REFS)),
            tables=_tables(fields.get(F.TABLES)),
        )
