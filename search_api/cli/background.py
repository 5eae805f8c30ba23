"""The background embedder of `vnstd serve`: one `vnstd embed --background` child process
(niceness 19, one thread) whenever the served index may lack vectors — at start and after
each newly published generation. The child exits when the vectors are complete (or when the
server is gone); the server never waits for it and fuses the vectors as they arrive."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from pathlib import Path

from indexer.index import store
from search_api.reader.events import emit, logger

POLL_SECONDS = 10.0  # how often `current` is looked at for a new generation
LOG = logger("embedder")


def _lowest_priority() -> None:
    with contextlib.suppress(OSError):
        os.nice(19)


class BackgroundEmbedder:
    """Starts the embedder child for each generation the server publishes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.child: subprocess.Popen[bytes] | None = None
        self._for = ""  # the generation the last child was started for
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="embedder", daemon=True)

    def start(self) -> None:
        self.check()
        self._thread.start()

    def check(self) -> None:
        """Start a child when a generation is published and none runs."""
        generation = store.generation_id(self.root)
        running = self.child is not None and self.child.poll() is None
        if generation and generation != self._for and not running:
            self._for = generation
            cmd = [sys.executable, "-m", "search_api", "embed", "--index", str(self.root),
                   "--background", str(os.getpid())]  # fmt: skip
            env = {**os.environ, "OMP_NUM_THREADS": "1"}
            self.child = subprocess.Popen(
                cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                preexec_fn=_lowest_priority,
            )  # fmt: skip
            emit(LOG, 20, "embedder_started", generation=generation, pid=self.child.pid)

    def _watch(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self.check()

    def stop(self) -> None:
        """Stop watching and end the child (it loses at most the batch it was embedding)."""
        self._stop.set()
        child = self.child
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()
