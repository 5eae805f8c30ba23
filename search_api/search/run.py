"""Run a search: parse → request → ranked clauses (fused with clause vectors when the
generation has them) → hits with snippets, and facet counts; and "more like this"."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from math import log

import numpy as np

from indexer.errors import EmbeddingFailedError, QueryError
from indexer.index import fields as F
from indexer.text.segment import segment
from indexer.text.tokens import terms
from indexer.text.vntext import fold, nfc
from search_api.reader import lookups
from search_api.reader.execute import Ranked, facet_counts, rank, rank_reference
from search_api.reader.match import Request, Term
from search_api.reader.records import StoredClause
from search_api.reader.snapshot import Snapshot
from search_api.search.expand import Lexicon, lexicon_for
from search_api.search.highlight import snippet
from search_api.search.parts import QueryParts, build_parts
from search_api.search.query import parse
from search_api.search.ranking import DEFAULT_RANKING, Ranking
from search_api.search.semantic import DenseIndex, fuse

MAX_QUERY_CHARS = 1000
SIMILAR_TERMS = 16  # distinctive terms of a clause used to find similar ones
SIMILAR_TEXT_CHARS = 8000


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

    @classmethod
    def of(cls, c: StoredClause, score: float, marks: frozenset[str]) -> Hit:
        """The hit of a stored clause, its score and the words to mark in its snippet."""
        return cls(
            clause_id=c.clause_id, doc_id=c.doc_id, file=c.file, kind=c.kind, code=c.code,
            title=c.title, clause=c.number, heading=c.heading, heading_path=c.heading_path,
            page=c.page, page_end=c.page_end, score=round(float(score), 4),
            snippet=snippet(c.text, marks), type=c.type, issuer=c.issuer, year=c.year,
        )  # fmt: skip


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
    partial: bool = False  # the CPU budget ran out: some query terms were not scored


def lexicon(snap: Snapshot) -> Lexicon:
    """The generation's abbreviations: the curated ones and those its documents define."""
    return snap.memo("lexicon", lambda s: lexicon_for(s.manifest))


def dense(snap: Snapshot) -> DenseIndex | None:
    """The generation's clause vectors (None when it has none or the model is missing)."""
    return snap.memo("dense", DenseIndex.load)


def warm(snap: Snapshot, ranking: Ranking = DEFAULT_RANKING) -> None:
    """Derive now what the first search of a generation would otherwise wait for."""
    lexicon(snap)
    if ranking.semantic > 0:
        dense(snap)


def search(
    snap: Snapshot,
    text: str,
    *,
    page: int = 1,
    size: int = 10,
    filters: dict[str, str] | None = None,
    ranking: Ranking = DEFAULT_RANKING,
    facets: bool = False,
    max_chars: int = MAX_QUERY_CHARS,
    cpu_seconds: float | None = None,
    exact_whoosh: bool = False,
) -> SearchResult:
    """Ranked clauses for the user's query text (plus explicit filters); raises QueryError.

    Terms are scored with numpy (reader/fastscore.py), fused with clause vectors when the
    generation has them (semantic.py); after `cpu_seconds` of this thread's CPU time the
    answer is what was scored so far, `partial`. `exact_whoosh`: Whoosh scores it (tests).
    """
    started = time.perf_counter()
    deadline = time.thread_time() + cpu_seconds if cpu_seconds is not None else None
    if len(text) > max_chars:
        raise QueryError(f"query too long: {len(text)} characters (at most {max_chars})")
    parsed = parse(text)
    merged = {**parsed.filters, **{k: v for k, v in (filters or {}).items() if v}}
    if parsed.is_empty and not merged:
        return SearchResult(text, 0, page, size, 0.0, ())
    parts = build_parts(parsed, ranking, lexicon(snap), merged)
    if _nothing_to_match(parsed.text, parts):
        return SearchResult(text, 0, page, size, _ms(started), ())
    window = slice((page - 1) * size, page * size)
    names = F.FACETS if facets else ()
    if exact_whoosh:
        hits, total, counts = _reference(snap, parts, window, names)
        return SearchResult(text, total, page, size, _ms(started), hits, counts)
    ranked = _ranked(snap, parts, parsed.text, ranking, deadline)
    hits = _hits(snap, ranked.order[window], ranked.scores, parts.plan.highlight_terms)
    counts = facet_counts(snap, ranked.matched, names)
    partial = not ranked.complete
    return SearchResult(text, len(ranked.order), page, size, _ms(started), hits, counts, partial)


