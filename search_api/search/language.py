"""Whether a query is written in Vietnamese: a query whose words mostly cannot be Vietnamese
syllables ("what is the maximum transmit power") is another language, which a lexical
index of Vietnamese text can only match by accident ("the" → "thẻ")."""

from __future__ import annotations

import re

from indexer.text.vntext import fold, nfc

# a Vietnamese syllable, folded: onset, one to three vowels, coda
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnptiyou])?$"
)
ENGLISH_WORDS = frozenset(
    [
        "the",
        "is",
        "are",
        "was",
        "of",
        "what",
        "which",
        "how",
        "for",
        "and",
        "to",
        "in",
        "an",
        "on",
        "with",
        "be",
        "by",
        "from",
        "that",
        "does",
        "do",
        "when",
        "where",
        "why",
    ]
)
FOREIGN_SHARE = 0.6  # share of a query's words that must be un-Vietnamese
_WORD = re.compile(r"[^\W\d_]+")


def plain(word: str) -> bool:
    """A lower-case or capitalised word of letters (not an acronym, unit or code: "QoS")."""
    return word.isalpha() and (word.islower() or (word[0].isupper() and word[1:].islower()))


def is_foreign(text: str) -> bool:
    """Whether a query reads as another language: of its plain words (two at least), most
    are English function words or cannot be spelt as a Vietnamese syllable."""
    words = [fold(w.lower()) for w in _WORD.findall(nfc(text)) if plain(w) and len(w) > 1]
    if len(words) < 2:
        return False
    foreign = sum(1 for w in words if w in ENGLISH_WORDS or not _SYLLABLE.match(w))
    return foreign / len(words) >= FOREIGN_SHARE
