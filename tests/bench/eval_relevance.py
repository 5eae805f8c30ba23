"""`make eval`: vnstd's ranking against SQLite FTS5 and BM25-over-syllables on the dev sets.

    .venv/bin/python tests/bench/eval_relevance.py --shared ../shared [--no-write]
    .venv/bin/python tests/bench/eval_relevance.py --shared ../shared --ablation

Indexes ../shared/corpus/documents and the ALQAC articles into var/eval (incremental
builds: cheap after the first run), completes their clause vectors (`vnstd embed`: about
an hour on 2 cores the first time, nothing afterwards: INDEX/vector-cache keeps them),
runs every query of every set and query form
through `search_api.search.search` (the API's code path) and through both peers on
the same units — `vnstd` (hybrid, the default) and `vnstd lexical` (dense share 0) —
and prints nDCG@10 / MRR@10 / Recall@10 and latency. The table goes
into docs/relevance.md; per-query scores go to var/eval/per_query.jsonl and queries
that got worse since the previous run are listed.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import functools
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from evalsets import (  # noqa: E402
    EvalSet,
    alqac_set,
    alqac_units,
    ict_pages,
    ict_sets,
    pdf_paths,
)
from metrics import Scores, mean, score  # noqa: E402
from peers import Bm25SyllablePeer, Fts5Peer  # noqa: E402

from indexer.config import Settings  # noqa: E402
from indexer.index.build import build_index  # noqa: E402
from search_api.reader.engine import Engine, Snapshot  # noqa: E402
from search_api.search.ranking import DEFAULT_RANKING, Ranking  # noqa: E402
from search_api.search.run import search, warm  # noqa: E402
from search_api.search.semantic import query_vector, vector_status  # noqa: E402

K = 10
LEXICAL = "vnstd lexical"  # the same index and search with the dense share 0
FETCH = 40  # vnstd hits fetched before collapsing clauses to judged units
Units = tuple[Hashable, ...]
# a query's hits as judged units: the units each hit covers, and (page sets) the one unit
# each hit opens at — the same for a peer, whose hits are single pages
SearchFn = Callable[[str], tuple[list[Units], list[Units] | None]]
# Ablation: each variant changes the default ranking in one respect (see docs/relevance.md).
ABLATION: dict[str, tuple[str, ...]] = {
    "default": (),
    "heading 2.0 (first default)": ("heading=2.0",),
    "heading 0.25": ("heading=0.25",),
    "title 2.0": ("title=2.0",),
    "folded 0.2 when accented": ("folded_when_accented=0.2",),
    "no question stripping": ("questions=false",),
    "no abbreviation expansion": ("expansion=0",),
    "proximity 0.5": ("proximity=0.5",),
    "BM25 b 0.5": ("bm25_b=0.5",),
    "BM25 k1 2.0": ("bm25_k1=2.0",),
}
# Where a hit lands (ICT page sets): re-scoring by the best page and page hits, on and off.
LANDING_ABLATION: dict[str, tuple[str, ...]] = {
    "neither (before 2026-12-03)": ("page_share=0", "page_hits=0"),
    "page hits only (2 at most)": ("page_share=0", "page_hits=2"),
    "re-scoring by the best page only": ("page_hits=0",),
    "both, 2 page hits at most": ("page_hits=2",),
    "page share 0.2, 2 page hits": ("page_share=0.2", "page_hits=2"),
    "page share 0.4, 2 page hits": ("page_share=0.4", "page_hits=2"),
    "both, 1 page hit at most (default)": ("page_hits=1",),
    "15 candidates, 2 page hits": ("page_candidates=15", "page_hits=2"),
    "60 candidates, 2 page hits": ("page_candidates=60", "page_hits=2"),
}
# On the indexes with vectors: the share of the dense score and the number of dense candidates.
SEMANTIC_ABLATION: dict[str, tuple[str, ...]] = {
    "semantic 0.4, unaccented 0.2 (default)": (),
    "semantic 0 (lexical only)": ("semantic=0",),
    "semantic 0.3": ("semantic=0.3",),
    "semantic 0.5": ("semantic=0.5",),
    "candidates 10 (dense mostly re-ranks the lexical matches)": ("semantic_candidates=10",),
    "candidates 200": ("semantic_candidates=200",),
    "reciprocal rank fusion (k 60), dense share 0.4": ("semantic_rrf=60",),
    "reciprocal rank fusion (k 60), dense share 0.5": ("semantic_rrf=60", "semantic=0.5"),
    "document share 0.3 (a clause's dense score blends its document's best)": ("semantic_doc=0.3",),
    "document share 0.5": ("semantic_doc=0.5",),
}


@dataclasses.dataclass
class Run:
    """Per-query scores and latencies of one system on one set."""

    system: str
    set_name: str
    per_query: list[tuple[str, Scores]]
    ms: list[float]
    landing: list[Scores] | None = None  # per query, each hit reduced to its landing page

    @property
    def mean(self) -> Scores:
        return mean([s for _, s in self.per_query])

    @property
    def landing_mean(self) -> Scores | None:
        return mean(self.landing) if self.landing is not None else None

    def latency(self, q: float) -> float:
        """Latency quantile in ms (q=0.5, 0.95)."""
        return (
            statistics.quantiles(self.ms, n=100, method="inclusive")[round(q * 100) - 1]
            if len(self.ms) > 1
            else 0.0
        )


def run(system: str, fn: SearchFn, evset: EvalSet) -> Run:
    """Scores of fn on every query of evset."""
    out = Run(system, evset.name, [], [], [] if evset.landing_units else None)
    for q in evset.queries:
        t0 = time.perf_counter()
        hits, landing = fn(q.text)
        out.ms.append((time.perf_counter() - t0) * 1000)
        out.per_query.append((q.qid, score(hits, q.qrels, K)))
        if out.landing is not None:
            out.landing.append(score(landing if landing is not None else hits, q.qrels, K))
    return out


@functools.lru_cache(maxsize=4)
def opened(root: Path, ranking: Ranking) -> Snapshot:
    """The index at root opened as the server opens it (postings preloaded), once per
    ranking: the three ICT query forms share it."""
    snap = Engine(root, ranking.bm25, preload=True).snapshot()
    snap.preloaded.wait()
    warm(snap, ranking)
    return snap


def vnstd_fn(root: Path, ranking: Ranking, evset: EvalSet) -> SearchFn:
    """vnstd's search over the index at root, hits mapped to evset's units."""
    snap = opened(root, ranking)

    def fn(text: str) -> tuple[list[Units], list[Units] | None]:
        result = search(snap, text, size=FETCH, ranking=ranking)
        spans = [evset.hit_units(h) for h in result.hits]
        lands = evset.landing_units
        return spans, [lands(h) for h in result.hits] if lands else None

    return fn


def peer_fn(peer: Any, unit_of: Callable[[str], Hashable]) -> SearchFn:
    return lambda text: ([(unit_of(uid),) for uid in peer.search(text, K)], None)


def build(corpus: Path, root: Path, settings: Settings) -> None:
    t0 = time.perf_counter()
    report = build_index(settings.model_copy(update={"corpus": corpus, "index": root}))
    print(
        f"  index {root}: {report.mode}, {report.clauses} clauses, {time.perf_counter() - t0:.0f} s",
        flush=True,
    )


def embed_all(root: Path) -> None:
    """`vnstd embed` in a child process (every core; the query model then loads in this
    process only, on one thread, as in the server): the vectors are complete before the
    queries run. Cheap once the index's vector cache holds them."""
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "search_api", "embed", "--index", str(root), "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"embedding {root} failed: {done.stderr.strip()[-500:]}")
    report = json.loads(done.stdout)
    print(
        f"  vectors {root}: {report['state']}, {report['embedded']} embedded of "
        f"{report['total']} clauses, {time.perf_counter() - t0:.0f} s",
        flush=True,
    )


