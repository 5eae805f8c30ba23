"""The server-rendered web pages (no JavaScript): search, filters, pagination, document, clause."""

from __future__ import annotations

import itertools
import re
from html import unescape

from fastapi.testclient import TestClient

QCVN47 = "QCVN_47_2015_BTTTT.pdf"


def links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', html)]


def test_home_without_query(api_client: TestClient) -> None:
    """GIVEN no query WHEN opening / THEN a Vietnamese page with a labelled search box and the catalog."""
    r = api_client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<html lang="vi">' in html and 'name="viewport"' in html
    assert '<label for="q"' in html and 'name="q"' in html
    assert f"/doc/{QCVN47}" in html and "QCVN 47:2015/BTTTT" in html
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_results_page(api_client: TestClient) -> None:
    """GIVEN a query WHEN opening /?q= THEN hits show code, clause, page, snippet marks and PDF links."""
    html = api_client.get("/", params={"q": "phát xạ giả"}).text
    assert "Tìm thấy" in html and "<mark>" in html
    assert "2.2.3 Phát xạ giả" in html and "Trang " in html
    pdf = [h for h in links(html) if "/file#page=" in h]
    assert pdf and all(re.search(r"#page=\d+$", h) for h in pdf)
    assert 'value="phát xạ giả"' in html


def test_facet_links_keep_query_and_filter(api_client: TestClient) -> None:
    """GIVEN results WHEN following a facet link THEN the query is kept and hits are filtered."""
    html = api_client.get("/", params={"q": "thiết bị"}).text
    year_link = next(h for h in links(html) if "year=2015" in h)
    assert "q=thi" in year_link
    filtered = api_client.get(year_link).text
    assert 'aria-current="true"' in filtered
    assert "QCVN 47:2015/BTTTT" in filtered and "QCVN 117:2023/BTTTT" not in filtered


def test_pagination_links(api_client: TestClient) -> None:
    """GIVEN many hits WHEN opening page 2 from the pager THEN page 2 is current and shareable."""
    html = api_client.get("/", params={"q": "thiết bị"}).text
    page2 = next(h for h in links(html) if "page=2" in h)
    second = api_client.get(page2).text
    assert re.search(r'aria-current="page"[^>]*>2<', second)
    assert 'rel="prev"' in second


def test_no_results_with_suggestion(api_client: TestClient) -> None:
    """GIVEN a misspelt query with no hits WHEN searching THEN a clear message and the suggestion link."""
    html = api_client.get("/", params={"q": "tuong thichh"}).text
    assert "Có phải bạn muốn tìm" in html and "tương thích" in html
    restored = api_client.get("/", params={"q": "phat xa gia"}).text
    assert "Đang hiện kết quả cho" in restored and "phát xạ giả" in restored
    assert "Có phải bạn muốn tìm" not in restored
    empty = api_client.get("/", params={"q": "zzqxv"}).text
    assert "Không tìm thấy kết quả nào" in empty


def test_document_page(api_client: TestClient) -> None:
    """GIVEN a doc_id WHEN opening /doc/… THEN metadata and an outline linking clauses and PDF pages."""
    r = api_client.get(f"/doc/{QCVN47}")
    assert r.status_code == 200
    html = r.text
    assert "QCVN 47:2015/BTTTT" in html and "Mục lục" in html
    assert any(h.startswith("/clause/") for h in links(html))
    assert any(h.startswith(f"/documents/{QCVN47}/file#page=") for h in links(html))
    assert api_client.get("/doc/missing.pdf").status_code == 404


def test_clause_page(api_client: TestClient) -> None:
    """GIVEN a clause link from the document page WHEN opening it THEN full text and neighbours show."""
    html = api_client.get(f"/doc/{QCVN47}").text
    clause_link = next(h for h in links(html) if h.startswith("/clause/") and "%23" in h)
    r = api_client.get(clause_link)
    assert r.status_code == 200 and 'class="fulltext"' in r.text
    missing = api_client.get("/clause/nope%230")
    assert missing.status_code == 404 and "Không tìm thấy" in missing.text


def test_lenient_page_parameter(api_client: TestClient) -> None:
    """GIVEN junk in the page parameter of the web page WHEN opening it THEN page 1 is shown, no error."""
    assert api_client.get("/", params={"q": "thiết bị", "page": "abc"}).status_code == 200
    assert api_client.get("/", params={"q": "thiết bị", "page": "-5"}).status_code == 200


def test_static_assets(api_client: TestClient) -> None:
    """GIVEN the page's CSS and JS WHEN fetching them THEN both are served."""
    assert api_client.get("/static/style.css").status_code == 200
    assert api_client.get("/static/app.js").status_code == 200


def test_page_says_what_is_missing_and_the_language(api_client: TestClient) -> None:
    """GIVEN a code no document has, or an English question on a lexical index WHEN searching
    THEN the page says so before the results."""
    html = api_client.get("/", params={"q": "QCVN 99:2020/BTTTT phát xạ"}).text
    assert "Chỉ mục không có văn bản <strong>QCVN 99:2020/BTTTT</strong>" in html
    assert html.index("notice missing") < html.index('class="hits"')
    english = api_client.get("/", params={"q": "what is the maximum transmit power"}).text
    assert "tiếng Anh" in english and "--semantic" in english
    assert "tiếng Anh" not in api_client.get("/", params={"q": "công suất phát"}).text


def test_similar_clauses_show_their_heading_path(api_client: TestClient) -> None:
    """GIVEN a clause page WHEN it lists similar clauses THEN each shows its heading path with
    its parents (not a bare "Định nghĩa"), and none twice."""
    from urllib.parse import quote

    hit = api_client.get("/api/search", params={"q": "QCVN 47:2015/BTTTT 2.2.3"}).json()["hits"][0]
    html = api_client.get(f"/clause/{quote(hit['clause_id'], safe='')}").text
    similar = html[html.index('id="similar"') :]
    items = re.findall(r'<li><a href="(/clause/[^"]+)">(.*?)</a>', similar, re.DOTALL)
    assert items and len({href for href, _ in items}) == len(items)
    assert any(" › " in text for _, text in items)


def test_document_outline_is_a_tree(api_client: TestClient) -> None:
    """GIVEN a document WHEN asking for it THEN `tree` lists each heading once, children one
    level below their parent, and the page indents them."""
    doc = api_client.get(f"/api/documents/{QCVN47}").json()
    tree = doc["tree"]
    labels = [t["label"] for t in tree]
    assert len(labels) == len(set(labels))
    assert any(t["depth"] > 0 for t in tree)
    for before, after in itertools.pairwise(tree):
        assert after["depth"] <= before["depth"] + 1  # no child without its parent
    html = api_client.get(f"/doc/{QCVN47}").text
    assert 'class="outline tree"' in html and 'class="d1' in html
