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

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from indexer.index import vectors
from indexer.text import embed
from search_api.reader import lookups
from search_api.reader.execute import best_first
from search_api.reader.snapshot import Snapshot


@dataclass(frozen=True)
class DenseIndex:
    """Clause vectors laid out by the searcher's document numbers."""

    matrix: np.ndarray  # (doc_count_all, DIM) float32; zero rows for clauses without a vector
    has: np.ndarray  # bool per document number

    @classmethod
    def load(cls, snap: Snapshot) -> DenseIndex | None:
        """The generation's vectors, or None when it has none or the model is not installed."""
        vs = vectors.read(snap.path)
        if vs is None or not embed.available():
            return None
        row_of = {cid: i for i, cid in enumerate(vs.ids)}
        n = lookups.docnum_count(snap)
        matrix = np.zeros((n, embed.DIM), dtype=np.float32)
        has = np.zeros(n, dtype=bool)
        for docnum, clause_id in lookups.clause_ids(snap):
            row = row_of.get(clause_id)
            if row is not None:
                matrix[docnum] = vs.matrix[row]
                has[docnum] = True
        return cls(matrix, has)

    def similarities(self, text: str) -> np.ndarray:
        """Cosine similarity of the query text to every clause (0 where no vector)."""
        sims: np.ndarray = self.matrix @ query_vector(text)
        return sims

    def near(self, docnum: int) -> np.ndarray:
        """Cosine similarity of one clause to every clause ("more like this")."""
        sims: np.ndarray = self.matrix @ self.matrix[docnum]
        return sims


@lru_cache(maxsize=1024)
def query_vector(text: str) -> np.ndarray:
    """The query's vector, remembered (the next page of results, the same query again)."""
    vector = embed.embed_query(text)
    vector.setflags(write=False)
    return vector


def fuse(
    lexical: np.ndarray,
    matched: np.ndarray,
    allowed: np.ndarray,
    sims: np.ndarray,
    has: np.ndarray,
    weight: float,
    candidates: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(docnums best first, fused scores, fused set) of lexical and dense scores.

    lexical/matched: BM25F scores and the lexical matches (already within `allowed`);
    allowed: documents the query's filters, required parts and exclusions admit;
    weight: share of the dense score (0 = lexical only, 1 = dense only).
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
    best = float(lexical[matched].max()) if matched.any() else 0.0
    lex = lexical / best if best > 0 else np.zeros_like(lexical)
    scores = np.where(fused_set, (1 - weight) * lex + weight * dense, 0.0)
    return best_first(scores, fused_set), scores, fused_set
