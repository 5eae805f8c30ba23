"""Heading lines of standards and legal texts: numbered sections ("2.2.3 Phát xạ giả"),
Chương / Mục / Điều / Phụ lục, Markdown headings, and the plausibility checks that keep
table rows, quantities and cross-references out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.text import units

DECIMAL = re.compile(
    r"(?P<num>(?:[A-Z]\.)?\d{1,2}(?:\.\d{1,2}){0,4})(?P<dot>\.?)(?:\s+(?P<text>.*))?"
)
_DIEU = re.compile(
    r"(?:Điều|ĐIỀU)\s+(?P<num>\d{1,3}[a-zđ]?(?:\.[0-9A-ZĐ]{1,4})*)\s*[.:]\s*(?P<text>.*)"
)
_CHUONG = re.compile(
    r"(?:Chương|CHƯƠNG)\s+(?P<num>[IVXLC]{1,7}|\d{1,2})(?![^\W_])\s*[.:]?\s*(?P<text>.*)"
)
_MUC = re.compile(r"(?:Mục|MỤC)\s+(?P<num>\d{1,2}|[IVX]{1,5})(?![^\W_])\s*[.:]?\s*(?P<text>.*)")
_PHULUC = re.compile(
    r"(?:Phụ lục|PHỤ LỤC)\s+(?P<num>[A-Z]|[IVX]{1,5}|\d{1,2})(?![^\W_])\s*[.:\-–]?\s*(?P<text>.*)"
)
_MARKDOWN = re.compile(r"(?P<hashes>#{1,6})\s+(?P<text>.+)")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_LEGAL = ("Chương", "Mục", "Điều")
_MAX_GAP = 3  # a numbered heading may skip at most two numbers


@dataclass(frozen=True)
class Heading:
    """A heading line recognised as such."""

    kind: str  # "dec", "Chương", "Mục", "Điều", "Phụ lục", "md"
    number: str  # as shown in Clause.number
    text: str
    level: int = 0  # markdown depth
    dotted: bool = False  # "1." rather than "1"


def _roman(value: str) -> int:
    """Integer value of a roman numeral or decimal string."""
    if value.isdigit():
        return int(value)
    total = 0
    for ch, nxt in zip(value, [*value[1:], ""], strict=True):
        worth = _ROMAN[ch]
        total += -worth if nxt and _ROMAN[nxt] > worth else worth
    return total


def _decimal_parts(number: str) -> tuple[int, ...]:
    """(2, 2, 3) for "2.2.3"; an appendix letter prefix is dropped."""
    return tuple(int(p) for p in number.split(".") if p.isdigit())


def looks_like_heading_text(text: str) -> bool:
    """True when the words after a number read like a heading, not a table row or a quantity."""
    if not text or not text[0].isupper():
        return False
    first = text.split()[0].rstrip(",.;:)")
    if units.is_symbol(first) or any(ch.isdigit() for ch in first) or len(first) < 2:
        return False
    digits = sum(ch.isdigit() for ch in text)
    return digits <= 0.3 * len(text)


class Numbering:
    """Remembers the last accepted numbers so implausible ones are rejected."""

    def __init__(self) -> None:
        self.decimal: tuple[int, ...] = ()
        self.appendix = ""
        self.counters: dict[str, int] = {}
        self.dotted: bool | None = None  # whether top-level numbers are written "1." or "1"

    def plausible_decimal(self, number: str, dotted: bool) -> bool:
        """True for the next sibling, a first child, or an ancestor's next sibling."""
        letter = number[0] if number[0].isalpha() else ""
        if letter and letter != self.appendix:
            return False
        parts = _decimal_parts(number)
        if len(parts) == 1 and self.dotted is not None and dotted != self.dotted:
            return False  # "1." documents do not switch to "1 " (table rows do)
        prev = self.decimal
        if not prev:
            return all(p <= 30 for p in parts) and parts[0] >= 1
        depth = len(parts)
        if depth == len(prev) + 1 and parts[:-1] == prev:
            return 1 <= parts[-1] <= _MAX_GAP  # a first child; excerpts may skip a few
        step = parts[-1] - prev[depth - 1] if depth <= len(prev) else 0
        return parts[:-1] == prev[: depth - 1] and 1 <= step <= _MAX_GAP

    def plausible_counter(self, kind: str, number: str) -> bool:
        """True when a Chương/Mục/Điều number follows the previous one of its kind."""
        if not re.fullmatch(r"\d+[a-zđ]?|[IVXLC]+", number):
            return True  # pháp điển numbers ("3.5.LQ.1") are not sequential
        value = _roman(re.sub(r"[a-zđ]$", "", number))
        prev = self.counters.get(kind)
        if kind == "Mục" and value == 1:
            return True
        suffix = number[-1].isalpha() and number[-1].islower()
        return prev is None or 1 <= value - prev <= _MAX_GAP or (suffix and value == prev)

    def accept(self, heading: Heading) -> None:
        """Record an accepted heading."""
        if heading.kind == "dec":
            self.decimal = _decimal_parts(heading.number)
            if len(self.decimal) == 1 and self.dotted is None:
                self.dotted = heading.dotted
        elif heading.kind == "Phụ lục":
            self.appendix = heading.number.split()[-1]
            self.decimal = ()
            self.counters.pop("Điều", None)
        elif heading.kind in _LEGAL:
            number = heading.number.split()[-1]
            if re.fullmatch(r"\d+[a-zđ]?|[IVXLC]+", number):
                self.counters[heading.kind] = _roman(re.sub(r"[a-zđ]$", "", number))
            if heading.kind == "Chương":
                self.counters.pop("Mục", None)


