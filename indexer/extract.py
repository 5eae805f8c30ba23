"""PDF → pages of text. The only module that imports pypdf or pypdfium2 (both lazily)."""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from indexer.errors import ExtractionError, VnstdError
from indexer.models import Page, RawDocument

MAGIC_WINDOW = 1024  # "%PDF-" may follow a little junk (a BOM, an HTTP header)
SPARSE_LETTERS = 100  # fewer letters than this on a page (headers aside) = nearly empty
GARBLED_SHARE = 0.3  # share of U+FFFD / control characters that makes a page unreadable
MAX_LOG_WARNINGS = 3  # distinct pypdf log messages kept as document warnings
MAX_PAGE_WARNINGS = 10  # per-page warnings kept in a RawDocument; the rest are counted
REPAIRED = "damaged PDF: truncated or broken cross-reference table; read what could be recovered"

RawPage = tuple[Page, bool]  # the page and whether it is an image with (almost) no text
Extractor = Callable[[Path, str, list[str]], Iterator[RawPage]]


class ExtractorUnavailableError(VnstdError):
    """The chosen extractor's library is not installed."""


class PdfPages(Iterator[Page]):
    """Pages of one PDF, read one at a time; `warnings` and `image_pages` fill in as they are read."""

    def __init__(self, path: Path, rel: str, extractor: str = "pypdf") -> None:
        self.rel = rel
        self.warnings: list[str] = []
        self.image_pages = 0
        check_pdf_file(path, rel)
        self._raw = _extractor(extractor)(path, rel, self.warnings)
        # read the first page now, so that opening errors surface here and not mid-iteration
        self._first = next(self._raw, None)

    def __next__(self) -> Page:
        if self._first is not None:
            item, self._first = self._first, None
        else:
            item = next(self._raw)
        page, image_only = item
        self.image_pages += image_only
        return page

    @property
    def repaired(self) -> bool:
        """True when the file had to be repaired (truncated) before pages could be read."""
        return REPAIRED in self.warnings

    def close(self) -> None:
        """Release the open file early (when the caller stops before the last page)."""
        self._raw.close()  # type: ignore[attr-defined]


def iter_pdf_pages(path: Path, extractor: str = "pypdf", rel: str = "") -> PdfPages:
    """An iterator of the PDF's pages (1-based), with its warnings collected on `.warnings`."""
    return PdfPages(path, rel or path.name, extractor)


def extract_pdf(path: Path, rel: str, extractor: str = "pypdf") -> RawDocument:
    """The whole PDF as a RawDocument; raises ExtractionError when it has no usable text."""
    stream = PdfPages(path, rel, extractor)
    pages = tuple(stream)
    if not pages:
        raise ExtractionError(rel, "damaged PDF: no pages")
    if stream.repaired and not any(p.text.strip() for p in pages):
        raise ExtractionError(rel, "damaged PDF: truncated, no page could be read")
    if needs_ocr([p.text for p in pages], stream.image_pages):
        raise ExtractionError(rel, "no text layer: needs OCR")
    return RawDocument(rel, rel, "pdf", pages, warnings=_capped(stream.warnings))


def _capped(warnings: list[str]) -> tuple[str, ...]:
    """The warnings with per-page ones after the first MAX_PAGE_WARNINGS replaced by a count."""
    per_page = [w for w in warnings if w.startswith("page ")]
    dropped = set(per_page[MAX_PAGE_WARNINGS:])
    kept = [w for w in warnings if w not in dropped]
    return tuple(kept + ([f"{len(dropped)} more page warnings"] if dropped else []))


def check_pdf_file(path: Path, rel: str) -> None:
    """Return None if the file can be a PDF; raise ExtractionError (empty / not a PDF) if not."""
    try:
        with path.open("rb") as fh:
            head = fh.read(MAGIC_WINDOW)
    except OSError as exc:
        raise ExtractionError(rel, f"cannot read file ({exc.strerror})") from exc
    if not head:
        raise ExtractionError(rel, "empty file (0 bytes)")
    if b"%PDF-" not in head:
        first = head.lstrip().split(b"\n", 1)[0][:16].decode("utf-8", "replace")
        shown = "".join(c if c.isprintable() else "?" for c in first)
        raise ExtractionError(rel, f"not a PDF (starts with {shown!r})")


