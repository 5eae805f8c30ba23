"""The numpy scorer gives exactly what Whoosh gives for the same query."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.index.build import build_index
from search_api.reader.engine import Engine
from search_api.search.ranking import Ranking
from search_api.search.run import SearchResult, search

# the reference path ranks clauses only: compare without grouping hits by document, without
# re-scoring by pages and without page hits (search/pages.py)
UNGROUPED = Ranking(per_document=0, page_share=0.0, page_hits=0)

QUERIES = [
    "phát xạ giả máy thu",
    "phat xa gia may thu",
    "công suất phát cực đại của thiết bị là bao nhiêu?",
    "EMC",
    "tương thích điện từ",
    "QCVN 47:2015/BTTTT",
    "QCVN47 2.2.3",
    '"phát xạ ngoài băng"',
    "+thiết -trạm gốc",
    "thiết bị NOT vô tuyến",
    "type:TCVN an toàn",
    "year:2015",
    "code:QCVN18",
    "không dây 2,4 GHz",
    "-36 dBm",
]


def _key(result: SearchResult) -> tuple[object, ...]:
    hits = [(h.clause_id, round(h.score, 4)) for h in result.hits]
    return (result.total, hits, result.facets)


def _assert_same(root: Path) -> None:
    snap = Engine(root).snapshot()
    for q in QUERIES:
        for page in (1, 2):
            fast = search(snap, q, page=page, size=7, facets=True, ranking=UNGROUPED)
            ref = search(
                snap, q, page=page, size=7, facets=True, exact_whoosh=True, ranking=UNGROUPED
            )
            assert _key(fast) == _key(ref), q


def test_fast_scoring_equals_whoosh(sample_index: Path) -> None:
    """GIVEN the sample index WHEN queries of every kind run through both scorers
    THEN totals, ranked clauses, scores and facet counts are identical."""
    _assert_same(sample_index)


def test_fast_scoring_equals_whoosh_with_segments_and_deletions(
    sample_corpus: Path, tmp_path: Path
) -> None:
    """GIVEN an index updated incrementally (several segments, deleted clauses)
    WHEN the same queries run THEN both scorers still agree."""
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_corpus, corpus)
    root = tmp_path / "index"
    pdfs = sorted(corpus.glob("*.pdf"))
    hidden = pdfs[-1].rename(tmp_path / pdfs[-1].name)
    build_index(Settings(corpus=corpus, index=root, jobs=1))
    shutil.move(hidden, corpus / hidden.name)  # a new segment
    (corpus / "ghi-chu.md").write_text("# Ghi chú\n\n1.1 Thiết bị đầu cuối phát xạ giả\n", "utf-8")
    build_index(Settings(corpus=corpus, index=root, jobs=1))
    (corpus / "ghi-chu.md").write_text("# Ghi chú\n\n1.1 Trạm gốc tương thích điện từ\n", "utf-8")
    report = build_index(Settings(corpus=corpus, index=root, jobs=1))  # deletes the old clauses
    assert report.mode == "incremental"
    reader = Engine(root).snapshot().searcher.reader()
    if not reader.has_deletions() and reader.is_atomic():
        pytest.fail("the incremental builds should have left deletions or segments")
    _assert_same(root)
