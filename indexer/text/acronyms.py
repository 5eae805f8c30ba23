"""Whether a run of words spells an abbreviation, and which run: the matcher behind the
abbreviations a document defines (abbrev.py).

A long form is kept only when the initials of its words spell the abbreviation: "Bộ Thông
tin và Truyền thông" spells BTTTT ("và", "of", "&" … may be skipped), "ElectroMagnetic"
gives E or EM, "Short-Term" S or ST; failing an exact spelling, one inner word may be left
out ("Adjacent Channel Leakage power Ratio", ACLR) or one letter taken from inside a long
English word ("Radio Frequency IDentification", RFID). Numbers, roman numerals, units
(dB, MHz …) and Vietnamese words are never abbreviations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.text import units
from indexer.text.vntext import fold

MAX_LETTERS = 10
_SEPARATORS = re.compile(r"\s+[\-–—]\s+|[:;|()\[\]]")
_WORD = re.compile(r"[^\W_]+(?:[\-/][^\W_]+)*|&")
_CAMEL = re.compile(r"(?<=[a-zà-ỹđ])(?=[A-ZĐ])")
_ROMAN = re.compile(r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_VIETNAMESE = re.compile(r"[^\x00-\x7fĐđ]")
# words a long form may leave out of its abbreviation ("Bộ Thông tin và Truyền thông")
_SKIPPABLE = frozenset(
    re.findall(
        r"\S+", "và của các cho về với trong theo & and of for the on in to a an with by at de"
    )
)


def is_abbreviation(token: str) -> bool:
    """Whether token can be an abbreviation: 2–10 characters, at least two capitals, not a
    number, a roman numeral, a unit or a Vietnamese word."""
    if not 2 <= len(token) <= MAX_LETTERS or token[-1] in "-/&" or token[0] in "-/&":
        return False
    if _VIETNAMESE.search(token):  # Vietnamese letters other than Đ: a word, not an acronym
        return False
    upper = sum(c.isupper() for c in token)
    lower = sum(c.islower() for c in token)
    if upper < 2 or lower > 2 or lower >= upper:
        return False
    # not "XIV", "MHz", "2017/BTTTT"
    return not (
        _ROMAN.fullmatch(token) or units.is_symbol_in_capitals(token) or re.search(r"\d{3}", token)
    )


def spelling_letters(abbr: str) -> str:
    """What the long form must spell: the folded letters and digits of the abbreviation."""
    return "".join(c for c in fold(abbr).lower() if c.isalnum())


def _options(word: str) -> tuple[tuple[str, int], ...]:
    """What one word may contribute to the spelling, each with a cost: its initial, or the
    initials of its parts ("ElectroMagnetic" → e, em; "Short-Term" → s, st; "IP" → i, ip),
    or nothing for a function word, all free; a long English word may also give its
    initial and one later letter ("Identification" → id, "Bandwidth" → bw) at cost 1."""
    parts = [p for piece in re.split(r"[\-/]", word) for p in _CAMEL.split(piece) if p]
    if len(parts) == 1 and word.isupper() and word.isalpha() and 2 <= len(word) <= 5:
        parts = list(word)  # an acronym inside the long form
    initials = "".join(fold(p[0]).lower() for p in parts)
    out = [(initials[:k], 0) for k in range(1, len(initials) + 1)]
    low = word.lower()
    if low in _SKIPPABLE or fold(low) in _SKIPPABLE:
        out.append(("", 0))
    elif len(parts) == 1 and len(word) >= 6 and word.isascii() and word.isalpha():
        out.extend((low[0] + c, 1) for c in dict.fromkeys(low[1:]))
    return tuple(out)


class _Spelling:
    """A depth-first search over the words' options, memoised on (word, letter, slack)."""

    def __init__(self, letters: str, opts: list[tuple[tuple[str, int], ...]]) -> None:
        self.letters, self.opts = letters, opts
        self.seen: set[tuple[int, int, int]] = set()

    def go(self, i: int, j: int, s: int) -> bool:
        """Whether words i… spell letters j… with slack s left."""
        n = len(self.opts)
        if i == n:
            return j == len(self.letters)
        if (i, j, s) in self.seen:
            return False
        self.seen.add((i, j, s))
        inner = 0 < i < n - 1
        if any(self._take(i, j, s, o, cost, inner) for o, cost in self.opts[i]):
            return True
        return bool(s and inner and self.go(i + 1, j, s - 1))  # leave an inner word out

    def _take(self, i: int, j: int, s: int, o: str, cost: int, inner: bool) -> bool:
        """Whether word i giving o (at cost) leads to a spelling."""
        if cost > s:
            return False
        if o == "":
            return inner and self.go(i + 1, j, s)
        return self.letters.startswith(o, j) and self.go(i + 1, j + len(o), s - cost)


def spells(letters: str, words: Sequence[str], slack: int = 0) -> bool:
    """Whether the words, all of them, spell letters: the first and last word each give at
    least one letter, function words may give none, and the run may cost up to `slack`
    (an inner word left out, or a letter taken from inside a long English word)."""
    if not words or not letters:
        return False
    opts = [_options(w) for w in words]
    if len(words) == 1:  # one word spells an abbreviation only through its parts ("StandAlone")
        opts = [tuple(o for o in opts[0] if o[1] == 0)]
    return _Spelling(letters, opts).go(0, 0, slack)


def word_matches(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def spelled_after(text: str, abbr: str, *, whole: bool = False) -> str | None:
    """The shortest run of words at the start of text that spells abbr; with `whole`, the
    run must be all of the text's first phrase."""
    phrase = first_phrase(text)
    phrase = re.split(r"[.,]\s", phrase, maxsplit=1)[0]
    words = word_matches(phrase)
    letters = spelling_letters(abbr)
    if not words or not letters:
        return None
    sizes = [len(words)] if whole else range(1, min(len(words), len(letters) + 6) + 1)
    for slack in (0, 1):
        for k in sizes:
            run = words[:k]
            if spells(letters, [w.group() for w in run], slack):
                return phrase[run[0].start() : run[-1].end()]
    return None


def first_column(letters: str, names: Sequence[str]) -> int:
    """How many words at the start of names spell letters and end where a column starts
    (the next word is capitalised); 0 when none do. Exact spellings are preferred."""
    for slack in (0, 1):
        for k in range(1, min(len(names), len(letters) + 6) + 1):
            nxt = names[k] if k < len(names) else ""
            if nxt and not nxt[0].isupper():
                continue
            if spells(letters, names[:k], slack):
                return k
    return 0


def first_phrase(text: str) -> str:
    """text up to its first separator (" - ", ":", ";", "|", a parenthesis or a bracket)."""
    return _SEPARATORS.split(text, maxsplit=1)[0]
