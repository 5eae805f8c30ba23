"""The build's worker processes: each file is ingested, segmented and turned into index rows
in a worker; the main process only writes what comes back."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from indexer.index.manifest import CatalogEntry
from indexer.index.rows import catalog_entry, index_rows
from indexer.ingest.process import Job, ingest
from indexer.text.segment import warm_up

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Outcome:
    """What a worker returns for one file: its rows and catalog entries, or why it failed."""

    rel: str
    ok: bool
    reason: str = ""
    pages: int = 0
    docs: list[CatalogEntry] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    ocr: dict[str, int] = field(default_factory=dict)  # pages read / cached / skipped


def work(job: Job) -> Outcome:
    """Ingest one file and make its index rows (the function each worker runs)."""
    done = ingest(job)
    out = Outcome(done.rel, done.ok, done.reason, done.pages, warnings=done.warnings)
    out.seconds = dict(done.seconds)
    scans = done.scans
    out.ocr = {"pages": scans.pages, "cached": scans.cached, "skipped": scans.skipped}
    if not done.ok:
        return out
    t0 = time.perf_counter()
    for doc, clauses in done.documents:
        out.docs.append(catalog_entry(doc, clauses))
        out.rows.extend(index_rows(doc, clauses))
    out.seconds["segment"] = time.perf_counter() - t0
    return out


IN_FLIGHT_PER_WORKER = 2  # files handed to a worker ahead of its results being written


def run_jobs(jobs: list[Job], workers: int) -> Iterator[Outcome]:
    """Outcomes of jobs, in completion order, from a pool of worker processes."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield work(job)
        return
    yield from bounded_map(work, jobs, min(workers, len(jobs)), warm_worker)


def bounded_map(
    fn: Callable[[T], R], items: Iterable[T], workers: int, initializer: Callable[[], None]
) -> Iterator[R]:
    """fn of each item, in completion order, from `workers` forked processes.

    At most IN_FLIGHT_PER_WORKER items per worker are out at a time: an item is handed out
    only when a result has been taken, so results cannot pile up in this process while
    its consumer (the writer) is busy — a free-running pool queues every finished file's
    rows, however far behind the writer is. An exception in fn is raised here."""
    ctx = multiprocessing.get_context("fork")
    results: queue.SimpleQueue[R | BaseException] = queue.SimpleQueue()
    todo = iter(items)
    # no maxtasksperchild: recycled workers made the pool's shutdown hang (tasks-queue lock)
    with ctx.Pool(workers, initializer=initializer) as pool:

        def hand_out(n: int) -> int:
            """Give up to n more items to the pool; how many it got."""
            given = 0
            for item in islice(todo, n):
                pool.apply_async(fn, (item,), callback=results.put, error_callback=results.put)
                given += 1
            return given

        out = hand_out(IN_FLIGHT_PER_WORKER * workers)
        while out:
            got = results.get()
            if isinstance(got, BaseException):
                raise got
            out += hand_out(1) - 1
            yield got


def warm_worker() -> None:
    """Pool initializer: die with the parent build, and load the segmenter once per worker."""
    _die_with_parent()
    warm_up()


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when the build process dies (a killed build's
    workers would otherwise finish files nobody will collect)."""
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)
