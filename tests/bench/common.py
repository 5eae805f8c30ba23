"""Shared helpers for the benchmark and load-test scripts (and the reliability tests).

Everything here drives the real `vnstd` command in subprocesses, the way an operator would,
and measures from the outside: wall time, peak RSS of a process tree, HTTP latency.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
VENV_BIN = Path(sys.executable).parent
VNSTD = [sys.executable, "-m", "search_api"]
ICT_DIR = "jien0404__Viettel_AI_race/data/raw/public_test_data"
QUERY_FORMS = ("keywords", "keywords_nodiacritics", "question")


# ---------------------------------------------------------------- numbers


def percentile(values: Sequence[float], pct: float) -> float:
    """The pct-th percentile (nearest rank on sorted values); NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(values: Sequence[float]) -> float:
    """The median, NaN when empty."""
    return statistics.median(values) if values else float("nan")


def mib(n_bytes: float) -> float:
    """Bytes as MiB."""
    return n_bytes / 2**20


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table (also readable on a terminal)."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


# ---------------------------------------------------------------- inputs


def load_queries(shared: Path, forms: Sequence[str] = ("keywords",)) -> list[str]:
    """Query strings of ../shared/eval/ict_dev.jsonl, form by form, in file order."""
    rows = [
        json.loads(line)
        for line in (shared / "eval" / "ict_dev.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    return [row[form] for form in forms for row in rows if row.get(form)]


def replicate_corpus(src: Path, dst: Path, copies: int) -> Path:
    """dst/r00 … r{copies-1}: each a tree of the corpus's files under distinct names.

    Each replica must be a *different* file for the indexer (distinct doc ids and distinct
    content hashes, so duplicate detection does not fold them): PDFs get a PDF comment
    appended after %%EOF (readers ignore it), text files a trailing blank line and marker.
    """
    if dst.exists():
        shutil.rmtree(dst)
    for i in range(copies):
        for path in sorted(src.rglob("*")):
            if not path.is_file() or path.suffix.lower() not in (".pdf", ".md", ".txt"):
                continue
            rel = path.relative_to(src)
            out = dst / f"r{i:02d}" / rel.parent / f"r{i:02d}_{rel.name}"
            out.parent.mkdir(parents=True, exist_ok=True)
            if i == 0:
                os.symlink(path.absolute(), out)
                continue
            data = path.read_bytes()
            marker = (
                f"\n% vnstd replica {i}\n"
                if path.suffix.lower() == ".pdf"
                else f"\n\n<!-- replica {i} -->\n"
            )
            out.write_bytes(data + marker.encode())
    return dst


# ---------------------------------------------------------------- processes


class RssSampler:
    """Samples the summed RSS of a process and all its descendants, in a thread."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        import psutil

        self._root = psutil.Process(pid)
        self.interval = interval
        self.peak_total = 0  # bytes, the tree's largest sum
        self.peak_single = 0  # bytes, the largest single process
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self._root, *self._root.children(recursive=True)]
            except psutil.Error:
                return
            rss = []
            for proc in procs:
                with contextlib.suppress(psutil.Error):
                    rss.append(proc.memory_info().rss)
            if rss:
                self.peak_total = max(self.peak_total, sum(rss))
                self.peak_single = max(self.peak_single, max(rss))
            self._stop.wait(self.interval)


@dataclass
class BuildRun:
    """One `vnstd index` subprocess run, measured from the outside."""

    returncode: int
    wall: float
    report: dict[str, Any]
    stderr: str
    peak_rss: int = 0  # bytes, build process + workers summed
    peak_rss_single: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def run_index(
    corpus: Path, index: Path, *args: str, timeout: float = 3600, env: dict[str, str] | None = None
) -> BuildRun:
    """Run `vnstd index CORPUS --index INDEX --json --follow-symlinks ARGS…` (benchmark corpora
    link the shared files in); the JSON report parsed when it exits 0."""
    cmd = [
        *VNSTD,
        "index",
        str(corpus),
        "--index",
        str(index),
        "--json",
        "--follow-symlinks",
        *args,
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env or child_env(),
    )
    with RssSampler(proc.pid) as rss:
        out, err = proc.communicate(timeout=timeout)
    wall = time.perf_counter() - started
    report = json.loads(out) if proc.returncode == 0 and out.strip() else {}
    return BuildRun(proc.returncode, wall, report, err, rss.peak_total, rss.peak_single)


def child_env(**extra: str) -> dict[str, str]:
    """The environment for vnstd subprocesses: this interpreter's venv first on PATH."""
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("PYTHONUNBUFFERED", "1")
    env.update(extra)
    return env


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running `vnstd serve` subprocess."""

    proc: subprocess.Popen[bytes]
    base: str
    log: Path


def wait_healthy(
    base: str,
    proc: subprocess.Popen[bytes] | None = None,
    timeout: float = 90,
    ok: tuple[int, ...] = (200,),
) -> dict[str, Any]:
    """Poll GET /health until it answers one of `ok` (200); returns its JSON body."""
    import httpx

    deadline = time.monotonic() + timeout
    last: Exception | str = "no answer"
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before it was healthy")
        try:
            resp = httpx.get(f"{base}/health", timeout=2)
            if resp.status_code in ok:
                return dict(resp.json())
            last = f"HTTP {resp.status_code}"
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.2)
    raise RuntimeError(f"server at {base} not healthy after {timeout:.0f} s: {last}")


@contextlib.contextmanager
def serve(
    index: Path,
    corpus: Path,
    workers: int = 2,
    log_dir: Path | None = None,
    env: dict[str, str] | None = None,
    ok: tuple[int, ...] = (200,),
) -> Iterator[Server]:
    """`vnstd serve` on a free loopback port (VNSTD_* settings in env), up once /health
    answers one of `ok`, stopped (SIGTERM, then SIGKILL) on exit."""
    port = free_port()
    log = (log_dir or index.parent) / f"serve-{port}.log"
    cmd = [
        *VNSTD,
        "serve",
        "--index",
        str(index),
        "--corpus",
        str(corpus),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO,
            stdout=fh,
            stderr=subprocess.STDOUT,
            env=child_env(**(env or {})),
            start_new_session=True,
        )
    server = Server(proc, f"http://127.0.0.1:{port}", log)
    try:
        wait_healthy(server.base, proc, ok=ok)
        yield server
    finally:
        stop_process_group(proc)


def stop_process_group(proc: subprocess.Popen[Any], grace: float = 10) -> None:
    """SIGTERM the process's group (it was started in its own session), then SIGKILL."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


# ---------------------------------------------------------------- load


@dataclass
class LoadResult:
    """What a bounded concurrent load produced."""

    seconds: float
    latencies: list[float]  # seconds, successful requests
    errors: list[str]
    generations: list[str] = field(default_factory=list)
    refused: int = 0  # 503 with Retry-After: the server shed the request (not an error)

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors) + self.refused

    def summary(self) -> dict[str, Any]:
        lat = self.latencies
        return {
            "requests": self.requests,
            "rps": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(percentile(lat, 50) * 1000, 1),
            "p95_ms": round(percentile(lat, 95) * 1000, 1),
            "p99_ms": round(percentile(lat, 99) * 1000, 1),
            "refused": self.refused,
            "errors": len(self.errors),
        }


def drive_load(
    base: str,
    queries: Sequence[str],
    clients: int,
    seconds: float,
    path: str = "/api/search",
    stop: threading.Event | None = None,
) -> LoadResult:
    """`clients` threads each send GET path?q=… back to back until `seconds` pass (or stop is set).

    The loop is bounded in time by construction. A 503 with Retry-After counts as refused
    (load shed), and the client waits as told, as a well-behaved client does; any other
    status than 200, or a transport error, counts as failed.
    """
    import httpx

    stop = stop or threading.Event()
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    result = LoadResult(0.0, [], [])

    def client(offset: int) -> None:
        i = offset
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.monotonic() < deadline and not stop.is_set():
                q = queries[i % len(queries)]
                i += clients
                t0 = time.perf_counter()
                retry = None
                try:
                    resp = http.get(path, params={"q": q})
                    ok = resp.status_code == 200
                    why = "" if ok else f"HTTP {resp.status_code}: {resp.text[:120]}"
                    if resp.status_code == 503 and "retry-after" in resp.headers:
                        retry = min(float(resp.headers["retry-after"]), 5.0)
                except httpx.HTTPError as exc:
                    ok, why = False, f"{type(exc).__name__}: {exc}"
                took = time.perf_counter() - t0
                with lock:
                    if ok:
                        result.latencies.append(took)
                    elif retry is not None:
                        result.refused += 1
                    else:
                        result.errors.append(why)
                if retry is not None:
                    stop.wait(retry)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    result.seconds = time.perf_counter() - started
    return result


def git_rev() -> str:
    """The short commit of the working tree (with + when dirty)."""
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
        ).stdout.strip()
        return rev + ("+" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def replace_section(doc: Path, name: str, body: str) -> None:
    """Replace (or append) the block between <!-- name:start --> and <!-- name:end --> in doc."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = doc.read_text("utf-8") if doc.exists() else "# Benchmarks\n"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, "utf-8")
