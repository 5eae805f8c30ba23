"""Tables of ruled PDF pages (issue 12, item 3): cells read as drawn, found in the clause's
text, shown as an HTML table on the clause page, and a hit inside a table has the header
row and the matching row as its snippet. On a generated PDF (fpdf2, ruling lines,
Vietnamese cells)."""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from indexer.config import Settings
from indexer.index.build import build_index
from indexer.ingest import pdftables
from indexer.ingest.passages import Line
from indexer.ingest.process import Job, ingest
from indexer.ingest.tablemap import _Squashed, locate, table_lines
from indexer.models import Page, SourceFile
from search_api.reader.records import StoredTable, _tables
from search_api.search.tablesnip import segments, table_snippet
from search_api.web.app import create_app
from search_api.web.settings import ServerSettings

FONTS = Path("/usr/share/fonts/truetype/dejavu")
PDF = "QCVN_98_2024_BTTTT.pdf"
ROWS = [
    ("Tần số băng", "Băng thông đo", "Mức tối đa"),
    ("30 MHz ≤ f < 1 GHz", "100 kHz", "-57 dBm"),
    ("1 GHz ≤ f ≤ 12,75 GHz", "1 MHz", "-47 dBm"),
    ("3.1 Đường truyền vệ tinh", "5 MHz", "-30 dBm"),
    ("Dải tần kiểm tra ghép nối", "300 kHz", "-36 dBm"),
]
INTRO = [
    "1. QUY ĐỊNH CHUNG",
    "1.1 Phạm vi điều chỉnh",
    "Quy chuẩn này quy định mức giới hạn phát xạ giả của thiết bị vô tuyến điện.",
    "2. QUY ĐỊNH KỸ THUẬT",
    "2.1 Phát xạ giả của máy thu",
    "Công suất phát xạ giả không vượt quá giá trị mức tối đa quy định trong Bảng 1.",
    "Bảng 1 - Các yêu cầu chung cho phát xạ giả máy thu",
]
OUTRO = ["2.2 Phương pháp đo", "Phép đo thực hiện tại đầu nối ăng ten của thiết bị."]


def table_pdf(directory: Path) -> Path:
    """A one-page regulation whose clause 2.1 holds a ruled table (fpdf2, DejaVu)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.set_creation_date(datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    pdf.ln(30)  # the table below the page's top band, where header boxes are
    for line in INTRO:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(first_row_as_headings=False) as table:
        for row in ROWS:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    for line in OUTRO:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path = directory / PDF
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (FONTS / "DejaVuSans.ttf").exists():
        pytest.skip("no DejaVu fonts to draw the fixture PDF (apt-get install fonts-dejavu-core)")
    if not pdftables.available():
        pytest.fail("pdfplumber is a dependency of vnstd: reinstall (make install)")
    folder = tmp_path_factory.mktemp("tables-corpus")
    table_pdf(folder)
    return folder


@pytest.fixture(scope="module")
def client(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("tables-index")
    build_index(Settings(corpus=corpus, index=root, jobs=1))
    with TestClient(create_app(ServerSettings(index=root, corpus=corpus))) as c:
        yield c


def test_cells_are_read_as_drawn(corpus: Path) -> None:
    """GIVEN a page with a ruled table WHEN its tables are read THEN one table, every row
    with its cells in order."""
    found = dict(pdftables.read_tables(corpus / PDF, [1]))
    assert found[1] == [tuple(ROWS)]


def test_the_table_is_in_its_clause_and_no_row_starts_a_clause(corpus: Path) -> None:
    """GIVEN the PDF WHEN ingested THEN clause 2.1 holds the table with every row found in
    its text, and the row "3.1 Đường truyền vệ tinh" did not start a clause."""
    out = ingest(Job(SourceFile(corpus / PDF, PDF, "pdf"), "pypdf", 1500, {}))
    _, clauses = out.documents[0]
    numbers = [c.number for c in clauses]
    assert "3.1" not in numbers and "2.2" in numbers
    (clause,) = [c for c in clauses if c.tables]
    assert clause.number == "2.1"
    (table,) = clause.tables
    assert table.rows == tuple(ROWS)
    for row, span in zip(table.rows, table.spans, strict=True):
        assert span is not None
        assert " ".join(clause.text[span[0] : span[1]].split()) == " ".join(row)


def test_clause_page_shows_an_html_table(client: TestClient) -> None:
    """GIVEN the index WHEN the clause's API record and page are read THEN the record has
    the table's rows, and the page a <table> with a header cell and the data cells."""
    hit = client.get("/api/search", params={"q": "phát xạ giả máy thu"}).json()["hits"][0]
    cid = quote(hit["clause_id"], safe="")
    record = client.get(f"/api/clauses/{cid}").json()
    assert record["tables"] == [{"rows": [list(r) for r in ROWS]}]
    page = html.unescape(client.get(f"/clause/{cid}").text)
    assert '<table class="cells">' in page
    assert "<th>Băng thông đo</th>" in page and "<td>1 GHz ≤ f ≤ 12,75 GHz</td>" in page
    assert "Phép đo" not in page.split('<div class="fulltext">')[1].split("</table>")[0]


