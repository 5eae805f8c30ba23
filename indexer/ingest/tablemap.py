"""A page's tables found in the text of the clauses on that page.

The page text stays what the PDF reader gave (the cells of a table row by row, which is
what search sees); each table row is looked for in a clause's text, cell after cell,
whitespace ignored, so that the clause knows where each row is: its page shows a <table>
there, and a hit inside a table shows the header row and the matching row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from indexer.models import Cells, Clause, ClauseTable, Document, Page

if TYPE_CHECKING:
    from indexer.ingest.passages import Line

MAX_GAP = 12  # characters (spaces aside) allowed between two cells of one row in the text


class _Squashed:
    """A text without its whitespace, and where each of its characters was."""

    def __init__(self, text: str) -> None:
        self.where = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.text = "".join(text[i] for i in self.where)


def _key(cell: str) -> str:
    return "".join(cell.split())


def find_row(row: Cells, text: _Squashed, cursor: int) -> tuple[int, int] | None:
    """(start, end) in the squashed text of the row's cells, in order and close together,
    from cursor on; None when a cell is missing."""
    start = end = -1
    for cell in (k for k in map(_key, row) if k):
        pos = text.text.find(cell, cursor if start < 0 else end)
        if pos < 0 or (start >= 0 and pos - end > MAX_GAP):
            return None
        start = pos if start < 0 else start
        end = pos + len(cell)
    return None if start < 0 else (start, end)


def locate(table: Sequence[Cells], text: _Squashed) -> ClauseTable | None:
    """The table's header row and the run of rows the text holds (from the first row found
    to the last, with their offsets); None when no row after the header is found."""
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for row in table:
        found = find_row(row, text, cursor)
        spans.append(found)
        cursor = found[1] if found else cursor
    body = [i for i in range(1, len(table)) if spans[i] is not None]
    if not body:
        return None
    rows = [0, *range(body[0], body[-1] + 1)]
    return ClauseTable(
        rows=tuple(table[i] for i in rows),
        spans=tuple(_offsets(spans[i], text) for i in rows),
    )


def _offsets(span: tuple[int, int] | None, text: _Squashed) -> tuple[int, int] | None:
    return None if span is None else (text.where[span[0]], text.where[span[1] - 1] + 1)


def _tables_of(
    clause: Clause, by_page: Mapping[int, Sequence[Sequence[Cells]]]
) -> list[ClauseTable]:
    if clause.page is None:
        return []
    text = _Squashed(clause.text)
    last = clause.page_end if clause.page_end is not None else clause.page
    out = []
    for number in range(clause.page, last + 1):
        for table in by_page.get(number, ()):
            found = locate(table, text)
            if found is not None:
                out.append(found)
    return out


def table_lines(lines: Sequence[Line], pages: Sequence[Page]) -> set[int]:
    """The indices of the lines that begin a row of a table of their page ("8 Bộ gõ tiếng
    Việt Bộ 1 …", "2.2.3 …" in a cell): the start of a row that the clause splitter must
    not take for a numbered heading."""
    rows: dict[int, list[str]] = {}
    for page in pages:
        if page.tables and page.number is not None:
            rows[page.number] = ["".join(_key(c) for c in row) for t in page.tables for row in t]
    if not rows:
        return set()
    out = set()
    for index, line in enumerate(lines):
        key = _key(line.text)
        if key and line.page in rows and any(r.startswith(key) for r in rows[line.page]):
            out.add(index)
    return out


def attach_tables(doc: Document, clauses: list[Clause]) -> list[Clause]:
    """The clauses, each with the tables of its pages that its text holds."""
    by_page = {p.number: p.tables for p in doc.pages if p.tables and p.number is not None}
    if not by_page:
        return clauses
    out = []
    for clause in clauses:
        tables = _tables_of(clause, by_page)
        out.append(replace(clause, tables=tuple(tables)) if tables else clause)
    return out