def prepare(
    shared: Path, var: Path, passage_chars: int, embed: bool = True
) -> tuple[list[EvalSet], dict[str, Path]]:
    """Eval sets and the vnstd index root each peer group uses (building indexes as needed,
    then, with embed, filling their clause vectors: hybrid ranking is the default)."""
    # the ALQAC corpus is a link to the shared file: follow it out of the corpus folder
    settings = Settings(jobs=2, passage_chars=passage_chars, follow_symlinks=True, semantic=None)
    suffix = "" if passage_chars == Settings().passage_chars else f"-p{passage_chars}"
    documents = shared / "corpus" / "documents"
    alqac_corpus = var / "alqac-corpus"
    alqac_corpus.mkdir(parents=True, exist_ok=True)
    link = alqac_corpus / "corpus.jsonl"
    if not link.is_symlink():
        link.symlink_to((shared / "eval" / "alqac" / "corpus.jsonl").resolve())
    roots = {"ict": var / f"ict-index{suffix}", "alqac": var / f"alqac-index{suffix}"}
    build(documents, roots["ict"], settings)
    build(alqac_corpus, roots["alqac"], settings)
    if embed:
        for root in roots.values():
            embed_all(root)
    sets = [*ict_sets(shared, list(pdf_paths(documents))), alqac_set(shared)]
    return sets, roots


