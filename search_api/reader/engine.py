"""The open index a process searches, re-opened when a build publishes a new generation.

An Engine follows `INDEX/current`. When a newly published generation cannot be opened, the
Engine keeps serving the one it has, logs the failure once, reports it (`problem`, which
`/health` shows as "degraded"), and tries again when the link changes or RETRY_SECONDS later.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from indexer.errors import IndexFormatError, IndexNotFoundError
from indexer.index import fields as F
from indexer.index import store
from indexer.index.integrity import damage
from indexer.index.manifest import load_manifest
from search_api.reader.events import emit, logger
from search_api.reader.snapshot import DEFAULT_BM25, Bm25, Snapshot

RETRY_SECONDS = 30.0
CHECK_SECONDS = 10.0  # a generation is re-verified after a failure at most this often
LOG = logger("reader")


@dataclass(frozen=True)
class Problem:
    """A generation that could not be opened, and why."""

    generation: str
    reason: str
    at: float  # time.monotonic() of the attempt


class Engine:
    """Holds the Snapshot a process searches: the newest generation that is intact and opens.

    A generation is verified against its manifest's checksums before it is opened (and
    opened without memory-mapping, so a file damaged later raises instead of killing the
    process). One that fails is reported (`problem`, logged once) and an older intact
    generation is served meanwhile; it is tried again when `current` changes or
    RETRY_SECONDS later. `check` re-verifies the served generation after a request failed
    on it, and falls back the same way when it is damaged."""

    def __init__(self, root: Path, bm25: Bm25 = DEFAULT_BM25, preload: bool = False) -> None:
        """preload: read every term's postings into memory in a background thread when a
        generation opens (a long-running server; `Snapshot.preloaded` is set when done)."""
        self.root = root
        self.bm25 = bm25
        self.preload = preload
        self.problem: Problem | None = None  # the newest generation, when it is not served
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None
        self._previous: Snapshot | None = None  # may still serve requests that began before a swap
        self._checked: dict[str, float] = {}  # generation → time.monotonic() of its last check

    @property
    def serving(self) -> str | None:
        """The generation being served, if any."""
        snap = self._snap
        return snap.generation if snap is not None else None

    def snapshot(self) -> Snapshot:
        """The generation to search (re-opened only when `current` changed); raises
        IndexNotFoundError without an index, IndexFormatError when no generation opens."""
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
                self._fall_back()
            if self._snap is None:
                assert self.problem is not None
                raise IndexFormatError(f"cannot open the index: {self.problem.reason}")
            return self._snap

    def check(self, snap: Snapshot) -> bool:
        """After a request failed on snap: verify its files again; when damaged, report it
        and serve an older intact generation instead (at most once per CHECK_SECONDS and
        generation: hashing costs a read of the index). True when snap was found damaged."""
        last = self._checked.get(snap.generation)
        if last is not None and time.monotonic() - last < CHECK_SECONDS:
            return False
        self._checked[snap.generation] = time.monotonic()
        broken = damage(snap.path, snap.manifest)
        if not broken:
            return False
        with self._lock:
            self._fail(snap.generation, f"{snap.generation} {broken}", "generation_damaged")
            if self._snap is snap:
                self._snap = None
                self._fall_back()
        return True

    def _open(self, generation: str) -> Snapshot:
        path = self.root / generation
        manifest = load_manifest(path)
        broken = damage(path, manifest)
        if broken:
            raise IndexFormatError(broken)
        index = FileStorage(str(path), supports_mmap=False, readonly=True).open_index()
        snap = Snapshot(generation, path, index, manifest, self.bm25)
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

    def _swap(self, generation: str) -> None:
        """Open generation and serve it; on failure keep what is served."""
        failed = self.problem
        recent = failed is not None and time.monotonic() - failed.at < RETRY_SECONDS
        if failed is not None and failed.generation == generation and recent:
            return
        fresh = self._try(generation)
        if fresh is not None:
            self._serve(fresh)
            self.problem = None

    def _fall_back(self) -> None:
        """Serve the newest older generation on disk that is intact and opens, if any."""
        failed = self.problem.generation if self.problem else ""
        for generation in store.generations(self.root):
            if generation != failed and (fresh := self._try(generation, quiet=True)):
                self._serve(fresh)
                emit(LOG, logging.WARNING, "serving_older_generation", generation=generation,
                     instead_of=failed)  # fmt: skip
                return

    def _try(self, generation: str, quiet: bool = False) -> Snapshot | None:
        try:
            return self._open(generation)
        except Exception as exc:  # any failure to open is reported, never raised mid-request
            if not quiet:
                detail = f"{type(exc).__name__}: {exc}"
                self._fail(generation, _reason(generation, exc), "generation_open_failed", detail)
            return None

    def _fail(self, generation: str, reason: str, event: str, detail: str = "") -> None:
        """Record why generation is not served: `reason` is public (/health, 503 answers: no
        path, no OS error text), `detail` goes to the log only."""
        self.problem = Problem(generation, reason, time.monotonic())
        emit(LOG, logging.ERROR, event, generation=generation, serving=self.serving,
             error=reason, detail=detail or reason)  # fmt: skip

    def _serve(self, fresh: Snapshot) -> None:
        if self._previous is not None:  # two swaps ago: no request can still use it
            self._previous.close()
        self._previous, self._snap = self._snap, fresh


def _reason(generation: str, exc: Exception) -> str:
    """Why a generation did not open, as /health and 503 answers say it: what is damaged
    (file names only), or the kind of failure; the log has the rest."""
    if isinstance(exc, ModuleNotFoundError | AttributeError):  # pickled analyzers moved
        return (
            f"{generation}: written by another version of vnstd; rebuild it with "
            "`vnstd index CORPUS --index DIR --rebuild`"
        )
    if isinstance(exc, IndexFormatError):  # damaged files, or an unusable manifest
        return f"{generation} {exc}" if str(exc).startswith("damaged") else f"{generation}: {exc}"
    return f"{generation}: cannot be read ({type(exc).__name__}; see the server log)"


def _preload(snap: Snapshot) -> None:
    """Read every searched term's postings of a generation into memory (logged on failure:
    queries then decode terms on first use, as without preloading)."""
    try:
        snap.scorer().preload(snap.searcher.reader(), F.SEARCHED)
    except Exception as exc:
        emit(LOG, logging.WARNING, "preload_failed", generation=snap.generation, error=repr(exc))
    finally:
        snap.preloaded.set()
