"""The open index a process searches, re-opened when a build publishes a new generation.

An Engine follows `INDEX/current`. When a newly published generation cannot be opened, the
Engine keeps serving the one it has, logs the failure once, reports it (`problem`, which
`/health` shows as "degraded"), and tries again when the link changes or RETRY_SECONDS later.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from whoosh import index as whoosh_index
from whoosh import scoring
from whoosh.searching import Searcher

from indexer.errors import IndexFormatError, IndexNotFoundError
from indexer.index import fields as F
from indexer.index import store
from indexer.index.manifest import Manifest, load_manifest
from search_api.reader.events import emit, logger
from search_api.reader.fastscore import FastScorer, column

T = TypeVar("T")
RETRY_SECONDS = 30.0
LOG = logger("reader")


@dataclass(frozen=True)
class Bm25:
    """BM25F's parameters (Whoosh's defaults are K1=1.2, B=0.75)."""

    k1: float = 0.8
    b: float = 0.75


@dataclass(frozen=True)
class Snapshot:
    """One generation of the index, opened for searching; one Whoosh searcher per thread,
    and values derived from the generation once (`memo`)."""

    generation: str
    path: Path
    index: Any
    manifest: Manifest
    bm25: Bm25 = Bm25()
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


@dataclass(frozen=True)
class Problem:
    """A generation that could not be opened, and why."""

    generation: str
    reason: str
    at: float  # time.monotonic() of the attempt


class Engine:
    """Holds the current Snapshot; `snapshot()` swaps in a newly published generation."""

    def __init__(self, root: Path, bm25: Bm25 = Bm25(), preload: bool = False) -> None:
        """preload: read every term's postings into memory in a background thread when a
        generation opens (a long-running server; `Snapshot.preloaded` is set when done)."""
        self.root = root
        self.bm25 = bm25
        self.preload = preload
        self.problem: Problem | None = None  # the newest generation, when it will not open
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None
        self._previous: Snapshot | None = None  # may still serve requests that began before a swap

    @property
    def serving(self) -> str | None:
        """The generation being served, if any."""
        snap = self._snap
        return snap.generation if snap is not None else None

    def _open(self, generation: str) -> Snapshot:
        path = self.root / generation
        manifest = load_manifest(path)
        snap = Snapshot(generation, path, whoosh_index.open_dir(str(path)), manifest, self.bm25)
        scorer = snap.scorer()
        reader = snap.searcher.reader()
        for name in F.SEARCHED:  # per-generation arrays now, not in the first query
            scorer.lengths(reader, name)
        for name in F.FACETS:
            snap.column(name)
        if self.preload:
            threading.Thread(
                target=_preload, args=(snap,), name=f"preload-{generation}", daemon=True
            ).start()
        else:
            snap.preloaded.set()
        return snap

    def snapshot(self) -> Snapshot:
        """The newest published generation that opens (re-opened only when it changed);
        raises IndexNotFoundError without any, IndexFormatError when none opens."""
        generation = store.generation_id(self.root)
        snap = self._snap
        if snap is not None and snap.generation == generation:
            return snap
        if not generation:
            if snap is not None:
                return snap
            raise IndexNotFoundError(f"no index at {self.root}")
        with self._lock:
            if self._snap is None or self._snap.generation != generation:
                self._swap(generation)
            if self._snap is None:
                assert self.problem is not None
                raise IndexFormatError(f"cannot open the index: {self.problem.reason}")
            return self._snap

    def _swap(self, generation: str) -> None:
        """Open generation and make it current; on failure keep the current one."""
        failed = self.problem
        if (
            failed
            and failed.generation == generation
            and time.monotonic() - failed.at < RETRY_SECONDS
        ):
            return
        try:
            fresh = self._open(generation)
        except Exception as exc:  # any failure to open is reported, never raised mid-request
            reason = _reason(generation, exc).replace(f"{self.root}/", "")
            self.problem = Problem(generation, reason, time.monotonic())
            serving = self._snap.generation if self._snap else None
            emit(LOG, logging.ERROR, "generation_open_failed", generation=generation,
                 serving=serving, error=reason)  # fmt: skip
            return
        if self._previous is not None:  # two swaps ago: no request can still use it
            self._previous.close()
        self._previous, self._snap = self._snap, fresh
        self.problem = None


def _reason(generation: str, exc: Exception) -> str:
    """Why a generation did not open, for /health and the log."""
    if isinstance(exc, ModuleNotFoundError | AttributeError):  # pickled analyzers moved
        return (
            f"{generation}: written by another version of vnstd ({exc}); rebuild it with "
            "`vnstd index CORPUS --index DIR --rebuild`"
        )
    return f"{generation}: {type(exc).__name__}: {exc}"


def _preload(snap: Snapshot) -> None:
    """Read every searched term's postings of a generation into memory (logged on failure:
    queries then decode terms on first use, as without preloading)."""
    try:
        snap.scorer().preload(snap.searcher.reader(), F.SEARCHED)
    except Exception as exc:
        emit(LOG, logging.WARNING, "preload_failed", generation=snap.generation, error=repr(exc))
    finally:
        snap.preloaded.set()
