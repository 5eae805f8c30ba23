"""Character-level Vietnamese text helpers: NFC, tone-mark placement, diacritics folding, symbol fonts."""

from __future__ import annotations

import re
import unicodedata

# Symbol-font glyphs that PDF producers leave in the Private Use Area (U+F000 + Symbol code).
_SYMBOL_PUA = {
    0xF0A3: "≤",
    0xF0B3: "≥",
    0xF0B1: "±",
    0xF0B4: "×",
    0xF0B8: "÷",
    0xF0B0: "°",
    0xF0B9: "≠",
    0xF0BB: "≈",
    0xF0A5: "∞",
    0xF0D6: "√",
    0xF0E5: "∑",
    0xF0D7: "·",
    0xF0AE: "→",
    0xF0AC: "←",
    0xF0DE: "⇒",
    0xF0DB: "⇔",
    0xF06D: "μ",
    0xF057: "Ω",
    0xF077: "ω",
    0xF061: "α",
    0xF062: "β",
    0xF067: "γ",
    0xF064: "δ",
    0xF044: "Δ",
    0xF065: "ε",
    0xF06C: "λ",
    0xF070: "π",
    0xF066: "φ",
    0xF073: "σ",
    0xF071: "θ",
    0xF074: "τ",
    0xF0B7: "•",
    0xF0A7: "•",
    0xF0FC: "✓",
    0xF02D: "-",
    0xF02B: "+",
    0xF03D: "=",
    0xF03C: "<",
    0xF03E: ">",
    0xF025: "%",
    0xF028: "(",
    0xF029: ")",
}
# Other compatibility characters pypdf leaves that hurt tokenisation.
_OTHER = {
    0x00A0: " ",  # no-break space
    0x2002: " ",
    0x2003: " ",
    0x2009: " ",
    0x200B: "",  # zero-width space
    0x200C: "",
    0x200D: "",
    0xFEFF: "",
    0x00AD: "",  # soft hyphen
    0x2010: "-",
    0x2011: "-",
    0x2212: "-",  # minus sign: "-36 dBm" must tokenise like the ASCII form
    0xFB01: "fi",
    0xFB02: "fl",
}
_TRANSLATE = {**{k: v for k, v in _SYMBOL_PUA.items()}, **_OTHER}

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # combining huyền sắc ngã hỏi nặng
# a, e, y carrying a tone mark (precomposed, NFC): the second vowel of old-style oa/oe/uy
_TONED = {unicodedata.normalize("NFC", b + t): (b, t) for b in "aeyAEY" for t in TONE_MARKS}
_LETTER = r"[^\W\d_]"
# Old-style tone placement ("hoà", "thuỷ", "khoẻ") → new style ("hòa", "thủy", "khỏe"):
# in an open syllable ending in oa/oe/uy the tone goes on the first vowel.
_OLD_STYLE = re.compile(rf"(?<!{_LETTER})({_LETTER}*?)([oOuU])([{''.join(_TONED)}])(?!{_LETTER})")


def map_symbols(text: str) -> str:
    """Replace Symbol-font private-use glyphs and invisible/compatibility characters."""
    return text.translate(_TRANSLATE)


def _move_tone(match: re.Match[str]) -> str:
    onset, first, toned = match.groups()
    # "qu" + "y" is a consonant + vowel ("quý"); a vowel before o/u means another pattern
    if (first in "uU" and onset[-1:] in ("q", "Q")) or (
        onset and onset[-1].lower() in "aeiouyăâêôơư"
    ):
        return match.group(0)
    base, tone = _TONED[toned]
    return onset + unicodedata.normalize("NFC", first + tone) + base


def normalize_tones(text: str) -> str:
    """NFC text with one tone-mark convention: hoà→hòa, thuỷ→thủy, khoẻ→khỏe."""
    return _OLD_STYLE.sub(_move_tone, unicodedata.normalize("NFC", text))


def nfc(text: str) -> str:
    """Unicode NFC, symbol glyphs mapped, tone marks in one convention."""
    return normalize_tones(map_symbols(unicodedata.normalize("NFC", text)))


_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def fold(text: str) -> str:
    """Strip Vietnamese diacritics (đ→d); keeps length for NFC text, keeps case.

    Index tokens (already NFC and lower case) are folded with this; words and phrases as
    people write them are keyed with `fold_key`."""
    out = []
    for ch in text.translate(_FOLD_EXTRA):
        if ord(ch) < 128:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFD", ch)
        stripped = "".join(c for c in base if not unicodedata.combining(c))
        # a character that is only a combining mark folds to nothing; keep it to preserve length
        out.append(stripped if len(stripped) == 1 else ch)
    return "".join(out)


