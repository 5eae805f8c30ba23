"""Query-path costs: snippets against the previous implementation, and the postings preload.

    .venv/bin/python tests/bench/bench_query_path.py --index var/eval/ict-index [--runs 9]

Snippets: the (clause text, query marks) pairs of 40 hits for each query of the ICT dev set
(or the sample queries when ../shared is absent), timed with search_api/highlight.py and with
the previous implementation kept in tests/test_highlight.py; runs interleaved, medians.
Preload: time of `FastScorer.preload` over every text field of the index, then the memory
it holds (a second run under tracemalloc).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_highlight import reference  # noqa: E402

from indexer.index import fields as F  # noqa: E402
from search_api.reader import lookups  # noqa: E402
from search_api.reader.engine import Engine  # noqa: E402
from search_api.search import highlight  # noqa: E402
from search_api.search.parts import build_parts  # noqa: E402
from search_api.search.query import parse  # noqa: E402
from search_api.search.ranking import DEFAULT_RANKING  # noqa: E402
from search_api.search.run import lexicon, search  # noqa: E402


def queries(shared: Path) -> list[str]:
    ict = shared / "eval" / "ict_dev.jsonl"
    if ict.is_file():
        rows = [json.loads(line) for line in ict.read_text(encoding="utf-8").splitlines()]
        return [r[form] for r in rows for form in ("keywords", "keywords_nodiacritics")]
    sample = ROOT / "tests" / "data" / "relevance_sample.jsonl"
    return [json.loads(line)["query"] for line in sample.read_text(encoding="utf-8").splitlines()]


def pairs(snap: Any, texts: list[str]) -> list[tuple[str, frozenset[str]]]:
    out = []
    for text in texts:
        parsed = parse(text)
        parts = build_parts(parsed, DEFAULT_RANKING, lexicon(snap), parsed.filters)
        for hit in search(snap, text, size=40).hits:
            found = lookups.clause(snap, hit.clause_id)
            out.append((found.text if found else "", parts.plan.highlight_terms))
    return out


def time_snippets(module: Any, work: list[tuple[str, frozenset[str]]]) -> float:
    """Microseconds per snippet (pattern cache cleared: each query compiles once)."""
    module._pattern.cache_clear()
    t0 = time.perf_counter()
    for text, marks in work:
        module.snippet(text, marks)
    return (time.perf_counter() - t0) / len(work) * 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, default=ROOT / "var" / "eval" / "ict-index")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()

    snap = Engine(args.index).snapshot()
    work = pairs(snap, queries(args.shared))
    same = sum(highlight.snippet(t, m) == reference.snippet(t, m) for t, m in work)
    old, new = [], []
    for _ in range(args.runs):  # interleaved: the machine is shared
        old.append(time_snippets(reference, work))
        new.append(time_snippets(highlight, work))
    o, n = statistics.median(old), statistics.median(new)
    print(f"snippets: {len(work)} pairs, {same} identical outputs")
    print(f"  previous {o:.0f} µs, now {n:.0f} µs per snippet: {o / n:.1f}x ({args.runs} runs)")

    fresh = Engine(args.index).snapshot()  # a new index object: an empty postings cache
    t0 = time.perf_counter()
    loaded = fresh.scorer().preload(fresh.searcher.reader(), F.SEARCHED)
    seconds = time.perf_counter() - t0
    traced = Engine(args.index).snapshot()  # again, under tracemalloc (slow) for the memory
    tracemalloc.start()
    traced.scorer().preload(traced.searcher.reader(), F.SEARCHED)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"preload: {loaded:,} postings in {seconds:.1f} s, {held / 2**20:.0f} MiB held")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
