"""What the app holds between requests: the Engine and data derived once per index generation."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar
from urllib.parse import urlencode

from search_api.catalog import documents, quote_id
from search_api.engine import Engine, Snapshot
from search_api.suggest import Entry, Vocab, build_entries, build_vocab, lexicon

T = TypeVar("T")


class PerGeneration(Generic[T]):
    """A value computed once per index generation (the newest two are kept)."""

    def __init__(self, build: Callable[[Snapshot], T]) -> None:
        self._build = build
        self._values: dict[str, T] = {}
        self._lock = threading.Lock()

    def get(self, snap: Snapshot) -> T:
        """The value for snap's generation, built on first use."""
        found = self._values.get(snap.generation)
        if found is not None:
            return found
        with self._lock:
            if snap.generation not in self._values:
                value = self._build(snap)
                for old in list(self._values)[:-1]:
                    del self._values[old]
                self._values[snap.generation] = value
            return self._values[snap.generation]


def search_url(text: str) -> str:
    """The web page's URL of a search for text."""
    return "/?" + urlencode({"q": text})


def doc_url(doc_id: str) -> str:
    """The web page of a document."""
    return f"/doc/{quote_id(doc_id)}"


def _headings(snap: Snapshot) -> Counter[str]:
    counts: Counter[str] = Counter()
    for fields in snap.searcher.reader().all_stored_fields():
        heading = str(fields.get("heading") or "").strip()
        if heading:
            counts[heading] += 1
    return counts


def build_completions(snap: Snapshot) -> list[Entry]:
    """Autocomplete entries of a generation: catalog codes and titles, stored headings."""
    return build_entries(documents(snap.manifest), _headings(snap).items(), doc_url, search_url)


def build_spelling(snap: Snapshot) -> Vocab:
    """The did-you-mean vocabulary of a generation (lexicon of the exact body field)."""
    return build_vocab(lexicon(snap.searcher.reader(), "b"))


@dataclass
class AppState:
    """Everything create_app's lifespan opens once."""

    engine: Engine
    completions: PerGeneration[list[Entry]] = field(
        default_factory=lambda: PerGeneration(build_completions)
    )
    spelling: PerGeneration[Vocab] = field(default_factory=lambda: PerGeneration(build_spelling))
