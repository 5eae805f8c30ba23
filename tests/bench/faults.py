"""`make faults`: damage an index under a running server, then repair it, and count what happened.

    .venv/bin/python tests/bench/faults.py [--no-write] [--only NAME]

For every fault of the matrix, on a fresh index of the sample corpus built in two generations
(the second adds one note, so an older intact generation exists unless the fault hits a file
both share): start `vnstd serve --workers 2`, inject the fault, send requests, restart the
server, run `vnstd index` (which must find and repair the damage) and send the same requests
again. Build faults (SIGKILL mid-build, a full disk) run `vnstd index --rebuild` and check
that the index served before is still the one served, intact, and that the next build works.

The table counts, per fault: requests answered 200/404 (served, from some intact generation),
503 (refused: no intact generation), 500 (failed once on a damaged generation, logged),
connection errors (a dead server), whether the server survived, the exit code of the repairing
`vnstd index`, and the clauses lost after the repair (clauses before the fault minus after).
It goes into docs/benchmarks.md (section "faults").
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).resolve().parent)]

from common import REPO, VNSTD, child_env, git_rev, replace_section, serve, table  # noqa: E402

SAMPLES = REPO / "corpus"
DOC = REPO / "docs" / "benchmarks.md"
NOTE = "# Ghi chú\n\n1.1 Thiết bị xanthoria\n\nThiết bị xanthoria phải được kiểm tra.\n"
PROBES = ["/api/search?q=phát+xạ+giả", "/api/search?q=xanthoria", "/api/clauses/ghi-chu.md%230"]
ROUNDS = 10  # each probe is sent this many times per phase


@dataclass
class Row:
    """What one fault did."""

    fault: str
    statuses: Counter[str] = field(default_factory=Counter)
    alive: bool = True
    after_restart: Counter[str] = field(default_factory=Counter)
    repair_exit: int | None = None
    repaired: str = ""
    lost: int = 0

    def cells(self) -> list[object]:
        s = self.statuses
        return [
            self.fault,
            s["200"] + s["404"], s["503"], s["500"], s["error"],
            "yes" if self.alive else "NO",
            _short(self.after_restart),
            self.repair_exit if self.repair_exit is not None else "-",
            "yes" if self.repaired else "-",
            self.lost,
        ]  # fmt: skip


def _short(c: Counter[str]) -> str:
    return ", ".join(f"{k}×{v}" for k, v in sorted(c.items())) or "-"


def vnstd(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*VNSTD, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=600,
        **kw,
    )  # type: ignore[call-overload]


def make_index(base: Path) -> tuple[Path, Path]:
    """(corpus, index): the sample PDFs indexed, then a note added and indexed again."""
    corpus, index = base / "corpus", base / "index"
    corpus.mkdir(parents=True)
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        shutil.copy2(pdf, corpus / pdf.name)
    assert vnstd("index", str(corpus), "--index", str(index), "--jobs", "1").returncode == 0
    (corpus / "ghi-chu.md").write_text(NOTE, encoding="utf-8")
    assert vnstd("index", str(corpus), "--index", str(index), "--jobs", "1").returncode == 0
    return corpus, index


def current(index: Path) -> Path:
    return (index / "current").resolve()


def own_segment(gen: Path) -> Path:
    return next(p for p in sorted(gen.glob("*.seg")) if p.stat().st_nlink == 1)


def shared_segment(gen: Path) -> Path:
    return next(p for p in sorted(gen.glob("*.seg")) if p.stat().st_nlink > 1)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:1000])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


SERVED_FAULTS: dict[str, Callable[[Path], None]] = {
    "truncated segment": lambda ix: _truncate(own_segment(current(ix))),
    "deleted segment": lambda ix: own_segment(current(ix)).unlink(),
    "corrupted TOC": lambda ix: _flip(next(current(ix).glob("*.toc"))),
    "corrupted manifest": lambda ix: (current(ix) / "manifest.json").write_text("{", "utf-8"),
    "truncated shared segment": lambda ix: _truncate(shared_segment(current(ix))),
}


def probe(base: str, rounds: int = ROUNDS) -> Counter[str]:
    """Statuses of the probe requests ("error" for a transport failure)."""
    import httpx

    out: Counter[str] = Counter()
    with httpx.Client(base_url=base, timeout=30) as http:
        for _ in range(rounds):
            for path in PROBES:
                try:
                    out[str(http.get(path).status_code)] += 1
                except httpx.HTTPError:
                    out["error"] += 1
    return out


def clauses(index: Path) -> int:
    done = vnstd("stats", "--index", str(index), "--json")
    return int(json.loads(done.stdout)["clauses"]) if done.returncode == 0 else 0


def served_fault(name: str, inject: Callable[[Path], None], base: Path) -> Row:
    """Inject a fault into the served generation; requests, restart, repair, requests."""
    corpus, index = make_index(base)
    before = clauses(index)
    row = Row(name)
    with serve(index, corpus, workers=2, log_dir=base) as server:
        probe(server.base, 1)
        inject(index)
        row.statuses = probe(server.base)
        row.alive = server.proc.poll() is None
    # with no intact generation left (a segment both share), /health answers 503 until repaired
    with serve(index, corpus, workers=2, log_dir=base, ok=(200, 503)) as server:
        row.after_restart = probe(server.base, 2)
        done = vnstd("index", str(corpus), "--index", str(index), "--json")
        row.repair_exit = done.returncode
        row.repaired = json.loads(done.stdout).get("repaired", "") if done.returncode == 0 else ""
        time.sleep(1)
        probe(server.base, 1)
    row.lost = before - clauses(index)
    return row


def _killed_build(corpus: Path, index: Path, after: float) -> None:
    proc = subprocess.Popen(
        [*VNSTD, "index", str(corpus), "--index", str(index), "--rebuild", "--jobs", "2"],
        cwd=REPO, env=child_env(), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(after)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _full_disk(corpus: Path, index: Path) -> int:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails: EFBIG

    done = subprocess.run(
        [*VNSTD, "index", str(corpus), "--index", str(index), "--rebuild", "--jobs", "1"],
        cwd=REPO, env=child_env(), capture_output=True, text=True, preexec_fn=limit,
    )  # fmt: skip
    return done.returncode


def _read_only(corpus: Path, index: Path) -> int:
    """Rebuild into an index folder that cannot be written: chmod 555, or (root ignores modes)
    a read-only bind mount of the folder onto itself. -1 when neither is possible here."""
    if os.geteuid() != 0:
        index.chmod(0o555)
        try:
            return _rebuild(corpus, index)
        finally:
            index.chmod(0o755)
    mount = ["mount", "--bind", str(index), str(index)]
    if subprocess.run(mount, capture_output=True).returncode != 0:
        return -1
    try:
        remount = ["mount", "-o", "remount,bind,ro", str(index)]
        return _rebuild(corpus, index) if subprocess.run(remount).returncode == 0 else -1
    finally:
        subprocess.run(["umount", "-l", str(index)], check=False)


def _rebuild(corpus: Path, index: Path) -> int:
    return vnstd("index", str(corpus), "--index", str(index), "--rebuild", "--jobs", "1").returncode


def build_fault(name: str, base: Path) -> Row:
    """A build that dies or fails while a server serves the index: nothing it serves changes."""
    corpus, index = make_index(base)
    before, served = clauses(index), current(index).name
    row = Row(name)
    with serve(index, corpus, workers=2, log_dir=base) as server:
        if name.startswith("SIGKILL"):
            _killed_build(corpus, index, float(name.split()[-1].rstrip("s")))
        elif name.startswith("read-only"):
            row.repair_exit = _read_only(corpus, index)
        else:
            row.repair_exit = _full_disk(corpus, index)
        row.statuses = probe(server.base)
        row.alive = server.proc.poll() is None
        row.after_restart = Counter({"same generation": int(current(index).name == served)})
    check = vnstd("check", "--index", str(index))
    row.repaired = "" if check.returncode == 0 else check.stderr.strip()
    done = vnstd("index", str(corpus), "--index", str(index), "--json")
    if row.repair_exit is None:
        row.repair_exit = done.returncode
    row.lost = before - clauses(index)
    return row


BUILD_FAULTS = (
    "SIGKILL a rebuild after 1s",
    "SIGKILL a rebuild after 4s",
    "disk full (RLIMIT_FSIZE)",
    "read-only index folder",
)


@contextlib.contextmanager
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="vnstd-faults-") as tmp:
        yield Path(tmp)


def matrix(only: str = "") -> list[Row]:
    """Every fault of the matrix (those whose name contains `only`)."""
    rows = []
    for name, inject in SERVED_FAULTS.items():
        if only.lower() in name.lower():
            with workdir() as base:
                rows.append(served_fault(name, inject, base))
                print(table(HEAD, [rows[-1].cells()]), flush=True)
    for name in BUILD_FAULTS:
        if only.lower() in name.lower():
            with workdir() as base:
                rows.append(build_fault(name, base))
                print(table(HEAD, [rows[-1].cells()]), flush=True)
    return rows


HEAD = ["fault", "served", "503", "500", "conn. errors", "server alive", "after restart",
        "vnstd index exit", "damage found", "clauses lost"]  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="", help="run only faults whose name contains this")
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/ alone")
    args = ap.parse_args()
    started = dt.datetime.now()
    rows = matrix(args.only)
    body = "\n\n".join(
        [
            f"Measured {started:%Y-%m-%d %H:%M} by `make faults` (`tests/bench/faults.py`) at commit "
            f"`{git_rev()}`: each fault on a fresh index of the sample corpus in two generations, "
            f"served by `vnstd serve --workers 2`; {ROUNDS * len(PROBES)} requests after the fault "
            "(searches and a clause of the newest generation). *served*: answered 200/404 from an "
            "intact generation; *503*: a request that failed on a damaged generation (answered "
            "503 + Retry-After once the worker has verified the damage; at most one per worker) "
            "or found no intact generation; *500*: a failure nothing explains; *after restart*: statuses of a freshly "
            "started server (build faults: whether the generation served is still the one from "
            "before); *damage found*: the repairing `vnstd index` reported what it rebuilt "
            "(build faults: `vnstd check` found damage); *vnstd index exit*: the repairing "
            "build's exit code (disk full, read-only: the failing build's, 6 by the README).",
            table(HEAD, [r.cells() for r in rows]),
        ]
    )
    print("\n" + body)
    if not args.no_write and not args.only:
        replace_section(DOC, "faults", body)
        print(f"# wrote {DOC.relative_to(REPO)}")


if __name__ == "__main__":
    main()
