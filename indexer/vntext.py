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

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng

# Old-style tone placement ("hoà", "thuỷ", "khoẻ") → new style ("hòa", "thủy", "khỏe"):
# in an open syllable ending in oa/oe/uy the tone goes on the first vowel.
_OLD_STYLE = re.compile(r"(?<![^\W\d_])([^\W\d_]*?)([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_])")


def map_symbols(text: str) -> str:
    """Replace Symbol-font private-use glyphs and invisible/compatibility characters."""
    return text.translate(_TRANSLATE)


def _move_tone(match: re.Match[str]) -> str:
    onset, first, second, tone = match.groups()
    # "qu" + "y" is a consonant + vowel: "quý" keeps its tone on y.
    if first in "uU" and onset[-1:] in ("q", "Q"):
        return match.group(0)
    # "gi" and a vowel before "oa"/"uy" ("ngoài" is closed; "khuya" isn't matched) are left alone
    if onset and onset[-1].lower() in "aeiouyăâêôơư":
        return match.group(0)
    return f"{onset}{first}{tone}{second}"


def normalize_tones(text: str) -> str:
    """NFC text with one tone-mark convention: hoà→hòa, thuỷ→thủy, khoẻ→khỏe."""
    decomposed = unicodedata.normalize("NFD", text)
    # NFD splits base vowels from their marks; keep vowel-quality marks (circumflex, horn, breve)
    # attached by recomposing them first, leaving only tone marks decomposed.
    parts: list[str] = []
    for ch in decomposed:
        if ch in _TONE_MARKS or not parts:
            parts.append(ch)
        else:
            merged = unicodedata.normalize("NFC", parts[-1] + ch)
            if len(merged) == 1 and unicodedata.combining(ch):
                parts[-1] = merged
            else:
                parts.append(ch)
    semi = "".join(parts)
    moved = _OLD_STYLE.sub(_move_tone, semi)
    return unicodedata.normalize("NFC", moved)


def nfc(text: str) -> str:
    """Unicode NFC, symbol glyphs mapped, tone marks in one convention."""
    return normalize_tones(map_symbols(unicodedata.normalize("NFC", text)))


_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def fold(text: str) -> str:
    """Strip Vietnamese diacritics (đ→d); keeps length for NFC text, keeps case."""
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


def has_diacritics(text: str) -> bool:
    """True when folding changes the text (the user typed Vietnamese marks or đ)."""
    return fold(text) != text
