"""Where a clause opens when it is reached from a search: the page of the query's best
matches in its text (the page a hit of that search lands on), for `/clause/{id}?q=`."""

from __future__ import annotations

from search_api.reader.records import StoredClause
from search_api.reader.snapshot import Snapshot
from search_api.search.highlight import excerpt
from search_api.search.parts import build_parts
from search_api.search.query import parse
from search_api.search.ranking import DEFAULT_RANKING, Ranking
from search_api.search.run import MAX_QUERY_CHARS, lexicon


def landing_for(
    snap: Snapshot, c: StoredClause, text: str, ranking: Ranking = DEFAULT_RANKING
) -> int | None:
    """The page clause c opens at when reached from a search for text: the page with the
    most of the query's words, as for a hit (the first page without a query, for one too
    long to run, or when none of its words is in c)."""
    parsed = parse(text) if text.strip() and len(text) <= MAX_QUERY_CHARS else None
    if parsed is None or parsed.is_empty:
        return c.page
    plan = build_parts(parsed, ranking, lexicon(snap), {}).plan
    found = excerpt(c.text, plan.highlight_terms, exact=plan.exact_terms, parts=c.page_starts)
    return c.page_at(found.anchor)
