"""Tone marks an OCR engine was unsure of, put right by the words around them.

Tesseract's commonest error on Vietnamese is a wrong or missing diacritic — above all the
tone mark stacked on a circumflex or breve ("chuẩn" read "chuân", "yêu cầu" read "yêu câu",
"d" for "đ") — on a word it gives a low confidence. For such a syllable the candidates are
the dictionary syllables with the same letters once diacritics are folded; one of them
replaces it only when it alone makes a dictionary word (underthesea's Viet74K, two syllables
side by side) with the syllable before or after, and the syllable as read makes none. A
syllable that already makes a word with a neighbour, or whose candidates tie, is kept:
measured in docs/benchmarks.md, "OCR"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from indexer.text.segment import dictionary_words
from indexer.text.vntext import fold, nfc

# Tesseract's word confidence (0–100) below which a syllable may be changed: one that is no
# dictionary syllable ("chuân"), and one that is ("câu": changing it risks more, so it must
# be less sure; 80 kept 70 repairs for 2 damages on the bench pages, 95 gave 102 for 20)
UNSURE = 95.0
UNSURE_WORD = 80.0
_PARTS = re.compile(r"^(\W*)([^\W\d_]+)(\W*)$")  # punctuation, the letters, punctuation


@dataclass(frozen=True)
class _Dictionary:
    syllables: frozenset[str]
    pairs: frozenset[tuple[str, str]]  # two syllables that follow each other inside a word
    variants: dict[str, tuple[str, ...]]  # folded syllable → the syllables that fold to it


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    syllables: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for word in dictionary_words():
        parts = word.split()
        syllables.update(parts)
        pairs.update(pairwise(parts))
    variants: dict[str, list[str]] = {}
    for s in sorted(syllables):
        if s.isalpha():
            variants.setdefault(fold(s), []).append(s)
    return _Dictionary(frozenset(syllables), frozenset(pairs),
                       {k: tuple(v) for k, v in variants.items()})  # fmt: skip


def _cased_like(model: str, syllable: str) -> str:
    if len(model) > 1 and model.isupper():
        return syllable.upper()
    return syllable[:1].upper() + syllable[1:] if model[:1].isupper() else syllable


def repair_line(words: list[str], confidences: list[float]) -> list[str]:
    """The words of one line (in reading order), unsure syllables repaired by their
    neighbours; other words unchanged."""
    book = _dictionary()
    found = [_PARTS.match(nfc(w)) for w in words]
    lows = [m.group(2).lower() if m else None for m in found]
    out = list(words)
    for i, match in enumerate(found):
        low = lows[i]
        if match is None or low is None or confidences[i] >= UNSURE:
            continue
        options = book.variants.get(fold(low))
        if not options:
            continue
        before = lows[i - 1] if i > 0 else None
        after = lows[i + 1] if i + 1 < len(lows) else None

        def fits(s: str, before: str | None = before, after: str | None = after) -> int:
            return ((before, s) in book.pairs) + ((s, after) in book.pairs)

        if low in book.syllables and (fits(low) or confidences[i] >= UNSURE_WORD):
            continue
        ranked = sorted(options, key=fits, reverse=True)
        best = fits(ranked[0])
        if best == 0 or (len(ranked) > 1 and fits(ranked[1]) == best) or ranked[0] == low:
            continue
        lows[i] = ranked[0]
        out[i] = match.group(1) + _cased_like(match.group(2), ranked[0]) + match.group(3)
    return out


MAX_GLUED = 40  # letters of a glued run split at most (a longer one is left as read)
_VOWEL = re.compile("[aeiouy]")  # every syllable has one (the dictionary also lists "b", "j")


def split_glued(word: str) -> str:
    """A run of Vietnamese syllables that an OCR engine read without their spaces
    ("Bảngdiđộng", "vàlàmbàitập") split back into them ("Bảng di động"); any other word
    unchanged. Split only when the word is no dictionary syllable, has a letter outside
    ASCII (Vietnamese, not an English word or an acronym), and its letters are a sequence
    of at least two dictionary syllables with a vowel each — the fewest, the first longest on
    a tie."""
    match = _PARTS.match(nfc(word))
    if match is None:
        return word
    letters = match.group(2)
    low = letters.lower()
    book = _dictionary()
    if low in book.syllables or low.isascii() or not 4 <= len(low) <= MAX_GLUED:
        return word
    pieces = _fewest_syllables(low, book.syllables)
    if pieces is None or len(pieces) < 2:
        return word
    out, at = [], 0
    for piece in pieces:  # the letters as typed (their case), cut where the syllables end
        out.append(letters[at : at + len(piece)])
        at += len(piece)
    return match.group(1) + " ".join(out) + match.group(3)


def _fewest_syllables(low: str, syllables: frozenset[str]) -> list[str] | None:
    """low as the fewest dictionary syllables (longest first piece on a tie), or None."""
    longest = 7  # "nghiêng": no Vietnamese syllable is longer
    best: list[list[str] | None] = [None] * (len(low) + 1)
    best[len(low)] = []
    for start in range(len(low) - 1, -1, -1):
        for end in range(min(len(low), start + longest), start, -1):  # longest first
            rest, piece, known = best[end], low[start:end], best[start]
            if rest is None or piece not in syllables or not _VOWEL.search(fold(piece)):
                continue
            if known is None or len(rest) + 1 < len(known):
                best[start] = [piece, *rest]
    return best[0]
