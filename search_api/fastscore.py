"""Vectorised BM25F for the big disjunction of a query (numpy over Whoosh's postings).

Whoosh scores posting by posting in Python: with the 20–70 weighted terms a Vietnamese
query becomes (syllables, words, three fields) it visits a million postings for a common
question. Here each term's postings are read block by block into arrays once per index
generation, and a query's scores are summed with numpy — the same formula as Whoosh's
BM25F (`bm25(idf, tf, fl, avgfl, B, K1)` × the term's boost), so results are identical.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from math import log
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

MAX_CACHED_TERMS = 500_000
PRELOAD_POSTINGS = 8_000_000  # postings preloaded at most (3.8 M took 97 MiB)

_Postings = tuple[np.ndarray, np.ndarray]  # global docnums (int64), term frequencies (float64)


class FastScorer:
    """Per-generation arrays: field lengths, facet columns, and a cache of term postings."""

    def __init__(self, searcher: Searcher, k1: float, b: float) -> None:
        reader = searcher.reader()
        self.k1, self.b = k1, b
        self.n = reader.doc_count_all()
        self.alive = np.ones(self.n, dtype=bool)
        for leaf, offset in _leaves(reader):
            if leaf.has_deletions():
                for d in leaf.deleted_docs_set:
                    self.alive[offset + d] = False
        self._lengths: dict[str, np.ndarray] = {}
        self._avg: dict[str, float] = {}
        self._terms: OrderedDict[tuple[str, str], _Postings] = OrderedDict()
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

    def postings(self, reader: Any, field: str, text: str) -> _Postings:
        """A term's postings as arrays (cached, least recently used evicted)."""
        key = (field, text)
        with self._lock:
            hit = self._terms.get(key)
            if hit is not None:
                self._terms.move_to_end(key)
                return hit
        ids: list[Any] = []
        tfs: list[Any] = []
        for leaf, offset in _leaves(reader):
            if (field, text) not in leaf:
                continue
            # the raw leaf matcher: deletions are applied through `alive`, blocks read whole
            btext = leaf._text_to_bytes(field, text)
            m = leaf._terms.matcher(field, btext, leaf.schema[field].format)
            while m.is_active():
                m._read_ids()
                m._read_weights()
                ids.append(np.asarray(m._ids, dtype=np.int64) + offset)
                tfs.append(np.asarray(m._weights, dtype=np.float64))
                m._next_block()
        result = (
            (np.concatenate(ids), np.concatenate(tfs))
            if ids
            else (np.empty(0, np.int64), np.empty(0, np.float64))
        )
        with self._lock:
            self._terms[key] = result
            if len(self._terms) > MAX_CACHED_TERMS:
                self._terms.popitem(last=False)
        return result

    def score_terms(self, reader: Any, terms: list[wq.Term]) -> tuple[np.ndarray, np.ndarray]:
        """(scores, matched) over all documents for a disjunction of boosted terms."""
        scores = np.zeros(self.n, dtype=np.float64)
        matched = np.zeros(self.n, dtype=bool)
        for term in terms:
            ids, tf = self.postings(reader, term.fieldname, term.text)
            if not len(ids):
                continue
            lengths = self.lengths(reader, term.fieldname)
            avg = self._avg[term.fieldname]
            idf = log(self.n / (len(ids) + 1)) + 1  # Whoosh's idf: df counts deleted docs too
            fl = lengths[ids]
            s = idf * (tf * (self.k1 + 1)) / (tf + self.k1 * ((1 - self.b) + self.b * fl / avg))
            scores[ids] += s * term.boost
            matched[ids] = True
        matched &= self.alive
        return scores, matched


def _leaves(reader: Any) -> list[tuple[Any, int]]:
    """(segment reader, docnum offset) pairs of a reader."""
    return list(reader.leaf_readers())


_CACHE: weakref.WeakKeyDictionary[Any, FastScorer] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def scorer_for(searcher: Searcher, k1: float, b: float) -> FastScorer:
    """The FastScorer of the searcher's index generation (one per generation and parameters)."""
    key = searcher._ix  # the open Index object: one per generation
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is None or (found.k1, found.b) != (k1, b) or found.n != searcher.doc_count_all():
            found = FastScorer(searcher, k1, b)
            _CACHE[key] = found
    return found


@dataclass(frozen=True)
class Ranked:
    """A query's matches over all documents of a generation."""

    order: np.ndarray  # matching docnums, best first
    scores: np.ndarray  # score per docnum
    matched: np.ndarray  # bool per docnum: the query matches (within allowed)
    allowed: np.ndarray  # bool per docnum: admitted by filters, required parts, exclusions


