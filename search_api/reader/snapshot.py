"""One generation of the index, opened for searching: a Whoosh searcher per thread, the
numpy scorer and columns, and anything else derived from the generation once (`memo`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from whoosh import scoring
from whoosh.searching import Searcher

from indexer.index.manifest import Manifest
from search_api.reader.fastscore import FastScorer, column

T = TypeVar("T")


@dataclass(frozen=True)
class Bm25:
    """BM25F's parameters (Whoosh's defaults are K1=1.2, B=0.75)."""

    k1: float = 0.8
    b: float = 0.75


DEFAULT_BM25 = Bm25()


@dataclass(frozen=True)
class Snapshot:
    """One generation of the index, opened for searching; one Whoosh searcher per thread,
    and values derived from the generation once (`memo`)."""

    generation: str
    path: Path
    index: Any
    manifest: Manifest
    bm25: Bm25 = DEFAULT_BM25
    preloaded: threading.Event = field(default_factory=threading.Event, repr=False)
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _opened: list[Searcher] = field(default_factory=list, repr=False)
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)
    _locks: dict[Any, threading.Lock] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def searcher(self) -> Searcher:
        """This thread's searcher (Whoosh file readers are not shared between threads)."""
        found = getattr(self._local, "searcher", None)
        if found is None:
            weighting = scoring.BM25F(B=self.bm25.b, K1=self.bm25.k1)
            found = self.index.searcher(weighting=weighting)
            self._local.searcher = found
            with self._lock:
                self._opened.append(found)
        return found

    def memo(self, key: Any, build: Callable[[Snapshot], T]) -> T:
        """The value of build(self), computed once per generation and key."""
        if key in self._memo:
            return self._memo[key]  # type: ignore[no-any-return]
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._memo:
                self._memo[key] = build(self)
        return self._memo[key]  # type: ignore[no-any-return]

    def scorer(self, bm25: Bm25 | None = None) -> FastScorer:
        """The numpy BM25F scorer of this generation for the given parameters."""
        k1, b = (bm25 or self.bm25).k1, (bm25 or self.bm25).b
        return self.memo(("scorer", k1, b), lambda s: FastScorer(s.searcher.reader(), k1, b))

    def column(self, name: str) -> tuple[np.ndarray, list[str]]:
        """A sortable field as (value code per document, distinct values)."""
        return self.memo(("column", name), lambda s: column(s.searcher.reader(), name))

    def close(self) -> None:
        """Close every searcher opened on this generation (its files are released)."""
        with self._lock:
            while self._opened:
                self._opened.pop().close()