def _ranked(
    snap: Snapshot, parts: QueryParts, text: str, ranking: Ranking, deadline: float | None
) -> Ranked:
    """The request's matches, fused with the clause vectors unless the deadline cut it short."""
    ranked = rank(snap, parts.request, ranking.bm25, deadline)
    return _fused(snap, ranked, parts, text, ranking) if ranked.complete else ranked


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def _nothing_to_match(text: str, parts: QueryParts) -> bool:
    """True when the query has words but none of them can match anything (all too long,
    punctuation only …): it then finds nothing, rather than every clause."""
    req = parts.request
    return bool(text.strip()) and not (req.terms or req.should or req.must)


def _hits(
    snap: Snapshot, docnums: np.ndarray, scores: np.ndarray, marks: frozenset[str]
) -> tuple[Hit, ...]:
    return tuple(Hit.of(lookups.stored(snap, int(d)), float(scores[d]), marks) for d in docnums)


def _fused(
    snap: Snapshot, ranked: Ranked, parts: QueryParts, text: str, ranking: Ranking
) -> Ranked:
    """ranked fused with the query's similarity to the clause vectors, when the generation
    has them and the query should use them; ranked itself otherwise."""
    vectors = dense(snap) if ranking.semantic > 0 else None
    if vectors is None or not _semantic_query(parts, ranking):
        return ranked
    try:
        sims = vectors.similarities(text.strip())
    except EmbeddingFailedError:  # the model failed: this search stays lexical
        return ranked
    weight = ranking.semantic if parts.plan.accented else ranking.semantic_unaccented
    return _fuse(ranked, vectors, sims, weight, ranking)


def _fuse(
    ranked: Ranked, vectors: DenseIndex, sims: np.ndarray, weight: float, ranking: Ranking
) -> Ranked:
    order, scores, matched = fuse(
        ranked.scores, ranked.matched, ranked.allowed, sims, vectors.has, weight,
        ranking.semantic_candidates,
    )  # fmt: skip
    return Ranked(order, scores, matched, ranked.allowed)


def _semantic_query(parts: QueryParts, ranking: Ranking) -> bool:
    """Whether the query is embedded: it has free words and names no code ("QCVN 47:2015
    2.2.3" asks for that document, lexically), and the dense share is not 0."""
    return ranking.semantic > 0 and bool(parts.plan.tokens) and not parts.plan.codes


def _reference(
    snap: Snapshot, parts: QueryParts, window: slice, names: tuple[str, ...]
) -> tuple[tuple[Hit, ...], int, dict[str, dict[str, int]]]:
    """The page of hits, total and facets as Whoosh scores them (the reference path)."""
    top, total, counts = rank_reference(snap, parts.request, window.stop, names)
    marks = parts.plan.highlight_terms
    hits = tuple(Hit.of(lookups.stored(snap, d), s, marks) for d, s in top[window])
    return hits, total, counts


def _distinctive_terms(snap: Snapshot, c: StoredClause, limit: int) -> list[str]:
    """The clause's terms with the highest tf × idf over the body field."""
    text = f"{c.heading}\n{c.text}"[:SIMILAR_TEXT_CHARS]
    found = Counter(t.text for t in terms(segment(nfc(text))) if _content_term(t.text))
    n = lookups.docnum_count(snap) or 1
    weight = {
        t: count * log(n / (1 + lookups.doc_frequency(snap, F.BODY, t)))
        for t, count in found.items()
    }
    return sorted(weight, key=lambda t: (-weight[t], t))[:limit]


def similar(
    snap: Snapshot, clause_id: str, *, size: int = 10, ranking: Ranking = DEFAULT_RANKING
) -> SearchResult | None:
    """Clauses most like one clause ("more like this"): its most distinctive terms as a
    query, the clause itself excluded, fused with the nearest clause vectors when the
    generation has them; None if the clause is unknown."""
    started = time.perf_counter()
    docnum = lookups.docnum(snap, clause_id)
    if docnum is None:
        return None
    top = _distinctive_terms(snap, lookups.stored(snap, docnum), SIMILAR_TERMS)
    request = Request(
        terms=tuple(Term(F.BODY, t) for t in top), must_not=(Term(F.CLAUSE_ID, clause_id),)
    )
    ranked = rank(snap, request, ranking.bm25)
    vectors = dense(snap) if ranking.semantic > 0 else None
    if vectors is not None and vectors.has[docnum]:
        ranked = _fuse(ranked, vectors, vectors.near(docnum), ranking.semantic, ranking)
    marks = frozenset(fold(t) for t in top if "_" not in t)
    hits = _hits(snap, ranked.order[:size], ranked.scores, marks)
    return SearchResult(clause_id, len(ranked.order), 1, size, _ms(started), hits)


def _content_term(text: str) -> bool:
    """Worth describing a clause by: not a bare number, not a one-letter token."""
    return len(text) > 1 and not text.replace(".", "").replace(",", "").isdigit()