def rank(searcher: Searcher, parts: Any, filter_q: wq.Query | None, k1: float, b: float) -> Ranked:
    """The matches of parts, scored with the semantics of parts.whoosh()."""
    fs = scorer_for(searcher, k1, b)
    reader = searcher.reader()
    scores, matched = fs.score_terms(reader, list(parts.terms))
    for q in parts.should:
        _add_scored(searcher, q, scores, matched)
    allowed = fs.alive.copy()
    if parts.must:  # AndMaybe(And(must), should): must decides, both score
        must_scores = np.zeros(fs.n)
        must_matched = np.zeros(fs.n, dtype=bool)
        _add_scored(searcher, wq.And(list(parts.must)), must_scores, must_matched)
        scores = np.where(must_matched, scores + must_scores, 0.0)
        matched = must_matched.copy()
        allowed &= must_matched
    elif not parts.terms and not parts.should:
        matched = fs.alive.copy()  # only filters or exclusions: every document, as Every() scores
        scores = np.ones(fs.n)
    if parts.must_not:
        allowed[list(searcher.docs_for_query(wq.Or(list(parts.must_not))))] = False
    if filter_q is not None:
        admitted = np.zeros(fs.n, dtype=bool)
        admitted[list(searcher.docs_for_query(filter_q))] = True
        allowed &= admitted
    matched &= allowed
    idx = np.flatnonzero(matched)
    order = idx[np.lexsort((idx, -scores[idx]))]  # ties: lower docnum first, as Whoosh does
    return Ranked(order, scores, matched, allowed)


def _add_scored(searcher: Searcher, q: wq.Query, scores: np.ndarray, matched: np.ndarray) -> None:
    """Add the Whoosh scores of a (small) query's matches into the arrays."""
    results = searcher.search(q, limit=None, optimize=False, terms=False)
    for i in range(results.scored_length()):
        d = results.docnum(i)
        scores[d] += results.score(i)
        matched[d] = True


def facet_counts(
    searcher: Searcher, matched: np.ndarray, names: tuple[str, ...]
) -> dict[str, dict[str, int]]:
    """Counts of each value of the named columns among the matched documents."""
    out: dict[str, dict[str, int]] = {}
    for name in names:
        codes, values = _column(searcher, name)
        counts = np.bincount(codes[matched], minlength=len(values))
        out[name] = {
            values[i]: int(counts[i])
            for i in sorted(range(len(values)), key=lambda i: (-counts[i], values[i]))
            if counts[i] and values[i]
        }
    return out


_COLUMNS: weakref.WeakKeyDictionary[Any, dict[str, tuple[np.ndarray, list[str]]]] = (
    weakref.WeakKeyDictionary()
)


def _column(searcher: Searcher, name: str) -> tuple[np.ndarray, list[str]]:
    """A sortable field as (value code per document, values), cached per generation."""
    per_index = _COLUMNS.setdefault(searcher._ix, {})
    found = per_index.get(name)
    if found is None:
        raw: list[Any] = []
        for leaf, _ in _leaves(searcher.reader()):  # per segment: Whoosh's multi-segment
            count = leaf.doc_count_all()  # column reader mis-indexes segments
            if leaf.has_column(name):
                column = leaf.column_reader(name)
                raw.extend(column[d] for d in range(count))
            else:
                raw.extend([""] * count)
        values = sorted({str(v or "") for v in raw})
        index = {v: i for i, v in enumerate(values)}
        found = (np.array([index[str(v or "")] for v in raw], dtype=np.int64), values)
        per_index[name] = found
    return found


def preload(searcher: Searcher, k1: float, b: float, fields: tuple[str, ...]) -> int:
    """Read the postings of every term of fields into the cache (a server does it in the
    background when a generation opens, so that a term's first query does not pay for
    decoding it), stopping at PRELOAD_POSTINGS postings; returns the number loaded."""
    fs = scorer_for(searcher, k1, b)
    reader = searcher.reader()
    loaded = 0
    for name in fields:
        for raw in reader.lexicon(name):
            text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            loaded += len(fs.postings(reader, name, text)[0])
            if loaded >= PRELOAD_POSTINGS:
                return loaded
    return loaded


def warm(
    searcher: Searcher, k1: float, b: float, fields: tuple[str, ...], facets: tuple[str, ...]
) -> None:
    """Load the per-generation arrays now (at index open) rather than in the first query."""
    fs = scorer_for(searcher, k1, b)
    reader = searcher.reader()
    for name in fields:
        fs.lengths(reader, name)
    for name in facets:
        _column(searcher, name)
