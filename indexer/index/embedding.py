"""Clause vectors of a generation: which text each clause is embedded as, and filling the
vector cache (vectorcache.py) with the vectors it lacks.

Every build writes the generation's keys (clause ids and text hashes, vectors.json) after
the writer commits; a build with `--semantic` then embeds what the cache lacks in the
foreground and also stores the generation's complete matrix (vectors.npy). Otherwise a
background embedder (`vnstd serve`, `vnstd embed`) fills the cache later, a batch at a
time, and the server fuses what is there. A clause whose text is unchanged is never
embedded twice: the cache is keyed by the hash of its text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

import numpy as np

from indexer.index import fields as F
from indexer.index import vectorcache
from indexer.index.clusterembed import Chunk, embed_on_cluster
from indexer.index.report import NO_PROGRESS, Progress
from indexer.index.vectors import VectorSet, read, write, write_keys
from indexer.index.writer import stored_rows
from indexer.models import heading_line
from indexer.text import embed

BATCH = 16


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[: vectorcache.HASH_LEN]


def passage_text(title: str, heading_path: Sequence[str], text: str) -> str:
    """What a clause is embedded as: document title, heading path, then its text (capped)."""
    out = "\n".join(x for x in (title, heading_line(heading_path), text) if x)
    return out[: embed.MAX_PASSAGE_CHARS]


def passages(index_dir: Path) -> Iterator[tuple[str, str]]:
    """(clause_id, passage text) of every live clause of the index in index_dir."""
    for row in stored_rows(index_dir):
        title = " ".join(x for x in (row.get(F.CODE, ""), row.get(F.TITLE, "")) if x)
        text = passage_text(title, row.get(F.HEADING_PATH, ()), row.get(F.TEXT, ""))
        yield row[F.CLAUSE_ID], text


Key = tuple[str, str]  # (clause id, hash of the text it is embedded as)


def generation_keys(index_dir: Path) -> list[Key]:
    """The (clause id, text hash) key of every live clause of the index in index_dir; the
    texts are hashed as they stream past, never held together."""
    return [(cid, text_hash(text)) for cid, text in passages(index_dir)]


def write_generation_keys(build_dir: Path) -> list[Key]:
    """Store the keys of build_dir's clauses (vectors.json); the keys."""
    keys = generation_keys(build_dir)
    write_keys(build_dir, [k[0] for k in keys], [k[1] for k in keys])
    return keys


class Todo:
    """The passages of an index whose vectors a cache lacks: how many (len), and each
    (text hash, passage text) once, read again from the index as it is iterated, so that
    nothing holds the texts of a whole corpus."""

    def __init__(self, index_dir: Path, hashes: Iterable[str]) -> None:
        self.index_dir = index_dir
        self.hashes = frozenset(hashes)

    def __len__(self) -> int:
        return len(self.hashes)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        left = set(self.hashes)
        for _, text in passages(self.index_dir):
            if not left:
                return
            digest = text_hash(text)
            if digest in left:
                left.discard(digest)
                yield digest, text


def seed(root: Path, previous: Path | None) -> int:
    """Copy a generation's stored vectors (built before the cache existed) into the cache."""
    old = read(previous)
    if old is None:
        return 0
    cache = vectorcache.CacheReader(root)
    cache.refresh()
    fresh = [(h, old.matrix[i]) for i, h in enumerate(old.hashes) if h not in cache]
    return vectorcache.append(root, fresh)


def missing(root: Path, index_dir: Path, keys: Iterable[Key]) -> Todo:
    """The passages of index_dir (whose clause keys are keys) that root's cache lacks."""
    cache = vectorcache.CacheReader(root)
    cache.refresh()
    return Todo(index_dir, {digest for _, digest in keys if digest not in cache})


def fill(
    root: Path,
    todo: Todo | Sequence[tuple[str, str]],
    progress: Progress = NO_PROGRESS,
    stop: Callable[[], bool] = lambda: False,
    cluster: str | None = None,
) -> int:
    """Embed todo's texts BATCH at a time (here, or on the Dask cluster at `cluster`),
    appending each batch to root's cache (a kill loses at most the batches in flight);
    stops early when stop() says so. Texts embedded."""
    done = 0
    progress.start("embed", len(todo))
    for chunk, matrix in _embedded(_batches(todo), cluster):
        vectorcache.append(root, zip([h for h, _ in chunk], matrix, strict=True))
        done += len(chunk)
        for digest, _ in chunk:
            progress.step(digest)
        if stop():
            break
    progress.finish()
    return done


def _batches(todo: Iterable[tuple[str, str]]) -> Iterator[Chunk]:
    """todo, BATCH items at a time (pulled as they are needed)."""
    items = iter(todo)
    while chunk := list(islice(items, BATCH)):
        yield chunk


def _embedded(chunks: Iterable[Chunk], cluster: str | None) -> Iterator[tuple[Chunk, np.ndarray]]:
    """(chunk, its vectors), embedded by this process or by the cluster's workers."""
    if cluster:
        yield from embed_on_cluster(cluster, chunks)
        return
    for chunk in chunks:
        yield chunk, embed.embed_passages([text for _, text in chunk])


def update(
    root: Path,
    build_dir: Path,
    previous: Path | None,
    now: bool | None,
    progress: Progress,
    cluster: str | None = None,
) -> tuple[int, int]:
    """Store build_dir's keys; with now, embed what the cache lacks (on the Dask cluster at
    `cluster` if given) and store its complete matrix too. (embedded, reused) — embedded is
    0 when the vectors are left for later."""
    keys = write_generation_keys(build_dir)
    seed(root, previous)
    todo = missing(root, build_dir, keys)
    if not now:
        return 0, len(keys) - len(todo)
    fill(root, todo, progress, cluster=cluster)
    cache = vectorcache.CacheReader(root)
    cache.refresh()
    matrix = np.zeros((len(keys), embed.DIM), dtype=np.float16)
    for i, (_, digest) in enumerate(keys):
        matrix[i] = cache.vectors[digest]
    ids, hashes = tuple(k[0] for k in keys), tuple(k[1] for k in keys)
    write(build_dir, VectorSet(ids, hashes, matrix))
    return len(todo), len(keys) - len(todo)


def complete(
    root: Path, gen: Path, progress: Progress = NO_PROGRESS, cluster: str | None = None
) -> int:
    """Embed what the cache lacks for a published generation (its files stay as they are:
    the server takes the vectors from the cache); texts embedded."""
    return fill(root, missing(root, gen, generation_keys(gen)), progress, cluster=cluster)
