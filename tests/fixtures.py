"""Generators of bad (and awkward) input files, written into a given folder; each returns its path."""

from __future__ import annotations

import datetime
import io
import json
import struct
import zlib
from pathlib import Path
from typing import Any

HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body></body></html>\n"
)


def zero_byte_pdf(directory: Path) -> Path:
    """An empty file named .pdf."""
    path = directory / "empty.pdf"
    path.write_bytes(b"")
    return path


def html_as_pdf(directory: Path) -> Path:
    """An HTML error page saved as .pdf (what a failed download often leaves)."""
    path = directory / "download.pdf"
    path.write_bytes(HTML_PAGE)
    return path


def truncated_pdf(directory: Path, source: Path, fraction: float = 0.6) -> Path:
    """The first `fraction` of `source`'s bytes (an interrupted download)."""
    data = source.read_bytes()
    path = directory / f"{source.stem}_truncated_{int(fraction * 100)}.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def encrypted_pdf(directory: Path, source: Path, user_password: str = "secret") -> Path:
    """`source` encrypted with AES-256; an empty `user_password` gives an owner-only lock."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=source)
    writer.encrypt(user_password, owner_password="owner-secret", algorithm="AES-256")
    name = "encrypted_open.pdf" if user_password == "" else "encrypted.pdf"
    path = directory / name
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def png_bytes(width: int = 240, height: int = 320) -> bytes:
    """A grey-stripes greyscale PNG, written by hand (no imaging library needed)."""
    rows = b"".join(b"\x00" + bytes((x * 7 + y) % 256 for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def image_only_pdf(directory: Path, pages: int = 2, header: str = "") -> Path:
    """A 'scan': each page is one full-page image, optionally under a short text header."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    image = io.BytesIO(png_bytes())
    for number in range(1, pages + 1):
        pdf.add_page()
        if header:
            pdf.set_font("helvetica", size=9)
            pdf.cell(0, 6, f"{header} {number}")
        pdf.image(image, x=10, y=20, w=190)
    path = directory / ("scan_with_header.pdf" if header else "scan.pdf")
    pdf.output(str(path))
    return path


def bad_page_pdf(directory: Path, source: Path, page: int = 3) -> Path:
    """`source` with page `page`'s content stream under an unknown filter (extraction raises)."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter(clone_from=source)
    stream = StreamObject()
    stream._data = b"BT ET"
    stream[NameObject("/Filter")] = NameObject("/FooDecode")
    writer.pages[page - 1][NameObject("/Contents")] = writer._add_object(stream)
    path = directory / "bad_page.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def docx_file(directory: Path) -> Path:
    """A (fake) Word document: an unsupported type."""
    path = directory / "notes.docx"
    path.write_bytes(b"PK\x03\x04 not really a docx")
    return path


def records_jsonl(directory: Path) -> Path:
    """A .jsonl with 3 good records and, on lines 3–7, a non-JSON line, a list, a record without
    text, one without id, and a duplicate id; line 8 is blank."""
    good = [
        {"id": "r1", "title": "Luật Viễn thông", "text": "Điều 1. Phạm vi điều chỉnh"},
        {"id": "r2", "title": "", "text": "Tần số vô tuyến điện"},
        {"id": "r3", "text": "Không có tiêu đề"},
    ]
    lines = [
        json.dumps(good[0], ensure_ascii=False),
        json.dumps(good[1], ensure_ascii=False),
        "{not json",
        "[1, 2]",
        json.dumps({"id": "x", "title": "no text"}),
        json.dumps({"text": "no id"}),
        json.dumps({"id": "r1", "text": "duplicate"}),
        "",
        json.dumps(good[2], ensure_ascii=False),
    ]
    path = directory / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_all(directory: Path, sample_pdf: Path) -> dict[str, Path]:
    """Every bad file above in `directory`, by kind."""
    directory.mkdir(parents=True, exist_ok=True)
    return {
        "empty": zero_byte_pdf(directory),
        "html": html_as_pdf(directory),
        "truncated": truncated_pdf(directory, sample_pdf),
        "encrypted": encrypted_pdf(directory, sample_pdf),
        "encrypted_open": encrypted_pdf(directory, sample_pdf, user_password=""),
        "image_only": image_only_pdf(directory),
        "image_only_header": image_only_pdf(directory, header="CONG BAO/So 271/Ngay 12-05-2026"),
        "bad_page": bad_page_pdf(directory, sample_pdf),
        "docx": docx_file(directory),
        "jsonl": records_jsonl(directory),
    }


def rasterised_pdf(source: Path, target: Path, pages: list[int], dpi: int = 300) -> Path:
    """A 'scan' of `source`: its pages `pages` (1-based) rendered at `dpi` and stored as
    image-only PDF pages (no text layer), the way a scanner makes them."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(source)
    images = [doc[n - 1].render(scale=dpi / 72, grayscale=True).to_pil() for n in pages]
    doc.close()
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return target


