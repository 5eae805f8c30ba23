"""The pages of ranked clauses (search/pages.py): a long clause whose other page also holds
many of the query's words is listed again for that page (a page hit), and the best clauses
are re-scored by the share of the query's words on their best page."""

from __future__ import annotations

import re
import sys
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from fixtures import LANDING_WORD, landing_index

from search_api.cli import main as cli
from search_api.reader.execute import Ranked
from search_api.reader.records import StoredClause
from search_api.search import pages
from search_api.search.plan import plan_query
from search_api.search.ranking import Ranking
from search_api.web.app import create_app
from search_api.web.settings import ServerSettings

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

from metrics import page_units, score

PDF = "QCVN_99_2024_BKHCN.pdf"
# clause 1.2 of the fixture: "vật liệu chịu nhiệt" on page 1, "mối nối" on page 2
TWO_PAGES = "vật liệu chịu nhiệt mối nối"


@pytest.fixture(scope="module")
def index_root(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """GIVEN the three-page regulation (clause 1.2 over pages 1–3): (corpus, index)."""
    return landing_index(tmp_path_factory, "pages")


@pytest.fixture(scope="module")
def client(index_root: tuple[Path, Path]) -> Iterator[TestClient]:
    corpus, root = index_root
    with TestClient(create_app(ServerSettings(index=root, corpus=corpus))) as c:
        yield c


def search(client: TestClient, q: str) -> dict[str, Any]:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200
    found: dict[str, Any] = response.json()
    return found


def test_a_long_clause_is_listed_again_for_its_other_matching_page(client: TestClient) -> None:
    """GIVEN clause 1.2 with four of the words on page 1 and two on page 2 WHEN searching
    THEN it lands on page 1, and a page hit of the same clause follows it, landing on page 2
    with page 2's snippet; page hits are not counted in `total`."""
    result = search(client, TWO_PAGES)
    first, second = result["hits"][:2]
    assert (first["clause"], first["landing_page"], first["page_hit"]) == ("1.2", 1, False)
    assert second["clause_id"] == first["clause_id"] and second["page_hit"] is True
    assert (second["page"], second["page_end"]) == (first["page"], first["page_end"])
    assert second["landing_page"] == 2
    assert second["landing_url"] == f"/documents/{PDF}/file#page=2"
    assert "<mark>mối nối</mark>" in second["snippet"]
    assert "chịu" not in second["snippet"]
    clauses = {h["clause_id"] for h in result["hits"]}
    assert result["total"] == len(clauses) == len(result["hits"]) - 1


def test_no_page_hit_for_a_page_with_few_of_the_words(client: TestClient) -> None:
    """GIVEN a page holding less than half as many of the query's words as the landing
    page, or a word on one page only WHEN searching THEN the clause is listed once."""
    for q in (f"vật liệu chịu nhiệt {LANDING_WORD}", LANDING_WORD):
        hits = search(client, q)["hits"]
        assert not any(h["page_hit"] for h in hits), q
        assert len({h["clause_id"] for h in hits}) == len(hits), q


def test_the_results_page_shows_a_page_hit_inside_its_clause(client: TestClient) -> None:
    """GIVEN the web page WHEN a clause has a page hit THEN its entry says where else it
    matches, with a link opening the PDF there, and the list numbers clauses only."""
    html = client.get("/", params={"q": TWO_PAGES}).text
    entry = re.search(r'<li class="hit[^"]*">(.*?)</li>', html, re.S)
    assert entry is not None
    assert "Cũng khớp ở trang 2" in entry[1]
    assert re.search(rf'href="/documents/{PDF}/file#page=2"[^>]*>Mở PDF tại trang 2<', entry[1])
    assert html.count('<li class="hit') == search(client, TWO_PAGES)["total"]


def test_the_command_line_shows_a_page_hit_under_its_clause(
    index_root: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN `vnstd search` WHEN a clause has a page hit THEN an "also p. 2" line follows it."""
    _, root = index_root
    assert cli.main(["search", "--index", str(root), TWO_PAGES]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert " 1. " in lines[1] and "1.2" in lines[1]
    assert lines[2].strip() == "also p. 2"


def _clause(docnum: int, text: str, starts: tuple[int, ...] = ()) -> StoredClause:
    return StoredClause(f"d#{docnum}", "d", "d", "pdf", "", (), "", "", "", "", "", "", (),
                        text, 1, 1 + len(starts), 0, docnum, page_starts=starts)  # fmt: skip


def test_cover_is_the_share_of_the_words_on_the_best_page() -> None:
    """GIVEN the query's words all on one page of a clause, or split over two pages THEN
    the cover is 1 for the first and the best page's share for the second."""
    plan = plan_query("nhôm thép đồng", True, False, None)
    weights = {"nhom": 1.0, "thep": 1.0, "dong": 2.0}
    together = _clause(0, "vỏ nhôm, khung thép, dây đồng")
    split = "vỏ nhôm, khung thép\n" + "x " * 50 + "\ndây đồng"
    apart = _clause(1, split, (split.rindex("\n") + 1,))
    assert pages.cover(together, plan, weights) == pytest.approx(1.0)
    assert pages.cover(apart, plan, weights) == pytest.approx(0.5)  # page 1: 2 of 4, page 2: 2 of 4


def test_a_clause_with_the_words_on_one_page_passes_a_scattered_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """GIVEN two clauses, the better scored one holding the query's words scattered over
    pages, the other all of them on one page WHEN re-scored by their best page THEN the
    second comes first; with `page_share` 0 nothing changes."""
    split = "vỏ nhôm\n" + "x " * 50 + "\nkhung thép\n" + "x " * 50 + "\ndây đồng"
    breaks = tuple(i + 1 for i, ch in enumerate(split) if ch == "\n")[1::2]
    clauses = {0: _clause(0, split, breaks), 1: _clause(1, "vỏ nhôm, khung thép, dây đồng")}
    monkeypatch.setattr(pages.lookups, "stored", lambda _snap, d: clauses[d])
    monkeypatch.setattr(pages.lookups, "clause_count", lambda _snap: 100)
    monkeypatch.setattr(pages.lookups, "doc_frequency", lambda _snap, _f, _t: 10)
    plan = plan_query("nhôm thép đồng", True, False, None)
    scores = np.array([10.0, 9.0, 1.0])
    ranked = Ranked(np.array([0, 1, 2]), scores, np.ones(3, bool), np.ones(3, bool))
    two = Ranking(page_candidates=2)  # the third clause is not a candidate
    again = pages.by_best_page(None, ranked, plan, two)  # type: ignore[arg-type]
    assert list(again.order) == [1, 0, 2]
    assert again.scores[2] == pytest.approx(0.7)  # below the candidates: scaled, not covered
    off = Ranking(page_share=0.0)
    same = pages.by_best_page(None, ranked, plan, off)  # type: ignore[arg-type]
    assert list(same.order) == [0, 1, 2]


def test_a_page_hit_takes_a_rank_by_its_page_only() -> None:
    """GIVEN a clause over pages 3–4 and its page hit (the same span) WHEN scored by spans
    THEN the page hit takes no rank (its pages were seen); by landing page THEN each hit is
    credited with its own page at its own rank, as a page-level engine's hits are."""
    qrels: dict[Hashable, int] = {("f.pdf", 3): 1, ("f.pdf", 4): 2, ("f.pdf", 9): 1}
    spans = [page_units("f.pdf", 3, 4), page_units("f.pdf", 3, 4), page_units("f.pdf", 9, 9)]
    by_span = score(spans, qrels)
    landing = score([(("f.pdf", 4),), (("f.pdf", 3),), (("f.pdf", 9),)], qrels)
    assert by_span.recall == pytest.approx(2 / 3) and landing.recall == 1.0
    ideal = 2 + 1 / np.log2(3) + 1 / np.log2(4)
    assert by_span.ndcg == pytest.approx((2 + 1 / np.log2(3)) / ideal)
    assert landing.ndcg == pytest.approx(1.0)
