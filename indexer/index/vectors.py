"""Clause vectors of a generation: its keys (`vectors.json`: clause ids and the hashes of the
text each is embedded as, written by every build) and, after a foreground `--semantic`
build, its complete matrix (`vectors.npy`). The format, read by the server and written by
the builder (embedding.py); vectors embedded later live in the vector cache
(vectorcache.py), keyed by the same hashes. Files are written under a temporary name and
renamed: a hard-linked clone of the previous generation never sees its files change."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
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


def read_keys(gen: Path | None) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(clause ids, text hashes) of a generation, or None when it has none (or another
    model version's)."""
    if gen is None:
        return None
    try:
        meta = json.loads((gen / KEYS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(meta, dict)
        or meta.get("version") != embed.VECTOR_VERSION
        or not isinstance(meta.get("ids"), list)
        or not isinstance(meta.get("hashes"), list)
        or len(meta["hashes"]) != len(meta["ids"])
    ):
        return None
    return tuple(meta["ids"]), tuple(meta["hashes"])


def read(gen: Path | None) -> VectorSet | None:
    """The complete vectors of a generation, or None when it has none (or they are unusable)."""
    keys = read_keys(gen)
    if gen is None or keys is None:
        return None
    try:
        matrix = np.load(gen / VECTORS, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if matrix.ndim != 2 or matrix.shape != (len(keys[0]), embed.DIM):
        return None
    return VectorSet(keys[0], keys[1], matrix)


def _replace(path: Path, write_to: object) -> None:
    tmp = path.parent / f".{path.name}.tmp"
    with open(tmp, "wb") as fh:
        write_to(fh)  # type: ignore[operator]
    os.replace(tmp, path)


def write_keys(build_dir: Path, ids: Sequence[str], hashes: Sequence[str]) -> None:
    """Store a generation's keys in build_dir."""
    meta = {"version": embed.VECTOR_VERSION, "model": embed.MODEL, "ids": list(ids),
            "hashes": list(hashes)}  # fmt: skip
    data = json.dumps(meta, ensure_ascii=False).encode("utf-8")
    _replace(build_dir / KEYS, lambda fh: fh.write(data))


def write(build_dir: Path, vs: VectorSet) -> None:
    """Store vs in build_dir (replacing, never rewriting, any file there)."""
    matrix = vs.matrix.astype(np.float16)
    _replace(build_dir / VECTORS, lambda fh: np.save(fh, matrix, allow_pickle=False))
    write_keys(build_dir, vs.ids, vs.hashes)
