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


def clause_url(clause_id: str, query: str = "") -> str:
    """The web page of a clause (reached from a search for query: it opens where that
    query's words are)."""
    url = f"/clause/{quote_id(clause_id)}"
    return f"{url}?{urlencode({'q': query})}" if query else url


def file_url(doc_id: str, kind: str, page: int | None = None) -> str | None:
    """URL of a document's original file (at a page for PDFs); None for records."""
    if kind == "jsonl":
        return None
    url = f"/documents/{quote_id(doc_id)}/file"
    return f"{url}#page={page}" if page and kind == "pdf" else url


def view_url(doc_id: str, ordinal: int | None = None) -> str:
    """The rendered view of a .md / .txt document, at a clause's anchor."""
    url = f"/view/{quote_id(doc_id)}"
    return url if ordinal is None else f"{url}#{clause_anchor(ordinal)}"


def clause_anchor(ordinal: int) -> str:
    """The id of a clause's element in the rendered view of its document."""
    return f"c{ordinal}"


def landing_url(doc_id: str, kind: str, page: int | None, ordinal: int) -> str | None:
    """Where a clause is read: its PDF at the page, the clause in the rendered view of a
    Markdown or text file; None for records."""
    if kind in ("md", "txt"):
        return view_url(doc_id, ordinal)
    return file_url(doc_id, kind, page)


def completions(snap: Snapshot) -> list[Entry]:
    """Autocomplete entries of a generation: catalog codes and titles, stored headings."""

    def build(s: Snapshot) -> list[Entry]:
        return build_entries(
            s.manifest.documents(), lookups.headings(s).items(), doc_url, search_url
        )

    return snap.memo("completions", build)
