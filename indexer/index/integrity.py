"""Checksums of a generation's files, recorded in its manifest when it is built and verified
before it is served or built upon: a truncated, deleted or altered file is found before any
reader touches it."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import IndexFormatError
from indexer.index import store
from indexer.index.manifest import MANIFEST, FileSum, Manifest, load_manifest

CHUNK = 1 << 20
UNCHECKED = ("WRITELOCK",)  # Whoosh's lock files are empty and may come and go


def _sum(path: Path) -> FileSum:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return FileSum(path.stat().st_size, digest.hexdigest())


def _checked(path: Path) -> bool:
    return path.is_file() and path.name != MANIFEST and not path.name.endswith(UNCHECKED)


def checksums(gen: Path) -> dict[str, FileSum]:
    """Size and hash of every file of a generation but its manifest, by file name."""
    return {p.name: _sum(p) for p in sorted(gen.iterdir()) if _checked(p)}


def problems(gen: Path, expected: Mapping[str, FileSum], thorough: bool = True) -> list[str]:
    """What is wrong with a generation's files against the sums its manifest recorded: a
    missing file, another size, other bytes (`thorough`: hash every file; otherwise sizes
    only, for a quick look). [] when all is well, or when nothing was recorded (an index
    built before checksums existed)."""
    found = []
    for name, want in sorted(expected.items()):
        path = gen / name
        try:
            size = path.stat().st_size
        except OSError:
            found.append(f"{name} is missing")
            continue
        if size != want.size:
            found.append(f"{name} has {size} bytes, {want.size} expected")
        elif thorough and _sum(path).sha256 != want.sha256:
            found.append(f"{name} has changed (checksum)")
    return found


def damage(gen: Path, manifest: Manifest, thorough: bool = True) -> str:
    """One line describing what is wrong with a generation, or "" when it is intact."""
    found = problems(gen, manifest.checksums, thorough)
    return "damaged: " + "; ".join(found) if found else ""


@dataclass(frozen=True)
class GenerationCheck:
    """What `vnstd check` found about one generation."""

    name: str
    current: bool
    problems: tuple[str, ...]
    verified: bool  # False for a generation whose manifest recorded no checksums

    @property
    def ok(self) -> bool:
        return not self.problems


def check_index(root: Path) -> list[GenerationCheck]:
    """Every generation of the index at root, newest first, verified byte for byte."""
    current = store.generation_id(root)
    out = []
    for name in store.generations(root):
        try:
            manifest = load_manifest(root / name)
        except IndexFormatError as exc:
            out.append(GenerationCheck(name, name == current, (str(exc),), False))
            continue
        found = tuple(problems(root / name, manifest.checksums))
        out.append(GenerationCheck(name, name == current, found, bool(manifest.checksums)))
    return out
