"""The two peers vnstd is measured against, over the same units (pages, articles).

- SQLite FTS5, `tokenize='unicode61 remove_diacritics 2'`, query = OR of the query's
  syllables (each quoted), ranked by `bm25()`.
- BM25 over lower-cased syllables (bm25s, Lucene variant, k1=1.5, b=0.75).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import Any

import numpy as np

_SYLLABLE = re.compile(r"[^\W_]+")


def syllables(text: str) -> list[str]:
    """Lower-cased syllables: runs of letters and digits."""
    return _SYLLABLE.findall(text.lower())


class Fts5Peer:
    """An in-memory FTS5 table over (unit id, text)."""

    name = "FTS5"

    def __init__(self, units: Sequence[tuple[str, str]]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE u USING fts5(uid UNINDEXED, body, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        self.db.executemany("INSERT INTO u(uid, body) VALUES (?, ?)", units)
        self.db.commit()

    def search(self, text: str, k: int = 10) -> list[str]:
        """Unit ids of the best k units, best first."""
        words = list(dict.fromkeys(syllables(text)))
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = self.db.execute(
            "SELECT uid FROM u WHERE u MATCH ? ORDER BY bm25(u) LIMIT ?", (match, k)
        ).fetchall()
        return [r[0] for r in rows]


class Bm25SyllablePeer:
    """bm25s over lower-cased syllables (no diacritics folding)."""

    name = "BM25-syll"

    def __init__(self, units: Sequence[tuple[str, str]]) -> None:
        import bm25s

        self.ids = [uid for uid, _ in units]
        self.model: Any = bm25s.BM25(k1=1.5, b=0.75)
        self.model.index([syllables(text) for _, text in units], show_progress=False)
        self.vocab: dict[str, int] = self.model.vocab_dict

    def search(self, text: str, k: int = 10) -> list[str]:
        """Unit ids of the best k units, best first (units with a zero score left out)."""
        words = [w for w in syllables(text) if w in self.vocab]
        if not words:
            return []
        scores = self.model.get_scores(words)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [self.ids[i] for i in top if scores[i] > 0]