def letter_count(text: str) -> int:
    """The number of letters (any script) in text."""
    return sum(c.isalpha() for c in text)


def has_diacritics(text: str) -> bool:
    """True when folding changes the text (the user typed Vietnamese marks or đ)."""
    return fold(text) != text


def _fold_lower_table() -> dict[int, str]:
    """Lower-case and fold every precomposed Latin letter, one character to one character."""
    table: dict[int, str] = {}
    for code in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        low = ch.lower()
        if len(low) != 1:
            continue
        folded = fold(low)
        if folded != ch and len(folded) == 1:
            table[code] = folded
    return table


_FOLD_LOWER = str.maketrans(_fold_lower_table())


def fold_lower(text: str) -> str:
    """Lower-cased, diacritics-folded text of exactly the same length (for offset matching)."""
    out = text.translate(_FOLD_LOWER)
    # letters outside the table (Greek, Cyrillic…) are lower-cased one by one, length kept
    if not out.islower() and any(c.isupper() for c in out):
        out = "".join(c.lower() if len(c.lower()) == 1 else c for c in out)
    return out


_SPACES = re.compile(r"\s+")


def fold_key(text: str) -> str:
    """The lookup key of a word or phrase: `nfc`, lower case, diacritics folded, white space
    collapsed to single spaces ("Tương  Thích" → "tuong thich"). Every diacritics- and
    case-insensitive dictionary (abbreviations, spelling, completion) is keyed by it."""
    return _SPACES.sub(" ", fold_lower(nfc(text))).strip()


# i and y after h, k, l, m, s, t and qu are one sound written either way: "kĩ thuật" /
# "kỹ thuật", "quản lí" / "quản lý", "qui định" / "quy định", "tỉ lệ" / "tỷ lệ" (both are
# correct; texts of different years and authors use both). The index and the query key such a
# syllable by its y form; "tuy", "huy" (u + y) and "ai", "chi" (no variant) are untouched.
_I_TO_Y = dict(zip("iíìỉĩị", "yýỳỷỹỵ", strict=True))
_Y_TO_I = {y: i for i, y in _I_TO_Y.items()}
_IY_VOWELS = frozenset(_I_TO_Y) | frozenset(_Y_TO_I)
_IY_SYLLABLE = re.compile(r"(?:^|(?<=_))(h|k|l|m|s|t|qu)([iíìỉĩịyýỳỷỹỵ])(?=_|$)")


def iy_key(token: str) -> str:
    """A lower-case token (or "_"-joined compound) with each i/y-variant syllable in its y
    form: "kĩ" → "kỹ", "quản_lí" → "quản_lý", "ki" → "ky"; other tokens unchanged."""
    if not any(c in _IY_VOWELS for c in token):
        return token
    return _IY_SYLLABLE.sub(lambda m: m.group(1) + _I_TO_Y.get(m.group(2), m.group(2)), token)


def iy_forms(syllable: str) -> tuple[str, ...]:
    """A lower-case syllable's spellings that iy_key treats as one: ("kỹ", "kĩ") for either,
    (syllable,) for one without a variant."""
    key = iy_key(syllable)
    if key == syllable and not _IY_SYLLABLE.fullmatch(syllable):
        return (syllable,)
    return (key, key[:-1] + _Y_TO_I[key[-1]])


_IY_IN_TEXT = re.compile(
    r"(?<![^\W\d_])(h|k|l|m|s|t|qu)([iíìỉĩịIÍÌỈĨỊ])(?![^\W\d_])", re.IGNORECASE
)


def iy_spelling(text: str) -> str:
    """Running text with every i/y-variant syllable in its y form, case kept ("Kĩ thuật" →
    "Kỹ thuật"); the same length, so offsets into it are offsets into text. What the word
    segmenter reads: its dictionary spells these words with y."""

    def to_y(m: re.Match[str]) -> str:
        vowel = m.group(2)
        y = _I_TO_Y[vowel.lower()]
        return m.group(1) + (y.upper() if vowel.isupper() else y)

    return _IY_IN_TEXT.sub(to_y, text) if any(c in _IY_VOWELS for c in text.lower()) else text
