"""The per-file work of a build on a Dask distributed cluster (`vnstd index --cluster ADDRESS`).

With clusterembed.py (the clause vectors), the only module that imports Dask. Each job travels with its file's bytes (workers need no
shared disk) and the OCR cache entries of its pages; a worker writes the bytes to a scratch
folder, runs `jobs.work` on them exactly as a local worker process would, and sends back the
Outcome, the pages it read by OCR (the main process writes them into its cache: workers keep
no state) and its address. The main process keeps a bounded window of files in flight and
yields Outcomes in completion order, so the writer downstream cannot tell a cluster from the
local pool. A worker that dies mid-file is replaced by Dask, which runs the file again
elsewhere; a file that kills workers `allowed-failures` times is reported failed.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from indexer.errors import IndexBuildError, SettingsError
from indexer.index.jobs import Outcome, work
from indexer.index.schema import SCHEMA_VERSION
from indexer.ingest import ocrcache
from indexer.ingest.ocr import OcrEngine, page_key
from indexer.ingest.process import PIPELINE_VERSION, Job
from indexer.text.segment import warm_up
from indexer.text.tokens import ANALYZER_VERSION

CONNECT_SECONDS = 10.0  # to reach the scheduler, and for a first worker to be there
NO_WORKER_SECONDS = 60.0  # a build whose cluster has had no worker this long is aborted
WINDOW_BYTES = 256 << 20  # file bytes in flight at most (one file always goes, whatever size)
INSTALL = "pip install 'vnstd[cluster]' (make install does)"


def require() -> None:
    """Raise SettingsError unless Dask distributed is installed (before any work)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise SettingsError(f"--cluster needs Dask distributed: {INSTALL}") from None


@lru_cache(maxsize=1)
def identity() -> str:
    """What must be the same on the main process and every worker for their rows to be."""
    versions = [f"{p} {package_version(p)}" for p in ("vnstd", "underthesea", "pypdf", "pypdfium2")]
    python = ".".join(map(str, sys.version_info[:2]))
    code = f"pipeline {PIPELINE_VERSION}, analyzer {ANALYZER_VERSION}, schema {SCHEMA_VERSION}"
    return f"{code}, {', '.join(versions)}, python {python}"


def package_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


@dataclass(frozen=True)
class Shipped:
    """One job as it travels to a worker."""

    job: Job  # its src.path is the main machine's, its OCR engine has no cache
    data: bytes  # the file's content
    cached: dict[str, str] = field(default_factory=dict)  # OCR cache entries of its pages


@dataclass
class Returned:
    """What a worker sends back for one job."""

    outcome: Outcome
    ocr: dict[str, str]  # pages it read by OCR, by cache key
    worker: str  # the worker's address
    identity: str


def remote_work(shipped: Shipped) -> Returned:
    """Run one job on a Dask worker (the function the cluster's tasks call)."""
    from distributed import get_worker

    warm_up()  # loads the segmenter on a worker's first job, nothing after
    src, engine = shipped.job.src, shipped.job.ocr
    with tempfile.TemporaryDirectory(prefix="vnstd-job-") as tmp:
        path = Path(tmp, "file", PurePosixPath(src.rel).name)
        path.parent.mkdir()
        path.write_bytes(shipped.data)
        cache = Path(tmp, "ocr-cache")
        for key, text in shipped.cached.items():
            ocrcache.put(cache, key, text)
        engine = replace(engine, cache=cache) if engine is not None else None
        outcome = work(replace(shipped.job, src=replace(src, path=path), ocr=engine))
        read = {p.stem: ocrcache.get(cache, p.stem) for p in cache.glob("*/*.json")}
    fresh = {k: t for k, t in read.items() if t is not None and k not in shipped.cached}
    return Returned(outcome, fresh, get_worker().address, identity())


def run_on_cluster(
    jobs: list[Job], address: str, tally: dict[str, int], pages: Mapping[str, int]
) -> Iterator[Outcome]:
    """Outcomes of jobs, in completion order, from the Dask cluster at `address`; `tally`
    counts the files each worker processed; `pages`: a file's page count when known (the
    previous generation's), to ship its cached OCR pages. Raises IndexBuildError."""
    client = connect(address)
    try:
        wait_for_workers(client, address, CONNECT_SECONDS)
        with client.as_current():  # what distributed.wait talks to
            yield from _Flight(client, jobs, tally, pages).run()
    finally:
        client.close()


ABORTED = "build aborted, previous index kept"


def connect(address: str, error: type[Exception] = IndexBuildError, prefix: str = ABORTED) -> Any:
    """A client of the scheduler at address; raises `error` when it is not there."""
    from distributed import Client

    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise error(
            f"{prefix}: the Dask scheduler at {address} "
            f"cannot be reached ({type(exc).__name__}: {exc})"
        ) from None


