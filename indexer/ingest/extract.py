"""PDF → pages of text: streaming, the checks that make a file unusable (not a PDF, damaged,
no text layer), and per-page warnings. The PDF libraries themselves sit in pdfreaders.py."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from indexer.errors import ExtractionError
from indexer.ingest import pdfreaders, pdftables
from indexer.ingest.files import cap_warnings, read_bytes
from indexer.ingest.normalize import body_letters
from indexer.ingest.ocr import Scans
from indexer.models import Page, RawDocument
from indexer.text.vntext import letter_count

MAGIC_WINDOW = 1024  # "%PDF-" may follow a little junk (a BOM, an HTTP header)
MAX_PAGE_WARNINGS = 10  # per-page warnings kept in a RawDocument; the rest are counted


class PdfPages(Iterator[Page]):
    """Pages of one PDF, read one at a time; `warnings` and `scanned` (the numbers of the
    pages that are images with almost no text) fill in as they are read."""

    def __init__(self, path: Path, rel: str, extractor: str = "pypdf") -> None:
        self.rel = rel
        self.warnings: list[str] = []
        self.scanned: list[int] = []
        check_pdf_file(path, rel)
        self._raw = pdfreaders.reader(extractor)(path, rel, self.warnings)
        # read the first page now, so that opening errors surface here and not mid-iteration
        self._first = next(self._raw, None)

    def __next__(self) -> Page:
        if self._first is not None:
            item, self._first = self._first, None
        else:
            item = next(self._raw)
        page, image_only = item
        if image_only and page.number is not None:
            self.scanned.append(page.number)
        return page

    @property
    def image_pages(self) -> int:
        """How many pages so far are images with almost no text."""
        return len(self.scanned)

    @property
    def repaired(self) -> bool:
        """True when the file had to be repaired (truncated) before pages could be read."""
        return pdfreaders.REPAIRED in self.warnings

    def close(self) -> None:
        """Release the open file early (when the caller stops before the last page)."""
        self._raw.close()  # type: ignore[attr-defined]


def iter_pdf_pages(path: Path, extractor: str = "pypdf", rel: str = "") -> PdfPages:
    """An iterator of the PDF's pages (1-based), with its warnings collected on `.warnings`."""
    return PdfPages(path, rel or path.name, extractor)


def extract_pdf(
    path: Path,
    rel: str,
    extractor: str = "pypdf",
    scans: Scans | None = None,
    tables: bool = True,
) -> RawDocument:
    """The whole PDF as a RawDocument, its pages without a text layer read by `scans`' OCR
    engine when it has one, its ruled pages' tables read unless `tables` is False (they
    cost ~0.5 s a ruled page: docs/tables.md); raises ExtractionError when it has no
    usable text."""
    stream = PdfPages(path, rel, extractor)
    pages = tuple(stream)
    if not pages:
        raise ExtractionError(rel, "damaged PDF: no pages")
    scans = scans if scans is not None else Scans()
    pages = scans.read(path, rel, pages, stream.scanned, stream.warnings)
    if stream.repaired and not any(p.text.strip() for p in pages):
        raise ExtractionError(rel, "damaged PDF: truncated, no page could be read")
    empty = [p for p in pages if p.number in stream.scanned and _sparse(p.text)]
    if needs_ocr([p.text for p in pages], len(empty)):
        if any(p.ocr for p in empty):
            raise ExtractionError(rel, "no text layer, and OCR found no text on its images")
        raise ExtractionError(rel, "no text layer: needs OCR")
    return RawDocument(
        rel,
        rel,
        "pdf",
        with_tables(path, rel, pages) if tables else pages,
        warnings=cap_warnings(stream.warnings, "page ", MAX_PAGE_WARNINGS, "more page warnings"),
    )


def with_tables(path: Path, rel: str, pages: tuple[Page, ...]) -> tuple[Page, ...]:
    """The pages, those with ruling lines in their body carrying their tables (pdftables);
    unchanged when pdfplumber is not installed."""
    if not pdftables.available():
        return pages
    read = {p.number for p in pages if not p.ocr}
    try:
        ruled = pdfreaders.ruled_pages(path, rel, pdftables.MARGIN_TOP, pdftables.MARGIN_BOTTOM)
        found = dict(pdftables.read_tables(path, [n for n in ruled if n in read]))
    except Exception:  # a file the table readers cannot open keeps its text, without tables
        return pages
    if not found:
        return pages
    return tuple(replace(p, tables=tuple(found.get(p.number or 0, ()))) for p in pages)


def _sparse(text: str) -> bool:
    """Whether a page (OCR'd or not) holds almost no text: a stray mark is not a page's text."""
    return letter_count(text) < pdfreaders.SPARSE_LETTERS


def check_pdf_file(path: Path, rel: str) -> None:
    """Return None if the file can be a PDF; raise ExtractionError (empty / not a PDF) if not."""
    head = read_bytes(path, rel, MAGIC_WINDOW)
    if b"%PDF-" not in head:
        first = head.lstrip().split(b"\n", 1)[0][:16].decode("utf-8", "replace")
        shown = "".join(c if c.isprintable() else "?" for c in first)
        raise ExtractionError(rel, f"not a PDF (starts with {shown!r})")


def needs_ocr(texts: Sequence[str], image_pages: int) -> bool:
    """True when there is no text at all, or most pages are images with only a header or signature."""
    letters = sum(body_letters(texts))
    mostly_images = image_pages * 2 >= len(texts)
    return letters == 0 or (mostly_images and letters / len(texts) < pdfreaders.SPARSE_LETTERS)
