"""HTML snippets: the best window of a clause's text with <mark> around matched words.

Matching runs on a folded copy of the text with one byte per character, so offsets into it are
offsets into the text. The copy takes two C-level passes where `fold_lower` (a dict-driven
str.translate) is ~10x slower: an 8-bit "codec" (`codecs.charmap_encode`) gives each of 256
frequent characters (ASCII, the 132 accented Vietnamese vowels, đ/Đ, symbols) a byte of its own,
and `bytes.translate` maps that byte to the byte of `fold_lower(char)` in a small folded
alphabet. Any other character goes through an encoding error handler: to the byte of its
`fold_lower` form when that is in the alphabet ("ǟ" and the Kelvin sign → "a" and "k"), else to
a stand-in byte that is a regex word byte exactly when the character is a letter or digit. (The
title-case Greek letters, which fold_lower lowers only in a text with an upper-case letter, fold
outside the alphabet either way.) A regex of the terms over these bytes matches what the same
regex over fold_lower(text) matches, as long as every term is spelt in the alphabet; when one is
not ("ß", most Greek, Cyrillic) the text is folded with fold_lower as before.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from indexer.text.tokens import match_key
from indexer.text.vntext import fold_lower

if TYPE_CHECKING:
    from _codecs import _EncodingMap

WINDOW = 260

_WORDCHAR = re.compile(r"[^\W_]")  # the regexes' notion of a letter or digit

# --- the one-byte folded copy of a text -------------------------------------------------------


def _vietnamese_letters() -> list[str]:
    """The 132 precomposed Vietnamese vowels outside ASCII (both cases), đ and Đ."""
    out: list[str] = []
    for base in "aăâeêioôơuưy":
        for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"):
            ch = unicodedata.normalize("NFC", base + tone)
            out += (ch, ch.upper())
    return [c for c in out if not c.isascii()] + ["đ", "Đ"]


# frequent in technical texts; any other character works too, through _substitute (slower)
_SYMBOLS = "–—“”‘’…±×÷≤≥≈≠°·•→μµΩ"
_LETTER_STANDIN = "\ua66e"  # Cyrillic multiocular O: a word character outside the alphabet
_OTHER_STANDIN = "\uf8ff"  # private use: not a word character, outside the alphabet
_LETTER_BYTE, _OTHER_BYTE = 0x5A, 0xFF  # "Z" (a folded text has no upper case), non-word
_ERRORS = "vnstd.highlight.fold"


class _Alphabet(NamedTuple):
    encoding: _EncodingMap | dict[int, int]  # codecs.charmap_build: character → its own byte
    translate: bytes  # own byte → folded byte
    byte_of: dict[str, int]  # folded character → folded byte
    standin: dict[int, str]  # folded byte → a character of the table encoded to it


def _alphabet() -> _Alphabet:
    """The 256 characters with a byte of their own, and the folded alphabet."""
    ascii_chars = ["\x00", "\t", "\n", "\r", *map(chr, range(0x20, 0x7F))]
    others = [*_vietnamese_letters(), *_SYMBOLS]
    free = [b for b in range(1, 256) if chr(b) not in ascii_chars]
    own = {ord(c): c for c in ascii_chars}
    own.update(zip(free, [*others, _LETTER_STANDIN, _OTHER_STANDIN], strict=True))
    # folded byte of each folded character: ASCII as itself (never upper case: fold_lower
    # lowers A-Z), other letters as the free upper-case letters, other symbols from 0x80
    letters, symbols = iter(b"ABCDEFGHIJKLMNOPQRSTUVWXY"), iter(range(0x80, _OTHER_BYTE))
    byte_of: dict[str, int] = {}
    translate = bytearray([_OTHER_BYTE]) * 256
    translate[0] = 0
    for b, ch in sorted(own.items()):
        if ch in (_LETTER_STANDIN, _OTHER_STANDIN):
            translate[b] = _LETTER_BYTE if ch == _LETTER_STANDIN else _OTHER_BYTE
            continue
        folded = fold_lower(ch)
        if folded not in byte_of:
            if folded.isascii():
                byte_of[folded] = ord(folded)
            else:
                byte_of[folded] = next(letters if _WORDCHAR.match(folded) else symbols)
        translate[b] = byte_of[folded]
    table = "".join(own[b] for b in range(256))  # "\x00" first: a fast EncodingMap, not a dict
    standin = {translate[b]: ch for b, ch in sorted(own.items(), reverse=True)}
    return _Alphabet(codecs.charmap_build(table), bytes(translate), byte_of, standin)


_ALPHABET = _alphabet()
_SUBSTITUTES: dict[str, str] = {}


def _substitute(ch: str) -> str:
    """A character of the table that translates to the folded byte `ch` should have (ch being
    outside the table); cached, as the same rare characters come back."""
    sub = _SUBSTITUTES.get(ch)
    if sub is None:
        byte = _ALPHABET.byte_of.get(fold_lower(ch))
        if byte is None:
            byte = _LETTER_BYTE if _WORDCHAR.match(ch) else _OTHER_BYTE
        sub = _SUBSTITUTES[ch] = _ALPHABET.standin[byte]
    return sub


def _encode_error(exc: UnicodeError) -> tuple[str, int]:
    """Encoding error handler: a run of characters outside the table → their substitutes."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(map(_substitute, exc.object[exc.start : exc.end])), exc.end


