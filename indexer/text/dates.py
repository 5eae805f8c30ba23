"""Dates in Vietnamese legal text: "ngày 15 tháng 11 năm 2022", "15/11/2022", as ISO strings;
the place-and-date line of a heading, the day a law was passed and what an entry-into-force
clause says ("có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2026", "… kể từ ngày ký")."""

from __future__ import annotations

import re
from datetime import date

_WORDS = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)"
_DIGITS = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)"
DATE = re.compile(rf"{_WORDS}|(?<![\d/]){_DIGITS}(?![\d/])", re.IGNORECASE)
# "Hà Nội, ngày 15 tháng 11 năm 2022": a place (capitalised, no comma), then the date
PLACE_DATE = re.compile(rf"[A-ZĐ][^\n,;.]{{1,40}},\s*{_WORDS}")
PASSED = re.compile(rf"thông\s+qua\s+{_WORDS}")
_KINDS = (
    r"(?:Luật|Bộ luật|Nghị định|Nghị quyết|Thông tư liên tịch|Thông tư|Quyết định|Chỉ thị"
    r"|Quy chuẩn|Tiêu chuẩn|Văn bản)"
)
EFFECTIVE = re.compile(
    rf"{_KINDS}\s+này\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+từ\s+(?:ngày\s+)?"
    r"(?P<when>(?:được\s+)?(?:ký|thông\s+qua|ban\s+hành)|\d{1,2}\s+tháng|\d{1,2}\s*/)"
)
SIGNING = "signing"  # an entry into force "from the day it is signed"
PASSING = "passing"  # … "from the day it is passed"


def iso(day: str, month: str, year: str) -> str | None:
    """ISO 8601 date of the parts, or None when they are no date."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date in `text` as ISO 8601, or None."""
    for match in DATE.finditer(text):
        parts = [g for g in match.groups() if g]
        found = iso(*parts)
        if found:
            return found
    return None


def heading_date(text: str) -> str | None:
    """The date of a heading's place-and-date line ("Hà Nội, ngày 30 tháng 12 năm 2022")."""
    match = PLACE_DATE.search(text)
    return iso(*match.groups()[-3:]) if match else None


def passed_date(text: str) -> str | None:
    """The day a law or resolution was passed ("… thông qua ngày 27 tháng 11 năm 2024")."""
    found = [iso(*m.groups()) for m in PASSED.finditer(text)]
    return next((d for d in reversed(found) if d), None)


def effective_clause(text: str) -> str | None:
    """What the first entry-into-force clause says: an ISO date, SIGNING or PASSING, or None."""
    for match in EFFECTIVE.finditer(text):
        when = match["when"]
        if "ký" in when or "ban hành" in when:
            return SIGNING
        if "thông" in when:
            return PASSING
        found = parse_date(text[match.start("when") - 5 : match.end() + 30])
        if found:
            return found
    return None
