"""A syllable bigram model of a generation's text: how likely a run of syllables is, and the
most likely tone-marked reading of syllables typed without diacritics.

Built once per generation from the stored clause texts (`SyllableModel.of`): syllables are
lower-cased NFC runs of letters; a bigram is two syllables with only white space between
them. Counts live in numpy arrays (a few MB for a corpus of millions of syllables).

`restore` reads a run of folded syllables with a Viterbi search over their tone-marked forms
and reports, for every syllable, how much more likely the chosen form is than the best
alternative (a max-marginal margin in nats): the caller shows a restoration only when every
margin is large.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from indexer.text.vntext import fold, nfc

_TOKEN = re.compile(r"[^\W\d_]+|\S")
MAX_CANDIDATES = 8  # tone-marked forms tried per typed syllable (the most frequent first)
MAX_WORK = 6000  # trigram evaluations a reading may cost (the bound on a query's CPU time)
MAX_RUN = 30  # syllables restored at once (a query is at most a few dozen words)
BACKOFF = 0.4  # weight of a shorter n-gram when the longer one was never seen
MIN_MARKED = 0.3  # texts with fewer syllables bearing marks are not counted (unaccented text)


@dataclass(frozen=True)
class Reading:
    """The most likely tone-marked forms of a run of syllables, with the margin (nats) by
    which each beats its best alternative (inf where there was no alternative)."""

    words: tuple[str, ...]
    margins: tuple[float, ...]

    @property
    def margin(self) -> float:
        """The smallest margin: how sure the whole reading is."""
        return min(self.margins, default=math.inf)


@dataclass(frozen=True)
class SyllableModel:
    """Unigram and bigram counts of the syllables of a text collection."""

    ids: dict[str, int]  # syllable → id (0 is "no syllable")
    words: tuple[str, ...]  # id → syllable
    counts: np.ndarray  # id → occurrences
    by_fold: dict[str, tuple[int, ...]]  # folded syllable → ids, most frequent first
    pairs: np.ndarray  # sorted id_a * size + id_b
    pair_counts: np.ndarray
    triples: np.ndarray  # sorted (id_a * size + id_b) * size + id_c
    triple_counts: np.ndarray
    total: int

    @classmethod
    def of(cls, texts: Iterable[str]) -> SyllableModel:
        """The model of some texts."""
        ids: dict[str, int] = {"": 0}
        chunks: list[np.ndarray] = []
        for text in texts:
            tokens = _tokens(text)
            if not _marked(tokens):
                continue  # typed without diacritics (or not Vietnamese): it would teach "dinh ky"
            seq = [ids.setdefault(t, len(ids)) if t.isalpha() else 0 for t in tokens]
            chunks.append(np.array([0, *seq], dtype=np.int64))
        stream = np.concatenate(chunks) if chunks else np.zeros(1, dtype=np.int64)
        size = len(ids)
        counts = np.bincount(stream, minlength=size)
        counts[0] = 0
        pairs, pair_counts = _ngrams(stream, size, 2)
        triples, triple_counts = _ngrams(stream, size, 3)
        groups: dict[str, list[int]] = {}
        for word, i in ids.items():
            if i:
                groups.setdefault(fold(word), []).append(i)
        by_fold = {
            k: tuple(sorted(v, key=lambda i: -counts[i])[:MAX_CANDIDATES])
            for k, v in groups.items()
        }
        return cls(
            ids,
            tuple(ids),
            counts,
            by_fold,
            pairs,
            pair_counts,
            triples,
            triple_counts,
            int(counts.sum()),
        )

    def count(self, word: str) -> int:
        """Occurrences of a syllable (lower case, NFC)."""
        i = self.ids.get(word, 0)
        return int(self.counts[i]) if i else 0

    def knows_folded(self, key: str) -> bool:
        """Whether some syllable folds to key."""
        return key in self.by_fold

    def _pair(self, a: int, b: int) -> int:
        return _lookup(self.pairs, self.pair_counts, a * len(self.ids) + b)

    def _triple(self, a: int, b: int, c: int) -> int:
        size = len(self.ids)
        return _lookup(self.triples, self.triple_counts, (a * size + b) * size + c)

    def _unigram(self, b: int) -> float:
        return (float(self.counts[b]) + 0.1) / (self.total + 0.1 * len(self.ids))

    def logp(self, a: int, b: int, before: int = 0) -> float:
        """log P(b | before a): the trigram smoothed towards the bigram, the bigram towards
        the unigram (a = 0: no context; before = 0: a bigram)."""
        return math.log(self._p(a, b, before))

    def _p(self, a: int, b: int, before: int) -> float:
        """Stupid backoff (Brants et al. 2007): the relative frequency of the longest n-gram
        seen, times BACKOFF per order dropped. Not a distribution, but paths of the same
        length compare fairly, and a rare word is not favoured merely because a frequent
        one has never been followed by the next word."""
        if before:
            seen = self._triple(before, a, b)
            if seen:
                return seen / self._pair(before, a)
        if a:
            seen = self._pair(a, b)
            if seen:
                return (BACKOFF if before else 1.0) * seen / float(self.counts[a])
        return BACKOFF ** (bool(a) + bool(before)) * self._unigram(b)

    def restore(self, folded: list[str]) -> Reading | None:
        """The most likely tone-marked reading of folded lower-case syllables (None when a
        syllable is unknown or the run is too long)."""
        options = [self.by_fold.get(k, ()) for k in folded]
        return self.restore_options(options)

    def restore_options(self, options: list[tuple[int, ...]]) -> Reading | None:
        """The most likely reading when each position may be one of some syllable ids (None
        when a position has none or the run is too long)."""
        if not options or len(options) > MAX_RUN or not all(options):
            return None
        width = MAX_CANDIDATES
        while _work(options) > MAX_WORK and width > 2:
            width //= 2  # keep the most frequent forms only
            options = [o[:width] for o in options]
        if _work(options) > MAX_WORK:
            return None
        fwd = _forward(self, options)
        bwd = _backward(self, options)
        words, margins = [], []
        for i, cands in enumerate(options):
            best = {c: -math.inf for c in cands}
            for (p, c), score in fwd[i].items():
                best[c] = max(best[c], score + bwd[i][(p, c)])
            scores = sorted(((s, c) for c, s in best.items()), reverse=True)
            words.append(self.words[scores[0][1]])
            margins.append(scores[0][0] - scores[1][0] if len(scores) > 1 else math.inf)
        return Reading(tuple(words), tuple(margins))


def _work(options: list[tuple[int, ...]]) -> int:
    """Trigram evaluations of a second-order Viterbi pass over these options."""
    sizes = [1, 1, *map(len, options)]
    return sum(sizes[i] * sizes[i + 1] * sizes[i + 2] for i in range(len(options)))


def _lookup(keys: np.ndarray, counts: np.ndarray, key: int) -> int:
    j = int(np.searchsorted(keys, key))
    return int(counts[j]) if j < len(keys) and keys[j] == key else 0


def _ngrams(stream: np.ndarray, size: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted keys and counts of the n-grams of syllable ids (no 0 inside)."""
    if len(stream) < n:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    cols = [stream[i : len(stream) - n + 1 + i] for i in range(n)]
    keep = np.logical_and.reduce([c > 0 for c in cols])
    key = cols[0][keep]
    for c in cols[1:]:
        key = key * size + c[keep]
    keys, counts = np.unique(key, return_counts=True)
    return keys, counts


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(nfc(text).lower())