def with_scanned_page(source: Path, target: Path, page: int) -> Path:
    """`source` with page `page` (1-based) replaced by a 300 dpi image of itself: a text PDF
    with one scanned page."""
    from pypdf import PdfReader, PdfWriter

    scan = PdfReader(rasterised_pdf(source, target.with_suffix(".scan.tmp"), [page]))
    writer = PdfWriter()
    for number, original in enumerate(PdfReader(source).pages, start=1):
        writer.add_page(scan.pages[0] if number == page else original)
    with target.open("wb") as fh:
        writer.write(fh)
    target.with_suffix(".scan.tmp").unlink()
    return target


# --- landing: a clause over three pages, and a Markdown document --------------------------------

LANDING_WORD = "zirconi"  # occurs once, on the last page of clause 1.2
LANDING_PAGES = (
    [
        "QUY CHUẨN KỸ THUẬT QUỐC GIA VỀ THIẾT BỊ THỬ NGHIỆM",
        "1 QUY ĐỊNH CHUNG",
        "1.1 Phạm vi điều chỉnh",
        "Quy chuẩn này quy định yêu cầu đối với thiết bị thử nghiệm trong phòng thí nghiệm.",
        "1.2 Yêu cầu về vật liệu",
        "Vỏ thiết bị phải được làm bằng vật liệu chịu nhiệt, không bắt lửa và không gây độc hại "
        "cho người vận hành trong điều kiện làm việc bình thường.",
    ],
    [
        "Các mối nối phải chắc chắn, không bị lỏng khi rung và phải được kiểm tra bằng mắt "
        "thường trước mỗi lần thử nghiệm định kỳ theo hướng dẫn của nhà sản xuất.",
    ],
    [
        f"Lớp phủ bên trong buồng đốt phải là gốm {LANDING_WORD} có độ dày tối thiểu 2 mm và "
        "được thay thế sau mỗi năm sử dụng.",
        "1.3 Tổ chức thực hiện",
        "Cục Tiêu chuẩn hướng dẫn thực hiện Quy chuẩn này.",
    ],
)
LANDING_MD = """# 1. Quy định chung

## 1.1 Phạm vi

Văn bản này là ghi chú về thiết bị thử nghiệm <script>alert(1)</script> & vật liệu.

{filler}
## 1.2 Yêu cầu

Thiết bị phải có tấm chắn bằng thép {word}.

# 2. Tổ chức thực hiện

Các đơn vị thực hiện theo ghi chú này.

{filler}"""
LANDING_MD_WORD = "molypden"


def landing_pdf(directory: Path) -> Path:
    """A three-page regulation whose clause 1.2 runs over pages 1–3, LANDING_WORD on page 3
    only (fpdf2 with DejaVu, one paragraph per line of LANDING_PAGES)."""
    from fpdf import FPDF

    fonts = Path("/usr/share/fonts/truetype/dejavu")
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.set_creation_date(datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    for lines in LANDING_PAGES:
        pdf.add_page()
        pdf.set_font("DejaVu", size=11)
        for line in lines:
            pdf.multi_cell(0, 6, line, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    path = directory / "QCVN_99_2024_BKHCN.pdf"
    pdf.output(str(path))
    return path


def landing_md(directory: Path) -> Path:
    """A Markdown note with two chapters; LANDING_MD_WORD in its clause 1.2, markup in 1.1,
    40 short paragraphs in 1.1 and in chapter 2."""
    path = directory / "ghi-chu-thu-nghiem.md"
    # taller than a browser window above and below 1.2: landing there means scrolling to it
    filler = "".join(f"Ghi chú thứ {n} về cách bảo quản thiết bị.\n\n" for n in range(1, 41))
    text = LANDING_MD.format(word=LANDING_MD_WORD, filler=filler)
    path.write_text(text, encoding="utf-8")
    return path


def landing_index(factory: Any, name: str, markdown: bool = False) -> tuple[Path, Path]:
    """(corpus, index) of the three-page regulation (landing_pdf), and the Markdown note
    too when markdown; factory is pytest's tmp_path_factory. Skips without DejaVu fonts."""
    import pytest

    from indexer.config import Settings
    from indexer.index.build import build_index

    if not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists():
        pytest.skip("no DejaVu fonts to draw the fixture PDF (apt-get install fonts-dejavu-core)")
    corpus = factory.mktemp(f"{name}-corpus")
    landing_pdf(corpus)
    if markdown:
        landing_md(corpus)
    root = factory.mktemp(f"{name}-index")
    build_index(Settings(corpus=corpus, index=root, jobs=1))
    return corpus, root