def letter_count(text: str) -> int:
    """The number of letters (any script) in `text`."""
    return sum(c.isalpha() for c in text)


def is_garbled(text: str) -> bool:
    """True when the text is mostly U+FFFD / control characters (fonts without a Unicode map)."""
    chars = [c for c in text if not c.isspace()]
    bad = sum(c == "\ufffd" or ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in chars)
    return len(chars) >= 20 and bad > GARBLED_SHARE * len(chars)


def body_letters(texts: Sequence[str]) -> list[int]:
    """Letters per page, leaving out lines repeated on most pages (running headers, footers)."""
    shapes = [[re.sub(r"\d+", "#", ln).strip() for ln in t.splitlines()] for t in texts]
    seen = Counter(s for page in shapes for s in set(page) if s)
    repeated = {s for s, n in seen.items() if n >= 2 and n * 2 >= len(texts)}
    return [sum(letter_count(s) for s in page if s not in repeated) for page in shapes]


def needs_ocr(texts: Sequence[str], image_pages: int) -> bool:
    """True when there is no text at all, or most pages are images with only a header or signature."""
    letters = sum(body_letters(texts))
    mostly_images = image_pages * 2 >= len(texts)
    return letters == 0 or (mostly_images and letters / len(texts) < SPARSE_LETTERS)


def _extractor(name: str) -> Extractor:
    if name == "pypdf":
        return _pypdf_pages
    if name == "pdfium":
        return _pdfium_pages
    raise ValueError(f"unknown extractor {name!r} (pypdf or pdfium)")


def _cause(exc: BaseException, with_type: bool = False) -> str:
    msg = str(exc).strip().splitlines()[0][:80] if str(exc).strip() else ""
    if not msg:
        return type(exc).__name__
    return f"{type(exc).__name__}: {msg}" if with_type else msg


def _finish_page(
    number: int, text: str, has_image: Callable[[], bool], warnings: list[str]
) -> RawPage:
    """The page with checked text, and whether it is an image with (almost) no text."""
    if is_garbled(text):
        warnings.append(f"page {number}: unreadable text (font without a Unicode map)")
        return Page(number, ""), False
    return Page(number, text), letter_count(text) < SPARSE_LETTERS and has_image()


def _failed_page(number: int, exc: Exception, warnings: list[str]) -> RawPage:
    warnings.append(f"page {number}: could not extract text ({_cause(exc, with_type=True)})")
    return Page(number, ""), False


def _repaired_bytes(path: Path) -> bytes | None:
    """The file with a trailer pointing at its catalog, so a reader can rebuild the xref; None if hopeless."""
    data = path.read_bytes()
    catalog = re.search(
        rb"(\d+)\s+(\d+)\s+obj\s*<<(?:(?!endobj).){0,400}?/Type\s*/Catalog", data, re.S
    )
    if catalog is None:
        return None
    root = catalog.group(1) + b" " + catalog.group(2)
    return data + b"\ntrailer\n<< /Root " + root + b" R >>\nstartxref\n0\n%%EOF\n"


