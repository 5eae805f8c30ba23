"""How the command line shows things: the build report, index statistics, search hits, and
a progress bar on a terminal."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from indexer.index.integrity import GenerationCheck
from indexer.index.report import BuildReport
from search_api.search.run import Hit, SearchResult

HIT_KEYS = ("doc_id", "file", "code", "title", "clause", "heading", "page", "page_end", "score",
            "snippet")  # fmt: skip
SHOWN = ("indexed", "unchanged", "removed", "skipped", "failed")


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


def result_json(text: str, result: SearchResult) -> dict[str, Any]:
    """One line of `vnstd search --json`."""
    return {"query": text, "hits": [hit_json(h) for h in result.hits]}


def result_text(text: str, result: SearchResult) -> str:
    """The hits of one query for a person at a terminal."""
    lines = [f"# {text}  ({result.total} clauses, {result.took_ms:.0f} ms)"]
    for i, h in enumerate(result.hits, 1):
        where = f"p. {h.page}" if h.page else ""
        lines.append(f"{i:2}. [{h.score:.2f}] {h.code or h.doc_id} {h.clause} {h.heading} {where}")
    return "\n".join(lines)


class TerminalProgress:
    """A one-line progress bar per build stage on a terminal; silent otherwise."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.stage, self.total, self.done, self.started = "", 0, 0, time.monotonic()

    def start(self, stage: str, total: int) -> None:
        """A new stage of `total` steps begins."""
        self.stage, self.total, self.done, self.started = stage, total, 0, time.monotonic()

    def step(self, label: str) -> None:
        """Advance by one step and redraw."""
        self.done += 1
        if not self.enabled or not self.total:
            return
        width = 30
        filled = int(width * self.done / self.total)
        elapsed = time.monotonic() - self.started
        bar = "#" * filled + "-" * (width - filled)
        name = label[-40:]
        self.stream.write(
            f"\r{self.stage} [{bar}] {self.done}/{self.total} {elapsed:5.1f}s {name:<40}"
        )
        self.stream.flush()

    def finish(self) -> None:
        """End the stage's line."""
        if self.enabled and self.total:
            self.stream.write("\n")
            self.stream.flush()
