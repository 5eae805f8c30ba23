"""Frozen dataclasses that flow through the pipeline: files → pages → documents → clauses."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

SourceKind = Literal["pdf", "md", "txt", "jsonl"]
FileStatus = Literal["indexed", "unchanged", "skipped", "failed", "removed"]
Cells = tuple[str, ...]  # one table row: its cells' text, a merged cell once
HEADING_SEP = " › "  # between the levels of a heading path, wherever one is shown or searched


def heading_line(path: Iterable[str]) -> str:
    """A heading path as one line: "2. QUY ĐỊNH KỸ THUẬT › 2.2 Máy thu › 2.2.3 Phát xạ giả"."""
    return HEADING_SEP.join(h for h in path if h)


def page_at(first: int | None, starts: Sequence[int], offset: int) -> int | None:
    """The page of the character at offset in a text that begins on page `first` and whose
    later pages start at `starts` (a page with no text of its own is passed over)."""
    return None if first is None else first + bisect_right(starts, offset)


@dataclass(frozen=True)
class SourceFile:
    """One input file found under the corpus folder."""

    path: Path  # absolute path on disk
    rel: str  # path relative to the corpus folder, POSIX separators
    kind: SourceKind


@dataclass(frozen=True)
class Page:
    """The text of one page (1-based `number`); records and plain-text files have `number=None`."""

    number: int | None
    text: str
    ocr: bool = False  # the text was read from the page's image (no text layer)
    tables: tuple[tuple[Cells, ...], ...] = ()  # its ruled tables: rows of cells, header first


@dataclass(frozen=True)
class ClauseTable:
    """A table as found in a clause's text: its header row, then the rows found here, each
    with the (start, end) offsets of its cells in the clause's text (None: not found here)."""

    rows: tuple[Cells, ...]
    spans: tuple[tuple[int, int] | None, ...]


@dataclass(frozen=True)
class RawDocument:
    """One document as read from its source, before normalisation.

    A PDF, Markdown or text file gives one RawDocument (doc_id = its relative
    path); a .jsonl file gives one per record (doc_id = the record's id).
    """

    doc_id: str
    file: str  # relative path of the source file (the .jsonl for records)
    kind: SourceKind
    pages: tuple[Page, ...]
    title_hint: str = ""  # a record's own "title"; empty for files
    warnings: tuple[str, ...] = ()  # e.g. "page 3: could not be extracted (…)"


@dataclass(frozen=True)
class DocumentMeta:
    """What was detected (or overridden by metadata.csv) about a document."""

    code: str = ""  # primary code in canonical form, e.g. "QCVN 47:2015/BTTTT"
    codes: tuple[str, ...] = ()  # every code the document names as its own (canonical)
    doc_type: str = "Khác"  # label of the kind: QCVN, TCVN, Luật, Nghị định, Thông tư, Khác …
    issuer: str = ""  # canonical name of the (first) issuer: "Bộ Xây dựng", "Chính phủ"
    year: int | None = None
    title: str = ""
    kind: str = "other"  # slug (text/kinds.py): qcvn, tcvn, adopted, luat, nghi-dinh, …, other
    identifier: str = ""  # "QCVN 32:2026/BXD", "117/2022/NĐ-CP"; "" when the text gives none
    issuers: tuple[str, ...] = ()  # canonical names, several for a joint text
    issued: str | None = None  # ISO 8601 date of issue (or passing, for a law)
    effective: str | None = None  # ISO 8601 date it takes effect
    # (type, target identifier) the text states about itself: replaces, repeals, amends,
    # consolidates (indexer/text/relations.py)
    relations: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Document:
    """A normalised document with its metadata."""

    doc_id: str
    file: str
    kind: SourceKind
    pages: tuple[Page, ...]
    meta: DocumentMeta
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Clause:
    """The unit search returns: one numbered clause (or a passage of a long one)."""

    doc_id: str
    ordinal: int  # position in the document, 0-based, unique within the document
    number: str  # "2.2.3", "Điều 5", "Chương II", "Phụ lục A", "" for preamble
    heading: str  # the clause's own heading text, e.g. "Phát xạ giả"
    path: tuple[str, ...]  # numbers from the root, e.g. ("2", "2.2", "2.2.3")
    heading_path: tuple[str, ...]  # "number heading" of each ancestor and itself
    text: str  # body text of the clause (or passage)
    page: int | None  # first page (1-based), None for records / plain text
    page_end: int | None
    part: int = 0  # passage index when a long clause was split, else 0
    ocr: bool = False  # some of its pages were read by OCR
    # where pages page+1 … page_end start in `text` (offsets, one per page, non-decreasing);
    # () for a clause on one page or without pages
    page_starts: tuple[int, ...] = ()
    tables: tuple[ClauseTable, ...] = ()  # the tables whose rows its text holds

    def page_at(self, offset: int) -> int | None:
        """The page holding the character of `text` at offset."""
        return page_at(self.page, self.page_starts, offset)

    @property
    def clause_id(self) -> str:
        return f"{self.doc_id}#{self.ordinal}"


@dataclass(frozen=True)
class FileReport:
    """Outcome for one input file."""

    rel: str
    status: FileStatus
    reason: str = ""
    pages: int = 0
    clauses: int = 0
    warnings: tuple[str, ...] = field(default=())
