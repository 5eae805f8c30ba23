"""Peak RSS of the build process by phase (writing; storing the clause keys; checksums),
for a corpus replicated 1×, 4×, 16× — what told apart where a build's memory grew with the
corpus (docs/benchmarks.md, "Build memory"). The build runs in this process; its workers
are not counted (`bench_build.py --scaling-only` measures the whole tree).

    python tests/bench/build_phases.py CORPUS --scales 1,4,16 [--work var/bench-phases]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, replicate_corpus

from indexer.config import Settings
from indexer.index import build, embedding

FIELDS = ("VmRSS", "RssAnon", "RssFile")


def _status() -> dict[str, int]:
    """This process's resident memory (MiB): all of it, anonymous, file-backed (mmap)."""
    out = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in FIELDS:
                out[key] = int(value.split()[0]) // 1024
    return out


class PhaseSampler:
    """Samples _status() every 50 ms into the peaks of the phase named in .phase."""

    def __init__(self) -> None:
        self.phase = "write"
        self.peaks: dict[str, dict[str, int]] = {}
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            time.sleep(0.05)
            peak = self.peaks.setdefault(self.phase, {})
            for key, value in _status().items():
                peak[key] = max(peak.get(key, 0), value)

    def marked(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """fn, its calls counted as phase `name`."""

        def call(*args: Any, **kwargs: Any) -> Any:
            before, self.phase = self.phase, name
            try:
                return fn(*args, **kwargs)
            finally:
                self.phase = f"after {name}" if before == "write" else before

        return call


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--scales", default="1,4,16")
    ap.add_argument("--work", type=Path, default=REPO / "var" / "bench-phases")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    sampler = PhaseSampler()
    embedding.update = sampler.marked("clause keys", embedding.update)  # type: ignore[assignment]
    build.checksums = sampler.marked("checksums", build.checksums)  # type: ignore[assignment]
    for n in (int(s) for s in args.scales.split(",")):
        corpus = replicate_corpus(args.corpus, args.work / f"corpus-{n}x", n)
        index = args.work / f"index-{n}x"
        shutil.rmtree(index, ignore_errors=True)
        sampler.phase, sampler.peaks = "write", {}
        t0 = time.perf_counter()
        settings = Settings(corpus=corpus, index=index, jobs=args.jobs, follow_symlinks=True,
                            ocr=False)  # fmt: skip
        report = build.build_index(settings, rebuild=True)
        print(json.dumps({"copies": n, "clauses": report.clauses,
                          "seconds": round(time.perf_counter() - t0), "peak_mib": sampler.peaks},
                         ensure_ascii=False), flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
