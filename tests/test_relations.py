"""Relations a text states about itself, and the status they give documents among those
indexed (generated texts and catalog entries: no shared data)."""

from __future__ import annotations

from typing import Any

from indexer.index.manifest import CatalogEntry
from indexer.text.relations import Relation, find_relations
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
