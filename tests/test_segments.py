"""A build cut into many segments (bounded memory) serves exactly what a one-segment build
serves: the same stored clauses and the same ranked results, full and incremental."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from indexer.config import Settings
from indexer.index import writer as writer_mod
from indexer.index.build import build_index
from indexer.index.store import current_generation

QUERIES = (
    "thiết bị vô tuyến",
    "tương thích điện từ",
    "phương pháp đo công suất",
    '"phát xạ ngoài băng"',
    "QCVN 18:2022/BTTTT",
    "an toan dien",  # folded field
    "type:TCVN yêu cầu kỹ thuật",
    "Điều 2",
)
SAMPLES = Path(__file__).resolve().parents[1] / "corpus"


def _corpus(dst: Path) -> Path:
    dst.mkdir()
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        shutil.copy2(pdf, dst / pdf.name)
    return dst


def _segments(root: Path) -> int:
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(current_generation(root)))
    try:
        return len(ix._segments())
    finally:
        ix.close()


def _stored(root: Path) -> dict[str, dict[str, Any]]:
    gen = current_generation(root)
    assert gen is not None
    rows = writer_mod.stored_rows(gen)
    return {row["clause_id"]: row for row in rows}


def _ranked(root: Path) -> list[list[tuple[str, float]]]:
    from search_api.reader.engine import Engine
    from search_api.search.run import search

    snap = Engine(root).snapshot()
    return [
        [(h.clause_id, round(h.score, 9)) for h in search(snap, q, size=30).hits] for q in QUERIES
    ]


def _build(corpus: Path, root: Path, segment: int | None, monkeypatch: Any, **kw: Any) -> None:
    if segment is not None:
        monkeypatch.setattr(writer_mod, "SEGMENT_POSTINGS", segment)
    build_index(Settings(corpus=corpus, index=root, jobs=1), **kw)
    monkeypatch.undo()


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The sample PDFs built once in one segment and once cut every 3,000 postings."""
    mp = pytest.MonkeyPatch()
    base = tmp_path_factory.mktemp("segments")
    corpus = _corpus(base / "corpus")
    _build(corpus, base / "one", None, mp)
    _build(corpus, base / "many", 3000, mp)
    return corpus, base / "one", base / "many"


def test_small_segments_are_cut(pair: tuple[Path, Path, Path]) -> None:
    """GIVEN a segment size far below the corpus THEN the build leaves many segments."""
    _, one, many = pair
    assert _segments(one) == 1
    assert _segments(many) >= 5


def test_same_stored_clauses(pair: tuple[Path, Path, Path]) -> None:
    """GIVEN the two builds THEN every clause is stored once, with the same fields."""
    _, one, many = pair
    a, b = _stored(one), _stored(many)
    assert len(a) > 50
    assert a == b


def test_same_ranked_results(pair: tuple[Path, Path, Path]) -> None:
    """GIVEN the two builds THEN every query ranks the same clauses with the same scores."""
    _, one, many = pair
    a, b = _ranked(one), _ranked(many)
    assert all(a) and len({len(x) for x in a}) > 1  # the queries found different things
    assert a == b


def test_incremental_on_many_segments(
    pair: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN the many-segment index WHEN a file is removed and the build updated THEN the
    index holds the same clauses as a full build of what is left."""
    corpus, _, many = pair
    work_corpus = tmp_path / "corpus"
    shutil.copytree(corpus, work_corpus)
    root = tmp_path / "index"
    shutil.copytree(many, root, symlinks=True)
    gone = sorted(work_corpus.glob("*.pdf"))[0]
    gone.unlink()
    _build(work_corpus, root, 3000, monkeypatch)
    _build(work_corpus, tmp_path / "fresh", None, monkeypatch, rebuild=True)
    assert _stored(root) == _stored(tmp_path / "fresh")
    assert not any(r["file"] == gone.name for r in _stored(root).values())


def test_disk_full_at_a_segment_cut_keeps_the_previous_index(
    pair: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a served index WHEN a rebuild's second segment commit fails (ENOSPC) THEN the
    build aborts with IndexBuildError, the previous generation is still served, unchanged,
    and no temporary directory is left."""
    import errno

    from whoosh.writing import SegmentWriter

    from indexer.errors import IndexBuildError

    corpus, _, many = pair
    root = tmp_path / "index"
    shutil.copytree(many, root, symlinks=True)
    before, served = _ranked(root), current_generation(root)
    real, calls = SegmentWriter.commit, []

    def failing(self: Any, *a: Any, **kw: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, *a, **kw)

    monkeypatch.setattr(SegmentWriter, "commit", failing)
    monkeypatch.setattr(writer_mod, "SEGMENT_POSTINGS", 3000)
    with pytest.raises(IndexBuildError, match="previous index kept"):
        build_index(Settings(corpus=corpus, index=root, jobs=1), rebuild=True)
    monkeypatch.undo()
    assert len(calls) == 2
    assert current_generation(root) == served
    assert _ranked(root) == before
    assert not [p for p in root.iterdir() if p.name.startswith("tmp-")]
