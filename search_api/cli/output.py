"""How the command line shows things: the build report, `vnstd check`, search hits."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from indexer.index.integrity import GenerationCheck
from indexer.index.report import BuildReport
from indexer.ingest.sources import CONTROL_NAME, NOT_UTF8_NAME
from indexer.models import FileReport
from search_api.search.run import Hit, SearchResult

HIT_KEYS = ("doc_id", "file", "code", "title", "clause", "heading", "page", "page_end",
            "landing_page", "score", "snippet", "type", "issuer", "year", "doc_kind", "identifier",
            "issuers", "issued", "effective", "status", "relations", "ocr", "page_hit")  # fmt: skip
SHOWN = ("indexed", "unchanged", "removed", "skipped", "failed")
# skips that mean a file is broken (for --strict); the others are by choice: unsupported
# types, duplicates, links out of the corpus
BROKEN_SKIPS = frozenset({"broken symbolic link", NOT_UTF8_NAME, CONTROL_NAME})


def broken_files(report: BuildReport) -> list[FileReport]:
    """Files that failed, or were skipped because they are broken."""
    return [
        f
        for f in report.files
        if f.status == "failed" or (f.status == "skipped" and f.reason in BROKEN_SKIPS)
    ]


def report_text(report: BuildReport) -> str:
    """The build report for a person at a terminal."""
    counts = ", ".join(
        f"{report.count(s)} {s}" for s in SHOWN if report.count(s) or s in ("indexed", "failed")
    )
    seconds = "  ".join(f"{k} {v:.2f}" for k, v in report.seconds.items())
    lines = [
        f"index: {report.index} ({report.mode} build, {report.workers} workers)",
        f"files: {counts}",
        f"pages: {report.pages}   clauses: {report.clauses}   documents: {report.documents}",
        f"seconds: {seconds}  | wall {report.total_seconds:.2f}",
    ]
    if report.cluster:
        done = ", ".join(f"{w} {n}" for w, n in sorted(report.cluster_files.items()))
        lines.append(f"cluster: {report.cluster}: files per worker: {done or 'none'}")
    if report.ocr["pages"]:
        read = report.ocr
        lines.append(f"ocr: {read['pages']} scanned pages read ({read['cached']} from the cache)")
    if note := report.ocr_note():
        lines.append(f"ocr: {note}")
    if report.repaired:
        lines.append(f"repaired: the current generation was {report.repaired}; rebuilt in full")
    for f in report.files:
        if f.status in ("failed", "skipped"):
            lines.append(f"  {f.status}: {f.rel}: {f.reason}")
    for f in report.files:
        if f.warnings:
            lines.append(f"  warning: {f.rel}: {len(f.warnings)} issue(s), e.g. {f.warnings[0]}")
    return "\n".join(lines)


def check_text(found: list[GenerationCheck]) -> str:
    """`vnstd check` for a person: one line per generation."""
    lines = []
    for g in found:
        state = "ok" if g.ok else "damaged: " + "; ".join(g.problems)
        if g.ok and not g.verified:
            state = "ok (built before checksums: not verified)"
        lines.append(f"{g.name}{' (current)' if g.current else ''}: {state}")
    return "\n".join(lines)


def check_json(index: Path, found: list[GenerationCheck]) -> str:
    """`vnstd check --json`."""
    rows = [{**asdict(g), "ok": g.ok} for g in found]
    return json.dumps({"index": str(index), "generations": rows}, ensure_ascii=False)


def hit_json(hit: Hit) -> dict[str, Any]:
    """The CLI's JSON shape of a hit (other tools rely on it)."""
    data = asdict(hit)
    return {k: data[k] for k in HIT_KEYS}


def result_json(text: str, result: SearchResult, error: str = "") -> dict[str, Any]:
    """One line of `vnstd search --json` (with "error" when the query was refused)."""
    data: dict[str, Any] = {"query": text, "hits": [hit_json(h) for h in result.hits]}
    if error:
        data["error"] = error
    if result.unmatched_phrases:
        data["unmatched_phrases"] = list(result.unmatched_phrases)
    return data


def result_text(text: str, result: SearchResult, error: str = "") -> str:
    """The hits of one query for a person at a terminal: a "# query" line, then the hits."""
    if error:
        return f"# {text}  (error: {error})"
    lines = [f"# {text}  ({result.total} clauses, {result.took_ms:.0f} ms)"]
    lines += [
        f'# no clause has the phrase "{p}": its words searched' for p in result.unmatched_phrases
    ]
    i = 0
    for h in result.hits:
        if h.page_hit:  # another matching page of the clause above
            lines.append(f"      also p. {h.landing_page}")
            continue
        i += 1
        where = f"p. {h.page}" if h.page else ""
        name = h.code or h.identifier or h.doc_id
        lines.append(f"{i:2}. [{h.score:.2f}] {name} {h.clause} {h.heading} {where}")
    return "\n".join(lines)


def empty_result(text: str, size: int) -> SearchResult:
    """No hits (the place of a refused query in a batch)."""
    return SearchResult(text, 0, 1, size, 0.0, ())
