"""Abbreviations mined from the documents (indexer/text/abbrev.py) and the query lexicon built
from them (search_api/search/expand.py `lexicon_for`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from shared_data import require_shared

from indexer.config import Settings
from indexer.index import rows as rows_mod
from indexer.index.build import build_index
from indexer.index.jobs import work
from indexer.index.manifest import Manifest
from indexer.index.rows import abbreviations
from indexer.ingest.clauses import split_clauses
from indexer.ingest.process import Job, prepare_document
from indexer.ingest.sources import read_source
from indexer.models import Clause, SourceFile
from indexer.text.abbrev import is_abbreviation, mine
from search_api.reader import lookups
from search_api.reader.execute import rank
from search_api.search.expand import MAX_MEANINGS, Lexicon, curated, lexicon_for
from search_api.search.parts import build_parts
from search_api.search.plan import plan_query
from search_api.search.query import parse
from search_api.search.ranking import DEFAULT_RANKING

QCVN_TABLE = """1.5 Chữ viết tắt
Chữ viết tắt Tiếng Anh Tiếng Việt
EMC ElectroMagnetic Compatibility Tương thích điện từ
EIRP Equivalent Isotropically Radiated Power Công suất bức xạ đẳng hướng tương đương
ACLR Adjacent Channel Leakage power Ratio Tỷ số công suất rò kênh lân cận
ATTT Information security An toàn thông tin
E-UTRA Evolved Universal Terrestrial Radio Access Truy nhập vô tuyến mặt đất toàn cầu
tiến hóa
XYZ Quy định chung về thiết bị
"""


# --- mine(): definitions in running text ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "Hệ thống quản lý chất lượng (viết tắt là HTQLCL) phải được duy trì.",
            ("HTQLCL", "hệ thống quản lý chất lượng"),
        ),
        (
            "Bộ Thông tin và Truyền thông (sau đây gọi tắt là BTTTT) hướng dẫn thực hiện.",
            ("BTTTT", "bộ thông tin và truyền thông"),
        ),
        (
            "Việc kết nối với cơ sở dữ liệu (sau đây viết tắt là “CSDL”) được thực hiện.",
            ("CSDL", "cơ sở dữ liệu"),
        ),
        (
            "Trung tâm dữ liệu, sau đây gọi là TTDL, phải có nguồn điện dự phòng.",
            ("TTDL", "trung tâm dữ liệu"),
        ),
        (
            "Mức công suất bức xạ của thiết bị Equivalent Isotropically Radiated Power (EIRP) là",
            ("EIRP", "equivalent isotropically radiated power"),
        ),
        (
            "Hệ thống phát hiện xâm nhập (Intrusion Detection System - IDS) phải được bật.",
            ("IDS", "intrusion detection system"),
        ),
        (
            "Mạng lưu trữ gồm SAN (Storage Area Network) và các thiết bị khác.",
            ("SAN", "storage area network"),
        ),
        (
            "BNNPTNT là chữ viết tắt tên Bộ Nông nghiệp và Phát triển nông thôn, đặt sau năm.",
            ("BNNPTNT", "bộ nông nghiệp và phát triển nông thôn"),
        ),
        (
            "Dịch vụ định danh vô tuyến Radio Frequency Identification (RFID) được dùng.",
            ("RFID", "radio frequency identification"),
        ),
        (
            "Phòng chống tấn công DoS (Denial-\nof-Service) theo hướng dẫn.",
            ("DoS", "denial-of-service"),
        ),
    ],
)
def test_definitions_in_running_text(text: str, pair: tuple[str, str]) -> None:
    """GIVEN a sentence that defines an abbreviation WHEN mined THEN the pair is found."""
    assert pair in mine(text)


def test_long_form_is_the_shortest_run_that_spells_the_abbreviation() -> None:
    """GIVEN words before the long form WHEN mined THEN only the words that spell it are kept."""
    text = "Các yêu cầu an toàn đối với hệ thống thông tin (HTTT) cấp độ 3."
    assert mine(text) == [("HTTT", "hệ thống thông tin")]


@pytest.mark.parametrize(
    "text",
    [
        "Độ chọn lọc kênh lân cận (ACS) của máy thu phải ≥ 33 dB.",  # initials do not spell ACS
        "Vùng mạng đặt máy chủ, gọi là vùng mạng biên (DMZ), được ngăn cách.",
        "Bộ Thông tin và Truyền thông (sau đây gọi tắt là Bộ) chịu trách nhiệm.",  # not an acronym
        "Thông tư số 18/2015 (sau đây gọi tắt là Thông tư 18) quy định.",
        "Theo Nghị định (sau đây gọi tắt là Nghị định 85/2016/NĐ-CP) thì",
        "Quy định tại Chương II (II), mục (IV) và Phần (XIV).",  # roman numerals
        "Tần số trung tâm (MHz) và mức công suất (dBm), độ suy hao (dB), công suất (kW).",
        "Ghi theo năm ban hành (2023) và điều khoản (2.3).",  # numbers, clause numbers
        "các yêu cầu quy định (CHƯƠNG) và (ĐIỀU) này",  # Vietnamese words in capitals
        "Tiêu chuẩn áp dụng (QCVN 47:2015/BTTTT) cho thiết bị vô tuyến.",
        "Kết nối qua Hệ thống kết nối liên thông các hệ thống thông tin (viết tắt là NGSP).",
    ],
)
def test_non_definitions_are_rejected(text: str) -> None:
    """GIVEN text with parentheses that do not define an abbreviation WHEN mined THEN nothing."""
    assert mine(text) == []


def test_pairs_are_deduplicated() -> None:
    """GIVEN the same definition twice (and a heading repeating it) WHEN mined THEN one pair."""
    text = (
        "Hệ thống quản lý chất lượng (HTQLCL)\n"
        "Hệ thống quản lý chất lượng (viết tắt là HTQLCL) được duy trì. "
        "Hệ thống quản lý chất lượng (HTQLCL) được đánh giá hằng năm."
    )
    assert mine(text) == [("HTQLCL", "hệ thống quản lý chất lượng")]


@pytest.mark.parametrize(
    ("token", "ok"),
    [
        ("EMC", True),
        ("E-UTRA", True),
        ("IoT", True),
        ("HĐND", True),
        ("3GPP", True),
        ("II", False),
        ("XIV", False),
        ("MHz", False),
        ("DBM", False),
        ("2023", False),
        ("A1", False),
        ("CHƯƠNG", False),
        ("Bộ", False),
        ("EMC-", False),
        ("2017/BTTTT", False),
    ],
)
def test_what_counts_as_an_abbreviation(token: str, ok: bool) -> None:
    assert is_abbreviation(token) is ok


# --- mine(): abbreviation tables ----------------------------------------------------------------


def test_table_lines_give_english_and_vietnamese_long_forms() -> None:
    """GIVEN a 'Chữ viết tắt' table WHEN mined THEN each line gives its English long form and its
    Vietnamese translation; a line whose words do not spell the abbreviation gives nothing."""
    pairs = mine(QCVN_TABLE)
    assert ("EMC", "electromagnetic compatibility") in pairs
    assert ("EMC", "tương thích điện từ") in pairs
    assert ("EIRP", "equivalent isotropically radiated power") in pairs
    assert ("EIRP", "công suất bức xạ đẳng hướng tương đương") in pairs
    assert ("ACLR", "adjacent channel leakage power ratio") in pairs  # one inner word skipped
    assert ("ATTT", "an toàn thông tin") in pairs  # only the Vietnamese column spells it
    assert ("E-UTRA", "evolved universal terrestrial radio access") in pairs
    assert ("E-UTRA", "truy nhập vô tuyến mặt đất toàn cầu tiến hóa") in pairs  # wrapped cell
    assert not [p for p in pairs if p[0] == "XYZ"]
    assert not [p for p in pairs if p[1].startswith("information security")]


def test_numbered_table_with_wrapped_cells() -> None:
    """GIVEN a numbered 'Từ viết tắt' table as pypdf extracts it WHEN mined THEN the pairs, with
    a wrapped English cell joined and a definition after ':' not taken as a translation."""
    text = (
        "4.2 Từ viết tắt\nSTT Từ viết tắt Giải thích\n\n1.\n\nBGĐ Ban Giám Đốc\n\n"
        "2.\n\nCNTT Công nghệ thông tin\n\n3.\n\nGNOC Global Network Operations\n"
        "Center: Hệ thống quản lý và\nđiều hành mạng lưới toàn cầu\n\n"
        "4.\n\nĐVCP Đơn vị cấp phát tài nguyên\n"
    )
    pairs = mine(text)
    assert ("BGĐ", "ban giám đốc") in pairs
    assert ("CNTT", "công nghệ thông tin") in pairs
    assert ("GNOC", "global network operations center") in pairs
    assert not [p for p in pairs if p[0] == "GNOC" and p[1].startswith("hệ thống")]
    assert not [p for p in pairs if p[0] == "ĐVCP"]  # "đơn vị cấp phát" would be cut short
    assert not [p for p in pairs if p[0] == "STT"]


def test_lettered_list_and_markdown_table() -> None:
    """GIVEN 'a) ABBR: definition (English)' lines and a Markdown table WHEN mined THEN pairs."""
    listed = (
        "Giải thích từ viết tắt\n"
        "a) CCCN: mã số hàng hóa của Hội đồng Hợp tác Hải quan "
        "(Customs Co-operation Council Nomenclature);\n"
        "b) ePing: hệ thống cảnh báo thông báo;\n"
    )
    assert mine(listed) == [("CCCN", "customs co-operation council nomenclature")]
    markdown = (
        "## Chữ viết tắt\n\n| Chữ viết tắt | Tiếng Anh | Tiếng Việt |\n|---|---|---|\n"
        "| VPN | Virtual Private Network | Mạng riêng ảo |\n"
        "| ATTT | Information security | An toàn thông tin |\n"
    )
    assert set(mine(markdown)) == {
        ("VPN", "virtual private network"),
        ("VPN", "mạng riêng ảo"),
        ("ATTT", "an toàn thông tin"),
    }


def test_table_lines_need_an_abbreviation_table() -> None:
    """GIVEN the same lines without any 'viết tắt' heading WHEN mined THEN nothing: a line that
    starts with capitals is not a definition by itself."""
    assert mine(QCVN_TABLE.replace("Chữ viết tắt", "Danh mục")) == []


# --- the pipeline: the catalog entry carries the mined pairs ------------------------------------

DEFINING = """# 1. Quy định chung

