"""Tests for indexer.ingest.clauses: headings, paths, page spans, passages and false positives."""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import require_shared

from indexer.ingest.clauses import split_clauses
from indexer.ingest.passages import Line, page_span, passage
from indexer.ingest.process import Job, ingest
from indexer.ingest.sources import KINDS
from indexer.models import Clause, Document, DocumentMeta, Page, SourceFile, page_at

QCVN = [
    "1. QUY ĐỊNH CHUNG\n1.1 Phạm vi điều chỉnh\nQuy chuẩn này quy định mức giới hạn.\n"
    "1.4 Giải thích từ ngữ\nTrong quy chuẩn này các từ ngữ được hiểu như sau.\n"
    "1.5 Chữ viết tắt\nRF Tần số vô tuyến",
    "2. QUY ĐỊNH KỸ THUẬT\n2.1 Máy phát\nYêu cầu chung về máy phát.\n2.2 Máy thu\n2.2.1 Độ nhạy\nGiá trị độ nhạy.\n"
    "2.2.2 Chặn\nMức chặn.\n2.2.3 Phát xạ giả\nPhát xạ giả trong dải\n30 GHz đến 17 GHz\n1 1 1\n2,4 GHz\n5\n"
    "1,75 MHz là độ rộng kênh",
    "tiếp theo của phát xạ giả.\n3. PHƯƠNG PHÁP ĐO\nĐo theo TCVN 7980:2008.\n4. QUY ĐỊNH VỀ QUẢN LÝ\nThiết bị phải được chứng nhận.\n"
    "Phụ lục A\n(Quy định)\nBẢNG GIÁ TRỊ\nNội dung phụ lục.",
]


def _doc(pages: list[str] | list[Page], doc_id: str = "d.pdf") -> Document:
    built = [p if isinstance(p, Page) else Page(i, str(p)) for i, p in enumerate(pages, start=1)]
    return Document(doc_id, doc_id, "pdf", tuple(built), DocumentMeta())


def _summary(clauses: list[Clause]) -> list[tuple[str, str, int | None, int | None]]:
    return [(c.number, c.heading, c.page, c.page_end) for c in clauses]


def test_qcvn_like_text_is_split_at_numbered_headings() -> None:
    """GIVEN a QCVN-like text over 3 pages WHEN split THEN one clause per numbered body with page spans."""
    clauses = split_clauses(_doc(QCVN))
    assert _summary(clauses) == [
        ("1.1", "Phạm vi điều chỉnh", 1, 1),
        ("1.4", "Giải thích từ ngữ", 1, 1),
        ("1.5", "Chữ viết tắt", 1, 1),
        ("2.1", "Máy phát", 2, 2),
        ("2.2.1", "Độ nhạy", 2, 2),
        ("2.2.2", "Chặn", 2, 2),
        ("2.2.3", "Phát xạ giả", 2, 3),
        ("3", "PHƯƠNG PHÁP ĐO", 3, 3),
        ("4", "QUY ĐỊNH VỀ QUẢN LÝ", 3, 3),
        ("Phụ lục A", "(Quy định) BẢNG GIÁ TRỊ", 3, 3),
    ]
    assert [c.ordinal for c in clauses] == list(range(10))


def test_heading_only_parents_live_on_in_children_paths() -> None:
    """GIVEN '2. QUY ĐỊNH KỸ THUẬT' and '2.2 Máy thu' with no body WHEN split THEN they head the children's paths."""
    spurious = next(c for c in split_clauses(_doc(QCVN)) if c.number == "2.2.3")
    assert spurious.path == ("2", "2.2", "2.2.3")
    assert spurious.heading_path == ("2. QUY ĐỊNH KỸ THUẬT", "2.2 Máy thu", "2.2.3 Phát xạ giả")


