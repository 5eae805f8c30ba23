"""Semantic ranking: clause vectors of a generation, and their fusion with BM25F scores.

A generation built with `--semantic` carries one e5 vector per clause (indexer/index/vectors.py).
At query time the query is embedded (about 10 ms on one core), compared with every clause
(one matrix product), and the two rankings are fused by a weighted sum of min-max
normalised scores: BM25F divided by the best match, cosine rescaled between the
`candidates`-th and the best clause. The clauses fused are the lexical matches plus the
`candidates` nearest clauses, always within the query's filters, required parts and
exclusions. Without vectors (or without the model) search stays purely lexical.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from indexer.errors import EmbeddingUnavailableError
from indexer.index import vectorcache, vectors
from indexer.text import embed
from search_api.reader import lookups
from search_api.reader.execute import Ranked, best_first
from search_api.reader.snapshot import Snapshot
from search_api.search.ranking import Ranking

REFRESH_SECONDS = 5.0  # how often a generation whose vectors are incomplete looks for more


@dataclass
class VectorStatus:
    """How far a generation's clause vectors are (what /health shows)."""

    state: str  # "complete", "filling", "off" (built with --no-semantic), "unavailable"
    done: int = 0
    total: int = 0
    reason: str | None = None


class DenseIndex:
    """Clause vectors laid out by the searcher's document numbers: the generation's own
    complete matrix, or the vectors the cache holds for its clauses' texts, taken up as a
    background embedder appends them (`refresh`, at most every REFRESH_SECONDS)."""

    def __init__(self, n: int, total: int) -> None:
        self.matrix = np.zeros((n, embed.DIM), dtype=np.float32)  # zero rows: no vector yet
        self.has = np.zeros(n, dtype=bool)
        self.total = total
        self.done = 0
        self._pending: dict[str, list[int]] = {}  # text hash → document numbers still lacking
        self._cache: vectorcache.CacheReader | None = None
        self._last = -REFRESH_SECONDS  # time.monotonic() of the last look
        self._lock = threading.Lock()

    @classmethod
    def load(cls, snap: Snapshot, model: bool = True) -> DenseIndex | None:
        """The generation's vectors so far; None without keys (--no-semantic) or model
        (model=False: only whether the model is installed, without loading it)."""
        keys = vectors.read_keys(snap.path)
        if keys is None or not (embed.available() if model else embed.installed()):
            return None
        complete = vectors.read(snap.path)
        row_of = {cid: i for i, cid in enumerate(keys[0])}
        out = cls(lookups.docnum_count(snap), len(keys[0]))
        for docnum, clause_id in lookups.clause_ids(snap):
            row = row_of.get(clause_id)
            if row is None:
                continue
            if complete is not None:
                out.matrix[docnum], out.has[docnum] = complete.matrix[row], True
            else:
                out._pending.setdefault(keys[1][row], []).append(docnum)
        out.done = int(out.has.sum())
        if out._pending:
            out._cache = vectorcache.CacheReader(snap.path.parent)
            out.refresh()
        return out

    def refresh(self) -> None:
        """Take up the vectors the cache gained since the last look (cheap when complete)."""
        if not self._pending or time.monotonic() - self._last < REFRESH_SECONDS:
            return
        with self._lock:
            self._last = time.monotonic()
            if self._cache is None or not self._cache.refresh():
                return
            found = self._cache.vectors
            for digest in [h for h in self._pending if h in found]:
                docnums = self._pending.pop(digest)
                self.matrix[docnums] = found[digest]
                self.has[docnums] = True  # after the row: a reader never sees a half row
            self.done = int(self.has.sum())

    def status(self) -> VectorStatus:
        return VectorStatus("filling" if self._pending else "complete", self.done, self.total)

    def similarities(self, text: str) -> np.ndarray:
        """Cosine similarity of the query text to every clause (0 where no vector)."""
        sims: np.ndarray = self.matrix @ query_vector(text)
        return sims

    def near(self, docnum: int) -> np.ndarray:
        """Cosine similarity of one clause to every clause ("more like this")."""
        sims: np.ndarray = self.matrix @ self.matrix[docnum]
        return sims


def dense(snap: Snapshot) -> DenseIndex | None:
    """The generation's clause vectors so far (None when it has none yet, or no model)."""
    found = snap.memo("dense", DenseIndex.load)
    if found is None:
        return None
    found.refresh()
    return found if found.done else None


