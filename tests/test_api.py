"""The JSON API over the sample index (issue 3): every endpoint and the query language."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

QCVN47 = "QCVN_47_2015_BTTTT.pdf"
QCVN18 = "QCVN_18_2022_BTTTT.pdf"


def search(client: TestClient, q: str, **params: Any) -> dict[str, Any]:
    r = client.get("/api/search", params={"q": q, **params})
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def test_search_response_shape(api_client: TestClient) -> None:
    """GIVEN the sample index WHEN searching a phrase THEN the documented fields come back."""
    data = search(api_client, "phát xạ giả máy thu")
    assert set(data) == {
        "query",
        "total",
        "page",
        "size",
        "took_ms",
        "hits",
        "facets",
        "suggestion",
        "partial",
        "restored",
        "missing_codes",
        "missing_clauses",
        "language",
        "unmatched_phrases",
    }
    assert data["total"] > 0 and data["page"] == 1 and data["size"] == 10
    assert set(data["facets"]) == {"type", "issuer", "year", "status"}
    assert sum(data["facets"]["type"].values()) == data["total"]
    hit = data["hits"][0]
    for key in ("doc_id", "file", "code", "title", "clause", "heading", "heading_path", "page",
                "page_end", "score", "snippet", "clause_id", "url", "document_hits",
                "also_in"):  # fmt: skip
        assert key in hit
    assert hit["url"] == f"/documents/{quote(hit['doc_id'])}/file#page={hit['page']}"
    assert "<mark>" in hit["snippet"]


@pytest.mark.parametrize("q", ["QCVN 47:2015/BTTTT", "qcvn 47:2015", "QCVN47"])
def test_code_in_any_spelling_puts_document_first(api_client: TestClient, q: str) -> None:
    """GIVEN a standard code typed in a common spelling WHEN searching THEN that document ranks first."""
    hits = search(api_client, q)["hits"]
    assert hits and hits[0]["doc_id"] == QCVN47
    assert hits[0]["code"] == "QCVN 47:2015/BTTTT"


def test_code_plus_clause_number_puts_clause_first(api_client: TestClient) -> None:
    """GIVEN a code and a clause number of that document WHEN searching THEN that clause is first."""
    hit = search(api_client, "QCVN 47:2015/BTTTT 2.2.3")["hits"][0]
    assert (hit["doc_id"], hit["clause"]) == (QCVN47, "2.2.3")
    assert hit["heading"] == "Phát xạ giả"


def test_query_without_diacritics_marks_accented_words(api_client: TestClient) -> None:
    """GIVEN a query typed without diacritics WHEN searching THEN snippets mark the accented words."""
    data = search(api_client, "phat xa gia")
    marked = " ".join(h["snippet"] for h in data["hits"])
    assert "<mark>Phát xạ giả</mark>" in marked or "<mark>phát xạ giả</mark>" in marked


def test_diacritics_restored_not_suggested(api_client: TestClient) -> None:
    """GIVEN a query typed without diacritics WHEN searching THEN the reading with diacritics is
    given as `restored` (and, as always, as `suggestion`: the page tells them apart); an
    accented query gets neither."""
    plain = search(api_client, "tuong thich dien tu")
    assert plain["restored"] == plain["suggestion"] == "tương thích điện từ"
    accented = search(api_client, "tương thích điện từ")
    assert accented["restored"] is None and accented["suggestion"] is None


def test_misspelt_word_suggested(api_client: TestClient) -> None:
    """GIVEN a word that occurs nowhere WHEN searching THEN a correction; a correct word, an
    acronym or a quoted word is never changed."""
    assert search(api_client, "thiết bịi")["suggestion"] == "thiết bị"
    for q in ("MHz QoS", '"thiết bịi"', "bao nhiêu thiết bị"):
        assert search(api_client, q)["suggestion"] is None, q


def test_accented_query_marks_only_its_own_tones(api_client: TestClient) -> None:
    """GIVEN an accented query WHEN searching THEN only syllables with the query's tones are
    marked ("giả" never marks "giá"); an unaccented query marks every folded match."""
    import re

    for hit in search(api_client, "phát xạ giả", size=50)["hits"]:
        marked = {m.lower() for m in re.findall(r"<mark>(.*?)</mark>", hit["snippet"])}
        assert {w for m in marked for w in m.split()} <= {"phát", "xạ", "giả"}


def test_missing_code_and_clause_are_said(api_client: TestClient) -> None:
    """GIVEN a code no document has, or a clause number its document lacks WHEN searching
    THEN the answer says so."""
    assert search(api_client, "QCVN 99:2020/BTTTT")["missing_codes"] == ["QCVN 99:2020/BTTTT"]
    missing = search(api_client, "QCVN 47:2015/BTTTT 9.9.9")
    assert missing["missing_codes"] == [] and missing["missing_clauses"] == [
        "QCVN 47:2015/BTTTT 9.9.9"
    ]
    found = search(api_client, "QCVN 47:2015/BTTTT 2.2.3")
    assert found["missing_codes"] == [] and found["missing_clauses"] == []


def test_english_query_is_flagged(api_client: TestClient) -> None:
    """GIVEN an English question WHEN searching THEN `language` is "en"."""
    assert search(api_client, "what is the maximum transmit power")["language"] == "en"
    assert search(api_client, "công suất phát")["language"] is None


def test_hits_grouped_by_document(api_client: TestClient) -> None:
    """GIVEN a query many clauses of several documents match WHEN searching THEN a document's
    hits are consecutive, at most 3 on the first page while other documents have matches, and
    each hit says how many clauses of its document match; `doc` filters to one document."""
    data = search(api_client, "thiết bị", size=10)
    docs = [h["doc_id"] for h in data["hits"]]
    assert len(set(docs)) > 1
    assert max(docs.count(d) for d in docs) <= 3
    for doc in set(docs):
        first, last = docs.index(doc), len(docs) - 1 - docs[::-1].index(doc)
        assert docs[first : last + 1] == [doc] * (last - first + 1)  # consecutive
    hit = data["hits"][0]
    only = api_client.get("/api/search", params={"q": "thiết bị", "doc": hit["doc_id"], "size": 50})
    assert only.json()["total"] == hit["document_hits"] > 3
    assert {h["doc_id"] for h in only.json()["hits"]} == {hit["doc_id"]}


def _plain(hit: dict[str, Any]) -> str:
    return (
        (hit["heading"] + " " + hit["snippet"]).lower().replace("<mark>", "").replace("</mark>", "")
    )


def test_phrase_query(api_client: TestClient) -> None:
    """GIVEN a quoted phrase WHEN searching THEN only clauses with the exact phrase come back
    (with or without +), while the same words unquoted find more."""
    loose = search(api_client, "phát xạ ngoài băng", size=50)
    quoted = search(api_client, '"phát xạ ngoài băng"', size=50)
    required = search(api_client, '+"phát xạ ngoài băng"', size=50)
    assert 0 < quoted["total"] == required["total"] < loose["total"]
    assert all("phát xạ ngoài băng" in _plain(h) for h in quoted["hits"])


def test_phrase_no_clause_has_is_searched_as_words(api_client: TestClient) -> None:
    """GIVEN a quoted phrase whose words no clause has in that order WHEN searching THEN the
    hits are those of its words, said in `unmatched_phrases`; +"…" stays strict."""
    words = search(api_client, "xạ phát giả", size=50)
    quoted = search(api_client, 'định nghĩa "xạ phát giả"', size=50)
    assert words["total"] > 0 and words["unmatched_phrases"] == []
    assert quoted["unmatched_phrases"] == ["xạ phát giả"]
    assert quoted["query"] == 'định nghĩa "xạ phát giả"' and quoted["total"] >= words["total"]
    assert not any("xạ phát giả" in _plain(h) for h in quoted["hits"])
    strict = search(api_client, '+"xạ phát giả"')
    assert strict["total"] == 0 and strict["unmatched_phrases"] == []
    page = api_client.get("/", params={"q": '"xạ phát giả"'}).text
    assert "Không điều khoản nào có đúng cụm từ" in page and "xạ phát giả" in page


@pytest.mark.parametrize(("typed", "written"), [("kĩ thuật", "kỹ thuật"), ("qui định", "quy định")])
def test_either_i_or_y_spelling_finds_the_text(
    api_client: TestClient, typed: str, written: str
) -> None:
    """GIVEN a query in the other accepted i/y spelling of the text's words WHEN searching
    THEN it finds what the text's own spelling finds, with the text's words marked."""
    other, own = search(api_client, typed, size=50), search(api_client, written, size=50)
    assert own["total"] > 0 and other["total"] == own["total"]
    assert [h["clause_id"] for h in other["hits"]] == [h["clause_id"] for h in own["hits"]]
    assert any(f"<mark>{written}</mark>" in h["snippet"].lower() for h in other["hits"])
    assert other["suggestion"] is None


def test_not_and_minus_exclude(api_client: TestClient) -> None:
    """GIVEN NOT / -word WHEN searching THEN no hit comes from a clause containing the excluded word."""
    everything = search(api_client, "phát xạ giả", size=50)["total"]
    for q in ("phát xạ giả NOT máy", "phát xạ giả -máy"):
        data = search(api_client, q, size=50)
        assert 0 < data["total"] < everything
        for h in data["hits"]:
            clause = api_client.get(f"/api/clauses/{quote(h['clause_id'], safe='')}").json()
            assert "máy" not in clause["text"].lower()


def test_plus_requires(api_client: TestClient) -> None:
    """GIVEN +word WHEN searching THEN every hit contains that word."""
    hits = search(api_client, "phát xạ +anten", size=50)["hits"]
    assert hits
    for h in hits:
        clause = api_client.get(f"/api/clauses/{quote(h['clause_id'], safe='')}").json()
        assert "anten" in (clause["text"] + clause["heading"]).lower()


@pytest.mark.parametrize(
    ("q", "field", "value"),
    [
        ("code:QCVN18 tương thích", "doc_id", QCVN18),
        ("type:TCVN an toàn", "type", "TCVN"),
        ("year:2015 công suất", "year", "2015"),
        ("clause:2.2.3", "clause", "2.2.3"),
    ],
)
def test_field_filters_in_query(api_client: TestClient, q: str, field: str, value: str) -> None:
    """GIVEN a field: filter in the query WHEN searching THEN every hit has that value."""
    data = search(api_client, q, size=50)
    assert data["total"] > 0
    assert {h[field] for h in data["hits"]} == {value}


def test_filter_parameters(api_client: TestClient) -> None:
    """GIVEN type/issuer/year/code parameters WHEN searching THEN hits and facets respect them."""
    data = search(api_client, "thiết bị", year="2015", size=50)
    assert data["total"] > 0 and {h["year"] for h in data["hits"]} == {"2015"}
    assert set(data["facets"]["year"]) == {"2015"}
    by_code = search(api_client, "thiết bị", code="qcvn 18:2022", size=50)
    assert {h["doc_id"] for h in by_code["hits"]} == {QCVN18}
    assert search(api_client, "thiết bị", issuer="nobody")["total"] == 0


@pytest.mark.parametrize(
    "q", ['"phát xạ giả', "AND", "phát xạ AND", "code:", "NOT", "((", "-", '""', "+"]
)
def test_malformed_syntax_degrades(api_client: TestClient, q: str) -> None:
    """GIVEN malformed query syntax WHEN searching THEN the answer is 200, never an error."""
    data = search(api_client, q)
    assert data["query"] == q


def test_unbalanced_quote_still_finds(api_client: TestClient) -> None:
    """GIVEN an unbalanced quote WHEN searching THEN the words are still searched."""
    assert search(api_client, '"phát xạ giả')["total"] > 0


def test_pagination(api_client: TestClient) -> None:
    """GIVEN a query with many hits WHEN asking page 2 THEN it continues page 1 without overlap."""
    p1 = search(api_client, "thiết bị", size=5)
    p2 = search(api_client, "thiết bị", size=5, page=2)
    assert p1["total"] > 10 and p2["page"] == 2 and len(p2["hits"]) == 5
    assert not {h["clause_id"] for h in p1["hits"]} & {h["clause_id"] for h in p2["hits"]}
    past = search(api_client, "thiết bị", size=5, page=999)
    assert past["hits"] == [] and past["total"] == p1["total"]


def test_suggest_codes_titles_headings(api_client: TestClient) -> None:
    """GIVEN a prefix WHEN asking /api/suggest THEN codes, titles and headings match without diacritics."""
    codes = api_client.get("/api/suggest", params={"q": "qcvn 4"}).json()["suggestions"]
    assert codes[0] == {
        "text": "QCVN 47:2015/BTTTT",
        "kind": "code",
        "url": "/?q=QCVN+47%3A2015%2FBTTTT",
    }
    compact = api_client.get("/api/suggest", params={"q": "QCVN11"}).json()["suggestions"]
    assert compact[0]["text"] == "QCVN 117:2023/BTTTT"
    heads = api_client.get("/api/suggest", params={"q": "phat xa"}).json()["suggestions"]
    assert any(s["kind"] == "heading" and s["text"] == "Phát xạ giả" for s in heads)
    titles = api_client.get("/api/suggest", params={"q": "tuong thich"}).json()["suggestions"]
    assert any(s["kind"] == "title" and s["url"] == f"/doc/{QCVN18}" for s in titles)
    assert api_client.get("/api/suggest", params={"q": " "}).json()["suggestions"] == []


def test_documents_list(api_client: TestClient) -> None:
    """GIVEN the sample index WHEN listing documents THEN all four come with metadata, paged."""
    data = api_client.get("/api/documents").json()
    assert data["total"] == 4
    codes = [d["code"] for d in data["documents"]]
    assert "QCVN 47:2015/BTTTT" in codes and "TCVN 11930:2017" in codes
    doc = next(d for d in data["documents"] if d["doc_id"] == QCVN47)
    assert (
        doc["type"] == "QCVN" and doc["year"] == 2015 and doc["pages"] == 6 and doc["clauses"] > 10
    )
    assert doc["url"] == f"/documents/{QCVN47}/file"
    page2 = api_client.get("/api/documents", params={"size": 3, "page": 2}).json()
    assert len(page2["documents"]) == 1


def test_document_outline(api_client: TestClient) -> None:
    """GIVEN a doc_id WHEN asking for it THEN its outline is in document order with pages."""
    data = api_client.get(f"/api/documents/{QCVN47}").json()
    assert data["code"] == "QCVN 47:2015/BTTTT"
    ordinals = [c["ordinal"] for c in data["outline"]]
    assert ordinals == sorted(ordinals) and len(ordinals) == data["clauses"]
    numbers = [c["number"] for c in data["outline"]]
    assert numbers.index("2.2.2") < numbers.index("2.2.3") < numbers.index("2.2.4")
    assert all(c["clause_id"].startswith(QCVN47 + "#") for c in data["outline"])
    assert api_client.get("/api/documents/nope.pdf").status_code == 404


def test_clause_with_neighbours(api_client: TestClient) -> None:
    """GIVEN a clause id WHEN asking for it THEN full text, heading path and neighbours come back."""
    outline = api_client.get(f"/api/documents/{QCVN47}").json()["outline"]
    entry = next(c for c in outline if c["number"] == "2.2.3")
    r = api_client.get(f"/api/clauses/{quote(entry['clause_id'], safe='')}")
    data = r.json()
    assert r.status_code == 200 and data["heading"] == "Phát xạ giả"
    assert "-36 dBm" in " ".join(data["text"].split()) and data["heading_path"][-1].startswith(
        "2.2.3"
    )
    assert data["prev"]["number"] == "2.2.2" and data["next"]["number"] == "2.2.4"
    assert data["url"].endswith(f"#page={data['page']}")
    first = api_client.get(f"/api/clauses/{quote(outline[0]['clause_id'], safe='')}").json()
    assert first["prev"] is None
    assert api_client.get("/api/clauses/nope%23999").status_code == 404


def test_file_is_served_inline(api_client: TestClient) -> None:
    """GIVEN an indexed PDF WHEN fetching its file THEN it comes inline as application/pdf."""
    r = api_client.get(f"/documents/{QCVN47}/file")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith("inline")
    assert r.content.startswith(b"%PDF")


def test_health(api_client: TestClient) -> None:
    """GIVEN the sample index WHEN asking /health THEN size, build time, generation and version come back."""
    data = api_client.get("/health").json()
    assert data["status"] == "ok" and data["documents"] == 4
    assert data["clauses"] > 40 and data["generation"].startswith("gen-")
    assert data["built_at"] and data["version"]


def test_openapi_has_response_models(api_client: TestClient) -> None:
    """GIVEN the app WHEN reading /openapi.json THEN API routes declare their response schemas."""
    spec = api_client.get("/openapi.json").json()
    ok = spec["paths"]["/api/search"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"].endswith("/SearchOut")
    assert "/api/documents/{doc_id}" in spec["paths"]
    assert api_client.get("/docs").status_code == 200


def test_similar_clauses(api_client: TestClient) -> None:
    """GIVEN a clause about spurious emissions WHEN its similar clauses are asked for
    THEN other clauses come back (never itself), on the same topic, and an unknown id is a 404."""
    hit = search(api_client, "phát xạ giả máy phát", size=1)["hits"][0]
    url = f"/api/clauses/{quote(hit['clause_id'], safe='')}/similar"
    body = api_client.get(url, params={"size": 5}).json()
    ids = [h["clause_id"] for h in body["hits"]]
    assert ids and hit["clause_id"] not in ids
    assert any("phát xạ" in _plain(h) for h in body["hits"])
    assert api_client.get("/api/clauses/nope%231/similar").status_code == 404
    page = api_client.get(f"/clause/{quote(hit['clause_id'], safe='')}").text
    assert "Điều khoản tương tự" in page


@pytest.mark.parametrize(
    ("url", "same_length"),
    [
        (f"/documents/{QCVN47}/file", True),
        ("/", True),
        ("/api/search?q=x", False),
        ("/docs", True),
    ],
)
def test_head_answers_wherever_get_does(
    api_client: TestClient, url: str, same_length: bool
) -> None:
    """GIVEN a document file, the search page and a search WHEN asked with HEAD THEN 200 with
    GET's Content-Type and a Content-Length (GET's own where the body does not carry the
    time it took), and no body; HEAD stays out of the OpenAPI schema."""
    got, head = api_client.get(url), api_client.head(url)
    assert (got.status_code, head.status_code) == (200, 200)
    assert head.headers["content-type"] == got.headers["content-type"]
    assert int(head.headers["content-length"]) > 0 and head.content == b""
    if same_length:
        assert head.headers["content-length"] == got.headers["content-length"]
    spec = api_client.get("/openapi.json").json()
    assert all(set(ops) == {"get"} for ops in spec["paths"].values())


def test_same_text_in_other_documents_is_folded(api_client: TestClient) -> None:
    """GIVEN a closing clause three regulations share word for word WHEN searching for it
    THEN it is listed once, naming the other documents in `also_in`, whose copies are not
    listed again; "similar clauses" leaves out copies of the clause itself."""
    q = "thay đổi, bổ sung hoặc được thay thế thì thực hiện theo quy định tại văn bản mới"
    hits = search(api_client, q, size=20)["hits"]
    first = hits[0]
    twins = {t["doc_id"] for t in first["also_in"]}
    assert len(twins) == 2 and first["doc_id"] not in twins
    listed = {h["clause_id"] for h in hits}
    assert not listed & {t["clause_id"] for t in first["also_in"]}
    assert all(t["url"].startswith("/documents/") for t in first["also_in"])
    like = api_client.get(f"/api/clauses/{quote(first['clause_id'], safe='')}/similar").json()
    assert not {h["clause_id"] for h in like["hits"]} & {t["clause_id"] for t in first["also_in"]}


def test_documents_and_hits_carry_status_and_relations(api_client: TestClient) -> None:
    """GIVEN a regulation whose closing clause says it replaces an older one, not indexed
    WHEN asking for it THEN its relations name that one with no doc_id, hits carry the same,
    and the `status` filter keeps only documents with that status."""
    doc = api_client.get(f"/api/documents/{QCVN47}").json()
    assert {"type": "replaces", "target": "QCVN 47:2011/BTTTT", "target_doc_id": None} in doc[
        "relations"
    ]
    assert doc["status"] in {"in_force", "not_yet", "replaced", "repealed", "unknown"}
    hit = search(api_client, "QCVN 47:2015/BTTTT 2.2.3")["hits"][0]
    assert hit["relations"] == doc["relations"] and hit["status"] == doc["status"]
    same = search(api_client, "thiết bị", status=doc["status"])
    assert same["total"] > 0 and any(h["doc_id"] == QCVN47 for h in same["hits"])
    other = "repealed" if doc["status"] != "repealed" else "in_force"
    assert QCVN47 not in {h["doc_id"] for h in search(api_client, "thiết bị", status=other)["hits"]}
    page = api_client.get(f"/doc/{QCVN47}").text
    assert "QCVN 47:2011/BTTTT" in page and "không có trong chỉ mục" in page