1.1 Phạm vi

Hệ thống quản lý chất lượng (viết tắt là HTQLCL) của tổ chức phải được chứng nhận.

1.2 Chữ viết tắt

VPN Virtual Private Network Mạng riêng ảo
"""
USING = """# 1. Đánh giá

1.1 Đánh giá định kỳ

Tổ chức đánh giá hệ thống quản lý chất lượng theo chu kỳ mười hai tháng một lần.
"""
OTHER = """# 1. Ghi chú

1.1 Nội dung

Thiết bị xanthoria phải được kiểm tra định kỳ theo quy chuẩn kỹ thuật.
"""


def test_process_puts_mined_abbreviations_in_the_catalog_entry(tmp_path: Path) -> None:
    """GIVEN a Markdown document that defines abbreviations WHEN processed THEN its catalog
    entry lists them, sorted, as [abbreviation, long form]."""
    path = tmp_path / "dinh_nghia.md"
    path.write_text(DEFINING, encoding="utf-8")
    out = work(Job(SourceFile(path, path.name, "md"), "pypdf", 1500, {}))
    assert out.ok, out.reason
    (entry,) = out.docs
    assert entry.abbreviations == (
        ("HTQLCL", "hệ thống quản lý chất lượng"),
        ("VPN", "mạng riêng ảo"),
        ("VPN", "virtual private network"),
    )


def test_abbreviations_per_document_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN more mined pairs than the cap WHEN collected THEN the first ones in sorted order."""
    monkeypatch.setattr(rows_mod, "MAX_ABBREVIATIONS", 2)
    clause = Clause("d", 0, "1", "Chữ viết tắt", ("1",), ("1 Chữ viết tắt",), "", 1, 1)
    text = "VPN Virtual Private Network\nIDS Intrusion Detection System\nRF Radio Frequency"
    got = abbreviations([Clause(**{**clause.__dict__, "text": text})])
    assert got == (("IDS", "intrusion detection system"), ("RF", "radio frequency"))


