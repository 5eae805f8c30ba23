"""Code canonicalisation and lookup keys (indexer/text/codes.py), metadata detection
(indexer/ingest/metadata.py) and metadata.csv (indexer/ingest/overrides.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.errors import MetadataError
from indexer.ingest.metadata import detect_metadata
from indexer.ingest.overrides import apply_overrides, load_overrides
from indexer.models import DocumentMeta, Page
from indexer.text.codes import canonical_code, code_keys, find_codes


@pytest.mark.parametrize(
    ("mention", "canonical"),
    [
        ("QCVN 47:2015/BTTTT", "QCVN 47:2015/BTTTT"),
        ("QCVN 117 : 2023 / BTTTT", "QCVN 117:2023/BTTTT"),
        ("QCVN 15: 2018/BGTVT", "QCVN 15:2018/BGTVT"),
        ("qcvn 47:2015", "QCVN 47:2015"),
        ("QCVN47", "QCVN 47"),
        ("QCVN 32:2026/BXD", "QCVN 32:2026/BXD"),
        ("QCVN 81:2019/BTTTT", "QCVN 81:2019/BTTTT"),
        ("QCVN 01:2021/BYT", "QCVN 01:2021/BYT"),
        ("QCVN 129:\n2021/BTTTT", "QCVN 129:2021/BTTTT"),
        ("TCVN 1651-1:2008", "TCVN 1651-1:2008"),
        ("TCVN 7980:2008", "TCVN 7980:2008"),
        ("TCVN 9395:2012", "TCVN 9395:2012"),
        ("TCVN 6627-30:2011", "TCVN 6627-30:2011"),
        ("TCVN ISO 9001:2015", "TCVN ISO 9001:2015"),
        ("tcvn iso/iec 27001:2013", "TCVN ISO/IEC 27001:2013"),
        ("theo QCVN 47:2015/BTTTT.", "QCVN 47:2015/BTTTT"),
    ],
)
def test_canonical_code(mention: str, canonical: str) -> None:
    """GIVEN a sloppy spelling of a code WHEN canonicalised THEN the one canonical form comes out."""
    assert canonical_code(mention) == canonical


@pytest.mark.parametrize(
    "text", ["Quy chuẩn này", "QCVN", "các QCVN hiện hành", "TCVNX 12", "1,75 MHz"]
)
def test_text_without_a_code_gives_none(text: str) -> None:
    """GIVEN text naming no numbered code WHEN canonicalised THEN None."""
    assert canonical_code(text) is None


def test_find_codes_gives_spans_in_order() -> None:
    """GIVEN two mentions, one with spaces and a line break WHEN found THEN canonical forms with exact spans."""
    text = "Theo QCVN 117 : 2023 / BTTTT và TCVN\n7980:2008 ."
    found = find_codes(text)
    assert [code for code, _, _ in found] == ["QCVN 117:2023/BTTTT", "TCVN 7980:2008"]
    assert [text[s:e] for _, s, e in found] == ["QCVN 117 : 2023 / BTTTT", "TCVN\n7980:2008"]


@pytest.mark.parametrize(
    ("code", "keys"),
    [
        ("QCVN 47:2015/BTTTT", ["qcvn47:2015/btttt", "qcvn47:2015", "qcvn47"]),
        ("TCVN 1651-1:2008", ["tcvn1651-1:2008", "tcvn1651-1"]),
        ("QCVN 47", ["qcvn47"]),
        ("QCVN 01:2021/BYT", ["qcvn1:2021/byt", "qcvn1:2021", "qcvn1"]),
    ],
)
def test_code_keys(code: str, keys: list[str]) -> None:
    """GIVEN a canonical code WHEN keyed THEN keys go from most to least specific."""
    assert code_keys(code) == keys


_NUMBERS = st.lists(st.integers(1, 9999), min_size=1, max_size=2).map(
    lambda p: "-".join(map(str, p))
)
_YEARS = st.integers(1990, 2030).map(str)
_ISSUERS = st.sampled_from(["BTTTT", "BXD", "BYT", "BGTVT", "BCA"])
_SPACE = st.sampled_from(["", " ", "  "])


@given(
    st.sampled_from(["QCVN", "TCVN"]),
    _NUMBERS,
    _YEARS,
    _ISSUERS,
    st.integers(0, 2),
    _SPACE,
    st.booleans(),
)
def test_less_specific_mentions_find_the_document(
    kind: str, number: str, year: str, issuer: str, drop: int, space: str, lower: bool
) -> None:
    """GIVEN a document code and a less specific, sloppy mention of it WHEN keyed THEN the mention's first key is one of the document's."""
    document = canonical_code(f"{kind} {number}:{year}/{issuer}")
    assert document is not None
    mention = [
        f"{kind}{space}{number}{space}:{space}{year}/{issuer}",
        f"{kind}{space}{number}:{space}{year}",
        f"{kind}{space}{number}",
    ][drop]
    mention = mention.lower() if lower else mention
    found = canonical_code(mention)
    assert found is not None
    assert code_keys(found)[0] in code_keys(document)


def _pages(*texts: str) -> list[Page]:
    return [Page(i, t) for i, t in enumerate(texts, start=1)]


def test_qcvn_title_page_gives_code_type_issuer_year_title() -> None:
    """GIVEN a QCVN cover page WHEN detected THEN the code, its parts and the uppercase title come out."""
    cover = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nQCVN 32:2026/BXD\nQUY CHUẨN KỸ THUẬT QUỐC GIA\nVỀ ĐƯỜNG SẮT ĐÔ THỊ\nNational technical regulation"
    meta = detect_metadata("qc.pdf", _pages(cover, "Tài liệu viện dẫn: QCVN 10:2025/BCA"))
    assert (meta.code, meta.codes, meta.doc_type, meta.issuer, meta.year) == (
        "QCVN 32:2026/BXD",
        ("QCVN 32:2026/BXD",),
        "QCVN",
        "Bộ Xây dựng",
        2026,
    )
    assert meta.title.endswith("QUỐC GIA VỀ ĐƯỜNG SẮT ĐÔ THỊ")


def test_codes_cited_late_are_not_the_documents_own() -> None:
    """GIVEN a code only after the first 1500 characters WHEN detected THEN the document has no own code."""
    page = (
        "VIETTEL AI RACE Public 1\nYÊU CẦU KỸ THUẬT\nLần ban hành: 1\n"
        + "Nội dung. " * 200
        + "Theo QCVN 47:2015/BTTTT."
    )
    meta = detect_metadata("x.pdf", _pages(page))
    assert meta.code == "" and meta.codes == ()
    assert meta.title == "YÊU CẦU KỸ THUẬT"


def test_gazette_circular_gives_type_issuer_year_and_title() -> None:
    """GIVEN a gazette circular's first page WHEN detected THEN Thông tư / Bộ Tài chính / 2026 and a titled number."""
    page = (
        "CÔNG BÁO/Số 323/Ngày 11-06-2026 81\nBỘ TÀI CHÍNH\nSố: 58/2026/TT-BTC\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Hà Nội, ngày 25 tháng 05 năm 2026\nTHÔNG TƯ\nHướng dẫn Chế độ kế toán cho doanh nghiệp siêu nhỏ\n\nCăn cứ Luật Kế toán"
    )
    meta = detect_metadata("tt.pdf", _pages(page))
    assert (meta.doc_type, meta.issuer, meta.year) == ("Thông tư", "Bộ Tài chính", 2026)
    assert (
        meta.title == "Thông tư 58/2026/TT-BTC: Hướng dẫn Chế độ kế toán cho doanh nghiệp siêu nhỏ"
    )


