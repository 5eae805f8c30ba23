"""In-process query latency of every ICT query form, vnstd (default ranking: hybrid when the
index has vectors, the query's vector computed in every call) against FTS5 (bm25 +
snippet), in one run (docs/benchmarks.md, "Hybrid latency, all three ICT query forms").

    python tests/bench/latency_forms.py --shared ../shared --index var/eval/ict-index \\
        --fts5 var/bench/fts5.sqlite [--repeat 3]

The FTS5 database is the one `bench_build.py` builds (its `fts5_build`).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import fts5_latency, inprocess_latency
from common import REPO, load_queries

FORMS = ("keywords", "keywords_nodiacritics", "question")


def quantile_ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--index", type=Path, default=REPO / "var" / "eval" / "ict-index")
    ap.add_argument("--fts5", type=Path, default=REPO / "var" / "bench" / "fts5.sqlite")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    con = sqlite3.connect(args.fts5)
    print("| form | vnstd p50 / p95 ms | FTS5 p50 / p95 ms | p50 / p95 vs FTS5 |")
    print("|---|---|---|---|")
    for form in FORMS:
        queries = load_queries(args.shared, (form,))
        ours = inprocess_latency(args.index, queries, args.repeat)
        theirs = fts5_latency(con, queries, args.repeat)
        o50, o95 = quantile_ms(ours, 0.5), quantile_ms(ours, 0.95)
        t50, t95 = quantile_ms(theirs, 0.5), quantile_ms(theirs, 0.95)
        print(f"| {form} ({len(queries)}) | {o50:.1f} / {o95:.1f} | {t50:.1f} / {t95:.1f} | "
              f"{o50 / t50:.1f}× / {o95 / t95:.2f}× |", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