# --- the lexicon: curated + mined ----------------------------------------------------------------


def _json(*docs: list[list[str]] | Any) -> dict[str, Any]:
    files = {
        f"d{i}.md": {"ok": True, "docs": [{"doc_id": f"d{i}.md", "abbreviations": pairs}]}
        for i, pairs in enumerate(docs)
    }
    return {"files": files}


def _manifest(*docs: list[list[str]] | Any) -> Manifest:
    return Manifest.from_json(_json(*docs))


def test_lexicon_merges_curated_and_mined_pairs() -> None:
    """GIVEN a manifest whose documents define abbreviations WHEN its lexicon is built THEN it has
    the curated pairs and the mined ones, both ways."""
    lex = lexicon_for(_manifest([["HTQLCL", "hệ thống quản lý chất lượng"]], []))
    assert lex.by_abbr["htqlcl"] == ("hệ thống quản lý chất lượng",)
    assert lex.by_long[("he", "thong", "quan", "ly", "chat", "luong")] == ("HTQLCL",)
    assert lex.by_abbr["emc"] == curated().by_abbr["emc"]  # curated pairs stay
    assert "htqlcl" not in curated().by_abbr


def test_lexicon_keeps_the_most_frequent_meanings() -> None:
    """GIVEN one abbreviation with five long forms across documents WHEN the lexicon is built
    THEN it keeps the MAX_MEANINGS defined by the most documents; a curated abbreviation keeps
    its curated meanings first."""
    a = ["XYZ", "xử lý yêu cầu"]
    b = ["XYZ", "xác nhận yêu cầu"]
    c = ["XYZ", "xây dựng yêu cầu"]
    d = ["XYZ", "xem yêu cầu zalo"]
    e = ["XYZ", "xuất yêu cầu"]
    bts = ["BTS", "base transceiver station"]
    bts2 = ["BTS", "bộ thu sóng"]
    lex = lexicon_for(
        _manifest([a, b, c, d, bts], [a, b, c, bts], [a, b, bts2], [a, e], [a, ["TT", "trung tâm"]])
    )
    assert MAX_MEANINGS == 3
    assert lex.by_abbr["xyz"] == ("xử lý yêu cầu", "xác nhận yêu cầu", "xây dựng yêu cầu")
    assert lex.by_abbr["bts"] == (*curated().by_abbr["bts"], "base transceiver station")
    assert lex.by_abbr["tt"] == ("trung tâm",)
    assert ("trung", "tam") not in lex.by_long  # a two-letter abbreviation is never added


