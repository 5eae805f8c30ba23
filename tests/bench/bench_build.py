"""`make bench`: build and query benchmarks on ../shared/corpus/documents, in one run.

    python tests/bench/bench_build.py --shared ../shared [--quick] [--skip-scaling] [--scales 1,4,16]

Measures (every figure from this one run, on this machine):
  1. a full build (`vnstd index --rebuild`): seconds per stage, pages/s, peak RSS (build + workers);
  2. the unavoidable part alone: extraction + normalisation + segmentation with the same worker
     pool and no index writing; the build's wall time as a ratio to it (target <= 1.3);
  3. an incremental run with nothing changed, and one with one changed file;
  4. query latency p50/p95 for the `keywords` of eval/ict_dev.jsonl: in-process search(),
     over HTTP (real uvicorn, 2 workers), and SQLite FTS5 over the same pages, as ratios;
  5. the pdfium extractor's full build beside pypdf's;
  6. a scaling curve (corpus replicated N times, distinct ids): build time and query p95.
Writes the tables into docs/benchmarks.md (between markers) and the plot into docs/scaling.png.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    REPO,
    VNSTD,
    child_env,
    git_rev,
    load_queries,
    mib,
    percentile,
    replace_section,
    replicate_corpus,
    run_index,
    serve,
    table,
)

DOC = REPO / "docs" / "benchmarks.md"
PLOT = REPO / "docs" / "scaling.png"
POINTS = Path("scaling-points.json")  # in --work: the curve's points as they are measured
STAGES = ("extract", "normalize", "segment", "write")


# ---------------------------------------------------------------- baseline (runs in a subprocess)


def baseline_main(corpus: Path, jobs: int, extractor: str) -> None:
    """Extraction + normalisation + clause split + segmentation with the build's pool; no index."""
    started = time.perf_counter()
    from indexer.config import Settings
    from indexer.index.jobs import run_jobs
    from indexer.ingest.overrides import load_overrides
    from indexer.ingest.process import Job
    from indexer.ingest.sources import walk_corpus

    settings = Settings(jobs=jobs, extractor=extractor)
    sources, _ = walk_corpus(corpus, follow_symlinks=True)  # as the build (--follow-symlinks)
    overrides = load_overrides(corpus)
    jobs_ = [
        Job(s, settings.extractor, settings.passage_chars, overrides)
        for s in sorted(sources, key=lambda s: -s.path.stat().st_size)
    ]
    pages = rows = 0
    for outcome in run_jobs(jobs_, settings.workers):
        pages += outcome.pages
        rows += len(outcome.rows)
    print(json.dumps({"seconds": time.perf_counter() - started, "pages": pages, "rows": rows}))


def run_baseline(corpus: Path, jobs: int, extractor: str = "pypdf") -> dict[str, Any]:
    """Wall time (measured outside, like the build's) of the baseline subprocess."""
    cmd = [
        sys.executable,
        __file__,
        "--baseline",
        str(corpus),
        "--jobs",
        str(jobs),
        "--extractor",
        extractor,
    ]
    t0 = time.perf_counter()
    done = subprocess.run(
        cmd, cwd=REPO, capture_output=True, text=True, env=child_env(), check=True
    )
    wall = time.perf_counter() - t0
    return {"wall": wall, **json.loads(done.stdout.strip().splitlines()[-1])}


# ---------------------------------------------------------------- query latency


def embed_vectors(index: Path) -> dict[str, Any]:
    """`vnstd embed` on the bench index (hybrid ranking's vectors, before the latency runs):
    its report and the throughput. Only clauses the index's vector cache lacks are embedded
    (copy var/eval/ict-index/vector-cache into the bench index to skip the first hour)."""
    t0 = time.perf_counter()
    done = subprocess.run([*VNSTD, "embed", "--index", str(index), "--json"], cwd=REPO,
                          capture_output=True, text=True, check=True)  # fmt: skip
    report = json.loads(done.stdout)
    report["seconds"] = time.perf_counter() - t0
    return report


