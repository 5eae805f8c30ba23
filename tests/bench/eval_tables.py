"""`make eval-tables`: table cells read from labelled table pages of the shared corpus.

    .venv/bin/python tests/bench/eval_tables.py --shared ../shared

tests/bench/tables_gold.jsonl holds, per page, the tables as drawn (rows of non-empty
cells, a merged cell once), written from the rendered page. Each candidate extractor
reads the same pages; a cell is right when a cell with the same text (NFC, Symbol-font
glyphs mapped, spaces collapsed) is among the page's gold cells (multiset match), so
precision = right / cells extracted and recall = right / gold cells. Also: rows exactly
right (every cell of a gold row, in order), and seconds per page.

Candidates: `pdfplumber` (ruling lines, what the index uses: indexer/ingest/pdftables)
and `pypdf-layout` (pypdf's layout mode, each line cut into cells at runs of 2+ spaces,
table blocks = runs of 2+ lines with 2+ cells).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

from indexer.ingest import pdftables  # noqa: E402
from indexer.text.vntext import map_symbols, nfc  # noqa: E402

GOLD = Path(__file__).with_name("tables_gold.jsonl")
Tables = list[list[list[str]]]


def norm(cell: str) -> str:
    return " ".join(map_symbols(nfc(cell)).split())


def plumber(path: Path, page: int) -> Tables:
    return [[list(r) for r in t] for _, ts in pdftables.read_tables(path, [page]) for t in ts]


def pypdf_layout(path: Path, page: int) -> Tables:
    from pypdf import PdfReader

    text = PdfReader(path).pages[page - 1].extract_text(extraction_mode="layout")
    tables: Tables = []
    block: list[list[str]] = []
    for line in [*text.split("\n"), ""]:
        cells = [c for c in re.split(r"\s{2,}", line.strip()) if c]
        if len(cells) >= 2:
            block.append(cells)
            continue
        if len(block) >= 2:
            tables.append(block)
        block = []
    return [t for t in tables if not any("VIETTEL AI RACE" in c for r in t for c in r)]


CANDIDATES: dict[str, Callable[[Path, int], Tables]] = {
    "pdfplumber": plumber,
    "pypdf-layout": pypdf_layout,
}


def score(gold: Tables, found: Tables) -> tuple[int, int, int, int, int]:
    """(right cells, extracted cells, gold cells, right rows, gold rows)."""
    g = Counter(norm(c) for t in gold for r in t for c in r if norm(c))
    f = Counter(norm(c) for t in found for r in t for c in r if norm(c))
    rows = {tuple(norm(c) for c in r if norm(c)) for t in found for r in t}
    gold_rows = [tuple(norm(c) for c in r) for t in gold for r in t]
    right_rows = sum(r in rows for r in gold_rows)
    return sum((g & f).values()), sum(f.values()), sum(g.values()), right_rows, len(gold_rows)


def run(shared: Path) -> dict[str, dict[str, float]]:
    pages = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    results = {}
    for name, extract in CANDIDATES.items():
        totals = [0] * 5
        t0 = time.perf_counter()
        for item in pages:
            found = extract(shared / "corpus" / "documents" / item["file"], item["page"])
            totals = [a + b for a, b in zip(totals, score(item["tables"], found), strict=True)]
        seconds = (time.perf_counter() - t0) / len(pages)
        right, extracted, gold, rows_right, rows = totals
        results[name] = {
            "precision": right / extracted if extracted else 0.0,
            "recall": right / gold,
            "rows": rows_right / rows,
            "s_per_page": seconds,
            "gold_cells": gold,
            "pages": len(pages),
        }
    return results


def in_text(shared: Path) -> dict[str, float]:
    """Over the gold pages' documents, ingested as the index does: the share of the data
    rows of the tables read on those pages that were found in a clause's text (and so are
    shown as a table and give table snippets), and extraction pages/s with and without tables."""
    from unittest import mock

    from indexer.ingest import extract
    from indexer.ingest.process import Job, ingest
    from indexer.models import SourceFile

    pages = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    files = sorted({p["file"] for p in pages})
    wanted = {(p["file"], p["page"]) for p in pages}
    read = found = count = 0
    seconds = {"with": 0.0, "without": 0.0}
    for rel in files:
        path = shared / "corpus" / "documents" / rel
        t0 = time.perf_counter()
        with mock.patch.object(pdftables, "available", lambda: False):
            plain = extract.extract_pdf(path, rel)
        seconds["without"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        extract.extract_pdf(path, rel)
        seconds["with"] += time.perf_counter() - t0
        doc, clauses = ingest(Job(SourceFile(path, rel, "pdf"), "pypdf", 1500, {})).documents[0]
        count += len(plain.pages)
        located = {
            r
            for c in clauses
            for t in c.tables
            for r, s in zip(t.rows[1:], t.spans[1:], strict=True)
            if s
        }
        for page in doc.pages:
            if (rel, page.number) in wanted:
                rows = {r for t in page.tables for r in t[1:]}
                read += len(rows)
                found += len(rows & located)
    return {
        "rows_in_text": found / read if read else 0.0,
        "pages_per_s_without": count / seconds["without"],
        "pages_per_s_with": count / seconds["with"],
        "pages": count,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    if not (args.shared / "corpus" / "documents").is_dir():
        sys.exit(f"no shared corpus at {args.shared}: pass --shared")
    results = run(args.shared)
    first = next(iter(results.values()))
    print(f"{first['pages']} pages, {first['gold_cells']} gold cells")
    print("| extractor | cell precision | cell recall | rows exactly right | s/page |")
    print("|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['rows']:.3f} "
            f"| {r['s_per_page']:.2f} |"
        )
    text = in_text(args.shared)
    print(
        f"data rows found in a clause's text: {text['rows_in_text']:.3f}; "
        f"{text['pages']} pages of those documents: {text['pages_per_s_without']:.2f} pages/s "
        f"read without tables (pypdf), {text['pages_per_s_with']:.2f} pages/s with tables "
        "(pypdf + pdfplumber on the ruled pages)"
    )


if __name__ == "__main__":
    main()