def test_lexicon_ignores_old_or_malformed_entries() -> None:
    """GIVEN a manifest without mined pairs (built before pipeline 4) or with junk WHEN the
    lexicon is built THEN it is the curated list."""
    junk = _json(None, ["HTQLCL"], [[1, 2]], [["", "x"]], "text")
    junk["files"]["bad.md"] = {"ok": False, "docs": [{"doc_id": "bad.md", "abbreviations": []}]}
    assert lexicon_for(Manifest.from_json(junk)) == curated()
    assert lexicon_for(Manifest()) == curated()


# --- end to end: an index built from documents that define an abbreviation ----------------------


def test_index_lexicon_expands_a_mined_abbreviation(tmp_path: Path) -> None:
    """GIVEN an index of a document defining HTQLCL and another that only spells the long form
    WHEN the query 'HTQLCL' is planned with the index's lexicon THEN it is expanded and finds the
    other document; with the curated list alone it is not."""
    from search_api.reader.engine import Engine

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dinh_nghia.md").write_text(DEFINING, encoding="utf-8")
    (corpus / "danh_gia.md").write_text(USING, encoding="utf-8")
    (corpus / "ghi_chu.txt").write_text(OTHER, encoding="utf-8")
    build_index(Settings(corpus=corpus, index=tmp_path / "index", jobs=1))
    snap = Engine(tmp_path / "index").snapshot()
    lexicon = lexicon_for(snap.manifest)

    plan = plan_query("HTQLCL", True, True, lexicon)
    assert {"chat", "luong", "quan", "ly"} <= plan.highlight_terms
    assert plan.expansions
    assert not plan_query("HTQLCL", True, True, None).expansions

    def files(lex: Lexicon | None) -> list[str]:
        parts = build_parts(parse("HTQLCL"), DEFAULT_RANKING, lex, {})
        ranked = rank(snap, parts.request, DEFAULT_RANKING.bm25)
        return [lookups.stored(snap, int(d)).file for d in ranked.order[:10]]

    found = files(lexicon)
    assert "danh_gia.md" in found and "ghi_chu.txt" not in found
    assert "danh_gia.md" not in files(None)
    # the reverse direction: spelling out the long form adds the abbreviation
    assert "htqlcl" in {
        t.text for t in plan_query("hệ thống quản lý chất lượng", True, True, lexicon).expansions
    }


# --- the real corpus ------------------------------------------------------------------------------

STANDARDS_MD = (
    "diepxuan__diepxuan.github.io/van-ban/khoa-hoc-cong-nghe/tieu-chuan-va-quy-chuan-ky-thuat.md"
)


@pytest.mark.shared
def test_real_document_defines_its_abbreviations() -> None:
    """GIVEN the shared corpus's compilation of standards regulations WHEN processed THEN its
    clauses give the abbreviations it defines, each a valid acronym."""
    path = require_shared() / STANDARDS_MD
    if not path.exists():
        pytest.skip(f"{STANDARDS_MD} is not in the shared corpus")
    (raw,) = read_source(SourceFile(path, STANDARDS_MD, "md"))
    doc = prepare_document(raw, {})
    pairs = {tuple(p) for p in abbreviations(split_clauses(doc, 1500))}
    assert ("BNNPTNT", "bộ nông nghiệp và phát triển nông thôn") in pairs
    assert ("TCCS", "tiêu chuẩn cơ sở") in pairs
    assert ("WTO", "world trade organization") in pairs
    assert all(is_abbreviation(a) and len(long) > len(a) for a, long in pairs)
