"""`make bench-cluster`: a full build of ../shared/corpus/documents with the local worker pool
(`--jobs 2`) and through a local Dask cluster (a scheduler and 2 single-thread workers, all
on 127.0.0.1), one run each; the two generations compared clause by clause.

    python tests/bench/bench_cluster.py --shared ../shared [--no-write]

Writes its table into docs/scaling.md (between the `cluster-bench` markers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, VENV_BIN, child_env, git_rev, replace_section, run_index, table

from indexer.index import store
from indexer.index.manifest import load_manifest
from indexer.index.writer import stored_rows

DOC = REPO / "docs" / "scaling.md"
WORKDIR = REPO / "var" / "bench-cluster"


def start_cluster(root: Path, workers: int) -> tuple[str, list[subprocess.Popen[bytes]]]:
    """A scheduler and `workers` single-thread workers on 127.0.0.1; its address, processes."""
    from distributed import Client

    info = root / "scheduler.json"
    dask = str(VENV_BIN / "dask")
    argv = [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
    procs = [_spawn([*argv, "--scheduler-file", str(info)], root / "scheduler.log")]
    while not info.is_file():
        time.sleep(0.2)
    for n in range(workers):
        procs.append(_spawn([dask, "worker", "--scheduler-file", str(info), "--nthreads", "1",
                             "--no-dashboard", "--local-directory", str(root)],
                            root / f"worker{n}.log"))  # fmt: skip
    address = json.loads(info.read_text())["address"]
    with Client(address, timeout=30, set_as_default=False) as client:
        client.wait_for_workers(workers, timeout=120)
    return address, procs


def _spawn(argv: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, env=child_env())  # fmt: skip


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, 15)
    for proc in procs:
        proc.wait(timeout=30)


def contents(index: Path) -> tuple[list[dict[str, Any]], dict[str, Any], Any]:
    gen = store.current_generation(index)
    assert gen is not None
    manifest = load_manifest(gen)
    rows = sorted(stored_rows(gen), key=lambda r: r["clause_id"])
    return rows, manifest.files, manifest.totals


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    corpus = (args.shared / "corpus" / "documents").resolve()
    if not corpus.is_dir():
        sys.exit(f"no shared corpus at {corpus}")
    shutil.rmtree(WORKDIR, ignore_errors=True)
    WORKDIR.mkdir(parents=True)
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    load = os.getloadavg()[0]
    local = run_index(corpus, WORKDIR / "local", "--rebuild", "--jobs", "2")
    t0 = time.perf_counter()
    address, procs = start_cluster(WORKDIR, 2)
    up = time.perf_counter() - t0
    try:
        remote = run_index(corpus, WORKDIR / "cluster", "--rebuild", "--cluster", address)
    finally:
        stop(procs)
    for run in (local, remote):
        if run.returncode != 0:
            sys.exit(f"build failed ({run.returncode}): {run.stderr[-2000:]}")
    same = contents(WORKDIR / "local") == contents(WORKDIR / "cluster")
    rep = remote.report
    rows = [
        ["local pool, `--jobs 2`", "2 processes", round(local.wall, 1), "1×"],
        [f"Dask: scheduler + 2 workers (`--cluster {address}`)",
         ", ".join(str(n) for n in sorted(rep["cluster_files"].values())) + " files",
         round(remote.wall, 1), f"{remote.wall / local.wall:.2f}×"],
    ]  # fmt: skip
    body = "\n".join([
        f"Measured {started} UTC by `tests/bench/bench_cluster.py --shared ../shared` at commit "
        f"`{git_rev()}` on {platform.node()} ({os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}); load average {load:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end. One run each. Corpus: `../shared/corpus/documents`"
        f" — {rep['pages']} pages, {rep['documents']} documents, {rep['clauses']} clauses; "
        f"files {json.dumps(rep['summary'])}.",
        "",
        table(["full build", "who did the per-file work", "wall s", "vs local"], rows),
        "",
        f"Cluster start-up (scheduler + 2 workers registered): {up:.1f} s, not in the wall time. "
        f"Generations identical (every clause's stored fields, manifest file entries, totals): "
        f"**{'yes' if same else 'NO'}**.",
    ])  # fmt: skip
    print(body)
    if not args.no_write:
        replace_section(DOC, "cluster-bench", body)


if __name__ == "__main__":
    main()