def vectors_note(roots: dict[str, Path]) -> str:
    """How complete each index's clause vectors are (hybrid rows fuse only those)."""
    out = []
    for name, root in roots.items():
        state = vector_status(Engine(root).snapshot())
        out.append(f"{name} {state.done}/{state.total}")
    return "clause vectors fused: " + ", ".join(out)


def peers(shared: Path, var: Path) -> dict[str, list[tuple[str, Any, Callable[[str], Hashable]]]]:
    """Both peers over ICT pages and over ALQAC articles."""
    pages = ict_pages(pdf_paths(shared / "corpus" / "documents"), var / "ict-pages.json")
    page_rows = [(f"{rel}\x00{page}", text) for (rel, page), text in pages]

    def page_unit(uid: str) -> Hashable:
        rel, page = uid.split("\x00")
        return (rel, int(page))

    articles = alqac_units(shared)
    out: dict[str, list[tuple[str, Any, Callable[[str], Hashable]]]] = {}
    for group, rows, unit_of in (
        ("ict", page_rows, page_unit),
        ("alqac", articles, lambda uid: uid),
    ):
        out[group] = [(cls.name, cls(rows), unit_of) for cls in (Fts5Peer, Bm25SyllablePeer)]
    return out


def table(runs: Sequence[Run]) -> str:
    """Markdown table: one row per set and system ("landing": nDCG@10 with each hit reduced
    to the page it opens at; a peer's hit is one page, so it equals nDCG@10)."""
    lines = [
        "| set / query form | system | nDCG@10 | landing nDCG@10 | MRR@10 | Recall@10 "
        "| p50 ms | p95 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        m, landing = r.mean, r.landing_mean
        land = f"{landing.ndcg:.3f}" if landing is not None else "—"
        lines.append(
            f"| {r.set_name} ({len(r.per_query)}) | {r.system} | {m.ndcg:.3f} | {land} | "
            f"{m.mrr:.3f} | {m.recall:.3f} | {r.latency(0.5):.1f} | {r.latency(0.95):.1f} |"
        )
    return "\n".join(lines)


def _figures(r: Run) -> str:
    """nDCG@10, and the landing figure when there is one and it differs."""
    landing = r.landing_mean
    if landing is None or abs(landing.ndcg - r.mean.ndcg) < 5e-4:
        return f"{r.mean.ndcg:.3f}"
    return f"{r.mean.ndcg:.3f} (landing {landing.ndcg:.3f})"


def per_query_rows(runs: Sequence[Run]) -> list[dict[str, Any]]:
    rows = []
    for r in runs:
        landing = r.landing or [None] * len(r.per_query)
        for (qid, s), land in zip(r.per_query, landing, strict=True):
            row = {"set": r.set_name, "system": r.system, "id": qid, "ndcg": round(s.ndcg, 4),
                   "mrr": round(s.mrr, 4), "recall": round(s.recall, 4)}  # fmt: skip
            if land is not None:
                row["landing_ndcg"] = round(land.ndcg, 4)
            rows.append(row)
    return rows


def report_changes(path: Path, rows: list[dict[str, Any]], system: str = "vnstd") -> None:
    """Print vnstd queries whose nDCG@10 moved by more than 0.01 since the file at path."""
    if path.is_file():
        old = {
            (r["set"], r["system"], r["id"]): r["ndcg"]
            for r in map(json.loads, path.read_text().splitlines())
        }
        worse, better = [], 0
        for r in rows:
            prev = old.get((r["set"], r["system"], r["id"]))
            if r["system"] != system or prev is None:
                continue
            if r["ndcg"] < prev - 0.01:
                worse.append(f"  {r['set']:<28} {r['id']:<12} {prev:.3f} → {r['ndcg']:.3f}")
            better += r["ndcg"] > prev + 0.01
        print(f"\nvs previous run: {len(worse)} {system} queries worse, {better} better")
        print("\n".join(worse[:40]) + ("\n  …" if len(worse) > 40 else ""))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )


