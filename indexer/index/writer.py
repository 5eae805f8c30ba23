"""The build side's Whoosh seam: create or reopen a generation's index, add and delete
clause rows, commit or cancel; and read back what was stored (for the clause vectors).

Memory is bounded by the size of one segment, not of the build: Whoosh keeps every posting
of the segment being written in a Python list (its PostingPool, ~200–250 bytes a posting)
until the commit, and spills sorted runs to temporary files beyond `limitmb` only to merge
them all back at the commit — so one writer for a whole build holds, then re-reads, every
posting. Instead the writer cuts a segment (a commit without merging) every
SEGMENT_POSTINGS postings and opens the next: each segment is sorted in memory and written
while the workers go on, the build's serial tail is the last segment only, and a build of
any size holds at most one segment's postings. The segments are never merged during a full
build (docs/benchmarks.md, "Build memory", has the figures); an incremental build still
lets Whoosh merge its small segments at the end. Every commit stays inside the build's
temporary directory: nothing is served before the whole generation is published."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from indexer.index import fields as F
from indexer.index.schema import Preanalyzed, get_schema

SEGMENT_POSTINGS = 1_000_000  # postings per segment (~250 MiB of Python objects at the cut)
WRITER_MEMORY_MB = 512  # Whoosh's spill limit: a backstop that one segment never reaches
ROW_POSTINGS = 12  # the un-preanalysed fields' postings of a row (ids, codes, filters)


def row_postings(row: Mapping[str, Any]) -> int:
    """About how many postings a row adds to the pool."""
    return ROW_POSTINGS + sum(len(v) for v in row.values() if isinstance(v, Preanalyzed))


class ClauseWriter:
    """Adds clause rows to, and deletes a file's clauses from, the index being built;
    commits a segment whenever the open one holds SEGMENT_POSTINGS postings."""

    def __init__(self, ix: Any, segment_postings: int | None = None) -> None:
        self._ix = ix
        self._limit = segment_postings or SEGMENT_POSTINGS
        self._writer = self._open()
        self._pending = 0  # postings in the open segment
        self.segments = 0  # segments committed before the last one

    def _open(self) -> Any:
        return self._ix.writer(limitmb=WRITER_MEMORY_MB, procs=1)

    def add(self, row: Mapping[str, Any]) -> None:
        """Store one clause row (indexer.index.rows)."""
        self._writer.add_document(**row)
        self._pending += row_postings(row)
        if self._pending >= self._limit:
            self._writer.commit(merge=False, optimize=False)
            self.segments += 1
            self._pending = 0
            self._writer = self._open()

    def delete_file(self, rel: str) -> None:
        """Delete every clause that came from the input file rel."""
        self._writer.delete_by_term(F.FILE, rel)

    def commit(self, merge: bool) -> None:
        """Commit the open segment (merging small segments when merge)."""
        self._writer.commit(merge=merge, optimize=False)

    def cancel(self) -> None:
        """Drop the open segment (the build directory is thrown away with the rest); a
        writer whose commit just failed may refuse, and the first error is the one raised."""
        with suppress(Exception):
            self._writer.cancel()


@contextmanager
def open_writer(
    build_dir: Path, incremental: bool, segment_postings: int | None = None
) -> Iterator[ClauseWriter]:
    """The one writer of a build: commits when the block ends, cancels on any exception.

    A full build creates a fresh index in build_dir; an incremental one opens the cloned
    previous generation there and merges its new small segments in."""
    ix = (
        whoosh_index.open_dir(str(build_dir))
        if incremental
        else whoosh_index.create_in(str(build_dir), get_schema())
    )
    writer = ClauseWriter(ix, segment_postings)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        ix.close()
        raise
    writer.commit(merge=incremental)
    ix.close()


def stored_rows(index_dir: Path) -> Iterator[dict[str, Any]]:
    """The stored fields of every live clause of the index in index_dir, in document order.

    The segment files are read, not memory-mapped: one pass over a large index would
    otherwise leave every stored page of it resident in this process (a build's peak RSS
    grew with the corpus by the index's size)."""
    ix = FileStorage(str(index_dir), supports_mmap=False).open_index()
    try:
        with ix.reader() as reader:
            for _, stored in reader.iter_docs():
                yield dict(stored)
    finally:
        ix.close()
