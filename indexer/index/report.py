"""What one build did (the report `vnstd index` prints), and how a build reports progress."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from indexer.models import FileReport

STAGES = ("extract", "normalize", "segment", "write")
STATUSES = ("indexed", "unchanged", "skipped", "failed", "removed")
OCR_COUNTS = ("pages", "cached", "skipped", "files_skipped")


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
    repaired: str = ""  # what was wrong with the current generation, rebuilt in full
    # pages without a text layer: read by OCR, of those from the cache, left unread (and in
    # how many files); `ocr_engine` is what read them, `ocr_off` why nothing did
    ocr: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OCR_COUNTS, 0))
    ocr_engine: str = ""
    ocr_off: str = ""
    cluster: str = ""  # the Dask scheduler that ran the per-file work ("" = local processes)
    cluster_files: dict[str, int] = field(default_factory=dict)  # files per Dask worker

    def count(self, status: str) -> int:
        """Number of files with the given status."""
        return sum(1 for f in self.files if f.status == status)

    def add_ocr(self, counts: dict[str, int]) -> None:
        """Count one file's pages without a text layer."""
        for name, n in counts.items():
            self.ocr[name] = self.ocr.get(name, 0) + n
        self.ocr["files_skipped"] += counts.get("skipped", 0) > 0

    def ocr_note(self) -> str:
        """One line when pages without a text layer were left unread, "" otherwise."""
        skipped, files = self.ocr["skipped"], self.ocr["files_skipped"]
        if not skipped:
            return ""
        what = f"{skipped} scanned page(s) without a text layer in {files} file(s) were not read"
        return f"{what}: {self.ocr_off}" if self.ocr_off else f"{what} (OCR failed: see warnings)"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the `vnstd index --json` output)."""
        data = asdict(self)
        data["summary"] = {s: self.count(s) for s in STATUSES}
        data["ocr_note"] = self.ocr_note()
        data["pages_per_second"] = (
            round(self.pages / self.total_seconds, 2) if self.total_seconds else None
        )
        return data


class Progress(Protocol):
    """Receives a build's progress: a stage ("index", "embed") with its number of steps,
    then one call per step, then the end of the stage."""

    def start(self, stage: str, total: int) -> None: ...

    def step(self, label: str) -> None: ...

    def finish(self) -> None: ...


class _Silent:
    """Progress that goes nowhere."""

    def start(self, stage: str, total: int) -> None:
        return None

    def step(self, label: str) -> None:
        return None

    def finish(self) -> None:
        return None


NO_PROGRESS: Progress = _Silent()
