"""Run a search: parse → Whoosh query → ranked clauses → snippets and facets."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from math import log
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh import scoring, sorting
from whoosh.searching import Searcher

from indexer.analysis import terms
from indexer.embed import EmbeddingFailedError
from indexer.errors import QueryError
from indexer.segment import segment
from indexer.vntext import fold, nfc
from search_api import fastscore
from search_api.expand import Lexicon
from search_api.highlight import snippet
from search_api.query import parse
from search_api.ranking import (
    DEFAULT_RANKING,
    QueryParts,
    QueryPlan,
    Ranking,
    build_parts,
    filter_term,
)
from search_api.semantic import DenseIndex, fuse

FACETS = ("type", "issuer", "year")


@dataclass(frozen=True)
class Hit:
    """One ranked clause."""

    clause_id: str
    doc_id: str
    file: str
    kind: str
    code: str
    title: str
    clause: str
    heading: str
    heading_path: tuple[str, ...]
    page: int | None
    page_end: int | None
    score: float
    snippet: str
    type: str
    issuer: str
    year: str


@dataclass(frozen=True)
class SearchResult:
    """A page of hits with totals and facet counts."""

    query: str
    total: int
    page: int
    size: int
    took_ms: float
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None


def weighting(r: Ranking) -> scoring.WeightingModel:
    """BM25F with the ranking's parameters."""
    return scoring.BM25F(B=r.bm25_b, K1=r.bm25_k1)


def _hit(fields: dict[str, Any], score: float, marks: frozenset[str]) -> Hit:
    return Hit(
        clause_id=fields["clause_id"],
        doc_id=fields["doc_id"],
        file=fields.get("file", ""),
        kind=fields.get("kind", ""),
        code=fields.get("code", ""),
        title=fields.get("title", ""),
        clause=fields.get("number", ""),
        heading=fields.get("heading", ""),
        heading_path=tuple(fields.get("heading_path") or ()),
        page=fields.get("page"),
        page_end=fields.get("page_end"),
        score=round(float(score), 4),
        snippet=snippet(fields.get("text", ""), marks),
        type=fields.get("type", ""),
        issuer=fields.get("issuer", ""),
        year=fields.get("year", ""),
    )


def _filters(filters: dict[str, str]) -> wq.Query | None:
    subs = [
        q
        for name, value in filters.items()
        if value and (q := filter_term(name, value)) is not None
    ]
    return wq.And(subs) if subs else None


def search(
    searcher: Searcher,
    text: str,
    *,
    page: int = 1,
    size: int = 10,
    filters: dict[str, str] | None = None,
    ranking: Ranking = DEFAULT_RANKING,
    facets: bool = False,
    max_chars: int = 1000,
    exact_whoosh: bool = False,
    lexicon: Lexicon | None = None,
    dense: DenseIndex | None = None,
) -> SearchResult:
    """Ranked clauses for the user's query text (plus explicit filters).

    The big disjunction of weighted terms is scored with numpy (fastscore.py); with
    `exact_whoosh=True` Whoosh scores the same query itself (the reference, for tests).
    `lexicon`: abbreviations for query expansion (default: the curated list); `dense`: the
    generation's clause vectors, fused with the lexical scores (semantic.py) when given.
    """
    started = time.perf_counter()
    if len(text) > max_chars:
        raise QueryError(f"query too long: {len(text)} characters (at most {max_chars})")
    parsed = parse(text)
    merged = {**parsed.filters, **{k: v for k, v in (filters or {}).items() if v}}
    if parsed.is_empty and not merged:
        return SearchResult(text, 0, page, size, 0.0, ())
    parts = build_parts(parsed, ranking, lexicon)
    if exact_whoosh:
        hits, total, facet_counts = _run_whoosh(searcher, parts, merged, page, size, facets)
    else:
        semantic = _semantic_text(parsed.text, parts, ranking) if dense is not None else ""
        hits, total, facet_counts = _run_fast(
            searcher,
            parts,
            _filters(merged),
            page,
            size,
            facets,
            ranking,
            _similarities(dense, semantic),
        )
    took = (time.perf_counter() - started) * 1000
    return SearchResult(text, total, page, size, round(took, 2), hits, facet_counts)


