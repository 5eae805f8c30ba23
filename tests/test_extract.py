"""indexer/ingest/extract.py and pdfreaders.py: pages of the sample PDFs, clear reasons for bad
PDFs, pypdf vs pdfium, real scans."""

from __future__ import annotations

import logging
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from fixtures import image_only_pdf, truncated_pdf
from shared_data import DOCUMENTS, require_shared

from indexer.errors import ExtractionError, ExtractorUnavailableError
from indexer.ingest.extract import extract_pdf, iter_pdf_pages, needs_ocr
from indexer.ingest.pdfreaders import REPAIRED, is_garbled, pdfium_text

EXTRACTORS = ("pypdf", "pdfium")
SCANS = (
    "hrmaster1982-dev__phapluat-8chude-data/docs/hd_kinh_te/nghi-quyet-so-115-nq-cp-469452.pdf",
    "hrmaster1982-dev__phapluat-8chude-data/docs/hd_kinh_te/nghi-quyet-so-27-2026-nq-cp-469546.pdf",
)
CODES = {
    "QCVN_47_2015_BTTTT.pdf": "QCVN 47:2015/BTTTT",
    "QCVN_117_2023_BTTTT.pdf": "QCVN 117:2023/BTTTT",
    "QCVN_18_2022_BTTTT.pdf": "QCVN 18:2022/BTTTT",
    "TCVN_11930_2017.pdf": "TCVN 11930:2017",
}


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_sample_pages_are_numbered_nfc_vietnamese(sample_pdfs: list[Path], extractor: str) -> None:
    """GIVEN each sample PDF WHEN extracted THEN pages are 1..n, NFC, with the code on the cover."""
    for pdf in sample_pdfs:
        doc = extract_pdf(pdf, pdf.name, extractor)
        assert (doc.doc_id, doc.file, doc.kind, doc.warnings) == (pdf.name, pdf.name, "pdf", ())
        assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
        assert 3 <= len(doc.pages) <= 6
        assert all(unicodedata.is_normalized("NFC", p.text) for p in doc.pages)
        assert CODES[pdf.name] in doc.pages[0].text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.pages[0].text
        for page in doc.pages[1:]:  # running header first, page number last
            lines = page.text.strip().splitlines()
            assert lines[0].strip() == CODES[pdf.name]
            assert lines[-1].strip() == str(page.number)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_sample_reading_order_and_symbols(extractor: str) -> None:
    """GIVEN QCVN 47 WHEN extracted THEN sections come in order and units/symbols survive."""
    pdf = Path(__file__).resolve().parents[1] / "corpus" / "QCVN_47_2015_BTTTT.pdf"
    text = "\n".join(p.text for p in extract_pdf(pdf, pdf.name, extractor).pages)
    headings = ["1. QUY ĐỊNH CHUNG", "1.5 Chữ viết tắt", "2.2.3 Phát xạ giả", "3. PHƯƠNG PHÁP ĐO"]
    headings += ["4. QUY ĐỊNH VỀ QUẢN LÝ", "6. TỔ CHỨC THỰC HIỆN", "Phụ lục A (Quy định)"]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    flat = " ".join(text.split())  # lines wrap anywhere
    for snippet in (
        "-36 dBm",
        "12,75 GHz",
        "≤ 50 W",
        "40 dBμV/m",
        "± 5 ppm",
        "EMC ElectroMagnetic",
    ):
        assert snippet in flat


