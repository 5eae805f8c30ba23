"""Cross-references (issue 11, item 3): mentions found in clause text, resolved among the
indexed clauses, shown as links; and the status facet (item 4)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from indexer.text.issuers import canonical_issuer
from indexer.text.xrefs import ANY, NAMED, SELF, amended_document, cite_keys, find_mentions


def _found(text: str, own: frozenset[str] = frozenset(), context: str = SELF) -> list[tuple]:
    return [(text[m.start : m.end], m.number, m.doc) for m in find_mentions(text, own, context)]


def test_article_of_this_law() -> None:
    """GIVEN "khoản 2 Điều 12 của Luật này" THEN one mention of Điều 12 of this document."""
    text = "Người lao động quy định tại khoản 2 Điều 12 của Luật này được hưởng trợ cấp."
    assert _found(text) == [("khoản 2 Điều 12 của Luật này", "Điều 12", SELF)]


def test_the_article_itself_is_no_reference() -> None:
    """GIVEN "khoản 3 Điều này" (the clause itself) THEN no mention."""
    assert _found("Chính phủ quy định chi tiết khoản 3 Điều này.") == []


def test_list_of_articles_shares_its_document() -> None:
    """GIVEN "Điều 5, Điều 6 và Điều 7 của Nghị định này" THEN three mentions, all SELF."""
    found = _found("Thực hiện theo Điều 5, Điều 6 và Điều 7 của Nghị định này.")
    assert [(n, d) for _, n, d in found] == [("Điều 5", SELF), ("Điều 6", SELF), ("Điều 7", SELF)]


def test_article_of_a_numbered_document_and_a_titled_one() -> None:
    """GIVEN an article of a text named by number, and one named by title only THEN the first
    names that number, the second cannot be resolved (NAMED)."""
    text = (
        "theo quy định tại Điều 12 của Luật Bảo hiểm xã hội số 41/2024/QH15 và Điều 4 Luật "
        "Việc làm; điểm a khoản 1 Điều 3 Nghị định số 117/2022/NĐ-CP"
    )
    found = _found(text, own=frozenset({"117/2022/NĐ-CP"}))
    assert [(n, d) for _, n, d in found] == [
        ("Điều 12", "41/2024/QH15"), ("Điều 4", NAMED), ("Điều 3", SELF)
    ]  # fmt: skip


def test_a_bare_kind_word_names_this_document_of_that_kind() -> None:
    """GIVEN "khoản 5 Điều 25 Quyết định;" (no "này", no number) in a Quyết định THEN this
    document's Điều 25; in a Nghị định, or before a title, a text named by title only."""
    text = "tình hình sử dụng thẻ quy định tại khoản 5 Điều 25 Quyết định; quản lý thẻ"
    mine = find_mentions(text, own_kind="quyet-dinh")
    assert [(text[m.start : m.end], m.number, m.doc) for m in mine] == [
        ("khoản 5 Điều 25 Quyết định", "Điều 25", SELF)
    ]
    assert [m.doc for m in find_mentions(text, own_kind="nghi-dinh")] == [NAMED]
    titled = "theo Điều 4 Quyết định phê duyệt quy hoạch mạng lưới"
    assert [m.doc for m in find_mentions(titled, own_kind="quyet-dinh")] == [NAMED]


def test_documents_by_number_and_code() -> None:
    """GIVEN a circular by number and a standard by code THEN two document mentions."""
    text = "Thực hiện Thông tư 28/2012/TT-BKHCN và các yêu cầu của QCVN 18:2022/BTTTT."
    assert _found(text) == [
        ("Thông tư 28/2012/TT-BKHCN", "", "28/2012/TT-BKHCN"),
        ("QCVN 18:2022/BTTTT", "", "QCVN 18:2022/BTTTT"),
    ]


def test_sections_of_a_standard_but_not_quantities() -> None:
    """GIVEN "theo 2.2.4", "2.5 m" and "3.1 của QCVN 18:2022/BTTTT" THEN the sections only,
    the last one in the standard it names."""
    text = "RBW theo 2.2.4, khoảng cách đo tại 2.5 m, xem 3.1 của QCVN 18:2022/BTTTT."
    assert [(n, d) for _, n, d in _found(text)] == [
        ("2.2.4", SELF), ("3.1", "QCVN 18:2022/BTTTT")
    ]  # fmt: skip


def test_phap_dien_articles_are_looked_up_everywhere() -> None:
    """GIVEN a Pháp điển note THEN its article numbers, in any topic (ANY)."""
    text = "(Điều này có nội dung liên quan đến Điều 19.8.LQ.48. Xử lý vi phạm; Điều 1.6.LQ.16.)"
    assert [(n, d) for _, n, d in _found(text)] == [
        ("Điều 19.8.LQ.48", ANY), ("Điều 1.6.LQ.16", ANY)
    ]  # fmt: skip


def test_an_amending_article_points_to_the_amended_text() -> None:
    """GIVEN a clause whose heading amends another decree THEN its bare article numbers point
    to that decree, its "… này" ones to itself."""
    heading = "Sửa đổi, bổ sung một số điều của Nghị định số 70/2015/NĐ-CP"
    context = amended_document(heading, frozenset({"74/2025/NĐ-CP"}))
    assert context == "70/2015/NĐ-CP"
    text = "1. Sửa đổi, bổ sung khoản 2 Điều 3 như sau: theo Điều 2 Nghị định này"
    assert [(n, d) for _, n, d in _found(text, frozenset({"74/2025/NĐ-CP"}), context)] == [
        ("Điều 3", "70/2015/NĐ-CP"), ("Điều 2", SELF)
    ]  # fmt: skip


