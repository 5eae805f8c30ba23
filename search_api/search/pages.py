"""The pages of the clauses a search ranks (docs/relevance.md, "Where a hit lands").

- **Re-scoring by the best page.** The best `page_candidates` clauses are scored again:
  `(1 - page_share) × score + page_share × top score × cover`, `cover` being the share of
  the query's own words (weighted by idf) found on the clause's page holding the most of them
  (its whole text for a clause of one page or of a Markdown source). A clause that holds
  every word on one page thus passes one that holds a few of them scattered over a long
  text, as a page-level engine would rank them. The other clauses' scores are scaled by
  `1 - page_share` (as if they covered nothing), so the order stays consistent. Not for a
  query in another language (search/language.py): its words match only by accident.
- **Page hits.** A clause over several pages whose other pages hold at least
  PAGE_HIT_SHARE as many of the query's distinct words as its landing page is listed again
  for each of them (at most `page_hits`: 1, the best), just below it, landing on that page
  with that page's snippet (`page_hit`: true) — as a page-level engine lists each page.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence

import numpy as np

from indexer.index import fields as F
from indexer.text.tokens import is_compound
from indexer.text.vntext import fold
from search_api.reader import lookups
from search_api.reader.execute import Ranked
from search_api.reader.records import StoredClause
from search_api.reader.snapshot import Snapshot
from search_api.search.highlight import excerpt, match_spans
from search_api.search.plan import QueryPlan
from search_api.search.ranking import Ranking
from search_api.search.tablesnip import table_snippet

PAGE_HIT_SHARE = 0.5  # another page is listed when it holds this share of the landing page's words


def page_terms(
    text: str, marks: frozenset[str], exact: frozenset[str] | None, parts: Sequence[int]
) -> dict[int, list[str]]:
    """Per part of text (0: its first page; cut at the offsets `parts`), the query's words it
    holds, one per match, as the snippet marks them (only `exact` forms when given)."""
    found: dict[int, list[str]] = {}
    for start, end, term in match_spans(text, marks):
        if exact is None or text[start:end].lower() in exact:
            found.setdefault(bisect_right(parts, start), []).append(term)
    return found


def idf_weights(snap: Snapshot, plan: QueryPlan) -> dict[str, float]:
    """The BM25 idf, in the folded body of the clauses, of each of the query's own words
    (not those an abbreviation's expansion brought: a list of abbreviations would
    otherwise "cover" any query naming one)."""
    n = lookups.clause_count(snap)
    own = {fold(t.text) for t in plan.tokens if not is_compound(t)} & plan.highlight_terms
    return {
        term: math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        for term in own
        for df in (lookups.doc_frequency(snap, F.FOLDED[F.BODY], term),)
    }


def cover(c: StoredClause, plan: QueryPlan, weights: dict[str, float]) -> float:
    """The share of the query's words (weights: their idf) on the page of c that holds the
    most of them."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    parts = page_terms(c.text, plan.highlight_terms, plan.exact_terms, c.page_starts)
    best = max((sum(weights.get(t, 0.0) for t in set(ts)) for ts in parts.values()), default=0)
    return best / total


def by_best_page(snap: Snapshot, ranked: Ranked, plan: QueryPlan, ranking: Ranking) -> Ranked:
    """ranked with its best clauses re-scored by their best page (the module's docstring)."""
    share, n = ranking.page_share, min(ranking.page_candidates, len(ranked.order))
    if share <= 0 or n == 0 or not plan.highlight_terms:
        return ranked
    head = ranked.order[:n]
    top = float(ranked.scores[head].max())
    weights = idf_weights(snap, plan)
    scores = ranked.scores * (1.0 - share)
    scores[head] += share * top * np.array([cover(lookups.stored(snap, int(d)), plan, weights)
                                            for d in head])  # fmt: skip
    head = head[np.argsort(-scores[head], kind="stable")]  # stable: ties keep their order
    order = np.concatenate([head, ranked.order[n:]])
    return Ranked(order, scores, ranked.matched, ranked.allowed, ranked.complete)


def other_pages(c: StoredClause, plan: QueryPlan, landing: int | None, limit: int) -> list[int]:
    """The other pages of c to list as page hits below it (best first): those holding at
    least PAGE_HIT_SHARE as many of the query's distinct words as its landing page."""
    if limit <= 0 or not c.page_starts or c.page is None or landing is None:
        return []
    parts = page_terms(c.text, plan.highlight_terms, plan.exact_terms, c.page_starts)
    words = {part: (len(set(terms)), len(terms)) for part, terms in parts.items()}
    own = words.get(landing - c.page, (0, 0))[0]
    others = [
        (distinct, count, -part)
        for part, (distinct, count) in words.items()
        if part != landing - c.page and distinct >= max(1.0, PAGE_HIT_SHARE * own)
    ]
    return [c.page - part for _, _, part in sorted(others, reverse=True)[:limit]]


def page_snippet(
    c: StoredClause, page: int, marks: frozenset[str], exact: frozenset[str] | None
) -> str:
    """The snippet of a page hit: the best window of the page's part of c's text (or, in a
    table, its header and matching row)."""
    starts = (0, *c.page_starts, len(c.text))
    start, end = starts[page - (c.page or 0)], starts[page - (c.page or 0) + 1]
    found = excerpt(c.text[start:end], marks, exact=exact)
    anchor = None if found.anchor is None else found.anchor + start
    in_table = table_snippet(c.tables, anchor, marks, exact) if c.tables else None
    return in_table or found.html


def page_snippets(
    c: StoredClause, plan: QueryPlan, landing: int | None, ranking: Ranking
) -> list[tuple[int, str]]:
    """(page, snippet) of each page hit of clause c, landing on `landing` (best first)."""
    pages = other_pages(c, plan, landing, ranking.page_hits)
    return [(p, page_snippet(c, p, plan.highlight_terms, plan.exact_terms)) for p in pages]
