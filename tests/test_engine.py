"""The search engine follows index generations and releases old ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.config import Settings
from indexer.errors import IndexNotFoundError
from search_api.engine import Engine
from search_api.search import search


def _write(corpus: Path, text: str) -> None:
    corpus.mkdir(exist_ok=True)
    (corpus / "doc.md").write_text(
        f"# Quy định\n\n## Điều 1. Phạm vi\n\n{text}\n", encoding="utf-8"
    )


def test_engine_follows_swaps_and_closes_old_generations(tmp_path: Path) -> None:
    """GIVEN an engine over an index WHEN two rebuilds publish new generations
    THEN it serves the newest, and the searchers of the generation two swaps old are closed."""
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    settings = Settings(jobs=1)
    _write(corpus, "thiết bị vô tuyến")
    build_index(corpus, root, settings)
    engine = Engine(root)
    first = engine.snapshot()
    old_searcher = first.searcher
    assert search(old_searcher, "vô tuyến").total == 1
    for word in ("trạm gốc", "tương thích điện từ"):
        _write(corpus, word)
        build_index(corpus, root, settings)
        snap = engine.snapshot()
        assert search(snap.searcher, word).total == 1
    assert snap.generation != first.generation
    assert old_searcher.is_closed
    assert not snap.searcher.is_closed


def test_engine_without_index_raises(tmp_path: Path) -> None:
    """GIVEN an empty folder WHEN a snapshot is asked for THEN IndexNotFoundError says so."""
    with pytest.raises(IndexNotFoundError, match="no index"):
        Engine(tmp_path).snapshot()


def test_preloading_reads_every_term_and_changes_no_result(tmp_path: Path) -> None:
    """GIVEN an engine that preloads postings WHEN its snapshot reports preloaded THEN every
    term of the body field is cached, and results equal those of a lazy engine."""
    from search_api import fastscore

    corpus, root = tmp_path / "corpus", tmp_path / "index"
    _write(corpus, "thiết bị vô tuyến phải đo phát xạ giả tại cổng ăng ten")
    build_index(corpus, root, Settings(jobs=1))
    snap = Engine(root, preload=True).snapshot()
    assert snap.preloaded.wait(timeout=60)
    scorer = fastscore.scorer_for(snap.searcher, snap.ranking.bm25_k1, snap.ranking.bm25_b)
    body_terms = {t.decode() for t in snap.searcher.reader().lexicon("b")}
    assert body_terms and body_terms <= {text for field, text in scorer._terms if field == "b"}
    lazy = Engine(root).snapshot()
    for q in ("phát xạ giả", "ang ten", "thiết bị"):
        assert [(h.clause_id, h.score) for h in snap.search(q).hits] == [
            (h.clause_id, h.score) for h in lazy.search(q).hits
        ]
