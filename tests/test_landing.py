"""Landing where the match is: a hit on a clause that runs over several pages opens its PDF
at the page of the snippet's best matches; a hit in a Markdown or text document opens the
clause in the rendered view of that document (`/view/{doc_id}#c{ordinal}`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from fixtures import LANDING_MD_WORD, LANDING_WORD
from fixtures import landing_index as built_landing

from search_api.cli import main as cli
from search_api.reader.records import StoredClause
from search_api.search.highlight import excerpt
from search_api.web.app import create_app
from search_api.web.routes.view import blocks
from search_api.web.settings import ServerSettings

PDF = "QCVN_99_2024_BKHCN.pdf"
MD = "ghi-chu-thu-nghiem.md"


@pytest.fixture(scope="module")
def landing_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """GIVEN a corpus of the three-page regulation and the Markdown note: (corpus, index)."""
    return built_landing(tmp_path_factory, "landing", markdown=True)


@pytest.fixture(scope="module")
def client(landing_index: tuple[Path, Path]) -> Iterator[TestClient]:
    corpus, root = landing_index
    with TestClient(create_app(ServerSettings(index=root, corpus=corpus))) as c:
        yield c


def hits(client: TestClient, q: str) -> list[dict[str, Any]]:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200
    found: list[dict[str, Any]] = response.json()["hits"]
    return found


def test_a_hit_lands_on_the_page_of_its_match(client: TestClient) -> None:
    """GIVEN clause 1.2 over pages 1–3 with the word on page 3 WHEN searching for it THEN
    the hit keeps its span, lands on page 3, and its landing_url opens the PDF there."""
    hit = hits(client, LANDING_WORD)[0]
    assert (hit["clause"], hit["kind"], hit["page"], hit["page_end"]) == ("1.2", "pdf", 1, 3)
    assert hit["landing_page"] == 3
    assert hit["url"] == f"/documents/{PDF}/file#page=1"  # unchanged: the clause's first page
    assert hit["landing_url"] == f"/documents/{PDF}/file#page=3"


def test_the_landing_page_follows_the_words(client: TestClient) -> None:
    """GIVEN words on page 2 of the clause, or typed without diacritics WHEN searching THEN
    the hit lands on the page that holds them."""
    assert hits(client, "mối nối rung")[0]["landing_page"] == 2
    assert hits(client, "moi noi chac chan")[0]["landing_page"] == 2
    assert hits(client, "vỏ thiết bị chịu nhiệt")[0]["landing_page"] == 1


def test_a_hit_without_a_match_in_its_text_lands_on_its_first_page() -> None:
    """GIVEN a clause whose text has none of the words (found by its heading or title, or by
    meaning) THEN it lands on its first page; a match lands on the page that holds it."""
    c = StoredClause("d#1", "d", "d", "pdf", "", (), "", "", "", "", "1.2", "Vật liệu", (),
                     "trang một\ntrang hai\ntrang ba", 4, 6, 0, 1, page_starts=(10, 20))  # fmt: skip
    assert c.page_at(excerpt(c.text, {"zzz"}).anchor) == 4
    assert c.page_at(excerpt(c.text, {"hai"}).anchor) == 5
    assert c.page_at(excerpt(c.text, {"ba"}).anchor) == 6
    assert c.page_at(None) == 4


def test_the_page_with_most_of_the_words_wins_and_the_snippet_shows_it() -> None:
    """GIVEN a clause over two pages, one query word on page 1 and both on page 2 WHEN it
    is a hit THEN it lands on page 2, and its snippet is page 2's words."""
    text = "Vỏ máy bằng nhôm.\n" + "x " * 400 + "\nVỏ máy phủ lớp thép không gỉ."
    start = text.rindex("\n") + 1
    c = StoredClause("d#1", "d", "d", "pdf", "", (), "", "", "", "", "1", "", (), text, 7, 8,
                     0, 1, page_starts=(start,))  # fmt: skip
    found = excerpt(c.text, {"vo", "thep"}, parts=c.page_starts)
    assert c.page_at(found.anchor) == 8
    assert "phủ lớp" in found.html and "bằng" not in found.html
    assert c.page_at(excerpt(c.text, {"bang"}, parts=c.page_starts).anchor) == 7


