"""Long clause bodies cut into passages of about `limit` characters at paragraph and
sentence ends; lines carry their page so every passage knows its page span."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass
class Line:
    """One line of a document with the page it is on (None for records and text files)."""

    text: str
    page: int | None


def _pieces(lines: list[Line], limit: int) -> Iterator[Line]:
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
                    yield Line(chunk, line.page)
                    chunk = ""
                yield Line(sentence[:cut].strip(), line.page)
                sentence = sentence[cut:].strip()
            if chunk and len(chunk) + len(sentence) + 1 > limit:
                yield Line(chunk, line.page)
                chunk = ""
            chunk = f"{chunk} {sentence}".strip()
        if chunk:
            yield Line(chunk, line.page)


def _is_break(lines: list[Line], index: int) -> bool:
    """True when a passage may end after lines[index] (paragraph or sentence end)."""
    text = lines[index].text
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    return not text or not following or text.endswith((".", ";", ":", "!", "?"))


def split_passages(body: list[Line], limit: int) -> list[list[Line]]:
    """The body cut into passages of about `limit` characters at paragraph/sentence ends."""
    lines = list(_pieces(body, limit))
    out: list[list[Line]] = []
    current: list[Line] = []
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


def passage_text(lines: list[Line]) -> str:
    """Passage lines joined, blank-line runs collapsed."""
    return passage(lines)[0]


def passage(lines: list[Line]) -> tuple[str, tuple[int, ...]]:
    """Passage lines joined (one newline, two after blank lines, none at either end) and the
    offsets in that text where each page after the first starts, one per page: a page
    with no line here starts where the next one does (see `Clause.page_starts`)."""
    parts: list[str] = []
    starts: list[int] = []
    size, blank = 0, False
    page = page_span(lines)[0]
    for line in lines:
        if not line.text:
            blank = True
            continue
        if parts:
            parts.append("\n\n" if blank else "\n")
            size += len(parts[-1])
        blank = False
        if page is not None and line.page is not None and line.page > page:
            starts.extend([size] * (line.page - page))
            page = line.page
        parts.append(line.text)
        size += len(line.text)
    return "".join(parts), tuple(starts)


def page_span(lines: list[Line]) -> tuple[int | None, int | None]:
    """First and last page of the non-blank lines."""
    pages = [x.page for x in lines if x.text and x.page is not None]
    return (pages[0], pages[-1]) if pages else (None, None)