def write_doc(doc: Path, body: str, name: str = "eval") -> None:
    """Replace the generated block `name` of docs/relevance.md (create the file if needed)."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{body}\n{end}"
    text = doc.read_text(encoding="utf-8") if doc.is_file() else f"# Relevance\n\n{begin}\n{end}\n"
    i, j = text.find(begin), text.find(end)
    text = text[:i] + block + text[j + len(end) :] if i >= 0 and j > i else f"{text}\n{block}\n"
    doc.write_text(text, encoding="utf-8")


def ranking_from(pairs: Sequence[str], base: Ranking = DEFAULT_RANKING) -> Ranking:
    """base with NAME=VALUE overrides (types taken from the defaults)."""
    changes: dict[str, Any] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        current = getattr(base, name)
        changes[name] = (
            value.lower() in ("1", "true", "yes")
            if isinstance(current, bool)
            else type(current)(value)
        )
    return dataclasses.replace(base, **changes)


def _ndcgs(r: Run) -> str:
    """nDCG@10, then the landing figure where there is one: "0.892 / 0.876"."""
    landing = r.landing_mean
    return f"{r.mean.ndcg:.3f}" + (f" / {landing.ndcg:.3f}" if landing is not None else "")


def ablation(
    sets: Sequence[EvalSet],
    roots: dict[str, Path],
    variants: dict[str, tuple[str, ...]],
    fresh_vectors: bool = True,
) -> str:
    """Markdown table: nDCG@10 of vnstd per set for each ranking variant (fresh_vectors:
    each variant embeds its queries again, so that the p95 column includes that)."""
    head = "| variant | " + " | ".join(s.name for s in sets) + " | p95 ms |"
    lines = [head, "|---|" + "---:|" * (len(sets) + 1)]
    for name, overrides in variants.items():
        if fresh_vectors:
            query_vector.cache_clear()  # every variant pays for its query embeddings
        ranking = ranking_from(overrides)
        runs = [run("vnstd", vnstd_fn(roots[s.peer], ranking, s), s) for s in sets]
        p95 = max(r.latency(0.95) for r in runs)
        lines.append(f"| {name} | " + " | ".join(map(_ndcgs, runs)) + f" | {p95:.0f} |")
        print(lines[-1], flush=True)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--var", type=Path, default=ROOT / "var" / "eval")
    ap.add_argument("--doc", type=Path, default=ROOT / "docs" / "relevance.md")
    ap.add_argument(
        "--no-write", action="store_true", help="print only (no docs, no per-query file)"
    )
    ap.add_argument("--no-peers", action="store_true", help="vnstd only")
    ap.add_argument("--passage-chars", type=int, default=Settings().passage_chars)
    ap.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a Ranking field, e.g. --set heading=1.5",
    )
    ap.add_argument("--only", default="", help="run only sets whose name contains this")
    ap.add_argument("--ablation", action="store_true", help="vnstd nDCG@10 per ranking variant")
    ap.add_argument("--max-queries", type=int, default=0, help="first N queries of each set")
    ap.add_argument(
        "--semantic",
        action="store_true",
        help="with --ablation: the variants of the dense fusion (SEMANTIC_ABLATION)",
    )
    ap.add_argument(
        "--landing",
        action="store_true",
        help="with --ablation: the variants of where a hit lands (LANDING_ABLATION)",
    )
    ap.add_argument(
        "--cached-query-vectors",
        action="store_true",
        help="with --ablation: embed each query once (quality only; p95 then excludes it)",
    )
    ap.add_argument(
        "--no-embed",
        action="store_true",
        help="do not complete the clause vectors first (hybrid rows fuse what the cache has)",
    )
    args = ap.parse_args(argv)
    shared = args.shared.resolve()
    ranking = ranking_from(args.overrides)
    print("building / checking indexes …", flush=True)
    sets, roots = prepare(shared, args.var, args.passage_chars, not args.no_embed)
    note = vectors_note(roots)
    print(note, flush=True)
    sets = [s for s in sets if args.only.lower() in s.name.lower()]
    if args.max_queries:
        sets = [dataclasses.replace(s, queries=s.queries[: args.max_queries]) for s in sets]
    if args.ablation:
        variants = (
            LANDING_ABLATION if args.landing else SEMANTIC_ABLATION if args.semantic else ABLATION
        )
        overridden = {k: (*v, *args.overrides) for k, v in variants.items()}
        out = ablation(sets, roots, overridden, not args.cached_query_vectors)
        if not args.no_write:
            first = f"{args.max_queries} first queries of each set; " if args.max_queries else ""
            block = (
                "ablation-landing"
                if args.landing
                else ("ablation-semantic" if args.semantic else "ablation")
            )
            write_doc(args.doc, f"{first}{note}; p95 is the worst set's.\n\n{out}", block)
        return 0
    peer_groups = {} if args.no_peers else peers(shared, args.var)
    runs: list[Run] = []
    for evset in sets:
        runs.append(run("vnstd", vnstd_fn(roots[evset.peer], ranking, evset), evset))
        lexical = dataclasses.replace(ranking, semantic=0.0)
        runs.append(run(LEXICAL, vnstd_fn(roots[evset.peer], lexical, evset), evset))
        for name, peer, unit_of in peer_groups.get(evset.peer, []):
            runs.append(run(name, peer_fn(peer, unit_of), evset))
        print(
            f"  {evset.name}: "
            + ", ".join(f"{r.system} {_figures(r)}" for r in runs if r.set_name == evset.name),
            flush=True,
        )
    out = table(runs)
    print("\n" + out)
    if args.no_write:
        return 0
    report_changes(args.var / "per_query.jsonl", per_query_rows(runs))
    if (
        not args.no_peers
        and not args.only
        and not args.overrides
        and not args.max_queries
        and args.passage_chars == Settings().passage_chars
    ):
        today = datetime.date.today().isoformat()
        write_doc(
            args.doc,
            f"Measured {today} with `make eval` (`.venv/bin/python tests/bench/eval_relevance.py "
            f"--shared ../shared`), in-process latency on a 2-core machine; {note}. `vnstd`: "
            f"the default, hybrid ranking; `{LEXICAL}`: the same with the dense share 0.\n\n" + out,
            "eval",
        )
        print(f"\nwrote {args.doc}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