@pytest.mark.parametrize(
    ("number_line", "doc_type", "issuer"),
    [
        ("Số: 131/2026/NĐ-CP", "Nghị định", "Chính phủ"),
        ("Số: 844/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ"),
        ("Số: 03/2023/TT-BLĐTBXH", "Thông tư", "Bộ Lao động - Thương binh và Xã hội"),
        ("Số: 20/2026/TT-BXD", "Thông tư", "Bộ Xây dựng"),
        ("Số: 21/CT-TTg", "Chỉ thị", "Thủ tướng Chính phủ"),
        ("Số: 109/NQ-CP", "Nghị quyết", "Chính phủ"),
    ],
)
def test_legal_number_suffix_gives_type_and_issuer(
    number_line: str, doc_type: str, issuer: str
) -> None:
    """GIVEN only a number line WHEN detected THEN the suffix maps to the type and issuer."""
    meta = detect_metadata("x.pdf", _pages(f"{number_line}\nnội dung"))
    assert (meta.doc_type, meta.issuer) == (doc_type, issuer)


def test_law_number_with_law_title() -> None:
    """GIVEN 'Luật số: 69/2020/QH14' and a LUẬT title line WHEN detected THEN Luật by Quốc hội in 2020."""
    meta = detect_metadata(
        "l.pdf", _pages("QUỐC HỘI\nLuật số: 69/2020/QH14\nLUẬT\nNGƯỜI LAO ĐỘNG\n\nCăn cứ")
    )
    assert (meta.doc_type, meta.issuer, meta.year) == ("Luật", "Quốc hội", 2020)