def test_numbers_in_tables_and_quantities_stay_in_the_body() -> None:
    """GIVEN '30 GHz…', '1 1 1', '2,4 GHz', '5', '1,75 MHz…' lines WHEN split THEN they are body text of 2.2.3."""
    clause = next(c for c in split_clauses(_doc(QCVN)) if c.number == "2.2.3")
    for line in (
        "30 GHz đến 17 GHz",
        "1 1 1",
        "2,4 GHz",
        "\n5\n",
        "1,75 MHz là độ rộng kênh",
        "tiếp theo của phát xạ giả.",
    ):
        assert line in clause.text
    assert "3. PHƯƠNG PHÁP ĐO" not in clause.text


def test_implausible_numbers_are_not_headings() -> None:
    """GIVEN '1.2 Máy' after '2.2' and '9 Bảng' after '3' WHEN split THEN neither opens a clause."""
    text = (
        "2. CHUNG\n2.2 Máy thu\nNội dung.\n1.2 Máy phát quay lại\n3. ĐO\nĐo.\n9 Bảng kết quả\nHết."
    )
    assert [c.number for c in split_clauses(_doc([text]))] == ["2.2", "3"]


LEGAL = (
    "THÔNG TƯ\nHướng dẫn chế độ kế toán\nCăn cứ Luật Kế toán;\n"
    "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nThông tư này hướng dẫn.\n"
    "Điều 2. Đối tượng áp dụng\n1. Doanh nghiệp siêu nhỏ.\n2. Hộ kinh doanh.\n"
    "Chương II\nQUY ĐỊNH CỤ THỂ\nĐiều 3. Doanh nghiệp nộp thuế theo tỷ\nlệ phần trăm trên doanh thu\n"
    "Trường hợp này áp dụng theo Điều 2\nĐiều 2\ncủa Luật.\nĐiều 4: Hiệu lực\nThông tư có hiệu lực."
)


def test_legal_text_is_split_at_articles_under_chapters() -> None:
    """GIVEN Chương/Điều structure WHEN split THEN a preamble, then one clause per Điều with chapter paths."""
    clauses = split_clauses(_doc([LEGAL]))
    assert _summary(clauses) == [
        ("", "", 1, 1),
        ("Điều 1", "Phạm vi điều chỉnh", 1, 1),
        ("Điều 2", "Đối tượng áp dụng", 1, 1),
        ("Điều 3", "Doanh nghiệp nộp thuế theo tỷ lệ phần trăm trên doanh thu", 1, 1),
        ("Điều 4", "Hiệu lực", 1, 1),
    ]
    assert clauses[0].text.startswith("THÔNG TƯ")
    assert clauses[3].path == ("Chương II", "Điều 3")
    assert clauses[3].heading_path == (
        "Chương II QUY ĐỊNH CỤ THỂ",
        "Điều 3. Doanh nghiệp nộp thuế theo tỷ lệ phần trăm trên doanh thu",
    )


def test_numbered_paragraphs_inside_an_article_are_not_clauses() -> None:
    """GIVEN '1. Doanh nghiệp…' inside Điều 2 and a cross-reference 'Điều 2' line WHEN split THEN both stay in the body."""
    clauses = split_clauses(_doc([LEGAL]))
    assert "1. Doanh nghiệp siêu nhỏ.\n2. Hộ kinh doanh." in clauses[2].text
    assert "Điều 2\ncủa Luật." in clauses[3].text


def test_pháp_điển_article_numbers() -> None:
    """GIVEN Markdown pháp điển articles 'Điều 3.5.LQ.1.' WHEN split THEN the dotted numbers are kept."""
    md = "# Bưu chính\nChương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 3.5.LQ.1. Phạm vi điều chỉnh\nLuật này quy định.\nĐiều 3.5.NĐ.1.2. Đối tượng\nÁp dụng."
    clauses = split_clauses(_doc([Page(None, md)], "x.md"))
    assert _summary(clauses) == [
        ("Điều 3.5.LQ.1", "Phạm vi điều chỉnh", None, None),
        ("Điều 3.5.NĐ.1.2", "Đối tượng", None, None),
    ]
    assert clauses[0].heading_path == (
        "Bưu chính",
        "Chương I NHỮNG QUY ĐỊNH CHUNG",
        "Điều 3.5.LQ.1. Phạm vi điều chỉnh",
    )


