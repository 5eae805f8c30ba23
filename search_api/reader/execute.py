"""Running a Request against a generation: the fast path (numpy BM25F for the terms, Whoosh
for the small structured parts) and the reference path (Whoosh scores everything; tests
check that both agree)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh import sorting
from whoosh.searching import Searcher

from search_api.reader.fastscore import counts
from search_api.reader.match import AllOf, AnyOf, Match, Nothing, Phrase, Prefix, Request, Term
from search_api.reader.snapshot import Bm25, Snapshot


class FlatOr(wq.Or):  # type: ignore[misc]
    """An Or scored by reading each term's postings once into an array.

    Whoosh's default for big indexes is a binary tree of union matchers, which costs
    4-6x more per matching document in pure Python with the 30-70 terms a query has here.
    """

    matcher_type = wq.Or.ARRAY_MATCHER


def compile_match(m: Match) -> wq.Query:
    """The Whoosh query of an index query."""
    if isinstance(m, Term):
        return wq.Term(m.field, m.text, boost=m.boost)
    if isinstance(m, Phrase):
        return wq.Phrase(m.field, list(m.words), boost=m.boost)
    if isinstance(m, Prefix):
        return wq.Prefix(m.field, m.text, boost=m.boost)
    if isinstance(m, AnyOf):
        kind = FlatOr if m.flat else wq.Or
        return kind([compile_match(p) for p in m.parts], boost=m.boost)
    if isinstance(m, AllOf):
        return wq.And([compile_match(p) for p in m.parts], boost=m.boost)
    assert isinstance(m, Nothing)
    return wq.NullQuery


def _any(parts: Sequence[Match]) -> wq.Query:
    return wq.Or([compile_match(p) for p in parts])


def whoosh_query(req: Request) -> wq.Query:
    """The whole request as one Whoosh query (must decides, should and terms add score)."""
    should = [FlatOr([compile_match(t) for t in req.terms])] if req.terms else []
    should += [compile_match(q) for q in req.should]
    positive: wq.Query
    if req.must:
        must = wq.And([compile_match(q) for q in req.must])
        positive = wq.AndMaybe(must, wq.Or(should)) if should else must
    elif should:
        positive = wq.Or(should)
    else:
        positive = wq.Every()
    if req.must_not:
        positive = wq.AndNot(positive, _any(req.must_not))
    return positive


@dataclass(frozen=True)
class Ranked:
    """A request's matches over all documents of a generation."""

    order: np.ndarray  # matching docnums, best first
    scores: np.ndarray  # score per docnum
    matched: np.ndarray  # bool per docnum: the query matches (within allowed)
    allowed: np.ndarray  # bool per docnum: admitted by filters, required parts, exclusions
    complete: bool = True  # False when the CPU deadline left some terms unscored


def rank(snap: Snapshot, req: Request, bm25: Bm25, deadline: float | None = None) -> Ranked:
    """The matches of req, scored with the semantics of whoosh_query(req); terms left
    unscored once this thread's CPU time passes `deadline` (then `complete` is False)."""
    fs = snap.scorer(bm25)
    searcher = snap.searcher
    scores, matched, complete = fs.score_terms(searcher.reader(), req.terms, deadline)
    for q in req.should:
        _add_scored(searcher, compile_match(q), scores, matched)
    allowed = fs.alive.copy()
    if req.must:  # AndMaybe(And(must), should): must decides, both score
        must_scores = np.zeros(fs.n)
        must_matched = np.zeros(fs.n, dtype=bool)
        _add_scored(
            searcher, wq.And([compile_match(q) for q in req.must]), must_scores, must_matched
        )
        scores = np.where(must_matched, scores + must_scores, 0.0)
        matched = must_matched.copy()
        allowed &= must_matched
    elif not req.terms and not req.should:
        matched = fs.alive.copy()  # only filters or exclusions: every document, as Every() scores
        scores = np.ones(fs.n)
    if req.must_not:
        allowed[list(searcher.docs_for_query(_any(req.must_not)))] = False
    if req.filter is not None:
        admitted = np.zeros(fs.n, dtype=bool)
        admitted[list(searcher.docs_for_query(compile_match(req.filter)))] = True
        allowed &= admitted
    matched &= allowed
    return Ranked(best_first(scores, matched), scores, matched, allowed, complete)


def best_first(scores: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """The chosen docnums by descending score; ties: lower docnum first, as Whoosh does."""
    idx = np.flatnonzero(chosen)
    return idx[np.lexsort((idx, -scores[idx]))]


def _add_scored(searcher: Searcher, q: wq.Query, scores: np.ndarray, matched: np.ndarray) -> None:
    """Add the Whoosh scores of a (small) query's matches into the arrays."""
    results = searcher.search(q, limit=None, optimize=False, terms=False)
    for i in range(results.scored_length()):
        d = results.docnum(i)
        scores[d] += results.score(i)
        matched[d] = True


def facet_counts(
    snap: Snapshot, matched: np.ndarray, names: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Counts of each value of the named columns among the matched documents."""
    out = {}
    for name in names:
        codes, values = snap.column(name)
        out[name] = counts(codes, values, matched)
    return out


def rank_reference(
    snap: Snapshot, req: Request, limit: int, facets: Sequence[str]
) -> tuple[list[tuple[int, float]], int, dict[str, dict[str, int]]]:
    """Whoosh scoring the whole request: ((docnum, score) best first up to limit, total,
    facet counts). Slower; the reference the fast path is tested against."""
    groupedby = {n: sorting.FieldFacet(n, maptype=sorting.Count) for n in facets} or None
    results = snap.searcher.search(
        whoosh_query(req),
        limit=limit,
        filter=compile_match(req.filter) if req.filter is not None else None,
        groupedby=groupedby,
        terms=False,
        optimize=False,  # no block skipping: the collector counts every match (exact total)
    )
    top = [(results.docnum(i), results.score(i) or 0.0) for i in range(results.scored_length())]
    found: dict[str, dict[str, int]] = {}
    for name in facets:
        groups = results.groups(name)
        found[name] = {
            str(k): int(v)
            for k, v in sorted(groups.items(), key=lambda kv: (-kv[1], str(kv[0])))
            if k
        }
    return top, len(results), found