def inprocess_latency(index: Path, queries: list[str], repeat: int) -> list[float]:
    """Seconds per search() call (top 10, snippets included), after one warm-up pass; the
    query's vector is computed in every timed call (the remembered vectors are forgotten
    first: a repeated query would otherwise skip the model)."""
    from search_api.reader.engine import Engine
    from search_api.search.run import search
    from search_api.search.semantic import query_vector

    snap = Engine(index).snapshot()
    for q in queries:
        search(snap, q, size=10)
    out = []
    for _ in range(repeat):
        for q in queries:
            query_vector.cache_clear()
            t0 = time.perf_counter()
            search(snap, q, size=10)
            out.append(time.perf_counter() - t0)
    return out


def http_latency(base: str, queries: list[str], warmup: list[str]) -> list[float]:
    """Seconds per GET /api/search?q= from one client, each query once, after a warm-up pass
    over other queries (the server remembers the vectors of queries it has seen, so a
    query repeated would skip the model)."""
    import httpx

    out = []
    with httpx.Client(base_url=base, timeout=60) as http:
        for q in warmup:
            http.get("/api/search", params={"q": q}).raise_for_status()
        for q in queries:
            t0 = time.perf_counter()
            resp = http.get("/api/search", params={"q": q})
            resp.raise_for_status()
            out.append(time.perf_counter() - t0)
    return out


def _pdf_pages(args: tuple[str, str]) -> list[tuple[str, int, str]]:
    from indexer.errors import ExtractionError
    from indexer.ingest.extract import iter_pdf_pages

    path, rel = args
    try:
        return [
            (rel, p.number or 0, unicodedata.normalize("NFC", p.text))
            for p in iter_pdf_pages(Path(path), "pypdf", rel)
        ]
    except ExtractionError:
        return []