def test_cite_keys_name_the_document_or_the_citing_one() -> None:
    """GIVEN mentions of this document, another one and an unresolvable one THEN keys for the
    first two only, without spaces."""
    found = find_mentions(
        "tại Điều 5 của Luật này, Điều 3 Nghị định số 117/2022/NĐ-CP, Điều 4 Luật Việc làm"
    )
    assert cite_keys(found, "a b.pdf") == ["=ab.pdf|điều5", "117/2022/nđ-cp|điều3"]


# --- served: the sample corpus ---------------------------------------------------------------


def _clause_id(client: TestClient, doc_id: str, number: str) -> str:
    outline = client.get(f"/api/documents/{doc_id}").json()["outline"]
    return next(c["clause_id"] for c in outline if c["number"] == number)


def _clause(client: TestClient, clause_id: str) -> dict:
    return client.get("/api/clauses/" + quote(clause_id, safe="")).json()


@pytest.fixture(scope="module")
def qcvn47(api_client: TestClient) -> dict[str, str]:
    """The clause ids of QCVN 47:2015's test method (3.3, which says "tại 2.2.3"), its limit
    2.2.3, and its references section 1.3 (which lists QCVN 18:2022/BTTTT)."""
    doc = "QCVN_47_2015_BTTTT.pdf"
    return {n: _clause_id(api_client, doc, n) for n in ("3.3", "2.2.3", "1.3")}


def test_clause_api_resolves_a_section_of_its_own_document(
    api_client: TestClient, qcvn47: dict[str, str]
) -> None:
    """GIVEN 3.3 of QCVN 47 ("… so sánh với giới hạn tại 2.2.3") THEN its reference resolves
    to the clause 2.2.3 of the same document, at the place its text says it."""
    data = _clause(api_client, qcvn47["3.3"])
    ref = next(r for r in data["references"] if r["target"] == "2.2.3")
    assert ref["target_clause_id"] == qcvn47["2.2.3"]
    assert ref["target_doc_id"] == data["doc_id"] and ref["document"] is None
    assert data["text"][ref["start"] : ref["end"]] == ref["text"] == "2.2.3"


def test_clause_api_lists_its_citers(api_client: TestClient, qcvn47: dict[str, str]) -> None:
    """GIVEN clause 2.2.3 of QCVN 47 THEN cited_by holds 3.3 (which cites it)."""
    cited = _clause(api_client, qcvn47["2.2.3"])["cited_by"]
    assert {"clause_id": qcvn47["3.3"], "number": "3.3"}.items() <= next(
        c for c in cited if c["clause_id"] == qcvn47["3.3"]
    ).items()


def test_indexed_and_unindexed_documents(api_client: TestClient, qcvn47: dict[str, str]) -> None:
    """GIVEN QCVN 47's references section naming QCVN 18:2022 (indexed) THEN it resolves to
    that document; a code that is not indexed stays without a target."""
    refs = _clause(api_client, qcvn47["1.3"])["references"]
    qcvn18 = next(r for r in refs if r["target"] == "QCVN 18:2022/BTTTT")
    assert qcvn18["target_doc_id"] == "QCVN_18_2022_BTTTT.pdf"
    assert qcvn18["target_clause_id"] is None
    first = _clause(api_client, _clause_id(api_client, "QCVN_47_2015_BTTTT.pdf", "6.2"))
    old = next(r for r in first["references"] if r["target"] == "QCVN 47:2011/BTTTT")
    assert old["target_doc_id"] is None and old["target_clause_id"] is None


def test_clause_page_links_and_cited_by(api_client: TestClient, qcvn47: dict[str, str]) -> None:
    """GIVEN the clause pages of 3.3 and 2.2.3 THEN 3.3's text links "2.2.3" to that clause's
    page, and 2.2.3's page lists 3.3 under "Được dẫn chiếu bởi"."""
    target = "/clause/" + quote(qcvn47["2.2.3"], safe="/")
    page = api_client.get("/clause/" + quote(qcvn47["3.3"], safe="")).text
    assert re.search(rf'<a class="xref" href="{re.escape(target)}">2\.2\.3</a>', page)
    cited = api_client.get(target).text
    section = cited[cited.index("Được dẫn chiếu bởi") :]
    assert "/clause/" + quote(qcvn47["3.3"], safe="/") in section


def test_status_facet_counts_every_match(api_client: TestClient) -> None:
    """GIVEN a search THEN the status facet counts each matching clause once (as the type
    facet does), with the filter's values, and its page links set the status filter; issuers
    are canonical names."""
    facets = api_client.get("/api/search", params={"q": "phát xạ"}).json()["facets"]
    assert sum(facets["status"].values()) == sum(facets["type"].values()) > 0
    assert set(facets["status"]) <= {"in_force", "not_yet", "replaced", "repealed", "unknown"}
    assert all(canonical_issuer(name) == name for name in facets["issuer"])
    page = api_client.get("/", params={"q": "phát xạ"}).text
    assert "Hiệu lực" in page and re.search(r'href="/\?[^"]*status=unknown', page)
