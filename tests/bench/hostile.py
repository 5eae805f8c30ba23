"""`make hostile`: the most expensive requests a client can send, measured on a real server.

    .venv/bin/python tests/bench/hostile.py --shared ../shared [--seconds 20] [--no-write]

Serves the index `make loadtest` keeps (var/loadtest/index, built from SHARED/corpus/documents
when missing) with `vnstd serve --workers 2`. First, one at a time, each kind of hostile
request is sent five times while the server's CPU time and memory are read (psutil, workers
summed): the table gives the CPU seconds and the growth of resident memory per request (the
worst of the five). Then 8 clients send those requests back to back while another asks
/health: its p50 / p95 latency, and how the hostile requests were answered (200, or 503 with
Retry-After when over the concurrency cap). Written to docs/benchmarks.md (section "hostile").
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).resolve().parent)]

from common import REPO, git_rev, replace_section, run_index, serve, table  # noqa: E402

DOC = REPO / "docs" / "benchmarks.md"
COMMON = "và của các thiết bị điện tần số được phát cho trong theo quy định này là có"


def requests(rng: random.Random) -> dict[str, str]:
    """The hostile requests, by name (paths with their query strings)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    word = "".join(rng.choice(letters) for _ in range(1000))
    words = " ".join(
        "".join(rng.choice(letters) for _ in range(rng.randint(2, 6))) for _ in range(250)
    )
    common = " ".join(rng.choice(COMMON.split()) for _ in range(300))
    return {
        "one 1,000-letter word": f"/api/search?q={word}",
        "250 random words": f"/api/search?q={quote(words[:1000])}",
        "300 common words": f"/api/search?q={quote(common[:1000])}",
        "web page, random words (did-you-mean)": f"/?q={quote(words[:1000])}",
        "autocomplete, 1,000 letters": f"/api/suggest?q={word}",
        "page 1000 × 50 hits": "/api/search?q=ph%C3%A1t&page=1000&size=50",
        "50 similar clauses": "/api/clauses/{clause}/similar?size=50",
    }


def _procs(pid: int) -> list[object]:
    import psutil

    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def _usage(pid: int) -> tuple[float, int]:
    """(CPU seconds, resident bytes) of the server and its workers."""
    cpu, rss = 0.0, 0
    for p in _procs(pid):
        times = p.cpu_times()  # type: ignore[attr-defined]
        cpu += times.user + times.system
        rss += p.memory_info().rss  # type: ignore[attr-defined]
    return cpu, rss


def one_at_a_time(base: str, pid: int, paths: dict[str, str]) -> list[list[object]]:
    import httpx

    rows = []
    with httpx.Client(base_url=base, timeout=120) as http:
        for name, path in paths.items():
            cpu_worst, mem_worst, status = 0.0, 0, 0
            for _ in range(5):
                cpu0, rss0 = _usage(pid)
                status = http.get(path).status_code
                time.sleep(0.3)  # let the worker's accounting settle
                cpu1, rss1 = _usage(pid)
                cpu_worst, mem_worst = max(cpu_worst, cpu1 - cpu0), max(mem_worst, rss1 - rss0)
            rows.append([name, status, round(cpu_worst, 2), round(mem_worst / 2**20, 1)])
    return rows


def _send_hostile(base: str, paths: list[str], stop: Any, out: Any) -> None:
    """8 clients (threads) sending the hostile requests back to back until `stop` is set; their
    statuses go to `out`. Runs in its own process so that the /health prober does not wait
    for the GIL behind them."""
    import httpx

    os.nice(19)  # stands in for clients on other machines: the server (nice 10) is not starved
    statuses: Counter[str] = Counter()
    lock = threading.Lock()

    def client(offset: int) -> None:
        with httpx.Client(base_url=base, timeout=120) as http:
            i = offset
            while not stop.is_set():
                try:
                    code = str(http.get(paths[i % len(paths)]).status_code)
                except httpx.HTTPError as exc:
                    code = type(exc).__name__
                with lock:
                    statuses[code] += 1
                i += 1

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    out.put(dict(statuses))


def concurrently(base: str, paths: list[str], seconds: float) -> tuple[list[float], Counter[str]]:
    """/health latencies (s) while 8 clients in another process send the hostile requests;
    their statuses."""
    import multiprocessing

    import httpx

    ctx = multiprocessing.get_context("spawn")
    stop, out = ctx.Event(), ctx.Queue()
    sender = ctx.Process(target=_send_hostile, args=(base, paths, stop, out))
    sender.start()
    time.sleep(3)  # the sender process has started and its clients are busy
    latencies = []
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=base, timeout=30) as http:
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            http.get("/health")
            latencies.append(time.perf_counter() - t0)
            time.sleep(0.1)
    stop.set()
    statuses: Counter[str] = Counter(out.get(timeout=300))
    sender.join()
    return latencies, statuses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--index", type=Path, default=REPO / "var" / "loadtest" / "index")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    corpus = args.shared / "corpus" / "documents"
    if run_index(corpus, args.index, "--jobs", "2").returncode != 0:
        raise SystemExit("indexing failed")
    started = dt.datetime.now()
    with serve(args.index, corpus, workers=2, log_dir=args.index.parent) as server:
        import httpx

        hit = httpx.get(f"{server.base}/api/search", params={"q": "quy định", "size": 1}).json()
        paths = requests(random.Random(1))
        key = "50 similar clauses"
        paths[key] = paths[key].format(clause=quote(hit["hits"][0]["clause_id"], safe=""))
        time.sleep(8)  # the workers warm up (postings preload) before anything is timed
        rows = one_at_a_time(server.base, server.proc.pid, paths)
        latencies, statuses = concurrently(server.base, list(paths.values()), args.seconds)
    p50 = statistics.median(latencies) * 1000
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    body = "\n\n".join(
        [
            f"Measured {started:%Y-%m-%d %H:%M} by `make hostile` (`tests/bench/hostile.py`) at "
            f"commit `{git_rev()}`: `vnstd serve --workers 2` over `{corpus}`. Each request alone, "
            "worst of five: the server's CPU seconds and resident-memory growth (workers summed).",
            table(["request", "status", "CPU s", "memory MiB"], rows),
            f"8 clients (one process at nice 19, standing in for clients on other machines; the "
            "server runs at nice 10) sending these back to back for {args.seconds:.0f} s while another process asks "
            f"`/health` every 0.1 s: `/health` p50 **{p50:.0f} ms**, p95 **{p95:.0f} ms** "
            f"({len(latencies)} requests); the hostile requests were answered "
            + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
            + ".",
        ]
    )
    print(body)
    if not args.no_write:
        replace_section(DOC, "hostile", body)


if __name__ == "__main__":
    main()