def test_markdown_title_and_fallbacks() -> None:
    """GIVEN Markdown with front matter, a record hint, and bare text WHEN detected THEN title, hint, file stem."""
    md = Page(None, "---\nlayout: page\ntitle: An ninh mạng\n---\n# Khác\nChương I")
    assert detect_metadata("van-ban/an-ninh-mang.md", [md]).title == "An ninh mạng"
    assert (
        detect_metadata(
            "law.jsonl#12", [Page(None, "Điều 12. X")], title_hint=" Luật  Đất đai "
        ).title
        == "Luật Đất đai"
    )
    assert detect_metadata("dir/some-file.pdf", [Page(1, "văn bản")]).title == "some-file"


def test_overrides_are_read_and_applied(tmp_path: Path) -> None:
    """GIVEN a metadata.csv row WHEN loaded and applied THEN non-empty values replace detected ones."""
    (tmp_path / "metadata.csv").write_text(
        "file,code,type,issuer,year,title\na/b.pdf,qcvn 47 : 2015/btttt,,Bộ TTTT,2015,\n",
        encoding="utf-8",
    )
    rows = load_overrides(tmp_path)
    assert rows == {
        "a/b.pdf": {
            "code": "qcvn 47 : 2015/btttt",
            "type": "",
            "issuer": "Bộ TTTT",
            "year": "2015",
            "title": "",
        }
    }
    meta = apply_overrides(DocumentMeta(doc_type="Khác", title="Old"), rows["a/b.pdf"])
    assert meta == DocumentMeta(
        code="QCVN 47:2015/BTTTT",
        codes=("QCVN 47:2015/BTTTT",),
        doc_type="QCVN",  # a code makes a document of unknown kind a QCVN, consistently
        issuer="Bộ TTTT",
        year=2015,
        title="Old",
        kind="qcvn",
        identifier="QCVN 47:2015/BTTTT",
        issuers=("Bộ TTTT",),
    )


def test_missing_overrides_file_gives_nothing(tmp_path: Path) -> None:
    """GIVEN no metadata.csv WHEN loaded THEN {}."""
    assert load_overrides(tmp_path) == {}


@pytest.mark.parametrize(
    "content",
    [
        "code,title\nQCVN 1,x\n",
        "file,code\na.pdf,QCVN 1,extra\n",
        "file,code\n,QCVN 1\n",
        b"file,code\n\xff\xfe,x\n",
    ],
)
def test_malformed_overrides_raise_metadata_error(tmp_path: Path, content: str | bytes) -> None:
    """GIVEN a CSV without 'file', with extra fields, an empty file or bad UTF-8 WHEN loaded THEN MetadataError names the file."""
    path = tmp_path / "metadata.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(MetadataError, match=r"metadata\.csv"):
        load_overrides(tmp_path)


@pytest.mark.parametrize("year", ["20x5", "15", "3000"])
def test_a_bad_year_is_refused_when_the_file_is_read(tmp_path: Path, year: str) -> None:
    """GIVEN a metadata.csv whose third row has a year that is not a year WHEN loaded
    (before any document is processed) THEN MetadataError names the line and the value."""
    rows = f"file,year\na.pdf,2015\nb.pdf,{year}\n"
    (tmp_path / "metadata.csv").write_text(rows, encoding="utf-8")
    with pytest.raises(MetadataError, match=rf"line 3: year '{year}'"):
        load_overrides(tmp_path)