codecs.register_error(_ERRORS, _encode_error)


def _folded_bytes(text: str) -> bytes:
    """One byte per character of text: the byte of fold_lower(char) in the alphabet, or a
    word / non-word stand-in."""
    encoded, _ = codecs.charmap_encode(text, _ERRORS, _ALPHABET.encoding)
    return encoded.translate(_ALPHABET.translate)


# --- matching -----------------------------------------------------------------------------


class _Matcher(NamedTuple):
    """The regex of a set of marks: over _folded_bytes(text) when every folded term is spelt in
    the alphabet (`terms` maps the byte form back), else over fold_lower(text)."""

    on_bytes: re.Pattern[bytes] | None
    leading: bool  # on_bytes consumes the byte before a match: run it over " " + text
    terms: dict[bytes, str]
    on_str: re.Pattern[str] | None


@lru_cache(maxsize=512)
def _pattern(marks: frozenset[str]) -> _Matcher | None:
    """One regex for all terms (folded), longest first, matched as whole tokens."""
    terms = sorted({fold_lower(m) for m in marks if m}, key=len, reverse=True)
    if not terms:
        return None
    byte_of = _ALPHABET.byte_of
    if not all(c in byte_of for t in terms for c in t):
        alternatives = "|".join(map(re.escape, terms))
        return _Matcher(None, False, {}, re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])"))
    encoded = {bytes(byte_of[c] for c in t): match_key(t) for t in terms}
    alts = b"|".join(map(re.escape, encoded))
    if all(_WORDCHAR.match(t[-1]) for t in terms):
        # the byte before a match is consumed rather than looked at: the regex engine then
        # jumps from one non-word byte to the next in C instead of trying every position
        regex = re.compile(b"[^0-9A-Za-z](" + alts + b")(?![0-9A-Za-z])")
        return _Matcher(regex, True, encoded, None)
    # a term ends with a symbol ("c++"), so a match may start right where one ends
    regex = re.compile(b"(?<![0-9A-Za-z])(" + alts + b")(?![0-9A-Za-z])")
    return _Matcher(regex, False, encoded, None)


