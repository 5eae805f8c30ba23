"""The build report (text or JSON) and a terminal progress bar."""

from __future__ import annotations

import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Any, TextIO

from indexer.models import FileReport

STAGES = ("extract", "normalize", "segment", "write")


@dataclass
class BuildReport:
    """What one `vnstd index` run did."""

    index: str
    mode: str  # "full", "incremental" or "unchanged"
    generation: str = ""
    files: list[FileReport] = field(default_factory=list)
    pages: int = 0
    clauses: int = 0
    documents: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    total_seconds: float = 0.0
    workers: int = 1

    def count(self, status: str) -> int:
        """Number of files with the given status."""
        return sum(1 for f in self.files if f.status == status)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        data = asdict(self)
        data["summary"] = {
            s: self.count(s) for s in ("indexed", "unchanged", "skipped", "failed", "removed")
        }
        data["pages_per_second"] = (
            round(self.pages / self.total_seconds, 2) if self.total_seconds else None
        )
        return data

    def format_text(self) -> str:
        """Human summary for the terminal."""
        lines = [
            f"index: {self.index} ({self.mode} build, {self.workers} workers)",
            "files: "
            + ", ".join(
                f"{self.count(s)} {s}"
                for s in ("indexed", "unchanged", "removed", "skipped", "failed")
                if self.count(s) or s in ("indexed", "failed")
            ),
            f"pages: {self.pages}   clauses: {self.clauses}   documents: {self.documents}",
            "seconds: "
            + "  ".join(f"{k} {v:.2f}" for k, v in self.seconds.items())
            + f"  | wall {self.total_seconds:.2f}",
        ]
        problems = [f for f in self.files if f.status in ("failed", "skipped")]
        for f in problems:
            lines.append(f"  {f.status}: {f.rel}: {f.reason}")
        warned = [f for f in self.files if f.warnings]
        for f in warned:
            lines.append(f"  warning: {f.rel}: {len(f.warnings)} issue(s), e.g. {f.warnings[0]}")
        return "\n".join(lines)


class Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.monotonic()

    def step(self, label: str) -> None:
        """Advance by one file and redraw."""
        self.done += 1
        if not self.enabled or not self.total:
            return
        width = 30
        filled = int(width * self.done / self.total)
        elapsed = time.monotonic() - self.started
        bar = "#" * filled + "-" * (width - filled)
        name = label[-40:]
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {elapsed:5.1f}s {name:<40}")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.enabled and self.total:
            self.stream.write("\n")
            self.stream.flush()
