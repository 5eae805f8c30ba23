"""`vnstd embed`: fill the vector cache with the vectors the current generation lacks.

In the foreground (`vnstd embed`) it uses every core and shows progress. In the background
(`--background`, started by `vnstd serve`, see background.py) it runs at niceness 19 on one
thread, and stops between two batches when its parent server is gone. Either way it
follows a newly published generation, and exits when every clause of the current one has
its vector; a second embedder on the same index leaves the work to the first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from indexer.index import embedding, store, vectorcache
from indexer.index.report import NO_PROGRESS, Progress
from indexer.index.vectors import read_keys


@dataclass
class EmbedReport:
    """What `vnstd embed` did."""

    state: str  # "complete", "off" (no keys: --no-semantic), "busy", "stopped", "no index"
    generation: str = ""
    embedded: int = 0
    total: int = 0


def run_embedder(
    root: Path, parent: int = 0, progress: Progress = NO_PROGRESS, cluster: str | None = None
) -> EmbedReport:
    """Embed the current generation's missing vectors into root's cache (parent: the pid
    whose exit stops a background embedder; cluster: a Dask scheduler's address, whose
    workers then embed)."""
    report = EmbedReport("no index")
    with vectorcache.embed_lock(root) as held:
        if not held:
            return EmbedReport("busy")
        while (gen := store.current_generation(root)) is not None:
            report.generation = gen.name
            if read_keys(gen) is None:
                report.state = "off"
                break
            keys = embedding.generation_keys(gen)
            todo = embedding.missing(root, gen, keys)
            report.total = len(keys)

            def stop(name: str = gen.name) -> bool:
                moved = store.generation_id(root) != name
                return moved or bool(parent and os.getppid() != parent)

            report.embedded += embedding.fill(root, todo, progress, stop, cluster)
            if parent and os.getppid() != parent:
                report.state = "stopped"
                break
            if store.generation_id(root) == gen.name:  # else: a new one, embed it too
                report.state = "complete"
                break
    return report