BAD_REASONS = [
    ("empty", "empty file (0 bytes)"),
    ("html", "not a PDF (starts with '<!DOCTYPE html>')"),
    ("encrypted", "encrypted: needs a password"),
    ("image_only", "no text layer: needs OCR"),
    ("image_only_header", "no text layer: needs OCR"),
]


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize(("kind", "reason"), BAD_REASONS)
def test_bad_pdf_gives_clear_reason(
    bad_files: dict[str, Path], kind: str, reason: str, extractor: str
) -> None:
    """GIVEN a bad PDF WHEN extracted THEN ExtractionError carries a short, specific reason."""
    with pytest.raises(ExtractionError) as info:
        extract_pdf(bad_files[kind], f"bad/{kind}.pdf", extractor)
    assert info.value.reason == reason
    assert info.value.path == f"bad/{kind}.pdf"


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_truncated_pdf_is_damaged(bad_files: dict[str, Path], extractor: str) -> None:
    """GIVEN the first 60 % of a sample (its fonts cut off) THEN it fails as a damaged PDF."""
    with pytest.raises(ExtractionError, match=r"damaged PDF: \S"):
        extract_pdf(bad_files["truncated"], "t.pdf", extractor)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_slightly_truncated_pdf_keeps_its_pages(
    tmp_path: Path, sample_pdfs: list[Path], extractor: str
) -> None:
    """GIVEN a PDF missing only its tail (xref, trailer) THEN every page is read, with a warning."""
    source = sample_pdfs[0]
    doc = extract_pdf(truncated_pdf(tmp_path, source, 0.99), "t.pdf", extractor)
    whole = extract_pdf(source, "w.pdf", extractor)
    assert [p.text for p in doc.pages] == [p.text for p in whole.pages]
    assert REPAIRED in doc.warnings


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_pdf_with_empty_user_password_opens(bad_files: dict[str, Path], extractor: str) -> None:
    """GIVEN a PDF encrypted with an owner password only THEN it is read like any other."""
    doc = extract_pdf(bad_files["encrypted_open"], "e.pdf", extractor)
    assert "2.2.3 Phát xạ giả" in "".join(p.text for p in doc.pages)


def test_page_that_raises_becomes_empty_with_warning(bad_files: dict[str, Path]) -> None:
    """GIVEN page 3's content stream uses an unknown filter THEN page 3 is empty and warned about."""
    doc = extract_pdf(bad_files["bad_page"], "b.pdf")
    assert doc.pages[2].text == "" and doc.pages[2].number == 3
    assert all(p.text for i, p in enumerate(doc.pages) if i != 2)
    assert doc.warnings == (
        "page 3: could not extract text (NotImplementedError: Unsupported filter /FooDecode)",
    )


