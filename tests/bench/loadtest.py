"""`make loadtest`: the real server under a bounded concurrent load, then again during a full reindex.

    python tests/bench/loadtest.py --shared ../shared [--clients 20] [--seconds 60] [--skip-reindex]

Starts `vnstd serve --workers 2` over an index of SHARED/corpus/documents (built once and cached
under var/loadtest/), drives it on 127.0.0.1 only with N client threads sending
GET /api/search?q=… back to back (queries: the keywords, keywords without diacritics and the
full questions of eval/ict_dev.jsonl), and prints requests/s, p50/p95/p99 latency and errors.
The second phase starts `vnstd index --rebuild` on the served index and keeps the load on until
the rebuild has finished and the server reports the new generation. Both loops stop by themselves.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    QUERY_FORMS,
    REPO,
    VNSTD,
    child_env,
    drive_load,
    git_rev,
    load_queries,
    replace_section,
    run_index,
    serve,
    table,
)

DOC = REPO / "docs" / "benchmarks.md"
HEAD = ["phase", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "503 + Retry-After", "errors"]


def health(base: str) -> dict[str, Any]:
    import httpx

    return dict(httpx.get(f"{base}/health", timeout=10).json())


def load_during_rebuild(
    base: str, corpus: Path, index: Path, queries: list[str], clients: int, jobs: int, cap: float
) -> tuple[Any, dict[str, Any]]:
    """Load from the start of a full rebuild until 3 s after the server reports its new generation."""
    before = health(base)["generation"]
    stop = threading.Event()
    box: dict[str, Any] = {}
    loader = threading.Thread(
        target=lambda: box.update(load=drive_load(base, queries, clients, cap, stop=stop)),
        daemon=True,
    )
    loader.start()
    time.sleep(1.0)
    t0 = time.perf_counter()
    cmd = [
        *VNSTD,
        "index",
        str(corpus),
        "--index",
        str(index),
        "--rebuild",
        "--jobs",
        str(jobs),
        "--json",
    ]
    done = subprocess.run(
        cmd, cwd=REPO, capture_output=True, text=True, env=child_env(), timeout=cap
    )
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        stop.set()
        raise SystemExit(f"rebuild failed (exit {done.returncode}): {done.stderr[-2000:]}")
    new = json.loads(done.stdout)["generation"]
    swap_deadline = time.monotonic() + 30
    while health(base)["generation"] != new and time.monotonic() < swap_deadline:
        time.sleep(0.2)
    served = {health(base)["generation"] for _ in range(6)}  # ask several times: two workers
    time.sleep(3.0)
    stop.set()
    loader.join()
    return box["load"], {
        "rebuild_seconds": wall,
        "before": before,
        "after": new,
        "served_after": sorted(served),
        "swapped": served == {new},
    }


def idle_rebuild(corpus: Path, index: Path, jobs: int, cap: float) -> float:
    """Seconds of `vnstd index --rebuild` with the server idle (the reference for the rebuild
    under load)."""
    t0 = time.perf_counter()
    done = run_index(corpus, index, "--rebuild", "--jobs", str(jobs), timeout=cap)
    if done.returncode != 0:
        raise SystemExit(f"idle rebuild failed: {done.stderr[-2000:]}")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--corpus", type=Path, help="default: SHARED/corpus/documents")
    ap.add_argument("--index", type=Path, default=REPO / "var" / "loadtest" / "index")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    ap.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="rebuild worker processes"
    )
    ap.add_argument("--max-rebuild-seconds", type=float, default=3600)
    ap.add_argument("--skip-reindex", action="store_true")
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/ alone")
    args = ap.parse_args()
    if not 1 <= args.clients <= 200 or args.seconds <= 0:
        raise SystemExit("--clients must be 1..200 and --seconds > 0")
    corpus = args.corpus or args.shared / "corpus" / "documents"
    if not corpus.is_dir():
        raise SystemExit(f"corpus not found: {corpus} (give --shared DIR or --corpus DIR)")
    queries = load_queries(args.shared, QUERY_FORMS)
    started = dt.datetime.now()
    load0 = os.getloadavg()[0]
    print(f"# index {args.index} (built or updated once, then cached) …", flush=True)
    args.index.parent.mkdir(parents=True, exist_ok=True)
    prep = run_index(corpus, args.index, "--jobs", str(args.jobs))
    if prep.returncode != 0:
        raise SystemExit(f"indexing failed: {prep.stderr[-2000:]}")
    rows: list[list[Any]] = []
    notes = []
    with serve(args.index, corpus, workers=args.workers, log_dir=args.index.parent) as server:
        info = health(server.base)
        print(
            f"# serving {info['clauses']} clauses at {server.base}; {args.clients} clients × "
            f"{args.seconds:.0f} s …",
            flush=True,
        )
        steady = drive_load(server.base, queries, args.clients, args.seconds)
        rows.append(["steady", *steady.summary().values()])
        print(
            table(HEAD, rows),
            flush=True,
        )
        if not args.skip_reindex:
            print("# a rebuild with the server idle …", flush=True)
            idle = idle_rebuild(corpus, args.index, args.jobs, args.max_rebuild_seconds)
            time.sleep(5)  # the server opens the new generation
            print(
                f"# idle rebuild {idle:.0f} s; again, while `vnstd index --rebuild` runs …",
                flush=True,
            )
            during, swap = load_during_rebuild(
                server.base,
                corpus,
                args.index,
                queries,
                args.clients,
                args.jobs,
                args.max_rebuild_seconds,
            )
            rows.append(["during full rebuild", *during.summary().values()])
            ratio = swap["rebuild_seconds"] / idle
            notes.append(
                f"The rebuild (`--jobs {args.jobs}`) took {swap['rebuild_seconds']:.0f} s under this load, "
                f"**{ratio:.2f} ×** the {idle:.0f} s it took with the server idle just before; "
                f"load ran {during.seconds:.0f} s (from 1 s before the rebuild to 3 s after the swap). "
                f"Generation {swap['before']} → {swap['after']}; after the swap every answer of /health "
                f"named {', '.join(swap['served_after'])} ({'new generation served' if swap['swapped'] else 'NOT swapped'})."
            )
            for err in sorted(set(during.errors))[:5]:
                notes.append(f"error: `{err}`")
        for err in sorted(set(steady.errors))[:5]:
            notes.append(f"error (steady): `{err}`")
    cmd = f"make loadtest  # = tests/bench/loadtest.py --shared {args.shared} --clients {args.clients} --seconds {args.seconds:.0f}"
    body = "\n\n".join(
        [
            f"Measured {started:%Y-%m-%d %H:%M} by `{cmd}` at commit `{git_rev()}` on {platform.node()} "
            f"({os.cpu_count()} CPUs): `vnstd serve --workers {args.workers}` (uvicorn) over "
            f"{info['clauses']} clauses of `{corpus}`; {args.clients} concurrent clients (threads, one "
            f"keep-alive httpx connection each) on 127.0.0.1, back to back, {len(queries)} queries "
            f"(ict_dev `keywords`, `keywords_nodiacritics`, `question`) in rotation. Client, server and "
            "rebuild share the same 2 cores, so throughput is a floor "
            f"(load average {load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end).",
            table(HEAD, rows),
            *notes,
        ]
    )
    print("\n" + body, flush=True)
    if not args.no_write:
        replace_section(DOC, "loadtest", body)
        print(f"# wrote {DOC.relative_to(REPO)}")


if __name__ == "__main__":
    main()
