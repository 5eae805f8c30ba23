"""JSON API: search, autocomplete, health."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from search_api.search.suggest import complete
from search_api.web import service
from search_api.web.deps import (
    FiltersDep,
    PagingDep,
    QueryText,
    SettingsDep,
    SnapshotDep,
    StateDep,
    clean_text,
)
from search_api.web.healthout import HealthOut
from search_api.web.routes import Router
from search_api.web.schemas import ErrorOut, SearchOut, SuggestionOut, SuggestOut
from search_api.web.state import completions

router = Router(tags=["search"])
ERRORS: dict[int | str, dict[str, object]] = {
    422: {"model": ErrorOut, "description": "invalid parameters or query too long"},
    500: {"model": ErrorOut, "description": "unexpected failure (logged, no details)"},
    503: {"model": ErrorOut, "description": "no index, or none of its generations opens"},
}


@router.get("/api/search", response_model=SearchOut, responses=ERRORS)
def api_search(
    snap: SnapshotDep, settings: SettingsDep, q: QueryText, paging: PagingDep, filters: FiltersDep
) -> SearchOut:
    """Ranked clauses for a query, with facet counts and a did-you-mean suggestion."""
    return service.run_search(
        snap,
        q,
        page=paging.page,
        size=paging.size,
        filters=filters.active(),
        settings=settings,
    )


@router.get("/api/suggest", response_model=SuggestOut, responses=ERRORS)
def api_suggest(
    snap: SnapshotDep,
    settings: SettingsDep,
    q: Annotated[str, Query(description="what the user has typed so far")] = "",
    limit: Annotated[int, Query(ge=1, le=20)] = 8,
) -> SuggestOut:
    """Codes, titles and headings starting with what was typed (diacritics optional)."""
    text = clean_text(q)[: settings.max_query_chars]
    found = complete(completions(snap), text, limit)
    return SuggestOut(
        query=text, suggestions=[SuggestionOut(text=e.text, kind=e.kind, url=e.url) for e in found]
    )


@router.get("/health", response_model=HealthOut, responses={503: ERRORS[503]})
def health(snap: SnapshotDep, state: StateDep) -> HealthOut:
    """Index size, build time, generation and version; "degraded" with the reason when a
    newer generation will not open."""
    return service.health(snap, state.engine)
