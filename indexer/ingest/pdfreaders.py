"""The PDF libraries' side of extraction: the only module that imports pypdf or pypdfium2
(both lazily). Each reader yields a PDF's pages with their text, checked for garbled fonts,
and whether a page is an image with (almost) no text."""

from __future__ import annotations

import importlib.util
import io
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from indexer.errors import ExtractionError, ExtractorUnavailableError
from indexer.models import Page
from indexer.text.vntext import letter_count

SPARSE_LETTERS = 100  # fewer letters than this on a page (headers aside) = nearly empty
GARBLED_SHARE = 0.3  # share of U+FFFD / control characters that makes a page unreadable
MAX_LOG_WARNINGS = 3  # distinct pypdf log messages kept as document warnings
REPAIRED = "damaged PDF: truncated or broken cross-reference table; read what could be recovered"
EXTRACTORS = {"pypdf": "pypdf", "pdfium": "pypdfium2"}  # extractor name → the module it needs

RawPage = tuple[Page, bool]  # the page and whether it is an image with (almost) no text
Reader = Callable[[Path, str, list[str]], Iterator[RawPage]]


def require(name: str) -> None:
    """Return None when the extractor can run; raise ExtractorUnavailableError when its library
    is not installed (checked before a build starts, not at its first PDF)."""
    module = EXTRACTORS.get(name)
    if module is None:
        raise ExtractorUnavailableError(f"unknown extractor {name!r} (pypdf or pdfium)")
    if importlib.util.find_spec(module) is None:
        extra = "pdfium" if name == "pdfium" else ""
        hint = f"pip install 'vnstd[{extra}]'" if extra else f"pip install {module}"
        raise ExtractorUnavailableError(f"{module} is not installed: {hint}")


def reader(name: str) -> Reader:
    """The page reader of an extractor ("pypdf" or "pdfium")."""
    require(name)
    return _pypdf_pages if name == "pypdf" else _pdfium_pages


def is_garbled(text: str) -> bool:
    """True when the text is mostly U+FFFD / control characters (fonts without a Unicode map)."""
    chars = [c for c in text if not c.isspace()]
    bad = sum(c == "\ufffd" or ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in chars)
    return len(chars) >= 20 and bad > GARBLED_SHARE * len(chars)


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
    import pypdfium2 as pdfium

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


def can_render() -> bool:
    """Whether page images can be made (for OCR): pypdfium2 is installed."""
    return importlib.util.find_spec("pypdfium2") is not None


def render_gray(
    path: Path, rel: str, numbers: Sequence[int], dpi: int
) -> Iterator[tuple[int, Any]]:
    """The pages `numbers` (1-based) rendered in grey at `dpi`: (number, uint8 array of
    height × width), one at a time (a page is ~9 MB at 300 dpi)."""
    doc = _open_pdfium(path, rel, [])
    try:
        for number in numbers:
            page = doc[number - 1]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                yield number, bitmap.to_numpy()
            finally:
                page.close()
    finally:
        doc.close()


MIN_RULES = 4  # path objects in a page's body that make it worth looking for a table


def ruled_pages(path: Path, rel: str, top: float, bottom: float) -> list[int]:
    """The pages (1-based) that draw at least MIN_RULES lines or boxes between the top
    `top` and the bottom `bottom` shares of the page: where a table can be (cheap: PDFium
    lists the page objects without laying out any text)."""
    import pypdfium2.raw as pdfium_c

    doc = _open_pdfium(path, rel, [])
    out = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            try:
                height = page.get_height()
                low, high = height * bottom, height * (1 - top)
                paths = page.get_objects((pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2)
                body = sum(low <= o.get_bounds()[1] and o.get_bounds()[3] <= high for o in paths)
            except Exception:  # an unreadable page has no table to find
                body = 0
            finally:
                page.close()
            if body >= MIN_RULES:
                out.append(index + 1)
    finally:
        doc.close()
    return out