def _run_fast(
    searcher: Searcher,
    parts: QueryParts,
    filter_q: wq.Query | None,
    page: int,
    size: int,
    facets: bool,
    ranking: Ranking,
    semantic: tuple[DenseIndex, np.ndarray] | None = None,
) -> tuple[tuple[Hit, ...], int, dict[str, dict[str, int]]]:
    """One page of hits, the total and facet counts, scored by fastscore (and fused with
    `semantic`'s similarities, one per document, when given)."""
    ranked = fastscore.rank(searcher, parts, filter_q, ranking.bm25_k1, ranking.bm25_b)
    order, scores, matched = ranked.order, ranked.scores, ranked.matched
    if semantic is not None:
        dense, sims = semantic
        order, scores, matched = fuse(
            scores,
            matched,
            ranked.allowed,
            sims,
            dense.has,
            ranking.semantic if parts.plan.accented else ranking.semantic_unaccented,
            ranking.semantic_candidates,
        )
    marks = parts.plan.highlight_terms
    hits = tuple(
        _hit(searcher.stored_fields(int(d)), float(scores[d]), marks)
        for d in order[(page - 1) * size : page * size]
    )
    facet_counts = fastscore.facet_counts(searcher, matched, FACETS) if facets else {}
    return hits, len(order), facet_counts


def _similarities(dense: DenseIndex | None, text: str) -> tuple[DenseIndex, np.ndarray] | None:
    """The query's similarity to every clause, or None (no vectors, nothing to embed, or
    the model failed: the search then stays lexical rather than failing)."""
    if dense is None or not text:
        return None
    try:
        return dense, dense.similarities(text)
    except EmbeddingFailedError:
        return None


def _semantic_text(text: str, parts: QueryParts, ranking: Ranking) -> str:
    """The text to embed for dense ranking, or "" when the query should stay lexical: no
    free words, a code lookup ("QCVN 47:2015 2.2.3" asks for that document), or weight 0."""
    if ranking.semantic <= 0 or not parts.plan.tokens or parts.plan.codes:
        return ""
    return text.strip()


def similar(
    searcher: Searcher,
    clause_id: str,
    *,
    size: int = 10,
    ranking: Ranking = DEFAULT_RANKING,
    max_terms: int = 16,
    dense: DenseIndex | None = None,
) -> SearchResult | None:
    """Clauses most like one clause ("more like this"): its most distinctive terms
    (tf × idf over the body field) as a query, the clause itself excluded, fused with the
    nearest clause vectors when `dense` is given; None if unknown."""
    started = time.perf_counter()
    docnum = searcher.document_number(clause_id=clause_id)
    if docnum is None:
        return None
    fields = searcher.stored_fields(docnum)
    text = f"{fields.get('heading', '')}\n{fields.get('text', '')}"[:8000]
    counts = Counter(t.text for t in terms(segment(nfc(text))) if _content_term(t.text))
    n = searcher.doc_count_all() or 1
    weight = {t: c * log(n / (1 + searcher.doc_frequency("b", t))) for t, c in counts.items()}
    top = sorted(weight, key=lambda t: (-weight[t], t))[:max_terms]
    plan = QueryPlan((), True, (), (), frozenset(fold(t) for t in top if "_" not in t))
    parts = QueryParts(
        tuple(wq.Term("b", t) for t in top),
        (),
        (),
        (wq.Term("clause_id", clause_id),),
        plan,
    )
    neighbours = None
    if dense is not None and ranking.semantic > 0 and dense.has[docnum]:
        neighbours = (dense, dense.near(docnum))
    hits, total, _ = _run_fast(searcher, parts, None, 1, size, False, ranking, neighbours)
    took = round((time.perf_counter() - started) * 1000, 2)
    return SearchResult(clause_id, total, 1, size, took, hits)


def _content_term(text: str) -> bool:
    """Worth describing a clause by: not a bare number, not a one-letter token."""
    return len(text) > 1 and not text.replace(".", "").replace(",", "").isdigit()


def _run_whoosh(
    searcher: Searcher,
    parts: QueryParts,
    filters: dict[str, str],
    page: int,
    size: int,
    facets: bool,
) -> tuple[tuple[Hit, ...], int, dict[str, dict[str, int]]]:
    """The reference path: the same query scored by Whoosh itself (slower; used by tests)."""
    groupedby = (
        {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in FACETS}
        if facets
        else None
    )
    results = searcher.search(
        parts.whoosh(),
        limit=page * size,
        filter=_filters(filters),
        groupedby=groupedby,
        terms=False,
        optimize=False,  # no block skipping: the collector counts every match (exact total)
    )
    marks = parts.plan.highlight_terms
    hits = tuple(
        _hit(dict(h.fields()), h.score or 0.0, marks)
        for h in results[(page - 1) * size : page * size]
    )
    facet_counts: dict[str, dict[str, int]] = {}
    for name in FACETS if facets else ():
        groups = results.groups(name)
        facet_counts[name] = {
            str(k): int(v)
            for k, v in sorted(groups.items(), key=lambda kv: (-kv[1], str(kv[0])))
            if k
        }
    return hits, len(results), facet_counts
