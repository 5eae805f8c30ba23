"""The sentences of a legal text as its relations are read from them (relations.py).

Gazette PDFs come out broken: a running header ("94 CÔNG BÁO/Số 227 + 228/Ngày 01-02-2025")
falls between a list's announcement and its first item, a paragraph break between "Sửa
đổi, bổ" and "sung một số điều", a number split across lines ("88/2⏎020/NĐ-CP"). Here the
headers are dropped, a paragraph that goes on a sentence (it starts in lower case or with a
number that is no item marker, after a line without a stop) is joined to it, a split year
is joined again, and an item marker ("1.", "a)") is kept with its item's text. A list
announced by a sentence ("… sau đây:") is read item by item (ListReader).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "94 CÔNG BÁO/Số 227 + 228/Ngày 01-02-2025", "CÔNG BÁO/Số 258/Ngày 29-04-2026 62", and the
# same broken over lines; a page number alone on the next line goes with it
_HEADER = re.compile(
    r"[ \t]*(?:\d{1,4}[ \t]+)?CÔNG\s+BÁO\s*/\s*Số\s*\d+(?:\s*\+\s*\d+)?\s*/\s*Ngày\s*"
    r"\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{4}(?:[ \t]+\d{1,4}\b|\s*\n\s*\d{1,4}(?=[ \t]*\n))?"
)
# "88/2⏎020/NĐ" → "88/2020/NĐ" (the year's digits add up to four)
_SPLIT_YEAR = re.compile(r"\b(\d{1,4}/)(\d{1,3})[ \t]*\n\s*(\d{1,3})(?=/)")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_STOP = re.compile(r"[.;:!?…”\"]\s*$")
# a paragraph that goes on the one before when it starts in lower case, or with a number
# that is no item marker ("88/2020/NĐ-CP", "11 năm 2020")
_NUMBER = re.compile(r"\d+(/|[ \t]+)")
# a stop before a capital, a number or an item; a line that starts with an item marker
_SENTENCE = re.compile(
    r"(?<=[.;:])\s+(?=[A-ZĐÀ-Ỹ0-9(]|[a-zđ]\)\s)|\n(?=[ \t]*(?:\d{1,3}[.)]|[a-zđ]\))\s)"
)
_MARKER = re.compile(r"\s*(?:\d{1,3}[.)]|[a-zđ]\))\s*$")


def _join_year(match: re.Match[str]) -> str:
    first, second = match.group(2), match.group(3)
    whole = match.group(0)
    return match.group(1) + first + second if len(first + second) == 4 else whole


def _goes_on(part: str) -> bool:
    """Whether a paragraph goes on the sentence of the one before (see _NUMBER)."""
    number = _NUMBER.match(part)
    if number:
        return number.group(1) == "/" or part[number.end() : number.end() + 1].islower()
    return part[:1].islower()


def _paragraphs(text: str) -> list[str]:
    """Paragraphs, each joined with the ones that go on its sentence."""
    out: list[str] = []
    for part in _PARAGRAPH.split(text):
        semicolon = out and out[-1].rstrip().endswith(";") and part[:1].islower()
        if out and (semicolon or (not _STOP.search(out[-1]) and _goes_on(part))):
            out[-1] = out[-1].rstrip() + " " + part
        elif part.strip():
            out.append(part)
    return out


def sentences(text: str) -> list[str]:
    """The text's sentences (see the module's docstring); an item marker that stands alone
    ("1." before "Thông tư số …") starts its item's sentence."""
    text = _SPLIT_YEAR.sub(_join_year, _HEADER.sub("\n", text))
    out: list[str] = []
    for paragraph in _paragraphs(text):
        marker = ""
        for piece in _SENTENCE.split(paragraph):
            if _MARKER.fullmatch(piece):
                marker += piece.strip() + " "
                continue
            out.append(marker + piece)
            marker = ""
        if marker:
            out.append(marker)
    return out


# an item of a list: "1.", "2)", "a)", "-", "–" before its text; an article or chapter ends
# a list; an item may also be a text named after the ";" of the sentence before
ITEM_MARKER = re.compile(r"\s*(?:(\d{1,3})[.)]|([a-zđ])[)]|([-–•+]))\s")
_ENDS_LIST = re.compile(r"\s*(?:Điều|Chương|Mục)\s+[\dIVXLC]")
# a text named by its number first ("Thông tư số 25/2023/…", "Nghị quyết liên tịch số 01/…")
NAMED = re.compile(
    r"\s*(?:Luật|Bộ luật|Nghị định|Nghị quyết|Thông tư|Quyết định|Chỉ thị|Pháp lệnh)"
    r"(?:\s+liên\s+tịch)?\s*(?:số\s*)?\d"
)
ITEM, STRAY, END = "item", "stray", "end"


@dataclass
class ListReader:
    """An announced list being read: its relation, its items' marker style, and whether
    one line that is no item has been let through (a page broken inside an item)."""

    relation: str
    style: str | None = None
    stray: bool = False
    open_end: bool = False  # the sentence before ended with ";"

    def read(self, sentence: str) -> str:
        """ITEM, STRAY (one line that is no item, let through) or END of the list: an
        article or chapter, another marker style, a second line that is no item."""
        marker = ITEM_MARKER.match(sentence)
        style = None if marker is None else str(marker.lastindex)
        if _ENDS_LIST.match(sentence) or (style and self.style not in (None, style)):
            return END
        if style or (self.open_end and NAMED.match(sentence)):
            self.style, self.stray = self.style or style, False
            return ITEM
        if self.stray or self.style is None:
            return END
        self.stray = True
        return STRAY
