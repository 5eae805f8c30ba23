"""Tables in a clause: the snippet of a hit inside one (the header row and the matching
row, cells apart), and the clause text cut around them for its page.

A table's cells are in the clause's text row by row (what search matches); when the best
window of matches starts inside a table, "Tần số băng | Băng thông đo | Mức tối đa /
30 MHz ≤ f < 1 GHz | 100 kHz | -57 dBm" says more than a run of flattened cells.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from search_api.reader.records import StoredTable
from search_api.search.highlight import match_spans

CELL_SEP = " | "
ROW_SEP = " / "


def _marked(text: str, marks: Iterable[str], exact: frozenset[str] | None) -> str:
    spans = match_spans(text, marks)
    if exact is not None:
        spans = [s for s in spans if text[s[0] : s[1]].lower() in exact]
    out, cursor = [], 0
    for start, end, _ in spans:
        out += [html.escape(text[cursor:start]), f"<mark>{html.escape(text[start:end])}</mark>"]
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out).replace("</mark> <mark>", " ")


def _hits(row: Sequence[str], marks: frozenset[str]) -> int:
    return len({term for _, _, term in match_spans(CELL_SEP.join(row), marks)})


def table_snippet(
    tables: Sequence[StoredTable],
    anchor: int | None,
    marks: Iterable[str],
    exact: frozenset[str] | None = None,
) -> str | None:
    """ "header row / matching row" (escaped HTML, matched words marked) when the text offset
    `anchor` is inside a row of one of the tables; None otherwise. The matching row is the
    row (after the header) with the most distinct matched words, the anchor's on a tie."""
    if anchor is None:
        return None
    marks = frozenset(marks)
    for table in tables:
        at = table.row_at(anchor)
        if at is None or len(table.rows) < 2:
            continue
        body = range(1, len(table.rows))
        best = max(body, key=lambda i: (_hits(table.rows[i], marks), i == at, -i))
        line = CELL_SEP.join(table.rows[0]) + ROW_SEP + CELL_SEP.join(table.rows[best])
        return _marked(line, marks, exact)
    return None


Segment = tuple[str, "str | tuple[tuple[str, ...], ...]"]  # ("text", text) | ("table", rows)


def segments(text: str, tables: Sequence[StoredTable]) -> list[Segment]:
    """The clause's text cut around its tables, for a page that shows each table as a
    <table>: ("text", part of the text) and ("table", header row first) in order; the
    text a table's rows span is the table's (its cells, flattened)."""
    regions = []
    for table in tables:
        spans = [s for s in table.spans if s is not None]
        if spans:
            regions.append((min(s[0] for s in spans), max(s[1] for s in spans), table.rows))
    out: list[Segment] = []
    cursor = 0
    for start, end, rows in sorted(regions, key=lambda r: r[0]):
        if start < cursor:  # overlapping tables: the first one wins
            continue
        if text[cursor:start].strip():
            out.append(("text", text[cursor:start].strip("\n")))
        out.append(("table", rows))
        cursor = end
    if text[cursor:].strip() or not out:
        out.append(("text", text[cursor:].strip("\n")))
    return out