def vector_status(snap: Snapshot, load_model: bool = True) -> VectorStatus:
    """How far the generation's clause vectors are (load_model=False: without loading the
    model, for a one-shot report such as `vnstd stats`)."""
    found = snap.memo("dense", DenseIndex.load) if load_model else DenseIndex.load(snap, False)
    if found is not None:
        found.refresh()
        return found.status()
    if vectors.read_keys(snap.path) is None:
        return VectorStatus("off", reason="built without clause vectors (--no-semantic)")
    if not embed.installed():
        return VectorStatus("unavailable", reason=embed.NOT_INSTALLED)
    try:
        if load_model:
            embed.require_query()
    except EmbeddingUnavailableError as exc:
        return VectorStatus("unavailable", reason=str(exc))
    return VectorStatus("unavailable", reason="the clause vectors cannot be read")


EMBEDDER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="query-embed")


def prefetch(text: str) -> Future[np.ndarray]:
    """The query's vector, computed on another thread (the model runs outside the GIL, so
    the lexical scoring goes on meanwhile); `.result()` raises what query_vector raises."""
    return EMBEDDER.submit(query_vector, text)


@lru_cache(maxsize=1024)
def query_vector(text: str) -> np.ndarray:
    """The query's vector, remembered (the next page of results, the same query again)."""
    vector = embed.embed_query(text)
    vector.setflags(write=False)
    return vector


def fuse_vectors(
    ranked: Ranked,
    vectors: DenseIndex,
    sims: np.ndarray,
    weight: float,
    ranking: Ranking,
    docs: np.ndarray | None = None,
) -> Ranked:
    """ranked fused with similarities to the clause vectors, the dense share being weight;
    docs (document code per clause) when ranking.semantic_doc blends in each document's best."""
    if docs is not None:
        sims = with_document(sims, vectors.has, docs, ranking.semantic_doc)
    order, scores, matched = fuse(
        ranked.scores, ranked.matched, ranked.allowed, sims, vectors.has, weight,
        ranking.semantic_candidates, ranking.semantic_rrf,
    )  # fmt: skip
    return Ranked(order, scores, matched, ranked.allowed)


def with_document(sims: np.ndarray, has: np.ndarray, docs: np.ndarray, share: float) -> np.ndarray:
    """Each clause's similarity blended with its document's best (docs: document code per
    clause): (1 - share) · own + share · best of the document's clauses with a vector."""
    if share <= 0 or not has.any():
        return sims
    best = np.full(int(docs.max()) + 1, -1.0, dtype=np.float64)
    np.maximum.at(best, docs[has], sims[has])
    blended = (1 - share) * sims + share * best[docs]
    return np.where(has, blended, sims)


def fuse(
    lexical: np.ndarray,
    matched: np.ndarray,
    allowed: np.ndarray,
    sims: np.ndarray,
    has: np.ndarray,
    weight: float,
    candidates: int,
    rrf: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(docnums best first, fused scores, fused set) of lexical and dense scores.

    lexical/matched: BM25F scores and the lexical matches (already within `allowed`);
    allowed: documents the query's filters, required parts and exclusions admit;
    weight: share of the dense score (0 = lexical only, 1 = dense only); rrf: when not 0,
    the two are fused by reciprocal rank (with this k) instead of min-max normalised scores.
    """
    pool = np.flatnonzero(allowed & has)
    fused_set = matched.copy()
    dense = np.zeros(len(sims), dtype=np.float64)
    if len(pool):
        k = min(candidates, len(pool))
        nearest = pool[np.argpartition(-sims[pool], k - 1)[:k]]
        top, floor = float(sims[nearest].max()), float(sims[nearest].min())
        span = top - floor
        if span > 0:
            dense[pool] = np.clip((sims[pool] - floor) / span, 0.0, None)
        fused_set[nearest] = True
    if rrf:
        lex, dense = _rrf(lexical, matched, rrf), _rrf(sims, allowed & has, rrf)
    else:
        best = float(lexical[matched].max()) if matched.any() else 0.0
        lex = lexical / best if best > 0 else np.zeros_like(lexical)
    # a clause whose vector has not arrived yet keeps its lexical score: vectors filled in
    # for some clauses must not push the others down
    dense = np.where(has, dense, lex)
    scores = np.where(fused_set, (1 - weight) * lex + weight * dense, 0.0)
    return best_first(scores, fused_set), scores, fused_set


def _rrf(values: np.ndarray, members: np.ndarray, k: int) -> np.ndarray:
    """Reciprocal rank (k + 1) / (k + rank) of each member by values, best first; 0 elsewhere."""
    out = np.zeros(len(values), dtype=np.float64)
    idx = np.flatnonzero(members)
    order = idx[np.argsort(-values[idx], kind="stable")]
    out[order] = (k + 1) / (k + np.arange(1, len(order) + 1))
    return out
