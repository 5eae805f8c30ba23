"""Clause vectors of a new generation (builds with `Settings.semantic`), after the writer
commits. A clause whose passage text is unchanged keeps its vector from the previous
generation (matched by a hash of the text), so an incremental build embeds only new or
changed clauses."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from indexer.index import fields as F
from indexer.index.report import NO_PROGRESS, Progress
from indexer.index.vectors import VectorSet, read, write
from indexer.index.writer import stored_rows
from indexer.models import heading_line
from indexer.text import embed

BATCH = 32


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def passage_text(title: str, heading_path: Sequence[str], text: str) -> str:
    """What a clause is embedded as: document title, heading path, then its text (capped)."""
    out = "\n".join(x for x in (title, heading_line(heading_path), text) if x)
    return out[: embed.MAX_PASSAGE_CHARS]


def _passages(index_dir: Path) -> Iterator[tuple[str, str]]:
    """(clause_id, passage text) of every live clause of the index in index_dir."""
    for row in stored_rows(index_dir):
        title = " ".join(x for x in (row.get(F.CODE, ""), row.get(F.TITLE, "")) if x)
        text = passage_text(title, row.get(F.HEADING_PATH, ()), row.get(F.TEXT, ""))
        yield row[F.CLAUSE_ID], text


def update(
    build_dir: Path,
    previous: Path | None,
    progress: Progress = NO_PROGRESS,
) -> tuple[int, int]:
    """Write the vectors of build_dir's clauses, reusing previous's; (embedded, reused)."""
    rows = list(_passages(build_dir))
    old = read(previous)
    known: dict[str, np.ndarray] = {}
    if old is not None:
        known = {h: old.matrix[i] for i, h in enumerate(old.hashes)}
    hashes = [_digest(text) for _, text in rows]
    matrix = np.zeros((len(rows), embed.DIM), dtype=np.float16)
    todo = [i for i, h in enumerate(hashes) if h not in known]
    for i, h in enumerate(hashes):
        if h in known:
            matrix[i] = known[h]
    progress.start("embed", len(todo))
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        matrix[chunk] = embed.embed_passages([rows[i][1] for i in chunk])
        for i in chunk:
            progress.step(rows[i][0])
    progress.finish()
    write(build_dir, VectorSet(tuple(cid for cid, _ in rows), tuple(hashes), matrix))
    return len(todo), len(rows) - len(todo)
