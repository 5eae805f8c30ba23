"""Clause vectors kept beside a generation's index (`vectors.npy` + `vectors.json`): the
format, read by the server and written by the builder (embedding.py). Files are written
under a temporary name and renamed: a hard-linked clone of the previous generation never
sees its files change."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.text import embed

VECTORS = "vectors.npy"
KEYS = "vectors.json"


@dataclass(frozen=True)
class VectorSet:
    """Unit vectors of clauses: row i belongs to ids[i], embedded from text with hashes[i]."""

    ids: tuple[str, ...]
    hashes: tuple[str, ...]
    matrix: np.ndarray  # (len(ids), embed.DIM) float16


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
