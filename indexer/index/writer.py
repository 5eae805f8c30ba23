"""The build side's Whoosh seam: create or reopen a generation's index, add and delete
clause rows, commit or cancel; and read back what was stored (for the clause vectors)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from indexer.index import fields as F
from indexer.index.schema import get_schema

WRITER_MEMORY_MB = 256


class ClauseWriter:
    """Adds clause rows to, and deletes a file's clauses from, the index being built."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def add(self, row: Mapping[str, Any]) -> None:
        """Store one clause row (indexer.index.rows)."""
        self._writer.add_document(**row)

    def delete_file(self, rel: str) -> None:
        """Delete every clause that came from the input file rel."""
        self._writer.delete_by_term(F.FILE, rel)


@contextmanager
def open_writer(build_dir: Path, incremental: bool) -> Iterator[ClauseWriter]:
    """The one writer of a build: commits when the block ends, cancels on any exception.

    A full build creates a fresh index in build_dir; an incremental one opens the cloned
    previous generation there and merges its new segment in."""
    ix = (
        whoosh_index.open_dir(str(build_dir))
        if incremental
        else whoosh_index.create_in(str(build_dir), get_schema())
    )
    writer = ix.writer(limitmb=WRITER_MEMORY_MB, procs=1)
    try:
        yield ClauseWriter(writer)
    except BaseException:
        writer.cancel()
        ix.close()
        raise
    writer.commit(merge=incremental, optimize=False)
    ix.close()


def stored_rows(index_dir: Path) -> Iterator[dict[str, Any]]:
    """The stored fields of every live clause of the index in index_dir, in document order."""
    ix = whoosh_index.open_dir(str(index_dir))
    try:
        with ix.reader() as reader:
            for _, stored in reader.iter_docs():
                yield dict(stored)
    finally:
        ix.close()