def test_pypdf_logging_becomes_warnings(
    tmp_path: Path, sample_pdfs: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    """GIVEN a damaged PDF pypdf complains about THEN nothing reaches logging; warnings say it."""
    caplog.set_level(logging.DEBUG)
    doc = extract_pdf(truncated_pdf(tmp_path, sample_pdfs[0], 0.99), "t.pdf")
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert any(w.startswith("pypdf: ") for w in doc.warnings)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_streaming_reports_open_errors_at_once(bad_files: dict[str, Path], extractor: str) -> None:
    """GIVEN a bad file WHEN the stream is created THEN the error is raised before any page."""
    with pytest.raises(ExtractionError, match="needs a password"):
        iter_pdf_pages(bad_files["encrypted"], extractor)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_streaming_yields_pages_one_at_a_time(bad_files: dict[str, Path], extractor: str) -> None:
    """GIVEN a PDF with a failing page WHEN streamed THEN pages come in order and can stop early."""
    pages = iter_pdf_pages(bad_files["bad_page"], extractor)
    assert next(pages).number == 1
    assert [p.number for p in pages] == [2, 3, 4, 5, 6]
    early = iter_pdf_pages(bad_files["bad_page"], extractor)
    assert next(early).number == 1
    early.close()
    assert list(early) == []


def test_pdfium_missing_gives_install_hint(
    sample_pdfs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN pypdfium2 is not installed WHEN pdfium is asked for THEN the message says what to do."""
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    with pytest.raises(ExtractorUnavailableError, match=r"pip install 'vnstd\[pdfium\]'"):
        extract_pdf(sample_pdfs[0], "x.pdf", "pdfium")


def test_unknown_extractor_is_refused(sample_pdfs: list[Path]) -> None:
    """GIVEN an extractor name vnstd does not know WHEN a PDF is read THEN a settings error."""
    with pytest.raises(ExtractorUnavailableError, match="unknown extractor"):
        extract_pdf(sample_pdfs[0], "x.pdf", "tesseract")


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def test_pdfium_agrees_with_pypdf_on_samples(sample_pdfs: list[Path]) -> None:
    """GIVEN the samples THEN both extractors give the same page count and nearly the same words."""
    for pdf in sample_pdfs:
        a = extract_pdf(pdf, pdf.name, "pypdf").pages
        b = extract_pdf(pdf, pdf.name, "pdfium").pages
        assert len(a) == len(b)
        for pa, pb in zip(a, b, strict=True):
            wa, wb = _words(pa.text), _words(pb.text)
            assert len(wa & wb) >= 0.95 * len(wa | wb), (pdf.name, pa.number, wa ^ wb)


def test_needs_ocr_rule() -> None:
    """Scans carry only a repeated header and a signature; text documents are never flagged."""
    header = "CÔNG BÁO/Số 271/Ngày 12-05-2026 {}"
    scan = [header.format(86), header.format(87) + "\nTM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nHồ Quốc Dũng"]
    assert needs_ocr(scan, image_pages=2)
    assert not needs_ocr(scan, image_pages=0)  # short text-only notes are left alone
    assert needs_ocr(["", " \n "], image_pages=0)  # no text at all
    bodies = (
        "Quy chuẩn này quy định các yêu cầu kỹ thuật đối với thiết bị vô tuyến điện.",
        "Phát xạ giả của máy thu không được vượt quá giới hạn quy định tại bảng dưới đây.",
    )
    pages = [header.format(n) + "\n" + body * 2 for n, body in enumerate(bodies)]
    assert not needs_ocr(pages, image_pages=2)


def test_is_garbled() -> None:
    assert is_garbled("\ufffd" * 30 + " abc")
    assert is_garbled(
        "\x0f\x08\x14\x01\x15\x16\x17\x18\x19\x1a\x1b\x03\x03\x03\x03\x02\x04\x05" * 2 + "1. QUY"
    )
    assert not is_garbled("Phát xạ giả ≤ -36 dBm " * 3)
    assert not is_garbled("\ufffd")  # too short to judge


def test_image_only_pdf_with_many_pages(tmp_path: Path) -> None:
    """GIVEN a 12-page scan with a text header on each page THEN it needs OCR."""
    with pytest.raises(ExtractionError, match="no text layer: needs OCR"):
        extract_pdf(image_only_pdf(tmp_path, pages=12, header="CONG BAO/So 271"), "scan.pdf")


@pytest.mark.shared
@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("rel", SCANS)
def test_real_gazette_scans_need_ocr(rel: str, extractor: str) -> None:
    """GIVEN the two image-only Công báo scans (header + signature text only) THEN they need OCR."""
    path = require_shared(DOCUMENTS / rel)
    with pytest.raises(ExtractionError) as info:
        extract_pdf(path, rel, extractor)
    assert info.value.reason == "no text layer: needs OCR"


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_only_the_two_scans_of_the_shared_corpus_need_ocr(extractor: str) -> None:
    """GIVEN all 117 shared PDFs THEN exactly the two scans fail, and every other gives text."""
    root = require_shared()
    failed = {}
    for path in sorted(root.rglob("*.pdf")):
        rel = path.relative_to(root).as_posix()
        try:
            doc = extract_pdf(path, rel, extractor, tables=False)  # text only: tables cost
        except ExtractionError as exc:
            failed[rel] = exc.reason
            continue
        assert sum(len(p.text) for p in doc.pages) > 500, rel
    assert failed == dict.fromkeys(SCANS, "no text layer: needs OCR")


def test_pdfium_text_cleanup() -> None:
    """PDFium ends lines with CR LF and marks a hyphen at a line end as U+FFFE."""
    assert (
        pdfium_text("Điều 1\r\n01/2022/TTLT\ufffeVKSNDTC\r") == "Điều 1\n01/2022/TTLT-\nVKSNDTC\n"
    )