def fts5_build(corpus: Path, db_path: Path, jobs: int) -> tuple[sqlite3.Connection, int, float]:
    """An FTS5 table of every PDF page (and every Markdown/text file as one unit)."""
    t0 = time.perf_counter()
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    pdfs = [(str(p), str(p.relative_to(corpus))) for p in files if p.suffix.lower() == ".pdf"]
    units: list[tuple[str, int, str]] = []
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for pages in pool.imap_unordered(_pdf_pages, pdfs):
            units.extend(pages)
    for p in files:
        if p.suffix.lower() in (".md", ".txt"):
            units.append(
                (
                    str(p.relative_to(corpus)),
                    0,
                    unicodedata.normalize("NFC", p.read_text("utf-8", "replace")),
                )
            )
    if db_path.exists():
        db_path.unlink()
    con = sqlite3.connect(db_path)
    con.execute(
        "CREATE VIRTUAL TABLE pages USING fts5(file UNINDEXED, page UNINDEXED, body, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    con.executemany("INSERT INTO pages VALUES (?, ?, ?)", units)
    con.commit()
    return con, len(units), time.perf_counter() - t0


def fts5_query(text: str) -> str:
    """OR of the query's syllables, each quoted (FTS5 syntax characters are not operators)."""
    words = re.findall(r"\w+", unicodedata.normalize("NFC", text))
    return " OR ".join(f'"{w}"' for w in words)


def fts5_latency(con: sqlite3.Connection, queries: list[str], repeat: int) -> list[float]:
    """Seconds per FTS5 top-10 query by bm25() with a snippet, after one warm-up pass."""
    sql = (
        "SELECT file, page, bm25(pages), snippet(pages, 2, '<mark>', '</mark>', '…', 24) "
        "FROM pages WHERE pages MATCH ? ORDER BY bm25(pages) LIMIT 10"
    )
    out = []
    for rnd in range(repeat + 1):
        for q in queries:
            t0 = time.perf_counter()
            con.execute(sql, (fts5_query(q),)).fetchall()
            if rnd:
                out.append(time.perf_counter() - t0)
    return out


def lat_row(name: str, values: list[float], ref: list[float] | None = None) -> list[Any]:
    """Latency row: count, p50, p95 (ms) and both ratios to the reference's (FTS5)."""
    p50, p95 = percentile(values, 50), percentile(values, 95)
    ratios = ["1×", "1×"]
    if ref:
        ratios = [f"{p50 / percentile(ref, 50):.1f}×", f"{p95 / percentile(ref, 95):.1f}×"]
    return [name, len(values), round(p50 * 1000, 2), round(p95 * 1000, 2), *ratios]


# ---------------------------------------------------------------- the run


def build_row(name: str, run: Any) -> list[Any]:
    rep = run.report
    secs = rep.get("seconds", {})
    return [
        name,
        rep.get("mode", "?"),
        rep.get("pages", 0),
        round(run.wall, 1),
        *(round(secs.get(s, 0.0), 1) for s in STAGES),
        round(rep.get("pages", 0) / run.wall, 1) if run.wall else 0,
        round(mib(run.peak_rss)),
    ]


BUILD_HEAD = [
    "run",
    "mode",
    "pages",
    "wall s",
    "extract s*",
    "normalise+split s*",
    "segment s*",
    "write s",
    "pages/s",
    "peak RSS MiB",
]


def checked(run: Any, what: str) -> Any:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed (exit {run.returncode}):\n{run.stderr[-3000:]}")
    return run


def one_changed_file(corpus: Path, index: Path) -> Any:
    """Replace one (symlinked) Markdown/PDF with an edited copy, index, then restore it."""
    victim = next((p for p in sorted(corpus.rglob("*.md")) if p.is_symlink()), None)
    victim = victim or next(p for p in sorted(corpus.rglob("*.pdf")) if p.is_symlink())
    target = victim.resolve()
    victim.unlink()
    suffix = b"\n\nbench-edit\n" if victim.suffix == ".md" else b"\n% bench-edit\n"
    victim.write_bytes(target.read_bytes() + suffix)
    try:
        return checked(run_index(corpus, index), "one-changed-file run")
    finally:
        victim.unlink()
        os.symlink(target, victim)


def pick_scales(args: argparse.Namespace, one_x_seconds: float) -> list[int]:
    """The requested scales, or 1,2,4,8 when 4× + 16× would not fit in the time budget."""
    scales = [int(s) for s in args.scales.split(",")]
    extra = sum(s for s in scales if s > 1) * one_x_seconds
    if args.scales == "1,4,16" and extra > args.scaling_budget * 60:
        scales = [1, 2, 4, 8]
        if sum(scales[1:]) * one_x_seconds > args.scaling_budget * 60 * 1.5:
            scales = [1, 2, 4]
        print(
            f"# scaling: 4× + 16× would take ~{extra / 60:.0f} min > budget "
            f"{args.scaling_budget} min: using {','.join(map(str, scales))}",
            flush=True,
        )
    return scales


def scaling(
    args: argparse.Namespace, src: Path, base: dict[str, Any] | None, queries: list[str]
) -> list[dict[str, Any]]:
    """Build the corpus replicated n times for each scale; base is the 1× point when known."""
    done = load_points(args.work) if args.resume else {}
    if base:
        done[1] = base
    points = [done[1]] if 1 in done else []
    save_points(args.work, points)
    one_x = points[0]["wall"] if points else None
    scales = pick_scales(args, one_x) if one_x else [int(x) for x in args.scales.split(",")]
    for n in scales:
        if n in done:
            if n > 1:
                points.append(done[n])
                print(f"# scaling {n}×: kept from {POINTS.name} (--resume)", flush=True)
            continue
        corpus = replicate_corpus(src, args.work / f"corpus-scale-{n}x", n)
        index = args.work / f"index-scale-{n}x"
        print(f"# scaling {n}×: building …", flush=True)
        run = checked(
            run_index(corpus, index, "--rebuild", "--jobs", str(args.jobs)), f"{n}× build"
        )
        lat = inprocess_latency(index, queries, args.repeat)
        if n == args.pdfium_at:
            print(f"# scaling {n}×: the same with --extractor pdfium …", flush=True)
            alt = checked(
                run_index(
                    corpus,
                    args.work / "index-scale-pdfium",
                    "--rebuild",
                    "--jobs",
                    str(args.jobs),
                    "--extractor",
                    "pdfium",
                ),
                "pdfium build",
            )
            args.pdfium_rows = [build_row(f"{n}× pypdf", run), build_row(f"{n}× pdfium", alt)]
            shutil.rmtree(args.work / "index-scale-pdfium", ignore_errors=True)
        points.append(
            {
                "copies": n,
                "pages": run.report["pages"],
                "clauses": run.report["clauses"],
                "wall": run.wall,
                "p50": percentile(lat, 50),
                "p95": percentile(lat, 95),
                "rss": run.peak_rss,
                "rss_single": run.peak_rss_single,
                "segments": segments(index),
            }
        )
        save_points(args.work, points)  # a point survives an interrupted curve (--resume)
        shutil.rmtree(index, ignore_errors=True)
        shutil.rmtree(corpus, ignore_errors=True)
    return points


def load_points(work: Path) -> dict[int, dict[str, Any]]:
    """The scaling points an earlier run recorded, by number of copies."""
    path = work / POINTS.name
    if not path.is_file():
        return {}
    return {int(p["copies"]): p for p in json.loads(path.read_text(encoding="utf-8"))}


def save_points(work: Path, points: list[dict[str, Any]]) -> None:
    (work / POINTS.name).write_text(json.dumps(points, indent=1), encoding="utf-8")


def segments(index: Path) -> int:
    """Whoosh segments of the index's current generation (one compound .seg file each)."""
    return len(list((index / "current").glob("*.seg")))


def scaling_section(args: argparse.Namespace, src: Path, points: list[dict[str, Any]]) -> str:
    """The scaling table (and the plot's link), as Markdown."""
    rows = [
        [
            f"{p['copies']}×",
            p["pages"],
            p["clauses"],
            round(p["wall"], 1),
            round(p["wall"] / points[0]["wall"], 2),
            round(p["pages"] / p["wall"], 1),
            round(p["p50"] * 1000, 1),
            round(p["p95"] * 1000, 1),
            round(mib(p["rss"])),
            round(p["rss"] / points[0]["rss"], 2),
            round(mib(p.get("rss_single", 0))),
            p.get("segments", ""),
        ]
        for p in points
    ]
    head = [
        "corpus",
        "pages",
        "clauses",
        "build s",
        "× 1× time",
        "pages/s",
        "query p50 ms",
        "query p95 ms",
        "peak RSS MiB",
        "RSS × 1×",
        "largest process MiB",
        "segments",
    ]
    return (
        f"Corpus `{src}` replicated {', '.join(str(p['copies']) + '×' for p in points)} "
        f"(replicas in subfolders, distinct names and contents), `--jobs {args.jobs}`, full "
        f"rebuild each; query latency = in-process search() of the ict_dev `keywords` × {args.repeat}; "
        "peak RSS = build process + workers summed (largest process: the one biggest, the writer); "
        "segments = Whoosh segments of the generation built.\n\n"
        + table(head, rows)
        + "\n\n![build time and query p95 vs corpus size](scaling.png)"
        + (
            "\n\nExtractors on the same replicated corpus (full builds):\n\n"
            + table(BUILD_HEAD, args.pdfium_rows)
            if getattr(args, "pdfium_rows", None)
            else ""
        )
    )


def plot(points: list[dict[str, Any]], path: Path) -> None:
    """Build time and query p95 (left), peak build memory (right) against pages indexed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pages = [p["pages"] for p in points]
    fig, (ax1, ax3) = plt.subplots(1, 2, figsize=(11, 4.2), dpi=110)
    ax1.plot(
        pages, [p["wall"] / 60 for p in points], "o-", color="tab:blue", label="build wall time"
    )
    lin = [points[0]["wall"] / 60 * p["pages"] / points[0]["pages"] for p in points]
    ax1.plot(pages, lin, ":", color="tab:blue", alpha=0.6, label="linear from 1×")
    xlabel = "pages indexed (corpus " + ", ".join(f"{p['copies']}×" for p in points) + ")"
    ax1.set_xlabel(xlabel)
    ax1.set_ylabel("build time (min)", color="tab:blue")
    ax2 = ax1.twinx()
    ax2.plot(pages, [p["p95"] * 1000 for p in points], "s--", color="tab:red", label="query p95")
    ax2.set_ylabel("query latency p95, in-process (ms)", color="tab:red")
    ax2.set_ylim(bottom=0)
    ax1.set_ylim(bottom=0)
    lines = ax1.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    labels = ax1.get_legend_handles_labels()[1] + ax2.get_legend_handles_labels()[1]
    ax1.legend(lines, labels, loc="upper left", fontsize=8)
    ax1.set_title("build time and query p95")
    ax3.plot(pages, [mib(p["rss"]) for p in points], "o-", color="tab:green",
             label="peak RSS, build + workers")  # fmt: skip
    ax3.plot(pages, [mib(p.get("rss_single", 0)) for p in points], "^-", color="tab:olive",
             label="largest process (the writer)")  # fmt: skip
    ax3.axhline(mib(points[0]["rss"]) * 1.3, ls=":", color="tab:green", alpha=0.6,
                label="1.3 × the 1× peak (goal)")  # fmt: skip
    ax3.set_ylim(bottom=0)
    ax3.set_xlabel(xlabel)
    ax3.set_ylabel("MiB")
    ax3.legend(loc="lower right", fontsize=8)
    ax3.set_title("peak build memory")
    fig.suptitle("vnstd full builds vs corpus size (2 cores)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--corpus", type=Path, help="default: SHARED/corpus/documents")
    ap.add_argument("--work", type=Path, default=REPO / "var" / "bench")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=5, help="timed passes over the queries")
    ap.add_argument("--quick", action="store_true", help="ICT folder only, no pdfium, no scaling")
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--skip-pdfium", action="store_true")
    ap.add_argument("--scaling-only", action="store_true", help="only the scaling curve")
    ap.add_argument("--scaling-corpus", type=Path, help="corpus to replicate (default: --corpus)")
    ap.add_argument("--scales", default="1,4,16")
    ap.add_argument("--pdfium-at", type=int, default=0, help="also build this scale with pdfium")
    ap.add_argument("--scaling-budget", type=float, default=25, help="minutes for 4× + 16×")
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/ alone")
    ap.add_argument(
        "--resume", action="store_true",
        help="scaling: keep the points WORK/scaling-points.json holds, build only the others",
    )  # fmt: skip
    ap.add_argument(
        "--plot-only", action="store_true",
        help="redraw docs/scaling.png and the scaling table from WORK/scaling-points.json",
    )  # fmt: skip
    ap.add_argument("--baseline", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--extractor", default="pypdf", help=argparse.SUPPRESS)
    return ap.parse_args()


def command_line(args: argparse.Namespace) -> str:
    flags = [f"--shared {args.shared}"]
    for name in ("quick", "skip_scaling", "skip_pdfium", "scaling_only"):
        if getattr(args, name):
            flags.append("--" + name.replace("_", "-"))
    if args.scaling_corpus:
        flags.append(f"--scaling-corpus {args.scaling_corpus}")
    if args.scales != "1,4,16":
        flags.append(f"--scales {args.scales}")
    if args.pdfium_at:
        flags.append(f"--pdfium-at {args.pdfium_at}")
    return "tests/bench/bench_build.py " + " ".join(flags)


def header(args: argparse.Namespace, started: dt.datetime, load0: float) -> str:
    return (
        f"Measured {started:%Y-%m-%d %H:%M} by `{command_line(args)}` at commit `{git_rev()}` on "
        f"{platform.node()} ({os.cpu_count()} CPUs, Python {platform.python_version()}), "
        f"`--jobs {args.jobs}`, `VNSTD_OCR={os.environ.get('VNSTD_OCR', '1')}`. One run; the machine is shared with other builds and noisy "
        f"(load average {load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)."
    )


def main_part(args: argparse.Namespace, src: Path, queries: list[str]) -> dict[str, Any]:
    """Builds, baseline, incremental runs, query latency; writes the `bench` section."""
    work = args.work
    corpus = replicate_corpus(src, work / "corpus-1x", 1)  # a symlink view: files can be "changed"
    if args.quick:
        for sub in [p for p in (corpus / "r00").iterdir() if not p.name.startswith("jien0404")]:
            shutil.rmtree(sub)
    index = work / "index-1x"
    started, load0 = dt.datetime.now(), os.getloadavg()[0]
    print(f"# vnstd bench {started:%Y-%m-%d %H:%M}, jobs={args.jobs}, corpus {src}", flush=True)
    print("# full build …", flush=True)
    full = checked(run_index(corpus, index, "--rebuild", "--jobs", str(args.jobs)), "full build")
    print(
        f"# full build: {full.wall:.0f} s; baseline: extraction + segmentation only …", flush=True
    )
    base = run_baseline(corpus, args.jobs)
    print(f"# baseline: {base['wall']:.0f} s; incremental runs …", flush=True)
    same = checked(run_index(corpus, index, "--jobs", str(args.jobs)), "no-change run")
    changed = one_changed_file(corpus, index)
    checked(run_index(corpus, index, "--jobs", str(args.jobs)), "restore run")
    pdfium = pdfium_base = None
    if not args.skip_pdfium:
        print("# pdfium build …", flush=True)
        pdfium = checked(
            run_index(
                corpus,
                work / "index-pdfium",
                "--rebuild",
                "--jobs",
                str(args.jobs),
                "--extractor",
                "pdfium",
            ),
            "pdfium build",
        )
        pdfium_base = run_baseline(corpus, args.jobs, "pdfium")
    print("# clause vectors (vnstd embed) …", flush=True)
    vec = embed_vectors(index)
    print("# query latency (hybrid ranking) …", flush=True)
    lat_in = inprocess_latency(index, queries, args.repeat)
    with serve(index, corpus, workers=2, log_dir=work) as server:
        lat_http = http_latency(server.base, queries, load_queries(args.shared, ("question",)))
    con, units, fts_build = fts5_build(corpus, work / "fts5.sqlite", args.jobs)
    lat_fts = fts5_latency(con, queries, args.repeat)
    con.close()

    rep = full.report
    builds = [
        build_row("full build (pypdf)", full),
        build_row("no change", same),
        build_row("one changed file", changed),
    ]
    ratios = [
        [
            "build wall / (extraction + segmentation alone)",
            f"{full.wall:.1f} / {base['wall']:.1f}",
            f"{full.wall / base['wall']:.2f}",
            "≤ 1.3",
        ],
        [
            "the same, timed inside the processes",
            f"{rep['total_seconds']:.1f} / {base['seconds']:.1f}",
            f"{rep['total_seconds'] / base['seconds']:.2f}",
            "",
        ],
    ]
    if pdfium is not None and pdfium_base is not None:
        builds.append(build_row("full build (pdfium)", pdfium))
        ratios.append(
            [
                "pdfium build / pypdf build",
                f"{pdfium.wall:.1f} / {full.wall:.1f}",
                f"{pdfium.wall / full.wall:.2f}",
                "",
            ]
        )
        ratios.append(
            [
                "pdfium: build / its own baseline",
                f"{pdfium.wall:.1f} / {pdfium_base['wall']:.1f}",
                f"{pdfium.wall / pdfium_base['wall']:.2f}",
                "",
            ]
        )
    lats = [
        lat_row("SQLite FTS5 (in-process)", lat_fts),
        lat_row("vnstd search() in-process, hybrid", lat_in, lat_fts),
        lat_row("vnstd over HTTP (uvicorn, 2 workers), hybrid, one pass", lat_http, lat_fts),
    ]
    body = "\n\n".join(
        [
            header(args, started, load0) + f" Corpus: `{src}` — {rep['pages']} pages, "
            f"{rep['documents']} documents, {rep['clauses']} clauses; files {json.dumps(rep['summary'])}.",
            "### Builds\n\n"
            + table(BUILD_HEAD, builds)
            + "\n\n\\* stage seconds are each worker's elapsed time in the stage, summed over "
            f"the {args.jobs} worker processes (they exceed the wall time, and grow when other "
            "processes compete for the cores); `write` is the one writer in the main process (add_document, i.e. Whoosh "
            "analysis + posting, and the commit). Peak RSS = build process + workers, summed, sampled "
            "every 50 ms.",
            "### Build vs the unavoidable part\n\n"
            + table(["ratio", "seconds", "value", "target"], ratios)
            + "\n\nBaseline = `bench_build.py --baseline`: the same walk and the same worker pool "
            f"(`indexer.index.jobs.run_jobs`, {args.jobs} workers) doing extraction, normalisation, clause "
            f"split and segmentation, and no index; {base['pages']} pages, {base['rows']} clauses.",
            f"### Query latency ({len(queries)} `keywords` queries of ict_dev.jsonl × {args.repeat} "
            "passes in-process, one pass over HTTP; top 10, one client)\n\n"
            + table(["engine", "queries", "p50 ms", "p95 ms", "p50 vs FTS5", "p95 vs FTS5"], lats)
            + "\n\nFTS5: `tokenize='unicode61 remove_diacritics 2'`, one row per PDF page (+ one per "
            f"Markdown file), {units} units, query = OR of the syllables, `ORDER BY bm25()` with "
            f"`snippet()`; built in {fts_build:.0f} s. vnstd's figure includes query analysis "
            "(segmentation), BM25F over 6 fields and highlighted snippets; HTTP adds JSON and a "
            "loopback round trip. Hybrid: the query's e5 vector (on another thread while its "
            "words are scored; computed in every timed call — in-process the remembered query vectors "
            "are forgotten before each call, over HTTP each query is asked once after a warm-up "
            "on the `question` forms) fused with the clause vectors, which `vnstd embed` completed "
            f"first: {vec['embedded']} of {vec['total']} clauses embedded in "
            f"{vec['seconds']:.0f} s ({vec['embedded'] / max(vec['seconds'], 1e-9):.1f} "
            "clauses/s; the rest were in the index's vector cache).",
        ]
    )
    print("\n" + body + "\n", flush=True)
    if not args.no_write:
        replace_section(DOC, "bench", body)
    return {
        "copies": 1,
        "pages": rep["pages"],
        "clauses": rep["clauses"],
        "wall": full.wall,
        "p50": percentile(lat_in, 50),
        "p95": percentile(lat_in, 95),
        "rss": full.peak_rss,
        "rss_single": full.peak_rss_single,
        "segments": segments(index),
    }


def main() -> None:
    args = parse_args()
    # the baseline reads text layers only: builds leave scans to OCR out too (VNSTD_OCR=1 to keep it)
    os.environ.setdefault("VNSTD_OCR", "0")
    if args.baseline:
        baseline_main(args.baseline, args.jobs, args.extractor)
        return
    src = args.corpus or args.shared / "corpus" / "documents"
    if not src.is_dir():
        raise SystemExit(f"corpus not found: {src} (give --shared DIR or --corpus DIR)")
    if args.quick:
        args.skip_scaling = args.skip_pdfium = True
        args.repeat = min(args.repeat, 2)
    queries = load_queries(args.shared, ("keywords",))
    args.work.mkdir(parents=True, exist_ok=True)
    if args.plot_only:
        points = sorted(load_points(args.work).values(), key=lambda p: p["copies"])
        if not points:
            raise SystemExit(f"no points in {args.work / POINTS.name}")
        print(scaling_section(args, src, points))
        plot(points, PLOT)
        return
    one_x = None if args.scaling_only else main_part(args, src, queries)
    if args.skip_scaling:
        return
    scale_src = args.scaling_corpus or src
    started, load0 = dt.datetime.now(), os.getloadavg()[0]
    points = scaling(args, scale_src, one_x if scale_src == src else None, queries)
    body = header(args, started, load0) + "\n\n" + scaling_section(args, scale_src, points)
    print("\n" + body + "\n", flush=True)
    if not args.no_write:
        replace_section(DOC, "scaling", body)
        plot(points, PLOT)
        print(f"# wrote {DOC.relative_to(REPO)} and {PLOT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
