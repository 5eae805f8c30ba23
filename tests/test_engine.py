"""The search engine follows index generations and releases old ones."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.errors import IndexFormatError, IndexNotFoundError
from indexer.index.build import build_index
from search_api.reader.engine import Engine
from search_api.search.run import search


def _write(corpus: Path, text: str) -> None:
    corpus.mkdir(exist_ok=True)
    (corpus / "doc.md").write_text(
        f"# Quy định\n\n## Điều 1. Phạm vi\n\n{text}\n", encoding="utf-8"
    )


def test_engine_follows_swaps_and_closes_old_generations(tmp_path: Path) -> None:
    """GIVEN an engine over an index WHEN two rebuilds publish new generations
    THEN it serves the newest, and the searchers of the generation two swaps old are closed."""
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    settings = Settings(corpus=corpus, index=root, jobs=1)
    _write(corpus, "thiết bị vô tuyến")
    build_index(settings)
    engine = Engine(root)
    first = engine.snapshot()
    old_searcher = first.searcher
    assert search(first, "vô tuyến").total == 1
    for word in ("trạm gốc", "tương thích điện từ"):
        _write(corpus, word)
        build_index(settings)
        snap = engine.snapshot()
        assert search(snap, word).total == 1
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
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    _write(corpus, "thiết bị vô tuyến phải đo phát xạ giả tại cổng ăng ten")
    build_index(Settings(corpus=corpus, index=root, jobs=1))
    snap = Engine(root, preload=True).snapshot()
    assert snap.preloaded.wait(timeout=60)
    body_terms = {t.decode() for t in snap.searcher.reader().lexicon("b")}
    cached = {text for field, text in snap.scorer().cached_terms() if field == "b"}
    assert body_terms and body_terms <= cached
    lazy = Engine(root).snapshot()
    for q in ("phát xạ giả", "ang ten", "thiết bị"):
        assert [(h.clause_id, h.score) for h in search(snap, q).hits] == [
            (h.clause_id, h.score) for h in search(lazy, q).hits
        ]


def _two_generations(tmp_path: Path) -> tuple[Path, Engine, str]:
    """An engine serving the first of two generations, the second with a broken manifest."""
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    settings = Settings(corpus=corpus, index=root, jobs=1)
    _write(corpus, "thiết bị vô tuyến")
    build_index(settings)
    engine = Engine(root)
    first = engine.snapshot().generation
    _write(corpus, "trạm gốc")
    build_index(settings)
    (root / "current" / "manifest.json").write_text("{not json", encoding="utf-8")
    return root, engine, first


def test_a_generation_that_will_not_open_is_reported_and_the_previous_one_served(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """GIVEN an engine serving a generation WHEN a new one is published whose manifest is
    unreadable THEN the engine keeps serving the previous one, reports the new one as its
    problem (no absolute path), and logs the failure once, not on every request."""
    root, engine, first = _two_generations(tmp_path)
    broken = (root / "current").resolve().name
    with caplog.at_level(logging.ERROR, logger="vnstd"):
        for _ in range(3):
            assert engine.snapshot().generation == first
    assert engine.problem is not None and engine.problem.generation == broken
    assert "manifest.json" in engine.problem.reason and str(root) not in engine.problem.reason
    events = [r for r in caplog.records if r.getMessage() == "generation_open_failed"]
    assert len(events) == 1
    assert events[0].vnstd_fields["generation"] == broken  # type: ignore[attr-defined]


def test_a_new_engine_falls_back_to_the_newest_generation_that_opens(tmp_path: Path) -> None:
    """GIVEN an index whose current generation has a broken manifest WHEN a new engine opens
    it THEN it serves the older generation and reports the current one as its problem; with
    every generation broken, IndexFormatError names the generation and the cause."""
    root, _, first = _two_generations(tmp_path)
    engine = Engine(root)
    assert engine.snapshot().generation == first
    assert engine.problem is not None and "manifest.json" in engine.problem.reason
    (root / first / "manifest.json").write_text("[]", encoding="utf-8")
    with pytest.raises(IndexFormatError, match=r"gen-.*manifest\.json"):
        Engine(root).snapshot()


def test_a_repaired_generation_is_picked_up_once_the_link_changes(tmp_path: Path) -> None:
    """GIVEN an engine whose newest generation would not open WHEN a good generation is
    published THEN it is served and the problem is cleared."""
    root, engine, first = _two_generations(tmp_path)
    engine.snapshot()
    _write(tmp_path / "corpus", "tương thích điện từ")
    build_index(Settings(corpus=tmp_path / "corpus", index=root, jobs=1))
    snap = engine.snapshot()
    assert snap.generation not in (first, None) and engine.problem is None
    assert search(snap, "tương thích").total == 1


def test_the_server_logs_one_json_line_per_event(capsys: pytest.CaptureFixture[str]) -> None:
    """GIVEN the logging configuration `vnstd serve` installs WHEN an event is emitted THEN
    stderr gets one JSON object with the event and its fields."""
    import json
    import logging.config

    from search_api.reader.events import emit, logger
    from search_api.web.app import log_config

    logging.config.dictConfig(log_config())
    try:
        emit(
            logger("reader"), logging.ERROR, "generation_open_failed", generation="gen-2", error="x"
        )
        (line,) = capsys.readouterr().err.strip().splitlines()
    finally:
        logging.getLogger("vnstd").handlers.clear()
        logging.getLogger("vnstd").propagate = True
    event = json.loads(line)
    assert event["event"] == "generation_open_failed" and event["generation"] == "gen-2"
    assert (event["level"], event["logger"]) == ("error", "vnstd.reader")