def _structural(line: str, numbering: Numbering) -> Heading | None:
    """A Chương / Mục / Điều / Phụ lục heading on this line, if plausible."""
    for kind, pattern in (
        ("Điều", _DIEU),
        ("Chương", _CHUONG),
        ("Mục", _MUC),
        ("Phụ lục", _PHULUC),
    ):
        match = pattern.fullmatch(line)
        if not match:
            continue
        text = match["text"].strip()
        if text and kind != "Điều" and text[0].islower():
            return None
        if kind == "Phụ lục" or numbering.plausible_counter(kind, match["num"]):
            return Heading(kind, f"{kind} {match['num']}", text)
        return None
    return None


def _decimal(line: str, numbering: Numbering, legal: bool, markdown: bool) -> Heading | None:
    """A decimal-numbered heading ("2.2.3 Phát xạ giả") on this line, if plausible."""
    match = DECIMAL.fullmatch(line)
    if not match or legal:
        return None
    text = (match["text"] or "").strip()
    if not (looks_like_heading_text(text) or (markdown and not text)):
        return None
    if not numbering.plausible_decimal(match["num"], bool(match["dot"])):
        return None
    return Heading("dec", match["num"], text, dotted=bool(match["dot"]))


def detect(line: str, numbering: Numbering, stack: list[Heading]) -> Heading | None:
    """The heading this line starts, or None for body text."""
    legal = any(h.kind in _LEGAL for h in stack) and not any(h.kind == "Phụ lục" for h in stack)
    md = _MARKDOWN.fullmatch(line)
    body = md["text"].strip().strip("*").strip() if md else line
    heading = _structural(body, numbering) or _decimal(body, numbering, legal, bool(md))
    if heading is None and md and not re.fullmatch(r"(?:QCVN|TCVN)[\s\d:/.\-A-ZĐ]*", body):
        heading = Heading("md", "", body, len(md["hashes"]))
    return heading


def push(stack: list[Heading], heading: Heading) -> list[Heading]:
    """The ancestor stack after `heading` opens."""
    order = {"Phụ lục": 0, "Chương": 1, "Mục": 2, "Điều": 3}
    if heading.kind == "md":
        kept = [h for h in stack if h.kind == "md" and h.level < heading.level]
    elif heading.kind == "dec":
        parts = _decimal_parts(heading.number)
        kept = [
            h
            for h in stack
            if h.kind != "dec" or parts[: len(_decimal_parts(h.number))] == _decimal_parts(h.number)
        ]
        kept = [h for h in kept if h.kind != "dec" or len(_decimal_parts(h.number)) < len(parts)]
    else:
        rank = order[heading.kind]
        kept = [h for h in stack if h.kind == "md" or order.get(h.kind, 9) < rank]
    return [*kept, heading]


def label(heading: Heading) -> str:
    """'2.2.3 Phát xạ giả' / 'Điều 5. Phạm vi' / a Markdown heading as is."""
    if not heading.number:
        return heading.text
    sep = (
        ". "
        if heading.kind in ("Điều",) or (heading.kind == "dec" and "." not in heading.number)
        else " "
    )
    return f"{heading.number}{sep}{heading.text}".strip().rstrip(".")


def title_line(text: str) -> bool:
    """True for an uppercase title line or a parenthesised note like '(Quy định)'."""
    return bool(text) and (text.isupper() or (text.startswith("(") and text.endswith(")")))