def test_long_clause_becomes_passages_at_sentence_ends() -> None:
    """GIVEN a 2.1 body of ~2,600 characters over 2 pages WHEN split at 1,000 THEN 3 passages, each ending a sentence."""
    sentence = "Thiết bị phải đáp ứng yêu cầu về phát xạ giả trong mọi điều kiện đo. "
    page1 = "2.1 Máy phát\n" + "\n".join([sentence.strip()] * 20)
    page2 = "\n".join([sentence.strip()] * 18)
    clauses = split_clauses(_doc([page1, page2]), passage_chars=1000)
    assert [(c.number, c.part) for c in clauses] == [("2.1", 0), ("2.1", 1), ("2.1", 2)]
    assert all(len(c.text) <= 1000 and c.text.endswith(".") for c in clauses)
    assert (clauses[0].page, clauses[-1].page_end) == (1, 2)
    assert "".join(c.text.replace("\n", "") for c in clauses) == (sentence.strip() * 38)


def test_single_long_line_is_cut_at_sentences() -> None:
    """GIVEN a Markdown paragraph of one 3,000-character line WHEN split at 1,000 THEN no passage exceeds 1,000."""
    line = "Đây là một câu dài về quy chuẩn kỹ thuật quốc gia. " * 60
    clauses = split_clauses(
        _doc([Page(None, "Điều 1. Phạm vi\n" + line)], "r.jsonl"), passage_chars=1000
    )
    assert len(clauses) >= 3 and all(0 < len(c.text) <= 1000 for c in clauses)
    assert {c.number for c in clauses} == {"Điều 1"}


def test_document_without_numbering_gives_page_passages() -> None:
    """GIVEN pages without any heading WHEN split THEN one unnumbered clause per page with its page."""
    clauses = split_clauses(_doc(["Văn bản không có số.", "", "Trang ba cũng vậy."]))
    assert _summary(clauses) == [("", "", 1, 1), ("", "", 3, 3)]


def test_record_starting_with_an_article_is_one_clause() -> None:
    """GIVEN a record page 'Điều 12. …' with number None WHEN split THEN one clause numbered Điều 12 without pages."""
    clauses = split_clauses(
        _doc([Page(None, "Điều 12. Quyền của người lao động\n1. Được trả lương.")], "law.jsonl#12")
    )
    assert _summary(clauses) == [("Điều 12", "Quyền của người lao động", None, None)]
    assert clauses[0].text == "1. Được trả lương."


def test_no_clause_has_empty_text_and_lone_headings_are_kept() -> None:
    """GIVEN a heading with no body followed by its sibling WHEN split THEN it stays as a clause holding its heading."""
    clauses = split_clauses(_doc(["1. CHUNG\n1.1 Phạm vi\n1.2 Đối tượng\nTổ chức, cá nhân."]))
    assert _summary(clauses) == [("1.1", "Phạm vi", 1, 1), ("1.2", "Đối tượng", 1, 1)]
    assert clauses[0].text == "1.1 Phạm vi"
    assert all(c.text for c in clauses)


# --- golden files on real documents (../shared) ------------------------------------------

GOLDEN = Path(__file__).parent / "data" / "golden"
VIETTEL = "jien0404__Viettel_AI_race/data/raw/public_test_data"
GOLDEN_DOCS = {
    "viettel-public-360": f"{VIETTEL}/Public_360.pdf",
    "viettel-public-362": f"{VIETTEL}/Public_362.pdf",
    "viettel-public-374": f"{VIETTEL}/Public_374.pdf",
    "viettel-public-301": f"{VIETTEL}/Public_301.pdf",
    "qcvn-32-2026-bxd-metro": "PHAMNGOCBAY__nghi-dinh-qc-tcvn/QC-METRO/QCVN 32.2026-BXD Quy chuan DSDT - Metro.pdf",
    "thong-tu-58-2026-tt-btc": "hrmaster1982-dev__phapluat-8chude-data/docs/chinh_sach_dn/thong-tu-so-58-2026-tt-btc-469663.pdf",
    "nghi-dinh-158-2025-broken-text": "hrmaster1982-dev__phapluat-8chude-data/docs/bhxh/nghi-dinh-so-158-2025-nd-cp-45240.pdf",
    "phap-dien-tiep-can-thong-tin": "diepxuan__diepxuan.github.io/van-ban/thong-tin-bao-chi-xuat-ban/tiep-can-thong-tin.md",
}