class _LogCapture(logging.Handler):
    """Collects pypdf's log messages instead of letting them reach the root logger."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self._propagate = True

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> _LogCapture:
        logger = logging.getLogger("pypdf")
        self._propagate = logger.propagate
        logger.addHandler(self)
        logger.propagate = False
        return self

    def __exit__(self, *exc: object) -> None:
        logger = logging.getLogger("pypdf")
        logger.removeHandler(self)
        logger.propagate = self._propagate

    def warnings(self) -> list[str]:
        """The first few distinct messages, worded as document warnings."""
        distinct = list(
            dict.fromkeys(m.strip().splitlines()[0] for m in self.messages if m.strip())
        )
        more = len(distinct) - MAX_LOG_WARNINGS
        tail = [f"pypdf: {more} more warnings"] if more > 0 else []
        return [f"pypdf: {m[:120]}" for m in distinct[:MAX_LOG_WARNINGS]] + tail


def _load_pypdf(source: Any, rel: str) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    reader = PdfReader(source, strict=False)
    try:
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError(rel, "encrypted: needs a password")
    except (FileNotDecryptedError, NotImplementedError) as exc:
        raise ExtractionError(rel, f"encrypted: cannot decrypt ({_cause(exc)})") from exc
    if len(reader.pages) == 0:  # walks the page tree: damage shows here, not page by page
        raise ExtractionError(rel, "damaged PDF: no pages")
    return reader


def _open_pypdf(path: Path, source: Any, rel: str, warnings: list[str]) -> Any:
    try:
        return _load_pypdf(source, rel)
    except ExtractionError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        repaired = _repaired_bytes(path)
        try:
            reader = _load_pypdf(io.BytesIO(repaired), rel) if repaired else None
        except Exception:
            reader = None
        if reader is None:
            raise ExtractionError(rel, f"damaged PDF: {_cause(exc)}") from exc
        warnings.append(REPAIRED)
        return reader


def _pypdf_has_image(page: Any) -> bool:
    try:
        xobjects = page["/Resources"]["/XObject"]
        return any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())
    except Exception:  # no resources / broken dictionary: treat as no image
        return False


def _pypdf_pages(path: Path, rel: str, warnings: list[str]) -> Iterator[RawPage]:
    log = _LogCapture()  # installed only around pypdf calls, never across a yield
    with path.open("rb") as fh:
        with log:
            reader = _open_pypdf(path, fh, rel, warnings)
        try:
            for index in range(len(reader.pages)):
                with log:
                    item = _pypdf_page(reader, index, warnings)
                yield item
        finally:
            warnings.extend(log.warnings())


def _pypdf_page(reader: Any, index: int, warnings: list[str]) -> RawPage:
    try:
        page = reader.pages[index]
        text = page.extract_text() or ""
    except Exception as exc:  # one bad page must not lose the document
        return _failed_page(index + 1, exc, warnings)
    return _finish_page(index + 1, text, lambda: _pypdf_has_image(page), warnings)


def _open_pdfium(path: Path, rel: str, warnings: list[str]) -> Any:
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise ExtractorUnavailableError(
            "pypdfium2 is not installed: pip install 'vnstd[pdfium]'"
        ) from exc
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ExtractionError(rel, "encrypted: needs a password") from exc
        repaired = _repaired_bytes(path)
        try:
            doc = pdfium.PdfDocument(repaired) if repaired else None
        except pdfium.PdfiumError:
            doc = None
        if doc is None or len(doc) == 0:
            raise ExtractionError(rel, f"damaged PDF: {_cause(exc)}") from exc
        warnings.append(REPAIRED)
        return doc


def pdfium_text(raw: str) -> str:
    """PDFium's page text with "\\n" line ends and its U+FFFE line-end hyphen marker as "-\\n"."""
    return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-\n")


def _pdfium_pages(path: Path, rel: str, warnings: list[str]) -> Iterator[RawPage]:
    doc = _open_pdfium(path, rel, warnings)
    try:
        for index in range(len(doc)):
            yield _pdfium_page(doc, index, warnings)
    finally:
        doc.close()


def _pdfium_page(doc: Any, index: int, warnings: list[str]) -> RawPage:
    import pypdfium2.raw as pdfium_c

    try:
        page = doc[index]
    except Exception as exc:
        return _failed_page(index + 1, exc, warnings)
    try:
        textpage = page.get_textpage()
        text = pdfium_text(textpage.get_text_range())
        textpage.close()
        images = (pdfium_c.FPDF_PAGEOBJ_IMAGE,)
        return _finish_page(index + 1, text, lambda: any(page.get_objects(images)), warnings)
    except Exception as exc:
        return _failed_page(index + 1, exc, warnings)
    finally:
        page.close()
