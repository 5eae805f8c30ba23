"""Autocomplete, and the vocabularies "did you mean" (didyoumean.py) reads, built once per
index generation.

- `Vocab`: folded words ("dien", "tuong_thich") → their most frequent accented form in the
  lexicon of field "b", plus a deletion index (SymSpell-style) so that an unknown word
  finds the known words within edit distance 1–2 without scanning the vocabulary.
- `syllables`: the generation's syllable n-gram model (langmodel.py).
- `Entry` / `complete`: codes, titles and headings matched by a diacritics-insensitive prefix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from indexer.index import fields as F
from indexer.index.manifest import CatalogEntry
from indexer.text.vntext import fold, fold_key
from search_api.reader import lookups
from search_api.reader.snapshot import Snapshot
from search_api.search.langmodel import SyllableModel

MIN_SPELL_DF = 2  # a word seen in one clause only is too likely a typo itself
# longest word spelling correction looks at: the strings two deletions away from a word
# number len² / 2, so the cost of a correction is bounded by this, whatever the query
MAX_SPELL_CHARS = 20
_KIND_ORDER = {"code": 0, "title": 1, "heading": 2}


# ---------------------------------------------------------------- did you mean


@dataclass
class Vocab:
    """Folded → (accented, document frequency) for syllables and "_"-joined compounds."""

    words: dict[str, tuple[str, int]] = field(default_factory=dict)
    exact: set[str] = field(default_factory=set)
    deletes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, term: str, df: int) -> None:
        """Count one lexicon term."""
        self.exact.add(term)
        key = fold(term)
        best = self.words.get(key)
        if best is None or df > best[1]:
            self.words[key] = (term, df)

    def finish(self) -> Vocab:
        """Build the deletion index used for spelling correction; returns self."""
        index: dict[str, list[str]] = defaultdict(list)
        for key, (_, df) in self.words.items():
            if df >= MIN_SPELL_DF and key.isalpha() and 2 <= len(key) <= MAX_SPELL_CHARS:
                for d in _within(key, _limit(key)):
                    index[d].append(key)
        self.deletes = dict(index)
        return self


def build_vocab(terms: Iterable[tuple[str, int]]) -> Vocab:
    """A Vocab from (term, document frequency) pairs of the exact body field."""
    vocab = Vocab()
    for term, df in terms:
        if term and len(term) <= 40 and not any(ch.isdigit() for ch in term):
            vocab.add(term, df)
    return vocab.finish()


def syllables(snap: Snapshot) -> SyllableModel:
    """The syllable bigram model of a generation's text (did-you-mean), built once."""
    return snap.memo("syllables", lambda s: SyllableModel.of(lookups.texts(s)))


def spelling(snap: Snapshot) -> Vocab:
    """The did-you-mean vocabulary of a generation (from its exact body field), built once."""
    return snap.memo("spelling", lambda s: build_vocab(lookups.field_terms(s, F.BODY)))


def _limit(word: str) -> int:
    return 1 if len(word) <= 4 else 2


def _within(word: str, depth: int) -> set[str]:
    """The word and every string reached from it by up to `depth` deletions."""
    out, layer = {word}, {word}
    for _ in range(depth):
        layer = {w[:i] + w[i + 1 :] for w in layer for i in range(len(w))}
        out |= layer
    return out


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance of a and b (limit + 1 when it exceeds limit)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def neighbours(vocab: Vocab, word: str) -> dict[str, int]:
    """Known folded words at edit distance 1–2 (1 for words of 4 letters or fewer) from a
    folded word of 3 to MAX_SPELL_CHARS letters, with their distance (none for any other)."""
    if not 3 <= len(word) <= MAX_SPELL_CHARS:
        return {}
    limit = _limit(word)
    candidates = {c for p in _within(word, limit) for c in vocab.deletes.get(p, ())}
    return {c: dist for c in candidates if 0 < (dist := edit_distance(word, c, limit)) <= limit}


# ---------------------------------------------------------------- autocomplete


@dataclass(frozen=True)
class Entry:
    """One thing autocomplete can offer."""

    text: str
    kind: str  # code | title | heading
    url: str
    key: str  # folded, lower-case, single-spaced
    weight: int = 1


def completion_key(text: str) -> str:
    """The diacritics-insensitive form completion matches on."""
    return fold_key(text)


def build_entries(
    docs: Iterable[CatalogEntry],
    headings: Iterable[tuple[str, int]],
    doc_url: Callable[[str], str],
    search_url: Callable[[str], str],
) -> list[Entry]:
    """Completion entries: each document's codes, identifier and title, and the distinct
    headings."""
    entries: dict[tuple[str, str], Entry] = {}
    for d in docs:
        for code in dict.fromkeys([d.code, *d.codes, d.identifier]):  # "117/2022/NĐ-CP" too
            if code:
                entries[("code", code)] = Entry(
                    code, "code", search_url(code), completion_key(code)
                )
        if d.title:
            entries[("title", d.title)] = Entry(
                d.title, "title", doc_url(d.doc_id), completion_key(d.title)
            )
    for heading, count in headings:
        if heading and len(heading) <= 160:
            entries[("heading", heading)] = Entry(
                heading, "heading", search_url(heading), completion_key(heading), count
            )
    return list(entries.values())


def complete(entries: list[Entry], prefix: str, limit: int = 8) -> list[Entry]:
    """Entries whose text (or one of its words) starts with prefix, best first."""
    key = completion_key(prefix)
    if not key:
        return []
    compact = key.replace(" ", "")
    ranked = []
    for e in entries:
        if e.key.startswith(key) or (
            e.kind == "code" and e.key.replace(" ", "").startswith(compact)
        ):
            rank = 0
        elif f" {key}" in e.key:
            rank = 1
        else:
            continue
        ranked.append((rank, _KIND_ORDER.get(e.kind, 3), -e.weight, len(e.text), e.text, e))
    ranked.sort(key=lambda r: r[:5])
    return [r[-1] for r in ranked[:limit]]
