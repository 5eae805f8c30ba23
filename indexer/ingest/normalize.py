"""Document-level text normalisation: NFC, broken-syllable repair, spacing, running headers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from indexer.models import Page
from indexer.text import vntext
from indexer.text.vntext import TONE_MARKS, letter_count

_ONSET = re.compile(r"(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?(.*)")
_CODA = re.compile(r"(.*?)(ch|nh|ng|[cmnpt])?")
_OPEN_ONLY = {
    "ai",
    "ao",
    "au",
    "ay",
    "âu",
    "ây",
    "eo",
    "êu",
    "iu",
    "oi",
    "ôi",
    "ơi",
    "ui",
    "ưi",
    "ưu",
}
_OPEN_ONLY |= {
    "oai",
    "oay",
    "oeo",
    "uây",
    "uôi",
    "uyu",
    "ươi",
    "ươu",
    "iêu",
    "yêu",
    "ia",
    "ua",
    "ưa",
    "uya",
}
_CLOSED_ONLY = {"ă", "â", "iê", "uô", "ươ", "yê", "uyê", "uâ", "oă"}
_FREE = {"a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy", "uơ", "oo"}
# Vowel-initial syllables that are words on their own: "do ảnh hưởng" must not become "doảnh".
_STANDALONE_WORDS = (
    "ở ấy ảnh ánh ứng ưu ý ỷ ổn ước ăn ông ống ồ ố ổ ấn ấm ẩn ắt ấp ẩm ủy ủng ưng ướt ép ế ếch "
    "ải ái ảo áo ạ ác ách áp án ào ấu âm ân âu ầm ồn ốm ốc ơn ớt ủ ứ ừ ưa ích ít ì í ê êm ô ôm ôn "
    "ơ ư úc úp út ụ ùn úng ờ ơi ói ọc ỏi ắc ẵm é ém"
)
_STANDALONE = frozenset(_STANDALONE_WORDS.split())
_LETTERS = re.compile(r"[^\W\d_]+")
_TAIL = re.compile(r"[^\W\d_]+$")
_BROKEN_JOINT = re.compile(r"([^\W\d_]+)\n([^\W\d_]+)")
_RUNNING_ZONE = 8  # how many non-blank lines from the top / bottom may be running lines


def _strip_tones(syllable: str) -> tuple[str, int]:
    """Lowercase syllable without tone marks (vowel marks kept) and how many tone marks it had."""
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    tones = sum(ch in TONE_MARKS for ch in decomposed)
    bare = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return unicodedata.normalize("NFC", bare), tones


def is_syllable(word: str) -> bool:
    """True when `word` is shaped like one Vietnamese syllable (onset, vowel nucleus, coda, ≤1 tone)."""
    bare, tones = _strip_tones(word)
    if tones > 1 or not bare or len(bare) > 7:
        return False
    onset, rest = _ONSET.fullmatch(bare).groups()  # type: ignore[union-attr]
    if onset == "gi" and rest == "":
        return tones == 1  # "gì", "gỉ"; a bare "gi" is half of "giấy"
    nucleus, coda = _CODA.fullmatch(rest).groups()  # type: ignore[union-attr]
    if coda is None:
        return nucleus in _OPEN_ONLY or nucleus in _FREE
    return nucleus in _CLOSED_ONLY or nucleus in _FREE


def _should_glue(left: str, right: str, *, eager: bool) -> bool:
    """Decide whether two letter runs are one syllable split by the PDF producer."""
    if not left or not right or not is_syllable(left + right):
        return False
    if left[-1].islower() and right[0].isupper():  # "bị" + "A.1": a new sentence, not a split
        return False
    if eager:
        return True
    if right[0].isascii():
        return False
    return not is_syllable(left) or right.lower() not in _STANDALONE


def _glue_spaces(line: str) -> str:
    """'Lu ật' → 'Luật', 'S ố' → 'Số'; only where the halves make one valid syllable."""
    tokens = line.split(" ")
    out: list[str] = []
    for token in tokens:
        if out and token and _joins(out[-1], token, eager=False):
            out[-1] += token
            continue
        out.append(token)
    return " ".join(out)


def _joins(left: str, right: str, *, eager: bool) -> bool:
    """Whether the letters ending `left` and starting `right` are one split syllable."""
    tail = _TAIL.search(left)
    head = _LETTERS.match(right)
    return bool(tail and head and _should_glue(tail.group(), head.group(), eager=eager))


def _is_broken(text: str) -> bool:
    """True when the producer broke lines inside words everywhere (one font run per line).

    An ordinary wrapped line ends and starts with whole syllables ("bằng\npin"); a broken
    one leaves a fragment on at least one side ("Ngh\nị").
    """
    joints = sum(
        1
        for left, right in _BROKEN_JOINT.findall(text)
        if not (is_syllable(left) and is_syllable(right))
    )
    return joints >= 8 and joints >= 0.3 * text.count("\n")


def _glue_lines(text: str) -> str:
    """Rejoin a text whose lines were split inside syllables ('Ngh\\nị định' → 'Nghị định')."""
    out: list[str] = []
    for line in text.split("\n"):
        if line.lstrip()[:1] in (".", ",", ";", ":", ")") and any(x.strip() for x in out):
            while not out[-1].strip():
                out.pop()  # "Điều 6\n \n. Đăng ký" is one line: the dot went to its own run
            out[-1] = out[-1].rstrip() + line.lstrip()
            continue
        if out and out[-1].strip() and line.strip():
            prev = out[-1]
            if prev[-1].isspace():
                out[-1] = prev.rstrip() + " " + line.lstrip()
                continue
            if _joins(prev, line, eager=True):
                out[-1] = prev + line
                continue
        out.append(line)
    return "\n".join(out)


def _dehyphenate(text: str) -> str:
    """'inter-\\nface' → 'interface'; 'W-\\nCDMA' → 'W-CDMA' (ASCII words only)."""
    text = re.sub(r"(?<=[a-z]{2})-\n(?=[a-z]{2})", "", text)
    return re.sub(r"(?<=[A-Za-z])-\n(?=[A-Za-z])", "-", text)


def _tidy_spaces(text: str) -> str:
    """One space between words, none before closing punctuation, no blank-line runs."""
    text = re.sub(r"[^\S\n]+", " ", text)
    text = re.sub(r" +(?=[,.;:!?)\]])", "", text)
    text = re.sub(r"(?<=[(\[]) +", "", text)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def normalize_text(text: str) -> str:
    """The text in NFC with repaired syllables and spacing; line breaks are kept."""
    text = vntext.nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = re.sub(r"[^\S\n]", " ", text)
    if _is_broken(text):
        text = _glue_lines(text)
    text = "\n".join(_glue_spaces(line) for line in text.split("\n"))
    text = _dehyphenate(text)
    return _tidy_spaces(vntext.nfc(text))


def _line_key(line: str) -> str:
    """A line without the page numbers a running header carries at its start or end."""
    return re.sub(r"^(\d+ )+|( \d+)+$", "", " ".join(line.split()))


def _is_page_number(line: str) -> bool:
    """True for lines like '3', '- 3 -', 'Trang 3', '3/27'."""
    return bool(
        re.fullmatch(r"(?i)(trang\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?(\s*/\s*\d{1,4})?", line.strip())
    )


def _zones(lines: list[str]) -> set[str]:
    """Keys of the first and last few non-blank lines of a page."""
    filled = [line for line in lines if line.strip()]
    return {_line_key(line) for line in filled[:_RUNNING_ZONE] + filled[-_RUNNING_ZONE:]}


def _running_keys(pages: Sequence[Page]) -> set[str]:
    """Keys of lines that recur at the top or bottom of many pages."""
    texted = [page for page in pages if page.text.strip()]
    if len(texted) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in texted:
        counts.update(_zones(page.text.split("\n")))
    limit = max(2, 0.4 * len(texted))  # 0.4, not 0.5: headers often alternate on odd/even pages
    # short keys ("-", "+ 852" of a header broken into runs) only when on nearly every page
    often = max(5, 0.8 * len(texted))
    return {k for k, n in counts.items() if (n >= limit and len(k) >= 5) or n >= often}


def _strip_edges(lines: list[str], running: set[str]) -> list[str]:
    """Lines without the running/page-number lines that sit contiguously at the top."""
    start = 0
    seen = 0
    while start < len(lines) and seen < _RUNNING_ZONE:
        line = lines[start]
        if line.strip():
            if _line_key(line) not in running and not _is_page_number(line):
                break
            seen += 1
        start += 1
    return lines[start:]


def remove_running_lines(pages: Sequence[Page]) -> tuple[Page, ...]:
    """Pages without running headers/footers and bare page numbers at their edges."""
    running = _running_keys(pages)
    out: list[Page] = []
    for page in pages:
        lines = _strip_edges(page.text.split("\n"), running)
        lines = _strip_edges(lines[::-1], running)[::-1]
        out.append(replace(page, text="\n".join(lines).strip()))
    return tuple(out)


def body_letters(texts: Sequence[str]) -> list[int]:
    """Letters per page once running headers, footers and page numbers are left out (what a
    page says besides its furniture: a scan's pages have none)."""
    pages = remove_running_lines([Page(i, text) for i, text in enumerate(texts, start=1)])
    return [letter_count(page.text) for page in pages]