def test_a_hit_inside_a_table_shows_header_and_matching_row(client: TestClient) -> None:
    """GIVEN the index WHEN searching for the words of one row's cell THEN the hit's snippet
    is the header row and that row, cells apart, the words marked."""
    hit = client.get("/api/search", params={"q": "ghép nối 300 kHz"}).json()["hits"][0]
    text = hit["snippet"].replace("<mark>", "").replace("</mark>", "")
    assert html.unescape(text) == (
        "Tần số băng | Băng thông đo | Mức tối đa / Dải tần kiểm tra ghép nối | 300 kHz | -36 dBm"
    )
    assert "<mark>" in hit["snippet"]


def test_locate_needs_a_row_after_the_header() -> None:
    """GIVEN a text holding only a table's header WHEN located THEN no table; GIVEN one with
    the rows in order THEN the header and rows with their offsets."""
    rows = [("Cột A", "Cột B"), ("giá trị 1", "10 dB"), ("giá trị 2", "20 dB")]
    assert locate(rows, _Squashed("Cột A Cột B và một đoạn văn")) is None
    text = "Mở đầu\nCột A\nCột B\ngiá trị 1 10 dB\ngiá trị 2\n20 dB\nHết."
    found = locate(rows, _Squashed(text))
    assert found is not None and found.rows == tuple(rows)
    assert [text[s[0] : s[1]] for s in found.spans if s] == [
        "Cột A\nCột B",
        "giá trị 1 10 dB",
        "giá trị 2\n20 dB",
    ]


def test_segments_and_snippet_outside_a_table() -> None:
    """GIVEN a stored table WHEN the text is cut THEN text, table, text; a window anchored
    outside the rows has no table snippet; malformed stored tables read as none."""
    text = "Trước bảng. H1 H2 a 1 b 2 Sau bảng."
    table = StoredTable((("H1", "H2"), ("a", "1"), ("b", "2")), ((12, 17), (18, 21), (22, 25)))
    assert segments(text, [table]) == [
        ("text", "Trước bảng. "),
        ("table", table.rows),
        ("text", " Sau bảng."),
    ]
    assert table_snippet([table], 0, {"bang"}) is None
    assert table_snippet([table], 22, {"b"}) == "H1 | H2 / <mark>b</mark> | 2"
    assert _tables('[{"rows": [["x"]], "spans": [[0]]}]') == (StoredTable((("x",),), (None,)),)
    assert _tables("not json") == () and _tables('[{"rows": 1}]') == ()


def test_a_line_beginning_a_table_row_is_marked_as_one() -> None:
    """GIVEN a page whose table has the row "8 | Bộ gõ tiếng Việt | Bộ | 1" WHEN its lines are
    checked THEN the line "8 Bộ gõ tiếng Việt Bộ 1" and a bare "8" are table lines, a real
    heading "2.2 Phương pháp đo" and the same line on another page are not."""
    table = (("TT", "Tên", "Đơn vị", "Số lượng"), ("8", "Bộ gõ tiếng Việt", "Bộ", "1"))
    pages = [Page(1, "", tables=(table,)), Page(2, "")]
    lines = [
        Line("2.2 Phương pháp đo", 1),
        Line("8 Bộ gõ tiếng Việt  Bộ  1", 1),
        Line("8", 1),
        Line("8 Bộ gõ tiếng Việt  Bộ  1", 2),
    ]
    assert table_lines(lines, pages) == {1, 2}


def test_a_file_the_table_reader_fails_on_keeps_its_text(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a table reader that raises on the file WHEN the PDF is extracted THEN its pages
    and text are there, without tables."""
    from indexer.ingest import extract

    def broken(*_: object) -> None:
        raise ValueError("broken")

    monkeypatch.setattr(pdftables, "read_tables", broken)
    doc = extract.extract_pdf(corpus / PDF, PDF)
    assert "Băng thông đo" in doc.pages[0].text and doc.pages[0].tables == ()