def match_spans(text: str, marks: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, folded term) of every token of text whose folded form is in marks; the
    term as the word it counts as ("ki" and "ky" are one, "2 450" is "2450": `tokens.match_key`).

    The same spans as one regex of the folded terms over fold_lower(text): a longer term
    ("47:2015/btttt") wins over a shorter one inside it ("47").
    """
    matcher = _pattern(marks if isinstance(marks, frozenset) else frozenset(marks))
    if matcher is None:
        return []
    regex, leading, terms, on_str = matcher
    if regex is None:
        assert on_str is not None
        return [
            (m.start(), m.end(), match_key(m.group())) for m in on_str.finditer(fold_lower(text))
        ]
    if leading:
        folded = _folded_bytes(" " + text)
        return [(m.start(), m.end() - 1, terms[m[1]]) for m in regex.finditer(folded)]
    return [(m.start(), m.end(), terms[m[1]]) for m in regex.finditer(_folded_bytes(text))]


def _best_window(spans: list[tuple[int, int, str]], size: int) -> int:
    """Start offset of the window of `size` chars holding the most distinct matched terms.

    The window at span i holds spans[i:j], j being the first span that ends past its start +
    size (j >= i: the spans before i end before it starts); a count per term is kept as the
    window slides, so each span is added and removed once.
    """
    best, best_start = -1, 0
    counts: dict[str, int] = {}  # term → its spans in the window
    n, j = len(spans), 0
    for i, (start, _, term) in enumerate(spans):
        limit = start + size
        while j < n and spans[j][1] <= limit:
            if j >= i:  # (j < i only after a span longer than size)
                counts[spans[j][2]] = counts.get(spans[j][2], 0) + 1
            j += 1
        score = len(counts) * 10 + j - i
        if score > best:
            best, best_start = score, start
        if j > i:  # span i leaves the window
            if counts[term] == 1:
                del counts[term]
            else:
                counts[term] -= 1
    return best_start


class Excerpt(NamedTuple):
    """A snippet and where its best window of matches begins."""

    html: str  # escaped HTML, matched words in <mark>
    anchor: int | None  # offset in the text of the window's first match; None: no match


def snippet(
    text: str, marks: Iterable[str], size: int = WINDOW, exact: frozenset[str] | None = None
) -> str:
    """Escaped HTML fragment around the best matches, matched words wrapped in <mark>; with
    `exact` (lower-case, tone-marked), only words that are one of those, tones included."""
    return excerpt(text, marks, size, exact).html


def excerpt(
    text: str,
    marks: Iterable[str],
    size: int = WINDOW,
    exact: frozenset[str] | None = None,
    parts: Sequence[int] = (),
) -> Excerpt:
    """The snippet of `snippet` and the offset its window is anchored at (the first match of
    the window holding the most distinct matched words). With `parts` (the offsets where a
    clause's later pages start), the window is the best one of the page with the most
    distinct matched words, so that the page a hit opens at is the page its snippet shows."""
    spans = match_spans(text, marks)
    if exact is not None:
        spans = [s for s in spans if text[s[0] : s[1]].lower() in exact]
    anchor = _best_window(_best_part(spans, parts), size) if spans else None
    start = max(0, anchor - size // 4) if anchor is not None else 0
    return Excerpt(_render(text, spans, start, size), anchor)


def _best_part(
    spans: list[tuple[int, int, str]], parts: Sequence[int]
) -> list[tuple[int, int, str]]:
    """The spans of the part of the text (cut at the offsets `parts`) that holds the most
    distinct matched terms, then the most matches, the earliest part on a tie: measured on
    the ICT questions, a whole page predicts where the answer is better than any window."""
    if not parts:
        return spans
    by_part: dict[int, list[tuple[int, int, str]]] = {}
    for span in spans:
        by_part.setdefault(bisect_right(parts, span[0]), []).append(span)

    def weight(part: int) -> tuple[int, int]:
        found = by_part[part]
        return len({term for _, _, term in found}) * 10 + len(found), -part

    return by_part[max(by_part, key=weight)]


def _render(text: str, spans: list[tuple[int, int, str]], start: int, size: int) -> str:
    """The window of text from about start, widened to word boundaries, spans marked."""
    end = min(len(text), start + size)
    # widen to word boundaries (split() and isspace() agree on what a space is)
    floor, ceiling = max(0, start - 30), min(len(text), end + 30)  # a huge token cannot run away
    before, after = text[floor:start], text[end:ceiling]
    if before and not before[-1].isspace():
        start -= len(before.rsplit(maxsplit=1)[-1])
    if after and not after[0].isspace():
        end += len(after.split(maxsplit=1)[0])
    parts = ["…" if start > 0 else ""]
    cursor = start
    escape = html.escape
    for s, e, _ in spans:
        if s < start:
            continue
        if e > end:
            break
        parts.append(escape(text[cursor:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    parts.append(escape(text[cursor:end]))
    parts.append("…" if end < len(text) else "")
    out = "".join(parts).replace("\n", " ")
    return out.replace("</mark> <mark>", " ")