def _golden_view(rel: str, path: Path) -> dict[str, object]:
    """What a golden file pins: metadata, the clause outline and the start of a few pages, as
    the build's workers produce them (indexer.ingest.process.ingest)."""
    job = Job(SourceFile(path, rel, KINDS[path.suffix.lower()]), "pypdf", 1500, {})
    done = ingest(job)
    assert done.ok, done.reason
    ((doc, clauses),) = done.documents
    pages, meta = doc.pages, doc.meta
    picked = sorted({0, 1, len(pages) - 1} & set(range(len(pages))))
    return {
        "file": rel,
        "meta": {
            **asdict(meta),
            "codes": list(meta.codes),
            "relations": [list(r) for r in meta.relations],
            "issuers": list(meta.issuers),
        },
        "clauses": [[c.number, c.heading, c.page, c.page_end, c.part] for c in clauses],
        "heading_paths": sorted(
            {" > ".join(c.heading_path) for c in clauses if len(c.heading_path) > 1}
        )[:15],
        "pages": {str(pages[i].number or i + 1): pages[i].text[:80] for i in picked},
    }


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(GOLDEN_DOCS))
def test_golden_real_documents(name: str) -> None:
    """GIVEN a real document from ../shared WHEN normalised, described and split THEN the result equals its golden file.

    Regenerate after a deliberate change with VNSTD_REGEN_GOLDEN=1 and review the diff by eye.
    """
    path = require_shared() / GOLDEN_DOCS[name]
    view = _golden_view(GOLDEN_DOCS[name], path)
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("VNSTD_REGEN_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(view, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with VNSTD_REGEN_GOLDEN=1"
    assert view == json.loads(golden.read_text(encoding="utf-8"))


_LINE = st.one_of(st.just(""), st.text(st.sampled_from("ab .;\u1ea1đ"), min_size=1, max_size=12))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_LINE, st.integers(0, 2)), max_size=12), st.integers(1, 5))
def test_passage_text_and_page_starts(rows: list[tuple[str, int]], first: int) -> None:
    """GIVEN lines (stripped, some blank) on non-decreasing pages WHEN joined into a passage
    THEN the text is the lines joined with blank-line runs collapsed, as before page starts
    were kept, there is one start per page after the first, and each line's first
    character maps back to that line's page."""
    lines, page = [], first
    for text, step in rows:
        page += step
        lines.append(Line(text.strip(), page))
    text, starts = passage(lines)
    assert text == re.sub(r"\n{3,}", "\n\n", "\n".join(x.text for x in lines)).strip()
    first_page, last_page = page_span(lines)
    if first_page is None or last_page is None:
        assert starts == ()
        return
    assert len(starts) == last_page - first_page and list(starts) == sorted(starts)
    cursor = 0
    for line in lines:
        if line.text:
            cursor = text.index(line.text, cursor)
            assert page_at(first_page, starts, cursor) == line.page
            cursor += len(line.text)


def test_a_clause_over_pages_knows_where_each_starts() -> None:
    """GIVEN a clause whose body runs from page 1 to page 3 WHEN split THEN its page starts
    point at the first text of pages 2 and 3."""
    pages = ["1.1 Phạm vi\nDòng một.", "Dòng hai.", "Dòng ba.\n1.2 Tiếp\nKhác."]
    clause = next(c for c in split_clauses(_doc(pages)) if c.number == "1.1")
    assert (clause.page, clause.page_end) == (1, 3)
    assert [clause.text[s:].split("\n")[0] for s in clause.page_starts] == ["Dòng hai.", "Dòng ba."]
    assert [clause.page_at(s) for s in (0, *clause.page_starts)] == [1, 2, 3]
