"""Relations a text states about itself, and the status they give documents among those
indexed (generated texts and catalog entries: no shared data)."""

from __future__ import annotations

from typing import Any

from indexer.index.manifest import CatalogEntry
from indexer.text.relations import Relation, consolidated, find_relations
from search_api.search.standing import standings

CLOSING = (
    "Điều 3. Hiệu lực thi hành\nQuyết định này có hiệu lực thi hành kể từ ngày 01 tháng 7 "
    "năm 2026 và thay thế Quyết định số 09/2023/QĐ-TTg ngày 10 tháng 4 năm 2023."
)


def test_closing_provisions_give_typed_relations() -> None:
    """GIVEN the closing provisions of legal texts and standards WHEN read THEN each states
    what it replaces, repeals or amends, by the other text's identifier."""
    assert find_relations(CLOSING) == [Relation("replaces", "09/2023/QĐ-TTg")]
    repeal = (
        "Thông tư này có hiệu lực từ ngày 15/01/2025. Thông tư số 50/2014/TT-BGTVT ngày 17 "
        "tháng 10 năm 2014 hết hiệu lực từ ngày Thông tư này có hiệu lực thi hành."
    )
    assert find_relations(repeal) == [Relation("repeals", "50/2014/TT-BGTVT")]
    standard = "6.2 Quy chuẩn này được áp dụng thay thế QCVN 47:2011/BTTTT."
    assert find_relations(standard, frozenset({"QCVN 47:2015/BTTTT"})) == [
        Relation("replaces", "QCVN 47:2011/BTTTT")
    ]
    amend = "Nghị định này sửa đổi, bổ sung một số điều của Nghị định số 117/2022/NĐ-CP."
    assert find_relations(amend) == [Relation("amends", "117/2022/NĐ-CP")]


def test_what_others_do_to_each_other_is_not_a_relation() -> None:
    """GIVEN a sentence about two other texts, or its own number WHEN read THEN nothing."""
    other = "Việc thay thế theo Nghị định 08/2022/NĐ-CP được sửa đổi bởi Nghị định 05/2025/NĐ-CP."
    assert find_relations(other) == []
    own = "Quyết định này thay thế Quyết định số 28/2026/QĐ-TTg."
    assert find_relations(own, frozenset({"28/2026/QĐ-TTg"})) == []


def _entry(doc_id: str, **fields: Any) -> CatalogEntry:
    return CatalogEntry(doc_id=doc_id, file=doc_id, kind="pdf", **fields)


def test_status_from_relations_and_dates() -> None:
    """GIVEN a catalog where a text in effect replaces an indexed one, a text not yet in
    effect replaces another, and texts with and without dates WHEN computing standings THEN
    replaced / in force / not yet / unknown, with links both ways and unindexed targets kept."""
    catalog = [
        _entry("old.pdf", identifier="09/2023/QĐ-TTg", effective="2023-05-01"),
        _entry("new.pdf", identifier="28/2026/QĐ-TTg", effective="2026-07-01",
               relations=(("replaces", "09/2023/QĐ-TTg"), ("repeals", "1/2000/QĐ-TTg"))),
        _entry("later.pdf", identifier="5/2027/NĐ-CP", effective="2027-01-01",
               relations=(("replaces", "7/2020/NĐ-CP"),)),
        _entry("current.pdf", identifier="7/2020/NĐ-CP", effective="2020-03-01"),
        _entry("undated.pdf", identifier="3/2019/TT-BXD"),
    ]  # fmt: skip
    got = standings(catalog, today="2026-12-03")
    assert got["old.pdf"].status == "replaced"
    assert got["new.pdf"].status == "in_force"
    assert got["later.pdf"].status == "not_yet"
    assert got["current.pdf"].status == "in_force"  # its replacement is not in effect yet
    assert got["undated.pdf"].status == "unknown"
    links = {(r.type, r.target, r.target_doc_id) for r in got["new.pdf"].relations}
    assert links == {("replaces", "09/2023/QĐ-TTg", "old.pdf"), ("repeals", "1/2000/QĐ-TTg", None)}
    back = [(r.type, r.target_doc_id) for r in got["old.pdf"].relations]
    assert back == [("replaced_by", "new.pdf")]


def test_clause_records_carry_their_documents_status(api_client: Any) -> None:
    """GIVEN a clause WHEN asking for it THEN its document's status comes with it, the same
    as on the document."""
    from urllib.parse import quote

    doc = api_client.get("/api/documents/QCVN_47_2015_BTTTT.pdf").json()
    hit = api_client.get("/api/search", params={"q": "QCVN 47:2015/BTTTT 2.2.3"}).json()["hits"][0]
    clause = api_client.get(f"/api/clauses/{quote(hit['clause_id'], safe='')}").json()
    assert clause["status"] == doc["status"] == hit["status"]


