"""Whoosh analyzers for Vietnamese: the token stream of `indexer.text.tokens` as small chain
objects. Whoosh pickles them into the index, so this module's path is part of the index
format (moving it is a schema change)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, Token, Tokenizer

from indexer.text.tokens import MAX_TOKEN_CHARS, iter_tokens
from indexer.text.vntext import fold, iy_key


class VnTokenizer(Tokenizer):  # type: ignore[misc]
    """Whoosh tokenizer over `iter_tokens`."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for tok in iter_tokens(value):
            if len(tok.text) > MAX_TOKEN_CHARS:
                continue
            t.text = tok.text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = tok.text
            if positions:
                t.pos = start_pos + tok.pos
            if chars:
                t.startchar = start_char + tok.start
                t.endchar = start_char + tok.end
            yield t


@lru_cache(maxsize=200_000)
def _fold_token(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=200_000)
def _iy_token(text: str) -> str:
    return iy_key(text)


class SpellingFilter(Filter):  # type: ignore[misc]
    """Keys i/y spelling variants as one ("kĩ" and "kỹ" → "kỹ"; `vntext.iy_key`)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = _iy_token(t.text)
            yield t


class FoldFilter(Filter):  # type: ignore[misc]
    """Strips Vietnamese diacritics (đ→d) from each token."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = _fold_token(t.text) if not t.text.isascii() else t.text
            yield t


def vn_analyzer() -> object:
    """Analyzer for the exact (accented) fields."""
    return VnTokenizer() | LowercaseFilter() | SpellingFilter()


def vn_folded_analyzer() -> object:
    """Analyzer for the diacritics-folded fields."""
    return VnTokenizer() | LowercaseFilter() | SpellingFilter() | FoldFilter()
