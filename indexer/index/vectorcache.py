"""The vector cache: clause vectors kept outside the generations, keyed by (model version,
hash of the embedded text), so every build and generation reuses them.

    INDEX/vector-cache/<version>/vectors.bin   fixed-size records, appended in batches
    INDEX/vector-cache/embed.lock              held by the one embedder filling the cache

A record is the text hash (HASH_LEN ASCII bytes), a CRC-32 of hash + vector, and the vector
(embed.DIM float16). Writers append whole batches under an exclusive lock with one write
and an fsync; a writer killed mid-batch leaves at most a torn tail, which readers ignore
(short or failing its CRC) and the next writer cuts off before appending. Readers never
lock: they read the records that are complete, and later only what was appended since
(`CacheReader.refresh`), which is how a server fuses vectors as a background embedder
adds them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from indexer.text import embed

CACHE = "vector-cache"
RECORDS = "vectors.bin"
LOCK = "embed.lock"
HASH_LEN = 20
VECTOR_BYTES = embed.DIM * 2
RECORD = HASH_LEN + 4 + VECTOR_BYTES


def cache_dir(root: Path) -> Path:
    """The cache of the current model version under the index root."""
    return root / CACHE / f"v{embed.VECTOR_VERSION}"


def _pack(digest: str, vector: np.ndarray) -> bytes:
    key = digest.encode("ascii")
    if len(key) != HASH_LEN:
        raise ValueError(f"text hash must be {HASH_LEN} characters: {digest!r}")
    body = np.asarray(vector, dtype="<f2").reshape(embed.DIM).tobytes()
    return key + zlib.crc32(key + body).to_bytes(4, "little") + body


def _whole(size: int) -> int:
    return size - size % RECORD


def append(root: Path, items: Iterable[tuple[str, np.ndarray]]) -> int:
    """Append (text hash, vector) records to root's cache in one write; their count."""
    data = b"".join(_pack(h, v) for h, v in items)
    if not data:
        return 0
    folder = cache_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / RECORDS, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        end = os.lseek(fd, 0, os.SEEK_END)
        if end % RECORD:  # a writer was killed mid-batch: cut its torn record off
            os.ftruncate(fd, _whole(end))
        os.lseek(fd, 0, os.SEEK_END)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    return len(data) // RECORD


class CacheReader:
    """The vectors of root's cache by text hash, read incrementally as the file grows."""

    def __init__(self, root: Path) -> None:
        self.path = cache_dir(root) / RECORDS
        self.offset = 0
        self.vectors: dict[str, np.ndarray] = {}

    def refresh(self) -> int:
        """Read the records appended since the last call; how many new hashes were added."""
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self.offset)
                data = fh.read()
        except OSError:
            return 0
        added = 0
        usable = _whole(len(data))
        for start in range(0, usable, RECORD):
            record = data[start : start + RECORD]
            key, crc, body = (
                record[:HASH_LEN],
                record[HASH_LEN : HASH_LEN + 4],
                record[-VECTOR_BYTES:],
            )
            if zlib.crc32(key + body) != int.from_bytes(crc, "little"):
                continue  # damaged by a crash (a torn tail is cut off by the next writer)
            digest = key.decode("ascii")
            if digest not in self.vectors:
                added += 1
            self.vectors[digest] = np.frombuffer(body, dtype="<f2")
        self.offset += usable
        return added

    def __contains__(self, digest: str) -> bool:
        return digest in self.vectors

    def __len__(self) -> int:
        return len(self.vectors)


@contextlib.contextmanager
def embed_lock(root: Path) -> Iterator[bool]:
    """Hold root's embedder lock if no other embedder does; yields whether it is held (a
    second embedder then leaves the work to the first)."""
    folder = root / CACHE
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)