def wait_for_workers(
    client: Any,
    address: str,
    seconds: float,
    error: type[Exception] = IndexBuildError,
    prefix: str = ABORTED,
) -> None:
    """Return when the cluster has a worker; raise `error` after `seconds` without one."""
    try:
        client.wait_for_workers(1, timeout=seconds)
    except TimeoutError:
        raise error(
            f"{prefix}: no Dask worker joined {address} "
            f"within {seconds:.0f} s (start some: dask worker {address} --nthreads 1)"
        ) from None


class _Flight:
    """The jobs on their way: at most a window of them submitted, results as they come."""

    def __init__(
        self, client: Any, jobs: list[Job], tally: dict[str, int], pages: Mapping[str, int]
    ) -> None:
        self.client, self.todo, self.tally, self.pages = client, deque(jobs), tally, pages
        self.flying: dict[Any, tuple[Job, int]] = {}  # future → its job and its size
        self.bytes = 0
        self.ours = identity()
        self.lonely_since: float | None = None

    def run(self) -> Iterator[Outcome]:
        from distributed import wait

        while self.todo or self.flying:
            yield from self._fill()
            if not self.flying:
                continue
            try:
                done = wait(list(self.flying), timeout=5, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                self._check_workers()
                continue
            for future in done:
                job, size = self.flying.pop(future)
                self.bytes -= size
                yield self._collect(future, job)

    def _fill(self) -> Iterator[Outcome]:
        """Submit jobs until the window is full; files the main process cannot read are run
        here (they fail exactly as they would locally)."""
        slots = 2 * max(1, sum(w["nthreads"] for w in self._workers().values()))
        while self.todo and (
            not self.flying or (len(self.flying) < slots and self.bytes < WINDOW_BYTES)
        ):
            job = self.todo.popleft()
            try:
                data = job.src.path.read_bytes()
            except OSError:
                yield work(job)
                continue
            shipped = Shipped(_without_cache(job), data, self._cached(job, data))
            future = self.client.submit(
                remote_work, shipped, key=f"vnstd-{job.src.rel}-{uuid.uuid4().hex}"
            )
            self.flying[future] = (job, len(data))
            self.bytes += len(data)

    def _cached(self, job: Job, data: bytes) -> dict[str, str]:
        engine, count = job.ocr, self.pages.get(job.src.rel, 0)
        if engine is None or engine.cache is None or job.src.kind != "pdf" or not count:
            return {}
        digest = hashlib.sha256(data).hexdigest()
        keys = (page_key(engine, digest, n) for n in range(1, count + 1))
        return {k: t for k in keys if (t := ocrcache.get(engine.cache, k)) is not None}

    def _collect(self, future: Any, job: Job) -> Outcome:
        """The job's Outcome; the pages it read go into the main OCR cache."""
        from distributed import KilledWorker

        try:
            back: Returned = future.result()
        except KilledWorker as exc:
            return Outcome(job.src.rel, False, f"the Dask workers reading it died ({exc})")
        except Exception as exc:
            raise IndexBuildError(
                f"build aborted, previous index kept: {job.src.rel} failed on the cluster "
                f"({type(exc).__name__}: {exc}); is the same vnstd installed on every worker?"
            ) from exc
        if back.identity != self.ours:
            raise IndexBuildError(
                f"build aborted, previous index kept: worker {back.worker} runs "
                f"{back.identity}, this build {self.ours}"
            )
        cache = job.ocr.cache if job.ocr is not None else None
        for key, text in back.ocr.items():
            if problem := ocrcache.put(cache, key, text):
                back.outcome.warnings.append(problem)
        self.tally[back.worker] = self.tally.get(back.worker, 0) + 1
        return back.outcome

    def _workers(self) -> dict[str, Any]:
        workers: dict[str, Any] = self.client.scheduler_info(n_workers=-1).get("workers", {})
        return workers

    def _check_workers(self) -> None:
        """Abort when the cluster has had no worker for NO_WORKER_SECONDS."""
        if self._workers():
            self.lonely_since = None
            return
        now = time.monotonic()
        self.lonely_since = self.lonely_since or now
        if now - self.lonely_since > NO_WORKER_SECONDS:
            raise IndexBuildError(
                "build aborted, previous index kept: the Dask cluster has had no worker "
                f"for {NO_WORKER_SECONDS:.0f} s"
            )


def _without_cache(job: Job) -> Job:
    engine: OcrEngine | None = job.ocr
    return job if engine is None else replace(job, ocr=replace(engine, cache=None))
