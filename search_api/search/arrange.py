"""The result list as people read it: hits grouped by document, near-duplicates folded.

- **Grouping.** A document's best clause keeps its rank; its next `PER_DOCUMENT - 1`
  matching clauses follow it directly, and its other matching clauses go after every
  document's group (reachable on later pages, or all at once with a `doc:` filter). So a
  page of 10 holds at most `PER_DOCUMENT` clauses of one document unless one document
  matches at all; each hit carries how many clauses of its document match.
- **Folding.** A clause whose text is (nearly) the same as a clause already listed from
  another document (the same regulation under two file names, an article quoted by a
  codification) is not listed again: the first one names it in `also_in`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from indexer.index import fields as F
from search_api.reader import lookups
from search_api.reader.records import StoredClause
from search_api.reader.snapshot import Snapshot

PER_DOCUMENT = 3  # clauses of one document listed together before the other documents'
NEAR_DUPLICATE = 0.9  # word-trigram overlap (Jaccard) at which two clauses are the same text
FOLD_LOOKAHEAD = 20  # clauses read beyond a page to fill it after folding
FOLD_LIMIT = 100  # pages past the first 100 hits are not folded (each fold reads clauses)
LENGTH_RATIO = 0.75  # texts whose lengths differ more cannot be near-duplicates
_WORD = re.compile(r"\w+")


def grouped(
    snap: Snapshot,
    order: np.ndarray,
    scores: np.ndarray,
    per_document: int = PER_DOCUMENT,
    ratio: float = 0.0,
) -> np.ndarray:
    """The ranked docnums reordered into document groups (see the module's docstring): a
    document's next clauses join its best one when they score at least `ratio` × its score;
    the others within `per_document` keep their rank; the rest go to the end."""
    n = len(order)
    if n <= 1 or per_document <= 0:
        return order
    codes, _ = snap.column(F.DOC_ID)
    docs = codes[order]
    # rank of each hit within its document, and the rank of its document's best hit
    by_doc = np.lexsort((np.arange(n), docs))
    starts = np.r_[0, np.flatnonzero(np.diff(docs[by_doc])) + 1]
    sizes = np.diff(np.r_[starts, n])
    within = np.empty(n, dtype=np.int64)
    within[by_doc] = np.arange(n) - np.repeat(starts, sizes)
    first = np.empty(n, dtype=np.int64)
    first[by_doc] = np.repeat(by_doc[starts], sizes)
    own = np.arange(n)
    s = scores[order]
    joins = (within < per_document) & (s >= ratio * s[first])
    primary = np.where(joins, first, np.where(within < per_document, own, n + own))
    secondary = np.where(joins, within, 0)
    return order[np.lexsort((secondary, primary))]


def document_hits(snap: Snapshot, order: np.ndarray) -> dict[str, int]:
    """How many of the ranked clauses each document holds, by doc_id."""
    codes, values = snap.column(F.DOC_ID)
    found = np.bincount(codes[order], minlength=len(values))
    return {values[i]: int(found[i]) for i in np.flatnonzero(found)}


@dataclass
class Listed:
    """A clause kept in the list, and the same text found in other documents."""

    docnum: int
    clause: StoredClause
    also_in: list[StoredClause] = field(default_factory=list)
    _shingles: frozenset[tuple[str, ...]] | None = None

    @property
    def shingles(self) -> frozenset[tuple[str, ...]]:
        """The clause text's word trigrams (computed when first compared)."""
        if self._shingles is None:
            self._shingles = shingles(self.clause.text)
        return self._shingles

    def same_as(self, other: Listed) -> bool:
        """Whether the two clauses are (nearly) the same text; lengths are compared first,
        so most pairs cost nothing."""
        a, b = len(self.clause.text), len(other.clause.text)
        if min(a, b) < LENGTH_RATIO * max(a, b):
            return False
        return same_text(self.shingles, other.shingles)


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """Word trigrams of a text, lower-cased (words split at white space: the same text
    extracted twice splits the same way)."""
    words = text.lower().split()
    if len(words) < 3:
        return frozenset([tuple(words)])
    return frozenset(zip(words, words[1:], words[2:], strict=False))


def same_text(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> bool:
    """Whether two shingle sets are (nearly) the same text."""
    if not a or not b:
        return False
    small, big = sorted((len(a), len(b)))
    if small < NEAR_DUPLICATE * big:
        return False
    return len(a & b) >= NEAR_DUPLICATE * len(a | b)


def page(snap: Snapshot, order: np.ndarray, window: slice) -> list[Listed]:
    """The clauses of a page of the list, near-duplicates folded within the first
    FOLD_LIMIT hits."""
    if window.stop > FOLD_LIMIT:
        return [Listed(int(d), lookups.stored(snap, int(d))) for d in order[window]]
    return folded(snap, order, window.stop)[window]


def folded(snap: Snapshot, order: np.ndarray, stop: int) -> list[Listed]:
    """The first `stop` clauses of order that are not near-duplicates of an earlier one from
    another document (reading at most stop + FOLD_LOOKAHEAD clauses)."""
    kept: list[Listed] = []
    for d in order[: stop + FOLD_LOOKAHEAD]:
        if len(kept) >= stop:
            break
        item = Listed(int(d), lookups.stored(snap, int(d)))
        doc = item.clause.doc_id
        twin = next((k for k in kept if k.clause.doc_id != doc and k.same_as(item)), None)
        if twin is not None:
            twin.also_in.append(item.clause)
        else:
            kept.append(item)
    return kept
