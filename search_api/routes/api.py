"""JSON API: search, autocomplete, health."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from search_api import service
from search_api.deps import (
    FiltersDep,
    PagingDep,
    QueryText,
    SettingsDep,
    SnapshotDep,
    StateDep,
    clean_text,
)
from search_api.schemas import ErrorOut, HealthOut, SearchOut, SuggestionOut, SuggestOut
from search_api.suggest import complete

router = APIRouter(tags=["search"])
ERRORS: dict[int | str, dict[str, object]] = {
    422: {"model": ErrorOut, "description": "invalid parameters or query too long"},
    503: {"model": ErrorOut, "description": "no index to search"},
}


@router.get("/api/search", response_model=SearchOut, responses=ERRORS)
def api_search(
    snap: SnapshotDep,
    state: StateDep,
    settings: SettingsDep,
    q: QueryText,
    paging: PagingDep,
    filters: FiltersDep,
) -> SearchOut:
    """Ranked clauses for a query, with facet counts and a did-you-mean suggestion."""
    return service.run_search(
        snap,
        state,
        q,
        page=paging.page,
        size=paging.size,
        filters=filters.active(),
        max_chars=settings.max_query_chars,
    )


@router.get("/api/suggest", response_model=SuggestOut, responses=ERRORS)
def api_suggest(
    snap: SnapshotDep,
    state: StateDep,
    settings: SettingsDep,
    q: Annotated[str, Query(description="what the user has typed so far")] = "",
    limit: Annotated[int, Query(ge=1, le=20)] = 8,
) -> SuggestOut:
    """Codes, titles and headings starting with what was typed (diacritics optional)."""
    text = clean_text(q)[: settings.max_query_chars]
    found = complete(state.completions.get(snap), text, limit)
    return SuggestOut(
        query=text, suggestions=[SuggestionOut(text=e.text, kind=e.kind, url=e.url) for e in found]
    )


@router.get("/health", response_model=HealthOut, responses={503: ERRORS[503]})
def health(snap: SnapshotDep) -> HealthOut:
    """Index size, build time, generation and version."""
    return service.health(snap)