def _marked(tokens: list[str]) -> bool:
    """Whether a text is Vietnamese written with its marks: enough of its syllables have
    some (a short text always counts)."""
    words = [t for t in tokens if t.isalpha()]
    if len(words) < 20:
        return True
    return sum(1 for w in words if w != fold(w)) >= MIN_MARKED * len(words)


State = tuple[int, int]  # (the syllable before, this syllable)


def _forward(model: SyllableModel, options: list[tuple[int, ...]]) -> list[dict[State, float]]:
    """Best log-probability of the run's first i+1 syllables ending in each state."""
    out = [{(0, c): model.logp(0, c) for c in options[0]}]
    for cands in options[1:]:
        prev = out[-1]
        out.append(
            {
                (p, c): max(s + model.logp(p, c, pp) for (pp, p2), s in prev.items() if p2 == p)
                for p in {p for _, p in prev}
                for c in cands
            }
        )
    return out


def _backward(model: SyllableModel, options: list[tuple[int, ...]]) -> list[dict[State, float]]:
    """Best log-probability of the rest of the run after each state at position i."""
    before: list[tuple[int, ...]] = [(0,), *options[:-1]]  # the candidates before each
    out = [{(p, c): 0.0 for p in before[-1] for c in options[-1]}]
    for i in range(len(options) - 2, -1, -1):
        nxt = out[0]
        out.insert(
            0,
            {
                (p, c): max(model.logp(c, n, p) + nxt[(c, n)] for n in options[i + 1])
                for p in before[i]
                for c in options[i]
            },
        )
    return out
