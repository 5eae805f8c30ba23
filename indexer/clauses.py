"""Split a normalised document into clauses: numbered headings, heading paths, page spans, passages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from indexer.models import Clause, Document

_DECIMAL = re.compile(
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
_UNITS_WORDS = (
    "Hz kHz MHz GHz THz dB dBm dBi dBc dBW dBμV W mW kW μW V mV kV A mA Ω ms μs ns s min h m mm cm km "
    "bit/s kbit/s Mbit/s Gbit/s kbps Mbps Gbps MB GB KB % ° °C K kg g x ×"
)
_UNITS = frozenset(_UNITS_WORDS.split())
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_LEGAL = ("Chương", "Mục", "Điều")
_MAX_GAP = 3  # a numbered heading may skip at most two numbers


@dataclass(frozen=True)
class _Heading:
    kind: str  # "dec", "Chương", "Mục", "Điều", "Phụ lục", "md"
    number: str  # as shown in Clause.number
    text: str
    level: int = 0  # markdown depth
    dotted: bool = False  # "1." rather than "1"


@dataclass
class _Line:
    text: str
    page: int | None


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


def _looks_like_heading_text(text: str) -> bool:
    """True when the words after a number read like a heading, not a table row or a quantity."""
    if not text or not text[0].isupper():
        return False
    first = text.split()[0].rstrip(",.;:)")
    if first in _UNITS or any(ch.isdigit() for ch in first) or len(first) < 2:
        return False
    digits = sum(ch.isdigit() for ch in text)
    return digits <= 0.3 * len(text)


class _Numbering:
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

    def accept(self, heading: _Heading) -> None:
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


def _structural(line: str, numbering: _Numbering) -> _Heading | None:
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
            return _Heading(kind, f"{kind} {match['num']}", text)
        return None
    return None


def _decimal(line: str, numbering: _Numbering, legal: bool, markdown: bool) -> _Heading | None:
    """A decimal-numbered heading ("2.2.3 Phát xạ giả") on this line, if plausible."""
    match = _DECIMAL.fullmatch(line)
    if not match or legal:
        return None
    text = (match["text"] or "").strip()
    if not (_looks_like_heading_text(text) or (markdown and not text)):
        return None
    if not numbering.plausible_decimal(match["num"], bool(match["dot"])):
        return None
    return _Heading("dec", match["num"], text, dotted=bool(match["dot"]))


def _detect(line: str, numbering: _Numbering, stack: list[_Heading]) -> _Heading | None:
    """The heading this line starts, or None for body text."""
    legal = any(h.kind in _LEGAL for h in stack) and not any(h.kind == "Phụ lục" for h in stack)
    md = _MARKDOWN.fullmatch(line)
    body = md["text"].strip().strip("*").strip() if md else line
    heading = _structural(body, numbering) or _decimal(body, numbering, legal, bool(md))
    if heading is None and md and not re.fullmatch(r"(?:QCVN|TCVN)[\s\d:/.\-A-ZĐ]*", body):
        heading = _Heading("md", "", body, len(md["hashes"]))
    return heading


def _push(stack: list[_Heading], heading: _Heading) -> list[_Heading]:
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


def _label(heading: _Heading) -> str:
    """'2.2.3 Phát xạ giả' / 'Điều 5. Phạm vi' / a Markdown heading as is."""
    if not heading.number:
        return heading.text
    sep = (
        ". "
        if heading.kind in ("Điều",) or (heading.kind == "dec" and "." not in heading.number)
        else " "
    )
    return f"{heading.number}{sep}{heading.text}".strip().rstrip(".")


def _lines(doc: Document) -> list[_Line]:
    """Every line of the document tagged with its page number."""
    out: list[_Line] = []
    for page in doc.pages:
        out.extend(_Line(line.strip(), page.number) for line in page.text.split("\n"))
    return out


@dataclass
class _Section:
    heading: _Heading | None
    path: tuple[_Heading, ...]
    body: list[_Line]
    page: int | None = None  # page of the heading line


def _continues(text: str) -> bool:
    """True when a line continues the sentence of the line before it."""
    return bool(text) and text[0].islower() and not re.match(r"[a-zđ]\)", text)


def _sections(lines: list[_Line]) -> list[_Section]:
    """Lines grouped under the heading that opens each section (None for the preamble)."""
    numbering = _Numbering()
    stack: list[_Heading] = []
    sections = [_Section(None, (), [])]
    toc = _toc_lines(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = _detect(line.text, numbering, stack) if line.text and i not in toc else None
        if heading is None:
            sections[-1].body.append(line)
            i += 1
            continue
        heading, body_start, i = _complete(heading, lines, i)
        numbering.accept(heading)
        stack = _push(stack, heading)
        sections.append(_Section(heading, tuple(stack), body_start, line.page))
    return sections


def _toc_lines(lines: list[_Line]) -> set[int]:
    """Indices of table-of-contents lines: runs of 3+ numbered lines with nothing between them."""
    toc: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, _Line("end", None)]):
        match = _DECIMAL.fullmatch(line.text)
        if match and _looks_like_heading_text((match["text"] or "").strip()):
            run.append(index)
        elif line.text:
            depths = [lines[i].text.split()[0].rstrip(".").count(".") for i in run]
            if len(run) >= 3 and max(depths.count(d) for d in set(depths)) >= 3:
                toc.update(run[:-1])  # the last one may be the first real heading
            run = []
    return toc


def _complete(heading: _Heading, lines: list[_Line], i: int) -> tuple[_Heading, list[_Line], int]:
    """The heading with wrapped text joined, the first body lines, and the next line index."""
    nxt = i + 1
    text = heading.text
    page = lines[i].page
    if heading.kind in ("Chương", "Mục", "Phụ lục") and not text:
        taken = 0
        while (
            nxt < len(lines) and taken < 3 and (_title_line(lines[nxt].text) or not lines[nxt].text)
        ):
            text = f"{text} {lines[nxt].text}".strip()
            taken += bool(lines[nxt].text)
            nxt += 1
    elif heading.kind == "Điều":
        while nxt < len(lines) and _continues(lines[nxt].text) and len(text) < 200:
            text = f"{text} {lines[nxt].text}"
            nxt += 1
    elif heading.kind == "dec" and nxt < len(lines) and _continues(lines[nxt].text):
        if len(text) >= 40 or any(p in text for p in ",;:."):
            # "1.4.1 Phát xạ giả (spurious emission): Phát xạ …": the defined term is the heading
            term = text.split(":", 1)[0].strip() if ":" in text[:90] else ""
            return (
                _Heading("dec", heading.number, term, 0, heading.dotted),
                [_Line(text, page)],
                nxt,
            )
        text = f"{text} {lines[nxt].text}"
        nxt += 1
    return _Heading(heading.kind, heading.number, text, heading.level, heading.dotted), [], nxt


def _title_line(text: str) -> bool:
    """True for an uppercase title line or a parenthesised note like '(Quy định)'."""
    return bool(text) and (text.isupper() or (text.startswith("(") and text.endswith(")")))


def _pieces(lines: list[_Line], limit: int) -> Iterator[_Line]:
    """Lines, with any line longer than `limit` cut at sentence ends (then at spaces)."""
    for line in lines:
        if len(line.text) <= limit:
            yield line
            continue
        chunk = ""
        for sentence in re.split(r"(?<=[.;!?])\s+", line.text):
            while len(sentence) > limit:
                cut = sentence.rfind(" ", 0, limit)
                cut = cut if cut > limit // 2 else limit
                if chunk:
                    yield _Line(chunk, line.page)
                    chunk = ""
                yield _Line(sentence[:cut].strip(), line.page)
                sentence = sentence[cut:].strip()
            if chunk and len(chunk) + len(sentence) + 1 > limit:
                yield _Line(chunk, line.page)
                chunk = ""
            chunk = f"{chunk} {sentence}".strip()
        if chunk:
            yield _Line(chunk, line.page)


def _is_break(lines: list[_Line], index: int) -> bool:
    """True when a passage may end after lines[index] (paragraph or sentence end)."""
    text = lines[index].text
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    return not text or not following or text.endswith((".", ";", ":", "!", "?"))


def _passages(body: list[_Line], limit: int) -> list[list[_Line]]:
    """The body cut into passages of about `limit` characters at paragraph/sentence ends."""
    lines = list(_pieces(body, limit))
    out: list[list[_Line]] = []
    current: list[_Line] = []
    size = 0
    for line in lines:
        if current and size + len(line.text) > limit:
            cut = len(current)
            for j in range(len(current) - 1, 0, -1):
                if (
                    _is_break(current, j)
                    and sum(len(x.text) + 1 for x in current[: j + 1]) >= limit // 2
                ):
                    cut = j + 1
                    break
            out.append(current[:cut])
            current = current[cut:]
            size = sum(len(x.text) + 1 for x in current)
        current.append(line)
        size += len(line.text) + 1
    if current:
        out.append(current)
    return [p for p in out if any(x.text for x in p)]


def _text(lines: list[_Line]) -> str:
    """Passage lines joined, blank-line runs collapsed."""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(x.text for x in lines)).strip()


def _span(lines: list[_Line]) -> tuple[int | None, int | None]:
    """First and last page of the non-blank lines."""
    pages = [x.page for x in lines if x.text and x.page is not None]
    return (pages[0], pages[-1]) if pages else (None, None)


def _by_page(doc: Document) -> list[_Section]:
    """One unnumbered section per page, for documents without any numbering."""
    return [
        _Section(None, (), [_Line(t.strip(), p.number) for t in p.text.split("\n")])
        for p in doc.pages
    ]


def _clauses_of(
    doc_id: str, section: _Section, limit: int, next_path: tuple[_Heading, ...]
) -> list[Clause]:
    """The passages of one section as Clauses (ordinal filled in later)."""
    heading = section.heading
    passages = _passages(section.body, limit)
    if not passages and heading is not None and heading not in next_path:
        passages = [[_Line(_label(heading), None)]]  # keep a heading nobody below carries
    number = heading.number if heading else ""
    path = tuple(h.number or h.text for h in section.path)
    labels = tuple(_label(h) for h in section.path)
    out = []
    for part, lines in enumerate(passages):
        page, page_end = _span(lines)
        if page is None:
            page = page_end = section.page
        out.append(Clause(doc_id, 0, number, heading.text if heading else "", path, labels,
                          _text(lines), page, page_end, part))  # fmt: skip
    return out


def split_clauses(doc: Document, passage_chars: int = 1500) -> list[Clause]:
    """The document's clauses in order: one per numbered section, long ones cut into passages."""
    sections = _sections(_lines(doc))
    if len(sections) == 1:
        sections = _by_page(doc)
    clauses: list[Clause] = []
    for index, section in enumerate(sections):
        following = sections[index + 1].path if index + 1 < len(sections) else ()
        clauses.extend(_clauses_of(doc.doc_id, section, passage_chars, following))
    return [
        Clause(
            c.doc_id,
            i,
            c.number,
            c.heading,
            c.path,
            c.heading_path,
            c.text,
            c.page,
            c.page_end,
            c.part,
        )
        for i, c in enumerate(clauses)
    ]
