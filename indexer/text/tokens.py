"""Vietnamese tokens: what the index stores and a query is matched with (no Whoosh here).

Input is text as `segment.segment` leaves it: syllables of a word joined by "_".
Raw, unsegmented text works too (then no compound tokens are produced), which is
what the highlighter uses: offsets always point into the original text.

For each run of word characters the tokenizer emits
- every syllable / atom at its own position ("thiết", "bị", "47", "2015"),
- the whole word at the position of its first syllable ("thiết_bị"),
- the whole of a connected token ("47:2015/btttt", "tin-di") likewise,
while numbers written with dots or commas ("2.2.3", "2,4", "1.000") stay whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from indexer.text.vntext import fold, iy_key

# Bump when tokens change: the manifest stores it and a different value forces a rebuild.
ANALYZER_VERSION = "5"  # 4: i/y spelling variants keyed as one; 5: grouped thousands joined
MAX_TOKEN_CHARS = 48

# a unit: word characters (incl. "_" joins) possibly linked by . , : / - + & before more of them
_UNIT = re.compile(r"[^\W_]+(?:(?:_+|[.,:/\-+&'’](?=[^\W_]))[^\W_]*)*")
_DOTTED_NUMBER = re.compile(r"\d+(?:[.,]\d+)+")  # 2.2.3, 2,4, 1.000: kept whole
_ALNUM_SPLIT = re.compile(r"\d+|[^\W\d_]+")
# a number written in groups of thousands ("2 450 MHz", "2 048 kbit/s", "1.000"): also one
# number ("2450") at the position of its last group, so "2450 MHz" finds "2 450 MHz"
_GROUPED = re.compile(r"(?<![\w.,])\d{1,3}(?:[ _.\u00a0\u2009\u202f]\d{3}){1,3}(?![\w]|[.,]\d)")


@dataclass(frozen=True, slots=True)
class Tok:
    """One token: lowercase-agnostic text, position, offsets in the analysed string."""

    text: str
    pos: int
    start: int
    end: int


def _atoms(piece: str, start: int) -> list[tuple[str, int, int]]:
    """Finest parts of a syllable-level piece with their offsets."""
    if piece.isalpha() or piece.isdigit():  # the common case: one plain syllable or number
        return [(piece, start, start + len(piece))]
    if _DOTTED_NUMBER.fullmatch(piece):
        return [(piece, start, start + len(piece))]
    return [(m.group(), start + m.start(), start + m.end()) for m in _ALNUM_SPLIT.finditer(piece)]


def _syllables(word: str, start: int) -> list[tuple[str, int]]:
    """The "_"-joined syllables of a unit with their offsets."""
    if "_" not in word:
        return [(word, start)]
    syllables, offset = [], 0
    for part in word.split("_"):
        if part:
            syllables.append((part, start + offset))
        offset += len(part) + 1
    return syllables


def grouped_forms(number: str) -> tuple[str, ...]:
    """How a number of 4 to 12 digits is also written in groups of thousands: "2450" →
    ("2 450", "2.450"); () for any other token (what a snippet marks for a query's "2450")."""
    if not (number.isdigit() and 4 <= len(number) <= 12):
        return ()
    head = len(number) % 3 or 3
    groups = [number[:head], *(number[i : i + 3] for i in range(head, len(number), 3))]
    return (" ".join(groups), ".".join(groups))


_GROUPED_FORM = re.compile(r"\d{1,3}(?:[ .]\d{3})+")


def match_key(term: str) -> str:
    """The word a folded matched term counts as (highlight.match_spans): a grouped number
    as its digits ("2 450" → "2450"), an i/y syllable in its y form ("ki" → "ky")."""
    if _GROUPED_FORM.fullmatch(term):
        return term.replace(" ", "").replace(".", "")
    return iy_key(term)


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def iter_tokens(text: str) -> Iterator[Tok]:
    """Tokens of (segmented or raw) text, in order; alternates share a position."""
    pos = 0
    grouped = {m.end(): m for m in _GROUPED.finditer(text)} if _has_digit(text) else {}
    for unit in _UNIT.finditer(text):
        word, ustart = unit.group(), unit.start()
        syllables = _syllables(word, ustart)
        word_pos = pos
        for piece, pstart in syllables:
            atoms = _atoms(piece, pstart)
            if not atoms:
                continue
            if len(atoms) > 1 or atoms[0][0] != piece:
                yield Tok(piece, pos, pstart, pstart + len(piece))
            for atom, s, e in atoms:
                yield Tok(atom, pos, s, e)
                if e in grouped:
                    m = grouped[e]
                    yield Tok("".join(filter(str.isdigit, m.group())), pos, m.start(), e)
                pos += 1
        # a compound only of letters: underthesea glues numbers to words ("220V_mục")
        if len(syllables) > 1 and pos > word_pos and all(p.isalpha() for p, _ in syllables):
            yield Tok(word, word_pos, ustart, unit.end())


def terms(text: str, folded: bool = False) -> list[Tok]:
    """Lower-cased (optionally folded) tokens of text, as the index sees them (i/y spelling
    variants in their y form: `vntext.iy_key`)."""
    out = []
    for tok in iter_tokens(text):
        if len(tok.text) > MAX_TOKEN_CHARS:
            continue
        low = iy_key(tok.text.lower())
        out.append(Tok(fold(low) if folded else low, tok.pos, tok.start, tok.end))
    return out


def is_compound(tok: Tok) -> bool:
    """True for a whole segmented word ("thiết_bị"), False for a syllable or atom."""
    return "_" in tok.text


def compound_positions(tokens: Iterable[Tok]) -> set[int]:
    """Positions of the syllables that lie inside a segmented word of tokens."""
    covered: set[int] = set()
    for t in tokens:
        if is_compound(t):
            covered.update(range(t.pos, t.pos + t.text.count("_") + 1))
    return covered
