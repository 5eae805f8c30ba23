"""Abbreviations a document defines itself, mined from its text at index time.

`mine(text)` returns the (abbreviation, long form) pairs one clause or page defines:

- "Hệ thống quản lý chất lượng (viết tắt là HTQLCL)", "… (sau đây gọi tắt là HTQLCL)",
  "…, viết tắt là HTQLCL", "… (sau đây gọi là HTQLCL)";
- "Công suất bức xạ đẳng hướng tương đương (EIRP)", "… (Intrusion Detection System - IDS)";
- "CSDL (cơ sở dữ liệu)": an abbreviation followed by its long form in parentheses;
- "BNNPTNT là chữ viết tắt tên Bộ Nông nghiệp và Phát triển nông thôn";
- the lines of a "Chữ viết tắt" / "Thuật ngữ viết tắt" table:
  "EMC ElectroMagnetic Compatibility Tương thích điện từ", "a) CCCN: … (Customs …)".

Precision matters more than recall (a wrong expansion hurts ranking), so a long form is
kept only when the initials of its words spell the abbreviation (acronyms.py). Before an
abbreviation the shortest such run of words is taken; in a table the run must end where a
column starts. "(sau đây gọi tắt là Bộ)" is skipped: only upper-case acronyms count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from indexer.text.acronyms import (
    MAX_LETTERS,
    first_column,
    first_phrase,
    is_abbreviation,
    spelled_after,
    spelling_letters,
    spells,
    word_matches,
)
from indexer.text.vntext import fold

WINDOW = 400  # characters before a definition searched for its long form
_ACRONYM = r"[A-ZĐ0-9][A-Za-zĐđ0-9&/\-]{1,9}"
_TOKEN = rf"(?<![\w&/\-])(?P<abbr>{_ACRONYM})(?![\w&/\-])"
_OPEN_QUOTE = r"[“\"'‘]?"
_CLOSE_QUOTE = r"[”\"'’]?"
# "sau đây gọi tắt là", "dưới đây được viết tắt là", "gọi tắt:", "sau đây gọi là"
_CALLED = (
    r"(?:(?:sau|dưới)\s+đây\s+)?(?:được\s+)?(?:gọi|viết)\s+tắt\s+(?:là|:)"
    r"|(?:sau|dưới)\s+đây\s+(?:được\s+)?gọi\s+là"
)
_DEFINED = re.compile(rf"(?:{_CALLED})\s*{_OPEN_QUOTE}{_TOKEN}{_CLOSE_QUOTE}", re.IGNORECASE)
# "… (EIRP)", "… (Intrusion Detection System - IDS)", "… (tiếng Anh: …, viết tắt là IDS)"
_CLOSING = re.compile(rf"{_TOKEN}{_CLOSE_QUOTE}\s*\)")
_CLOSING_LEAD = re.compile(
    rf"(?:\(\s*{_OPEN_QUOTE}|\s*[,:\-–—]\s*|\s*(?:{_CALLED})\s*{_OPEN_QUOTE})$", re.IGNORECASE
)
# "CSDL (cơ sở dữ liệu)"
_FOLLOWED = re.compile(rf"{_TOKEN}\s*\((?P<long>[^()]{{3,160}})\)")
# "BNNPTNT là chữ viết tắt tên Bộ …"
_IS_SHORT_FOR = re.compile(
    rf"{_TOKEN}\s+là\s+(?:chữ|từ|cụm\s+từ|cụm\s+chữ|tên)\s+viết\s+tắt"
    r"(?:\s+(?:của|cho))?(?:\s+(?:tên|cụm\s+từ|từ))?\s+(?P<rest>[^\n]{3,200})",
)
_TABLE_MARK = re.compile(r"viết\s+tắt", re.IGNORECASE)
_LIST_MARK = re.compile(r"^\s*(?:\|\s*)?(?:\d{1,3}[.)]?|[a-zđ]\)|[-+•*–o▪·])\s+")
_ENTRY = re.compile(rf"^{_TOKEN}(?:\s*[:|]\s*|\s*[\-–—]\s+|\s+)(?P<rest>.*)$")
_BARE_ENTRY = re.compile(rf"^{_TOKEN}\s*[:|]?\s*$")
_BARE_NUMBER = re.compile(r"^\s*(?:\d{1,3}[.)]?|[a-zđ]\))\s*$")
_BOUNDARY = re.compile(r"[.;:!?()\[\]{}“”\"|]|\n\s*\n")


def _clean(long: str) -> str:
    long = re.sub(r"\s+", " ", long).strip(" ,-–—")
    return re.sub(r"(?<=\w)- (?=\w)", "-", long).lower()  # "Denial- of-Service"


def _broken(long: str) -> bool:
    """A Vietnamese long form with a word that has no vowel ("công ngh thông tin"): text
    extracted with letters missing."""
    if fold(long) == long:
        return False
    return any(
        w.islower() and not re.search(r"[aeiouy]", fold(w))
        for w in re.findall(r"[^\W\d_]{2,}", long)
    )


def _pair(abbr: str, long: str) -> tuple[str, str] | None:
    """(abbr, long form) when both look right."""
    long = _clean(long)
    if not is_abbreviation(abbr) or len(long) < len(abbr) + 3 or _broken(long):
        return None
    if fold(long).replace(" ", "") == fold(abbr).lower():
        return None
    if not re.search(r"[^\W\d_]{3}", long):
        return None
    return abbr, long


def _before(text: str, abbr: str) -> str | None:
    """The shortest run of words at the end of text that spells abbr (within one phrase)."""
    cut = 0
    for m in _BOUNDARY.finditer(text):
        cut = m.end()
    window = text[cut:]
    words = word_matches(window)
    letters = spelling_letters(abbr)
    if not letters or len(letters) > MAX_LETTERS:
        return None
    longest = min(len(words), len(letters) + 6)
    for slack in (0, 1):
        for k in range(1, longest + 1):
            run = words[-k:]
            if spells(letters, [w.group() for w in run], slack):
                return window[run[0].start() : run[-1].end()]
    return None


def _prose(text: str) -> Iterator[tuple[str, str]]:
    """Pairs defined in running text."""
    for m in _DEFINED.finditer(text):
        head = text[max(0, m.start() - WINDOW) : m.start()].rstrip()
        head = re.sub(r"[\s,(]+$", "", head)
        long = _before(head, m.group("abbr"))
        if long:
            yield m.group("abbr"), long
    for m in _CLOSING.finditer(text):
        head = text[max(0, m.start() - WINDOW) : m.start()]
        lead = _CLOSING_LEAD.search(head[-80:])
        if lead is None:
            continue
        long = _before(head[: len(head) - len(lead.group())], m.group("abbr"))
        if long:
            yield m.group("abbr"), long
    for m in _FOLLOWED.finditer(text):
        long = spelled_after(m.group("long"), m.group("abbr"), whole=True)
        if long:
            yield m.group("abbr"), long
    for m in _IS_SHORT_FOR.finditer(text):
        long = spelled_after(m.group("rest"), m.group("abbr"))
        if long:
            yield m.group("abbr"), long


def _entries(lines: Sequence[str]) -> Iterator[tuple[str, list[str]]]:
    """(abbreviation, its lines) for each table line that starts with an abbreviation; the
    lines are the rest of that line and any continuation lines (a wrapped cell)."""
    i = 0
    while i < len(lines):
        line = _LIST_MARK.sub("", lines[i]).strip()
        i += 1
        entry = _ENTRY.match(line) or _BARE_ENTRY.match(line)
        if not entry or not is_abbreviation(entry.group("abbr")):
            continue
        rest = entry.groupdict().get("rest") or ""
        parts = [rest] if rest.strip() else []
        while i < len(lines) and len(parts) < 4:
            nxt = lines[i].strip()
            if not nxt:
                if parts:
                    break
                i += 1
                continue
            bare = _LIST_MARK.sub("", nxt).strip()
            new = _ENTRY.match(bare) or _BARE_ENTRY.match(bare)
            if _BARE_NUMBER.match(nxt) or _TABLE_MARK.search(nxt) or nxt != bare:
                break
            if new and is_abbreviation(new.group("abbr")):
                break
            parts.append(nxt)
            i += 1
        if parts:
            yield entry.group("abbr"), parts


def _has_marks(words: Sequence[str]) -> bool:
    return any(fold(w) != w for w in words)


def _columns(abbr: str, parts: Sequence[str]) -> Iterator[str]:
    """Long forms of one table entry: the first cell when it spells abbr, then the cell
    after it (a translation: "… Compatibility | Tương thích điện từ"); or a last cell that
    spells abbr ("Information security | An toàn thông tin"); or a part in parentheses."""
    letters = spelling_letters(abbr)
    text = " ".join(p.strip() for p in parts)
    cells = [c.strip() for c in text.split("|")]
    if len(cells) > 1:  # a Markdown table row: the cells are the columns
        yield from _cells(abbr, [c for c in cells if c])
        return
    head = first_phrase(text)
    words = word_matches(head)
    names = [w.group() for w in words]
    k = first_column(letters, names)
    if k:
        yield head[words[0].start() : words[k - 1].end()]
        rest = names[k:]
        single = len(parts) == 1 or all(p.strip()[:1].islower() for p in parts[1:])
        if 2 <= len(rest) <= 10 and _has_marks(rest) and single and head == text.strip():
            yield head[words[k].start() : words[-1].end()]
    else:
        for k in range(2, min(len(words), len(letters) + 6) + 1):
            run = names[-k:]
            if run[0][0].isupper() and spells(letters, run, 0):
                yield head[words[-k].start() : words[-1].end()]
                break
    for group in re.findall(r"\(([^()]{3,160})\)", text):
        long = spelled_after(group, abbr, whole=True)
        if long:
            yield long


def _cells(abbr: str, cells: Sequence[str]) -> Iterator[str]:
    """Long forms of a Markdown table row: each cell that spells abbr, and the cell after
    the first one that does when it is Vietnamese (its translation)."""
    spelled = [spelled_after(c, abbr, whole=True) for c in cells]
    for i, long in enumerate(spelled):
        if long is None:
            continue
        yield long
        nxt = cells[i + 1] if i + 1 < len(cells) else ""
        words = [w.group() for w in word_matches(nxt)]
        if 2 <= len(words) <= 10 and _has_marks(words) and spelled[i + 1] is None:
            yield nxt
        break


def _table(text: str) -> Iterator[tuple[str, str]]:
    """Pairs from the lines of a "Chữ viết tắt" table (lines after the words "viết tắt")."""
    mark = _TABLE_MARK.search(text)
    if mark is None:
        return
    start = text.find("\n", mark.end())
    if start < 0:
        return
    lines = [re.sub(r"\s*\|\s*", " | ", line).strip(" |") for line in text[start:].splitlines()]
    for abbr, parts in _entries(lines):
        for long in _columns(abbr, parts):
            yield abbr, long


def mine(text: str) -> list[tuple[str, str]]:
    """(abbreviation, long form) pairs text defines, deduplicated, in order of appearance.

    The long form is lower-cased, with its whitespace collapsed; the abbreviation is kept
    as written.
    """
    out: dict[tuple[str, str], None] = {}
    for abbr, long in (*_prose(text), *_table(text)):
        pair = _pair(abbr, long)
        if pair is not None:
            out.setdefault(pair, None)
    return list(out)
