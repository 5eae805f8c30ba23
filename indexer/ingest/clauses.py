"""Split a normalised document into clauses: numbered headings, heading paths, page spans,
passages (heading detection in headings.py, passage cutting in passages.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from indexer.ingest.headings import (
    DECIMAL,
    Heading,
    Numbering,
    detect,
    label,
    looks_like_heading_text,
    push,
    title_line,
)
from indexer.ingest.markup import content_lines
from indexer.ingest.passages import Line, page_span, passage, split_passages
from indexer.ingest.tablemap import table_lines
from indexer.models import Clause, Document


def _lines(doc: Document) -> list[Line]:
    """Every line of the document's text tagged with its page number (a Markdown page's
    furniture left out: markup.py)."""
    out: list[Line] = []
    for page in doc.pages:
        out.extend(Line(line.strip(), page.number) for line in page.text.split("\n"))
    return content_lines(out) if doc.kind == "md" else out


@dataclass
class _Section:
    """The lines under one heading (the preamble has none)."""

    heading: Heading | None
    path: tuple[Heading, ...]
    body: list[Line]
    page: int | None = None  # page of the heading line


def _continues(text: str) -> bool:
    """True when a line continues the sentence of the line before it."""
    return bool(text) and text[0].islower() and not re.match(r"[a-zđ]\)", text)


def _sections(lines: list[Line], rows: set[int]) -> list[_Section]:
    """Lines grouped under the heading that opens each section (None for the preamble);
    `rows`: the indices of lines that are table rows, never headings."""
    numbering = Numbering()
    stack: list[Heading] = []
    sections = [_Section(None, (), [])]
    toc = _toc_lines(lines) | rows
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = detect(line.text, numbering, stack) if line.text and i not in toc else None
        if heading is None:
            sections[-1].body.append(line)
            i += 1
            continue
        heading, body_start, i = _complete(heading, lines, i)
        numbering.accept(heading)
        stack = push(stack, heading)
        sections.append(_Section(heading, tuple(stack), body_start, line.page))
    return sections


def _toc_lines(lines: list[Line]) -> set[int]:
    """Indices of table-of-contents lines: runs of 3+ numbered lines with nothing between them."""
    toc: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, Line("end", None)]):
        match = DECIMAL.fullmatch(line.text)
        if match and looks_like_heading_text((match["text"] or "").strip()):
            run.append(index)
        elif line.text:
            depths = [lines[i].text.split()[0].rstrip(".").count(".") for i in run]
            if len(run) >= 3 and max(depths.count(d) for d in set(depths)) >= 3:
                toc.update(run[:-1])  # the last one may be the first real heading
            run = []
    return toc


def _complete(heading: Heading, lines: list[Line], i: int) -> tuple[Heading, list[Line], int]:
    """The heading with wrapped text joined, the first body lines, and the next line index."""
    nxt = i + 1
    text = heading.text
    page = lines[i].page
    if heading.kind in ("Chương", "Mục", "Phụ lục") and not text:
        taken = 0
        while (
            nxt < len(lines) and taken < 3 and (title_line(lines[nxt].text) or not lines[nxt].text)
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
                Heading("dec", heading.number, term, 0, heading.dotted),
                [Line(text, page)],
                nxt,
            )
        text = f"{text} {lines[nxt].text}"
        nxt += 1
    return Heading(heading.kind, heading.number, text, heading.level, heading.dotted), [], nxt


def _by_page(doc: Document) -> list[_Section]:
    """One unnumbered section per page, for documents without any numbering."""
    return [
        _Section(None, (), [Line(t.strip(), p.number) for t in p.text.split("\n")])
        for p in doc.pages
    ]


def _clauses_of(
    doc_id: str, section: _Section, limit: int, next_path: tuple[Heading, ...]
) -> list[Clause]:
    """The passages of one section as Clauses (ordinal filled in later)."""
    heading = section.heading
    passages = split_passages(section.body, limit)
    if not passages and heading is not None and heading not in next_path:
        passages = [[Line(label(heading), None)]]  # keep a heading nobody below carries
    number = heading.number if heading else ""
    path = tuple(h.number or h.text for h in section.path)
    labels = tuple(label(h) for h in section.path)
    out = []
    for part, lines in enumerate(passages):
        page, page_end = page_span(lines)
        if page is None:
            page = page_end = section.page
        text, starts = passage(lines)
        out.append(Clause(doc_id, 0, number, heading.text if heading else "", path, labels,
                          text, page, page_end, part, page_starts=starts))  # fmt: skip
    return out


def split_clauses(doc: Document, passage_chars: int = 1500) -> list[Clause]:
    """The document's clauses in order: one per numbered section, long ones cut into passages."""
    lines = _lines(doc)
    sections = _sections(lines, table_lines(lines, doc.pages))
    if len(sections) == 1:
        sections = _by_page(doc)
    clauses: list[Clause] = []
    for index, section in enumerate(sections):
        following = sections[index + 1].path if index + 1 < len(sections) else ()
        clauses.extend(_clauses_of(doc.doc_id, section, passage_chars, following))
    return [replace(c, ordinal=i) for i, c in enumerate(clauses)]