def test_a_part_ended_is_an_amendment_and_lists_keep_their_items_apart() -> None:
    """GIVEN a closing list that ends one circular and an article of another THEN the first
    is repealed, the second amended (it stays in force)."""
    text = (
        "Các quy định sau đây hết hiệu lực từ ngày Thông tư này có hiệu lực thi hành: a) Thông "
        "tư số 50/2014/TT-BGTVT của Bộ trưởng Bộ Giao thông vận tải quy định về quản lý cảng; "
        "b) Điều 2 Thông tư số 35/2020/TT-BGTVT của Bộ trưởng Bộ Giao thông vận tải sửa đổi, "
        "bổ sung một số điều của các Thông tư quy định về chế độ báo cáo."
    )
    assert find_relations(text) == [
        Relation("repeals", "50/2014/TT-BGTVT"), Relation("amends", "35/2020/TT-BGTVT")
    ]  # fmt: skip


def test_the_history_of_a_named_text_is_not_a_relation() -> None:
    """GIVEN a text that ends a law "đã được sửa đổi, bổ sung … theo Luật số …" THEN only that
    law is repealed; and a decree citing one "đã được sửa đổi, bổ sung bởi" others states
    nothing."""
    ended = (
        "Luật Thuế tiêu thụ đặc biệt số 27/2008/QH12 đã được sửa đổi, bổ sung một số điều theo "
        "Luật số 70/2014/QH13 và Luật số 03/2022/QH15 hết hiệu lực kể từ ngày Luật này có "
        "hiệu lực thi hành."
    )
    assert find_relations(ended) == [Relation("repeals", "27/2008/QH12")]
    cited = (
        "Nghị định này quy định chi tiết một số điều của Luật Bảo hiểm y tế số 25/2008/QH12, đã "
        "được sửa đổi, bổ sung bởi Luật số 46/2014/QH13."
    )
    assert find_relations(cited) == []


def test_enacting_sentences_of_an_amending_text() -> None:
    """GIVEN "Bãi bỏ khoản 2 Điều 32 của Luật … số 30/2023/QH15" and "Sửa đổi, bổ sung điểm a
    khoản 5 Điều 14 Nghị định số 146/2018/NĐ-CP …" (no "… này") THEN both amend their text;
    a text quoted in a phrase it strikes out is no target."""
    text = (
        "Điều 2. Bãi bỏ khoản 2 Điều 32 của Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở "
        "cơ sở số 30/2023/QH15. 5. Sửa đổi, bổ sung điểm a khoản 5 Điều 14 Nghị định số "
        "146/2018/NĐ-CP, đã được sửa đổi, bổ sung tại Nghị định số 75/2023/NĐ-CP như sau: "
        "Bãi bỏ cụm từ “Nghị định số 68/2010/NĐ-CP” tại khoản 2 Điều 39."
    )
    assert find_relations(text) == [
        Relation("amends", "30/2023/QH15"), Relation("amends", "146/2018/NĐ-CP")
    ]  # fmt: skip


def test_a_consolidated_text_names_what_it_brings_together() -> None:
    """GIVEN a VBHN's opening lines THEN the original and its amending text, not the legal
    bases after "Căn cứ"."""
    head = (
        "THÔNG TƯ Hướng dẫn thực hiện … Thông tư số 13/2022/TT-BLĐTBXH ngày 30 tháng 6 năm "
        "2022 …, có hiệu lực từ ngày 15 tháng 8 năm 2022, được sửa đổi, bổ sung bởi: Thông tư "
        "số 12/2024/TT-BLĐTBXH ngày 14 tháng 11 năm 2024 … Căn cứ Nghị định số 14/2017/NĐ-CP"
    )
    assert consolidated(head) == ["13/2022/TT-BLĐTBXH", "12/2024/TT-BLĐTBXH"]


def test_the_items_of_an_announced_list_carry_its_relation() -> None:
    """GIVEN "Bãi bỏ các văn bản sau đây:" then a), b), c) items WHEN read THEN each item's
    first named text is repealed (a part of one: amended), its history is not a relation,
    and a sentence after the list ends it."""
    text = (
        "1. Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2024.\n"
        "2. Bãi bỏ các văn bản sau đây:\n"
        "a) Thông tư số 12/2014/TT-BTTTT ngày 10 tháng 3 năm 2014 của Bộ trưởng;\n"
        "b) Thông tư số 05/2016/TT-BTTTT, đã được sửa đổi bởi Thông tư số 07/2018/TT-BTTTT;\n"
        "c) Khoản 2 Điều 3 Thông tư số 20/2019/TT-BTTTT.\n"
        "3. Chánh Văn phòng chịu trách nhiệm thi hành Thông tư số 01/2020/TT-BTTTT."
    )
    found = {(r.type, r.target) for r in find_relations(text)}
    assert found == {
        ("repeals", "12/2014/TT-BTTTT"),
        ("repeals", "05/2016/TT-BTTTT"),
        ("amends", "20/2019/TT-BTTTT"),
    }
