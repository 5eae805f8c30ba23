"""How `vnstd index` shows its progress on stderr: a bar redrawn in place on a terminal,
plain throttled lines anywhere else (a log, a pipe, CI), nothing with --quiet or --json."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from indexer.index.report import NO_PROGRESS, Progress

LINE_SECONDS = 5.0  # plain lines: the first and last step of a stage, else one per 5 s at most
NAME_WIDTH = 40  # the bar's room for the current file name


def shorten(label: str, width: int = NAME_WIDTH) -> str:
    """`label` (a path relative to the corpus) in about `width` characters: the file name is
    kept whole, the folder part loses its middle ("docs/qc…/2015/QCVN_47.pdf")."""
    if len(label) <= width or "/" not in label:
        return label
    folder, name = label.rsplit("/", 1)
    room = width - len(name) - 2  # "…" and "/"
    if room < 2:
        return "…/" + name
    head = room // 2
    return f"{folder[:head]}…{folder[len(folder) - (room - head) :]}/{name}"


class TerminalProgress:
    """A one-line progress bar per build stage, redrawn in place (a terminal)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.stage, self.total, self.done, self.started = "", 0, 0, time.monotonic()

    def start(self, stage: str, total: int) -> None:
        """A new stage of `total` steps begins."""
        self.stage, self.total, self.done, self.started = stage, total, 0, time.monotonic()

    def step(self, label: str) -> None:
        """Advance by one step and redraw."""
        self.done += 1
        if not self.total:
            return
        width = 30
        filled = int(width * self.done / self.total)
        elapsed = time.monotonic() - self.started
        bar = "#" * filled + "-" * (width - filled)
        name = shorten(label)
        self.stream.write(
            f"\r{self.stage} [{bar}] {self.done}/{self.total} {elapsed:5.1f}s {name:<{NAME_WIDTH}}"
            "\x1b[K"  # clear what a longer name left at the end of the line
        )
        self.stream.flush()

    def finish(self) -> None:
        """End the stage's line."""
        if self.total:
            self.stream.write("\n")
            self.stream.flush()


class LineProgress:
    """Plain lines, no carriage returns or colours: the first and the last step of a stage,
    and in between a step only when `interval` seconds have passed since the last line.
    Each line names the whole file (its path relative to the corpus)."""

    def __init__(
        self,
        stream: TextIO,
        interval: float = LINE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream, self.interval, self.clock = stream, interval, clock
        self.stage, self.total, self.done = "", 0, 0
        self.started = self.last = clock()

    def start(self, stage: str, total: int) -> None:
        """A new stage of `total` steps begins."""
        self.stage, self.total, self.done = stage, total, 0
        self.started = self.last = self.clock()

    def step(self, label: str) -> None:
        """Advance by one step; write a line if it is the first, the last or one is due."""
        self.done += 1
        now = self.clock()
        due = self.done in (1, self.total) or now - self.last >= self.interval
        if not self.total or not due:
            return
        self.last = now
        percent = 100 * self.done // self.total
        self.stream.write(
            f"{self.stage}: {self.done}/{self.total} ({percent}%) "
            f"{now - self.started:.1f}s {label}\n"
        )
        self.stream.flush()

    def finish(self) -> None:
        """Nothing to end: every line is complete."""
        return None


def make_progress(quiet: bool, stream: TextIO | None = None) -> Progress:
    """The progress a build shows on `stream` (stderr): none when quiet, a bar on a terminal,
    plain lines elsewhere."""
    out = stream or sys.stderr
    if quiet:
        return NO_PROGRESS
    return TerminalProgress(out) if out.isatty() else LineProgress(out)
