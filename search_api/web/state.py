"""What the app holds between requests: its settings, the Engine, and what is derived once
per index generation for the web (autocomplete entries)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from search_api.reader import lookups
from search_api.reader.engine import Engine
from search_api.reader.snapshot import Snapshot
from search_api.search.suggest import Entry, build_entries
from search_api.web.settings import ServerSettings


@dataclass(frozen=True)
class AppState:
    """Everything create_app sets up once."""

    settings: ServerSettings
    engine: Engine


def quote_id(value: str) -> str:
    """An id made safe for a URL path ("/" kept readable, "#", "?", "%" … encoded)."""
    return quote(value, safe="/")


def search_url(text: str) -> str:
    """The web page's URL of a search for text."""
    return "/?" + urlencode({"q": text})


def doc_url(doc_id: str) -> str:
    """The web page of a document."""
    return f"/doc/{quote_id(doc_id)}"


def clause_url(clause_id: str) -> str:
    """The web page of a clause."""
    return f"/clause/{quote_id(clause_id)}"


def file_url(doc_id: str, kind: str, page: int | None = None) -> str | None:
    """URL of a document's original file (at a page for PDFs); None for records."""
    if kind == "jsonl":
        return None
    url = f"/documents/{quote_id(doc_id)}/file"
    return f"{url}#page={page}" if page and kind == "pdf" else url


def completions(snap: Snapshot) -> list[Entry]:
    """Autocomplete entries of a generation: catalog codes and titles, stored headings."""

    def build(s: Snapshot) -> list[Entry]:
        return build_entries(
            s.manifest.documents(), lookups.headings(s).items(), doc_url, search_url
        )

    return snap.memo("completions", build)
