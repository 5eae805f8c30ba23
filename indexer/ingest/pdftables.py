"""Tables of a PDF's ruled pages as rows of cells: the only pdfplumber import (lazily).

pdfplumber's ruling-line ("lattice") table finder was chosen by measurement over pypdf's
layout mode split at column gaps (docs/tables.md: cell precision and recall on labelled
table pages of the shared corpus). It is slow (pdfminer parses every character), so it
only runs on pages that draw ruling lines in their body (pdfreaders.ruled_pages).
Page headers and footers drawn as boxes (a re-typeset document's title block on every
page) are left out, and so are boxes of one column or one row.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

Table = tuple[tuple[str, ...], ...]  # rows of cells, a merged cell once (its first slot)
MARGIN_TOP = 0.15  # a table entirely in the top 15 % of the page is its header block
MARGIN_BOTTOM = 0.10  # … in the bottom 10 %, its footer
MAX_CELL_CHARS = 2000  # a "cell" longer than this is a framed paragraph, not a table cell


def available() -> bool:
    """Whether tables can be read (pdfplumber is installed)."""
    return importlib.util.find_spec("pdfplumber") is not None


def cell_text(value: str | None) -> str:
    """A cell's text on one line (pdfplumber keeps the cell's line breaks)."""
    return " ".join((value or "").split())


def keep(rows: list[list[str]]) -> Table | None:
    """The table without empty rows and merged-cell placeholders; None when what is left is
    not a table (fewer than two rows, or no row with two cells)."""
    out = tuple(row for row in (tuple(c for c in r if c) for r in rows) if row)
    if len(out) < 2 or max(len(r) for r in out) < 2:
        return None
    if any(len(c) > MAX_CELL_CHARS for r in out for c in r):
        return None
    return out


def _in_margin(bbox: tuple[float, float, float, float], height: float) -> bool:
    top, bottom = bbox[1], bbox[3]
    return bottom <= height * MARGIN_TOP or top >= height * (1 - MARGIN_BOTTOM)


def _page_tables(page: Any) -> list[Table]:
    out = []
    for found in page.find_tables():
        if _in_margin(found.bbox, float(page.height)):
            continue
        table = keep([[cell_text(c) for c in row] for row in found.extract()])
        if table is not None:
            out.append(table)
    return out


def read_tables(path: Path, numbers: Iterable[int]) -> Iterator[tuple[int, list[Table]]]:
    """(page number, its tables) for the pages `numbers` (1-based) that have any; a page
    pdfplumber cannot read gives none (its text is read by pypdf as before)."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(path) as pdf:
        for number in numbers:
            if not 1 <= number <= len(pdf.pages):
                continue
            page = pdf.pages[number - 1]
            try:
                tables = _page_tables(page)
            except Exception:  # a damaged page: no tables, never a lost document
                tables = []
            finally:
                page.close()
            if tables:
                yield number, tables
