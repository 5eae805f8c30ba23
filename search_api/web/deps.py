"""Request dependencies as Annotated aliases: settings, one index snapshot per request,
cleaned query text, paging and filters."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from fastapi.templating import Jinja2Templates

from search_api.reader.snapshot import Snapshot
from search_api.web.settings import ServerSettings
from search_api.web.state import AppState

_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufff0-\uffff]"
)
PAGE_MAX = 1000  # deeper pages cost a sort of page × size hits and nobody reads them
FILTER_MAX = 200


def get_state(request: Request) -> AppState:
    """The AppState create_app stored on the app."""
    state: AppState = request.app.state.vnstd
    return state


StateDep = Annotated[AppState, Depends(get_state)]


def get_settings(state: StateDep) -> ServerSettings:
    """The app's settings (tests override them with app.dependency_overrides)."""
    return state.settings


SettingsDep = Annotated[ServerSettings, Depends(get_settings)]


def get_snapshot(request: Request, state: StateDep) -> Snapshot:
    """The index generation this request reads from (taken once, used throughout; kept on
    the request so that a failure can have it checked)."""
    snap = state.engine.snapshot()
    request.state.snapshot = snap
    return snap


SnapshotDep = Annotated[Snapshot, Depends(get_snapshot)]


def clean_text(value: str | None) -> str:
    """User text with control characters replaced by spaces and outer space trimmed."""
    return _CONTROL.sub(" ", value or "").strip()


def get_q(q: Annotated[str, Query(description="query text (see docs/api.md)")] = "") -> str:
    """The cleaned query text."""
    return clean_text(q)


QueryText = Annotated[str, Depends(get_q)]


class Paging:
    """Validated page and size (size capped by settings.max_page_size)."""

    def __init__(
        self,
        settings: SettingsDep,
        page: Annotated[int, Query(ge=1, le=PAGE_MAX, description="1-based page")] = 1,
        size: Annotated[int, Query(ge=1, description="hits per page (≤ max_page_size, 50)")] = 10,
    ) -> None:
        if size > settings.max_page_size:
            raise HTTPException(422, f"size must be at most {settings.max_page_size}")
        self.page = page
        self.size = size


PagingDep = Annotated[Paging, Depends(Paging)]


def _filter(description: str) -> object:
    return Query(max_length=FILTER_MAX, description=description)


class SearchFilters:
    """The explicit filter parameters of a search (cleaned)."""

    def __init__(
        self,
        type: Annotated[str, _filter('document type, e.g. "QCVN"')] = "",
        issuer: Annotated[str, _filter('issuer, e.g. "BTTTT"')] = "",
        year: Annotated[str, _filter('year of issue, e.g. "2015"')] = "",
        code: Annotated[str, _filter("a standard code, any spelling")] = "",
        doc: Annotated[str, _filter("a document's doc_id: only its clauses")] = "",
        status: Annotated[
            str, _filter("in_force, not_yet, replaced, repealed or unknown (documents' status)")
        ] = "",
    ) -> None:
        self.values = {
            "type": clean_text(type),
            "issuer": clean_text(issuer),
            "year": clean_text(year),
            "code": clean_text(code),
            "doc": clean_text(doc),
            "status": clean_text(status),
        }

    def active(self) -> dict[str, str]:
        """Only the filters that have a value."""
        return {k: v for k, v in self.values.items() if v}


FiltersDep = Annotated[SearchFilters, Depends(SearchFilters)]


def get_templates(request: Request) -> Jinja2Templates:
    """The Jinja2 templates the app was built with."""
    templates: Jinja2Templates = request.app.state.templates
    return templates


TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
