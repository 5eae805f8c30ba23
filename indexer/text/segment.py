"""The one module that imports underthesea: Vietnamese word segmentation with exact offsets.

`segment(text)` returns the text with the spaces *inside* each multi-syllable word
replaced by "_" ("thiết bị vô tuyến" → "thiết_bị vô_tuyến"). The result has exactly
the length of the input, so every character offset in it is an offset in the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from indexer.text.vntext import iy_spelling

_MAX_CHUNK = 20_000  # underthesea is linear, but bounded chunks keep memory predictable
_SPACE = re.compile(r"\s")


@lru_cache(maxsize=1)
def _tokenizer() -> Callable[[str], list[str]]:
    from underthesea import word_tokenize  # heavy: load on first use only

    return word_tokenize  # type: ignore[no-any-return]


def _chunks(text: str) -> list[tuple[int, str]]:
    """Split long text at line breaks into (offset, chunk) pieces of bounded size."""
    if len(text) <= _MAX_CHUNK:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + _MAX_CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out


def _word_joins(text: str, words: list[str]) -> list[int]:
    """Offsets of the whitespace characters that sit inside a multi-syllable word."""
    joins: list[int] = []
    cursor = 0
    for word in words:
        syllables = word.split()
        if not syllables:
            continue
        first = text.find(syllables[0], cursor)
        # underthesea may rewrite a token (tone marks, quotes): then just move on
        if first < 0 or first - cursor > 64:
            continue
        pos = first + len(syllables[0])
        pending: list[int] = []
        for syllable in syllables[1:]:
            if pos < len(text) and _SPACE.match(text[pos]) and text.startswith(syllable, pos + 1):
                pending.append(pos)
                pos += 1 + len(syllable)
            else:
                pending = []
                break
        joins.extend(pending)
        cursor = pos if pending or len(syllables) == 1 else first + len(syllables[0])
    return joins


def segment(text: str) -> str:
    """The text with syllables of each word joined by "_"; same length as `text`."""
    if not text.strip():
        return text
    chars = list(text)
    tokenize = _tokenizer()
    # the segmenter reads the y spelling of i/y variants ("kĩ thuật" is the word "kỹ thuật");
    # the same length, so its joins are the text's
    for offset, chunk in _chunks(iy_spelling(text)):
        if not chunk.strip():
            continue
        try:
            words = tokenize(chunk)
        except Exception:  # the segmenter must never lose a document: fall back to syllables
            continue
        for i in _word_joins(chunk, words):
            chars[offset + i] = "_"
    return "".join(chars)


def warm_up() -> None:
    """Load the segmenter model now (worker start-up) instead of on the first document."""
    segment("khởi động bộ tách từ")


@lru_cache(maxsize=1)
def dictionary_words() -> tuple[str, ...]:
    """The words of underthesea's Vietnamese dictionary (Viet74K: 74,000 words, one or more
    syllables each), lower case, tone marks in vnstd's convention."""
    from importlib import resources

    from indexer.text.vntext import nfc

    path = resources.files("underthesea").joinpath("corpus", "data", "Viet74K.txt")
    text = nfc(path.read_text(encoding="utf-8")).lower()
    return tuple(w for line in text.splitlines() if (w := " ".join(line.split())))


@lru_cache(maxsize=1)
def dictionary_syllables() -> frozenset[str]:
    """The syllables of the dictionary's words: the words of the language whatever the
    corpus holds ("đâu", "luôn" are words though no law contains them)."""
    return frozenset(s for word in dictionary_words() for s in word.split())