def test_the_clause_reached_from_a_search_lands_there_too(client: TestClient) -> None:
    """GIVEN a hit WHEN its clause is asked for with the query (`?q=`) THEN the clause lands
    on the same page; without a query, on its first page."""
    clause_id = hits(client, LANDING_WORD)[0]["clause_id"]
    path = f"/api/clauses/{quote(clause_id)}"
    with_q = client.get(path, params={"q": LANDING_WORD}).json()
    assert (with_q["landing_page"], with_q["landing_url"]) == (3, f"/documents/{PDF}/file#page=3")
    plain = client.get(path).json()
    assert (plain["page"], plain["landing_page"], plain["url"]) == (
        1, 1, f"/documents/{PDF}/file#page=1",
    )  # fmt: skip
    page = client.get(f"/clause/{quote(clause_id)}", params={"q": LANDING_WORD})
    assert f'href="/documents/{PDF}/file#page=3"' in page.text
    assert "Mở PDF tại trang 3" in page.text


def test_the_results_page_opens_the_pdf_at_the_landing_page(client: TestClient) -> None:
    """GIVEN the web page WHEN searching THEN "Mở PDF tại trang 3" links to page 3 and the
    clause links carry the query."""
    html = client.get("/", params={"q": LANDING_WORD}).text
    assert re.search(rf'href="/documents/{PDF}/file#page=3"[^>]*>Mở PDF tại trang 3<', html)
    assert f"/clause/{quote(PDF)}%232?q={LANDING_WORD}" in html


def test_a_markdown_hit_links_to_its_clause_in_the_rendered_document(client: TestClient) -> None:
    """GIVEN a hit in a .md file WHEN searching THEN it has no landing page and its
    landing_url is the clause's anchor in /view; the web page says "Xem trong văn bản"."""
    hit = hits(client, LANDING_MD_WORD)[0]
    ordinal = hit["clause_id"].rsplit("#", 1)[1]
    assert (hit["kind"], hit["landing_page"]) == ("md", None)
    assert hit["landing_url"] == f"/view/{MD}#c{ordinal}"
    assert hit["url"] == f"/documents/{MD}/file"
    html = client.get("/", params={"q": LANDING_MD_WORD}).text
    assert f'href="/view/{MD}#c{ordinal}">Xem trong văn bản<' in html
    assert "Mở PDF" not in html


def test_the_rendered_view_has_an_anchor_per_clause_and_escapes_text(client: TestClient) -> None:
    """GIVEN the Markdown note WHEN /view renders it THEN each clause has its anchor,
    headings are headings, and the text's markup is shown, not run."""
    hit = hits(client, LANDING_MD_WORD)[0]
    ordinal = hit["clause_id"].rsplit("#", 1)[1]
    response = client.get(f"/view/{MD}")
    assert response.status_code == 200
    html = response.text
    section = re.search(
        rf'<section id="c{ordinal}" class="view-clause">(.*?)</section>', html, re.S
    )
    assert section and LANDING_MD_WORD in section[1] and "1.2 Yêu cầu" in section[1]
    assert re.search(r"<h2 class=\"view-heading\">1\. Quy định chung</h2>", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; vật liệu" in html
    assert "<script>alert" not in html
    assert client.get(f"/view/{PDF}").status_code == 404
    assert client.get("/view/nope.md").status_code == 404


def test_view_blocks_show_each_heading_once() -> None:
    """GIVEN clauses in order (a chapter without text of its own, a long clause in two
    passages) THEN each heading opens once, at the first clause under it."""

    def clause(ordinal: int, path: tuple[str, ...], text: str, part: int = 0) -> StoredClause:
        return StoredClause(f"d#{ordinal}", "d", "d", "md", "", (), "", "", "", "", "", "",
                            path, text, None, None, part, ordinal)  # fmt: skip

    got = blocks([
        clause(0, (), "Lời nói đầu"),
        clause(1, ("Chương I", "Điều 1. Phạm vi"), "Văn bản này …"),
        clause(2, ("Chương I", "Điều 2. Đối tượng"), "Phần một", 0),
        clause(3, ("Chương I", "Điều 2. Đối tượng"), "Phần hai", 1),
        clause(4, ("Chương II",), "Chương II"),
    ])  # fmt: skip
    assert [(b.anchor, b.opened, b.heading, b.text) for b in got] == [
        ("c0", (), None, "Lời nói đầu"),
        ("c1", ((2, "Chương I"),), (3, "Điều 1. Phạm vi"), "Văn bản này …"),
        ("c2", (), (3, "Điều 2. Đối tượng"), "Phần một"),
        ("c3", (), None, "Phần hai"),
        ("c4", (), (2, "Chương II"), ""),
    ]


def test_search_json_has_the_landing_page(
    landing_index: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN `vnstd search --json` WHEN the hit's match is on page 3 THEN landing_page is 3."""
    _, root = landing_index
    assert cli.main(["search", "--index", str(root), "--json", LANDING_WORD]) == 0
    top = json.loads(capsys.readouterr().out)["hits"][0]
    assert (top["page"], top["page_end"], top["landing_page"]) == (1, 3, 3)
