"""Hybrid ranking of one search: whether a query is embedded, its dense share, and the
lexical matches fused with the clause vectors (semantic.py holds the vectors and the fusion
arithmetic; run.py the search around them)."""

from __future__ import annotations

from concurrent.futures import Future

import numpy as np

from indexer.errors import EmbeddingFailedError
from indexer.index import fields as F
from indexer.text.codes import find_codes
from indexer.text.legalnum import query_numbers
from search_api.reader.execute import Ranked
from search_api.reader.snapshot import Snapshot
from search_api.search.language import is_foreign
from search_api.search.parts import QueryParts
from search_api.search.ranking import Ranking
from search_api.search.semantic import dense, fuse_vectors, prefetch


def start_vector(snap: Snapshot, text: str, ranking: Ranking) -> Future[np.ndarray] | None:
    """The parsed query's vector, started on another thread before the words are analysed,
    when it is worth it: it has words, the dense share is not 0, the generation has vectors,
    and it names no code or document number (those are looked up lexically: uses_vectors)."""
    if ranking.semantic <= 0 or not text.strip() or find_codes(text) or query_numbers(text):
        return None
    return prefetch(text.strip()) if dense(snap) is not None else None


def uses_vectors(parts: QueryParts, ranking: Ranking) -> bool:
    """Whether the query is fused with the vectors: it has free words and names no code
    ("QCVN 47:2015 2.2.3" asks for that document, lexically), and the dense share is not 0."""
    plan = parts.plan
    return ranking.semantic > 0 and bool(plan.tokens) and not plan.codes and not plan.numbers


def dense_share(parts: QueryParts, ranking: Ranking) -> float:
    """The dense share of a query: larger for a query in another language (its words match
    Vietnamese text only by accident), smaller for one typed without diacritics."""
    if is_foreign(parts.text):
        return max(ranking.semantic_foreign, ranking.semantic)
    return ranking.semantic if parts.plan.accented else ranking.semantic_unaccented


def fused(
    snap: Snapshot,
    ranked: Ranked,
    parts: QueryParts,
    ranking: Ranking,
    query: Future[np.ndarray] | None,
) -> Ranked:
    """The lexical matches fused with the clause vectors (query: the query's vector, on its
    way); as they are when the query uses none, the scoring was cut short or the model
    failed."""
    vectors = dense(snap) if query is not None and uses_vectors(parts, ranking) else None
    if vectors is None or query is None or not ranked.complete:
        return ranked
    try:
        sims = vectors.matrix @ query.result()
    except EmbeddingFailedError:  # the model failed: this search stays lexical
        return ranked
    docs = snap.column(F.DOC_ID)[0] if ranking.semantic_doc > 0 else None
    return fuse_vectors(ranked, vectors, sims, dense_share(parts, ranking), ranking, docs)
