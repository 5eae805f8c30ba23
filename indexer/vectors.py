"""Clause vectors kept beside a generation's index (`vectors.npy` + `vectors.json`).

Written by the builder after the writer commits, when `Settings.semantic` is on. A clause
whose passage text is unchanged keeps its vector from the previous generation (matched by a
hash of the text), so an incremental build embeds only new or changed clauses. Files are
written under a temporary name and renamed: a hard-linked clone of the previous generation
never sees its files change.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from indexer import embed
from indexer.report import Progress

VECTORS = "vectors.npy"
KEYS = "vectors.json"
BATCH = 32


@dataclass(frozen=True)
class VectorSet:
    """Unit vectors of clauses: row i belongs to ids[i], embedded from text with hashes[i]."""

    ids: tuple[str, ...]
    hashes: tuple[str, ...]
    matrix: np.ndarray  # (len(ids), embed.DIM) float16


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def read(gen: Path | None) -> VectorSet | None:
    """The vectors of a generation, or None when it has none (or they are unusable)."""
    if gen is None:
        return None
    try:
        meta = json.loads((gen / KEYS).read_text(encoding="utf-8"))
        matrix = np.load(gen / VECTORS, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if (
        not isinstance(meta, dict)
        or meta.get("version") != embed.VECTOR_VERSION
        or matrix.ndim != 2
        or matrix.shape != (len(meta.get("ids", ())), embed.DIM)
        or len(meta.get("hashes", ())) != len(meta.get("ids", ()))
    ):
        return None
    return VectorSet(tuple(meta["ids"]), tuple(meta["hashes"]), matrix)


def write(build_dir: Path, vs: VectorSet) -> None:
    """Store vs in build_dir (replacing, never rewriting, any file there)."""
    meta = {
        "version": embed.VECTOR_VERSION,
        "model": embed.MODEL,
        "ids": list(vs.ids),
        "hashes": list(vs.hashes),
    }
    tmp_vectors = build_dir / f".{VECTORS}.tmp"
    with open(tmp_vectors, "wb") as fh:
        np.save(fh, vs.matrix.astype(np.float16), allow_pickle=False)
    os.replace(tmp_vectors, build_dir / VECTORS)
    tmp_keys = build_dir / f".{KEYS}.tmp"
    tmp_keys.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp_keys, build_dir / KEYS)


def _passages(index_dir: Path) -> Iterator[tuple[str, str]]:
    """(clause_id, passage text) of every live clause of the index in index_dir."""
    ix = whoosh_index.open_dir(str(index_dir))
    try:
        with ix.reader() as reader:
            for _, fields in reader.iter_docs():
                title = " ".join(x for x in (fields.get("code", ""), fields.get("title", "")) if x)
                yield (
                    fields["clause_id"],
                    embed.passage_text(
                        title, fields.get("heading_path", ()), fields.get("text", "")
                    ),
                )
    finally:
        ix.close()


def update(
    build_dir: Path,
    previous: Path | None,
    progress: bool | None = None,
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
    bar = Progress(len(todo), enabled=progress)
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        matrix[chunk] = embed.embed_passages([rows[i][1] for i in chunk])
        for i in chunk:
            bar.step(f"embedding {rows[i][0]}")
    bar.close()
    write(build_dir, VectorSet(tuple(cid for cid, _ in rows), tuple(hashes), matrix))
    return len(todo), len(rows) - len(todo)
