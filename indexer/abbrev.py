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
kept only when the initials of its words spell the abbreviation: "Bộ Thông tin và Truyền
thông" spells BTTTT ("và", "of", "&" … may be skipped), "ElectroMagnetic" gives E or EM,
"Short-Term" S or ST; failing an exact spelling, one inner word may be left out
("Adjacent Channel Leakage power Ratio", ACLR) or one letter taken from inside a long
English word ("Radio Frequency IDentification", RFID). Before an abbreviation the
shortest such run of words is taken; in a table the run must end where a column starts.
Numbers, roman numerals, units (dB, MHz …) and Vietnamese words are never abbreviations,
and "(sau đây gọi tắt là Bộ)" is skipped: only upper-case acronyms count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from indexer.vntext import fold

MAX_LETTERS = 10
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
_SEPARATORS = re.compile(r"\s+[\-–—]\s+|[:;|()\[\]]")
_BOUNDARY = re.compile(r"[.;:!?()\[\]{}“”\"|]|\n\s*\n")
_WORD = re.compile(r"[^\W_]+(?:[\-/][^\W_]+)*|&")
_CAMEL = re.compile(r"(?<=[a-zà-ỹđ])(?=[A-ZĐ])")
_ROMAN = re.compile(r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_VIETNAMESE = re.compile(r"[^\x00-\x7fĐđ]")
_UNITS = frozenset(
    re.findall(r"\S+", "DB DBM DBI DBW DBC DBUV HZ KHZ MHZ GHZ THZ KW MW GW KWH MWH KV MV MA KVA")
    + re.findall(r"\S+", "MVA VA VAR MM CM KM KG MG PPM RPM")
)
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
    return not (_ROMAN.fullmatch(token) or token.upper() in _UNITS or re.search(r"\d{3}", token))


def _letters(abbr: str) -> str:
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


def _spells(letters: str, words: Sequence[str], slack: int = 0) -> bool:
    """Whether the words, all of them, spell letters: the first and last word each give at
    least one letter, function words may give none, and the run may cost up to `slack`
    (an inner word left out, or a letter taken from inside a long English word)."""
    n = len(words)
    if not n or not letters:
        return False
    opts = [_options(w) for w in words]
    if n == 1:  # one word spells an abbreviation only through its parts ("StandAlone")
        opts = [tuple(o for o in opts[0] if o[1] == 0)]
    seen: set[tuple[int, int, int]] = set()

    def go(i: int, j: int, s: int) -> bool:
        if i == n:
            return j == len(letters)
        if (i, j, s) in seen:
            return False
        seen.add((i, j, s))
        inner = 0 < i < n - 1
        for o, cost in opts[i]:
            if cost > s:
                continue
            if o == "":
                if inner and go(i + 1, j, s):
                    return True
            elif letters.startswith(o, j) and go(i + 1, j + len(o), s - cost):
                return True
        return bool(s and inner and go(i + 1, j, s - 1))

    return go(0, 0, slack)


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


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def _before(text: str, abbr: str) -> str | None:
    """The shortest run of words at the end of text that spells abbr (within one phrase)."""
    cut = 0
    for m in _BOUNDARY.finditer(text):
        cut = m.end()
    window = text[cut:]
    words = _words(window)
    letters = _letters(abbr)
    if not letters or len(letters) > MAX_LETTERS:
        return None
    longest = min(len(words), len(letters) + 6)
    for slack in (0, 1):
        for k in range(1, longest + 1):
            run = words[-k:]
            if _spells(letters, [w.group() for w in run], slack):
                return window[run[0].start() : run[-1].end()]
    return None


def _after(text: str, abbr: str, *, whole: bool = False) -> str | None:
    """The shortest run of words at the start of text that spells abbr; with `whole`, the
    run must be all of the text's first phrase."""
    phrase = _SEPARATORS.split(text, maxsplit=1)[0]
    phrase = re.split(r"[.,]\s", phrase, maxsplit=1)[0]
    words = _words(phrase)
    letters = _letters(abbr)
    if not words or not letters:
        return None
    sizes = [len(words)] if whole else range(1, min(len(words), len(letters) + 6) + 1)
    for slack in (0, 1):
        for k in sizes:
            run = words[:k]
            if _spells(letters, [w.group() for w in run], slack):
                return phrase[run[0].start() : run[-1].end()]
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
        long = _after(m.group("long"), m.group("abbr"), whole=True)
        if long:
            yield m.group("abbr"), long
    for m in _IS_SHORT_FOR.finditer(text):
        long = _after(m.group("rest"), m.group("abbr"))
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


def _first_column(letters: str, names: Sequence[str]) -> int:
    """How many words at the start of names spell letters and end where a column starts
    (the next word is capitalised); 0 when none do. Exact spellings are preferred."""
    for slack in (0, 1):
        for k in range(1, min(len(names), len(letters) + 6) + 1):
            nxt = names[k] if k < len(names) else ""
            if nxt and not nxt[0].isupper():
                continue
            if _spells(letters, names[:k], slack):
                return k
    return 0


def _columns(abbr: str, parts: Sequence[str]) -> Iterator[str]:
    """Long forms of one table entry: the first cell when it spells abbr, then the cell
    after it (a translation: "… Compatibility | Tương thích điện từ"); or a last cell that
    spells abbr ("Information security | An toàn thông tin"); or a part in parentheses."""
    letters = _letters(abbr)
    text = " ".join(p.strip() for p in parts)
    cells = [c.strip() for c in text.split("|")]
    if len(cells) > 1:  # a Markdown table row: the cells are the columns
        yield from _cells(abbr, [c for c in cells if c])
        return
    head = _SEPARATORS.split(text, maxsplit=1)[0]
    words = _words(head)
    names = [w.group() for w in words]
    k = _first_column(letters, names)
    if k:
        yield head[words[0].start() : words[k - 1].end()]
        rest = names[k:]
        single = len(parts) == 1 or all(p.strip()[:1].islower() for p in parts[1:])
        if 2 <= len(rest) <= 10 and _has_marks(rest) and single and head == text.strip():
            yield head[words[k].start() : words[-1].end()]
    else:
        for k in range(2, min(len(words), len(letters) + 6) + 1):
            run = names[-k:]
            if run[0][0].isupper() and _spells(letters, run, 0):
                yield head[words[-k].start() : words[-1].end()]
                break
    for group in re.findall(r"\(([^()]{3,160})\)", text):
        long = _after(group, abbr, whole=True)
        if long:
            yield long


def _cells(abbr: str, cells: Sequence[str]) -> Iterator[str]:
    """Long forms of a Markdown table row: each cell that spells abbr, and the cell after
    the first one that does when it is Vietnamese (its translation)."""
    spelled = [_after(c, abbr, whole=True) for c in cells]
    for i, long in enumerate(spelled):
        if long is None:
            continue
        yield long
        nxt = cells[i + 1] if i + 1 < len(cells) else ""
        words = [w.group() for w in _words(nxt)]
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
