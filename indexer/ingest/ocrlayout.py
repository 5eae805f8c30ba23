"""Tesseract's words (TSV: boxes, lines, confidences) put back in reading order: outside
tables line by line, as Tesseract read them; inside a ruled table cell by cell, row by row
(Tesseract's lines run straight across a table's columns, mixing its cells), which is the
order a PDF's text layer gives. Tokens that are only stray marks (a rule's remnant, a logo's
speck: no letter, no digit, not punctuation) are dropped, and so are words of one or two
characters Tesseract gives a low confidence, numbers apart. Before that, syllables read with
low confidence have their tone marks checked against their neighbours (`repair_tones`), and
runs of syllables read without spaces are split back into syllables (`split_glued`)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

import numpy as np

from indexer.ingest.scanprep import Rules
from indexer.text import tones

NOISE_CONFIDENCE = 50.0  # a word of at most NOISE_LENGTH characters read with less is noise
NOISE_LENGTH = 2  # ("a", "i", "_", "Lo", "ag": specks, icons; 6.5 → 6.3 % CER, benchmarks.md)
WORDLIKE = {"Lu", "Ll", "Lt", "Lo", "Nd"}  # letters and digits, not modifier letters (ˆ)
PUNCTUATION = set("-–—•·+*/%()[]{}:;.,=<>≤≥±°\"'“”‘’!?&§#…")


@dataclass(frozen=True)
class Word:
    """One word Tesseract read, with the line it belongs to and its box."""

    line: tuple[int, int, int]  # (block, paragraph, line)
    left: int
    top: int
    width: int
    height: int
    text: str
    confidence: float = 100.0  # Tesseract's, 0–100


def parse_tsv(tsv: str) -> list[Word]:
    """The words of Tesseract's TSV output, in its order (level 5 rows with text)."""
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != 12 or cells[0] != "5" or not cells[11].strip():
            continue
        block, par, line, left, top, width, height = (int(c) for c in cells[2:5] + cells[6:10])
        box = (left, top, width, height)
        words.append(Word((block, par, line), *box, cells[11].strip(), _number(cells[10])))
    return words


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def repair_tones(words: list[Word]) -> list[Word]:
    """The words with the syllables Tesseract was unsure of repaired by their neighbours on
    the line (indexer.text.tones)."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, w in enumerate(words):
        lines.setdefault(w.line, []).append(i)
    out = list(words)
    for members in lines.values():
        texts = tones.repair_line([words[i].text for i in members],
                                  [words[i].confidence for i in members])  # fmt: skip
        for i, text in zip(members, texts, strict=True):
            if text != words[i].text:
                out[i] = replace(words[i], text=text)
    return out


def split_glued(words: list[Word]) -> list[Word]:
    """The words with runs of syllables read without their spaces split back into them
    ("Bảngdiđộng" → "Bảng di động": Tesseract drops the narrow spaces of tight table cells;
    indexer.text.tones.split_glued)."""
    out = []
    for w in words:
        text = tones.split_glued(w.text)
        out.append(w if text == w.text else replace(w, text=text))
    return out


def _kept(word: Word) -> bool:
    """A word with a letter or digit (not a lone accent such as "ˆ"), or punctuation; not a
    short unsure word that is no number."""
    text = word.text
    if word.confidence < NOISE_CONFIDENCE and len(text) <= NOISE_LENGTH and not text.isdigit():
        return False
    return any(unicodedata.category(c) in WORDLIKE for c in text) or all(
        c in PUNCTUATION for c in text
    )


def _bands(mask: np.ndarray, axis: int) -> np.ndarray:
    """For each row (axis=1) or column (axis=0): the number of the band of consecutive
    rule-holding rows or columns it is in, -1 outside rules."""
    holds = np.asarray(mask.any(axis=axis), dtype=bool)
    starts = holds.copy()
    starts[1:] &= ~holds[:-1]
    number = np.cumsum(starts) - 1
    return np.where(holds, number, -1)


class _Grid:
    """Which ruled cell a point is in: the bands of the rules above and to the left of it,
    when rules close it on all four sides."""

    def __init__(self, rules: Rules) -> None:
        self.h, self.v = rules.horizontal, rules.vertical
        self.row_band, self.col_band = _bands(self.h, 1), _bands(self.v, 0)

    def cell(self, x: int, y: int) -> tuple[int, int, int, int] | None:
        """(top rule y, left rule x, their band numbers) of the cell around (x, y), or None."""
        above, below = np.flatnonzero(self.h[:y, x]), np.flatnonzero(self.h[y:, x])
        left, right = np.flatnonzero(self.v[y, :x]), np.flatnonzero(self.v[y, x:])
        if not (above.size and below.size and left.size and right.size):
            return None
        top, side = int(above[-1]), int(left[-1])
        return top, side, int(self.row_band[top]), int(self.col_band[side])


def reading_order(words: list[Word], rules: Rules) -> str:
    """The page's text: lines outside tables as read, table cells row by row."""
    grid = _Grid(rules)
    height, width = rules.horizontal.shape
    units: dict[tuple[object, ...], list[Word]] = {}
    where: dict[tuple[object, ...], tuple[int, int]] = {}
    for w in words:
        if not _kept(w):
            continue
        x = min(width - 1, w.left + w.width // 2)
        y = min(height - 1, w.top + w.height // 2)
        found = grid.cell(x, y)
        key: tuple[object, ...] = ("cell", found[2], found[3]) if found else ("line", *w.line)
        units.setdefault(key, []).append(w)
        spot = (found[0], found[1]) if found else (w.top, w.left)
        where[key] = min(where.get(key, spot), spot)
    ordered = sorted(units, key=lambda k: (where[k][0], where[k][1]))
    return "\n".join(_unit_text(units[k]) for k in ordered)


def _unit_text(words: list[Word]) -> str:
    """A line's words, or a cell's lines (top to bottom) of words (left to right)."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: min(w.top for w in ws))
    return "\n".join(" ".join(w.text for w in sorted(ws, key=lambda w: w.left)) for ws in ordered)
