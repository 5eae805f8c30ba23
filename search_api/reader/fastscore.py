"""Vectorised BM25F for the big disjunction of a query (numpy over Whoosh's postings).

Whoosh scores posting by posting in Python: with the 20–70 weighted terms a Vietnamese
query becomes (syllables, words, three fields) it visits a million postings for a common
question. Here each term's postings are read block by block into arrays once per index
generation, and a query's scores are summed with numpy — the same formula as Whoosh's
BM25F (`bm25(idf, tf, fl, avgfl, B, K1)` × the term's boost), so results are identical
(tests/test_fastscore.py runs every kind of query through both and compares).

Reading postings block by block needs Whoosh internals that have no public API; they are
used in `_block_postings` only, and that oracle test pins them.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from math import log
from typing import Any

import numpy as np

from search_api.reader.match import Term

MAX_CACHED_TERMS = 500_000
TERMS_PER_CHECK = 16  # terms scored between two looks at the clock
PRELOAD_POSTINGS = 8_000_000  # postings preloaded at most (3.8 M took 97 MiB)

Postings = tuple[np.ndarray, np.ndarray]  # global docnums (int64), term frequencies (float64)
_EMPTY: Postings = (np.empty(0, np.int64), np.empty(0, np.float64))


def _leaves(reader: Any) -> list[tuple[Any, int]]:
    """(segment reader, docnum offset) pairs of a reader."""
    return list(reader.leaf_readers())


def _block_postings(leaf: Any, field: str, text: str) -> Iterator[Postings]:
    """A term's postings in one segment, a block at a time, deleted documents included.

    The one place that uses Whoosh internals: the raw leaf matcher (`_terms.matcher`) and its
    block buffers (`_read_ids`, `_read_weights`, `_ids`, `_weights`, `_next_block`); the
    public matcher API would decode posting by posting in Python."""
    btext = leaf._text_to_bytes(field, text)
    m = leaf._terms.matcher(field, btext, leaf.schema[field].format)
    while m.is_active():
        m._read_ids()
        m._read_weights()
        yield np.asarray(m._ids, dtype=np.int64), np.asarray(m._weights, dtype=np.float64)
        m._next_block()


class FastScorer:
    """Per-generation arrays: field lengths and a cache of term postings."""

    def __init__(self, reader: Any, k1: float, b: float) -> None:
        self.k1, self.b = k1, b
        self.n = reader.doc_count_all()
        self.alive = np.ones(self.n, dtype=bool)
        for leaf, offset in _leaves(reader):
            if leaf.has_deletions():
                for d in leaf.deleted_docs_set:
                    self.alive[offset + d] = False
        self._lengths: dict[str, np.ndarray] = {}
        self._avg: dict[str, float] = {}
        self._terms: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._lock = threading.Lock()

    def lengths(self, reader: Any, field: str) -> np.ndarray:
        """Field length of every document (Whoosh's stored, byte-quantised value)."""
        found = self._lengths.get(field)
        if found is None:
            found = np.zeros(self.n, dtype=np.float64)
            for leaf, offset in _leaves(reader):
                for d in range(leaf.doc_count_all()):
                    found[offset + d] = leaf.doc_field_length(d, field, 0)
            self._lengths[field] = found
            self._avg[field] = (reader.field_length(field) / (self.n or 1)) or 1.0
        return found

    def postings(self, reader: Any, field: str, text: str) -> Postings:
        """A term's postings as arrays (cached, least recently used evicted)."""
        key = (field, text)
        with self._lock:
            hit = self._terms.get(key)
            if hit is not None:
                self._terms.move_to_end(key)
                return hit
        ids: list[np.ndarray] = []
        tfs: list[np.ndarray] = []
        for leaf, offset in _leaves(reader):
            if (field, text) in leaf:
                for block_ids, block_tfs in _block_postings(leaf, field, text):
                    ids.append(block_ids + offset)
                    tfs.append(block_tfs)
        result = (np.concatenate(ids), np.concatenate(tfs)) if ids else _EMPTY
        with self._lock:
            self._terms[key] = result
            if len(self._terms) > MAX_CACHED_TERMS:
                self._terms.popitem(last=False)
        return result

    def cached_terms(self) -> set[tuple[str, str]]:
        """(field, text) of every term whose postings are in memory."""
        with self._lock:
            return set(self._terms)

    def score_terms(
        self, reader: Any, terms: Iterable[Term], deadline: float | None = None
    ) -> tuple[np.ndarray, np.ndarray, bool]:
        """(scores, matched, complete) over all documents for a disjunction of boosted terms;
        when this thread's CPU time (time.thread_time) passes `deadline`, the remaining
        terms are left out and complete is False."""
        scores = np.zeros(self.n, dtype=np.float64)
        matched = np.zeros(self.n, dtype=bool)
        for i, term in enumerate(terms):
            if (
                deadline is not None
                and i
                and i % TERMS_PER_CHECK == 0
                and time.thread_time() > deadline
            ):
                matched &= self.alive
                return scores, matched, False
            ids, tf = self.postings(reader, term.field, term.text)
            if not len(ids):
                continue
            lengths = self.lengths(reader, term.field)
            avg = self._avg[term.field]
            idf = log(self.n / (len(ids) + 1)) + 1  # Whoosh's idf: df counts deleted docs too
            fl = lengths[ids]
            s = idf * (tf * (self.k1 + 1)) / (tf + self.k1 * ((1 - self.b) + self.b * fl / avg))
            scores[ids] += s * term.boost
            matched[ids] = True
        matched &= self.alive
        return scores, matched, True

    def preload(self, reader: Any, fields: Iterable[str]) -> int:
        """Read the postings of every term of fields into the cache, stopping at
        PRELOAD_POSTINGS postings; the number loaded."""
        loaded = 0
        for name in fields:
            for raw in reader.lexicon(name):
                text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
                loaded += len(self.postings(reader, name, text)[0])
                if loaded >= PRELOAD_POSTINGS:
                    return loaded
        return loaded


def column(reader: Any, name: str) -> tuple[np.ndarray, list[str]]:
    """A sortable field as (value code per document, sorted distinct values)."""
    raw: list[Any] = []
    for leaf, _ in _leaves(reader):  # per segment: Whoosh's multi-segment
        count = leaf.doc_count_all()  # column reader mis-indexes segments
        if leaf.has_column(name):
            col = leaf.column_reader(name)
            raw.extend(col[d] for d in range(count))
        else:
            raw.extend([""] * count)
    values = sorted({str(v or "") for v in raw})
    index = {v: i for i, v in enumerate(values)}
    return np.array([index[str(v or "")] for v in raw], dtype=np.int64), values


def counts(codes: np.ndarray, values: list[str], matched: np.ndarray) -> dict[str, int]:
    """How many matched documents have each (non-empty) value, most frequent first."""
    found = np.bincount(codes[matched], minlength=len(values))
    return {
        values[i]: int(found[i])
        for i in sorted(range(len(values)), key=lambda i: (-found[i], values[i]))
        if found[i] and values[i]
    }
