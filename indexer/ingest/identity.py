"""Who a legal text says it is: kind, number, issuers, issued and effective dates — read from
its own heading ("Số: 117/2022/NĐ-CP", "NGHỊ ĐỊNH", "Hà Nội, ngày 30 tháng 12 năm 2022"), its
closing lines ("thông qua ngày …", a consolidated text's "Số: 470/VBHN-…") and its
entry-into-force clause, never from the numbers it cites. The parsers are text/legalnum.py,
text/dates.py, text/issuers.py and text/kinds.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.text.dates import PASSING, SIGNING, effective_clause, heading_date, passed_date
from indexer.text.issuers import canonical_issuer, issuer_in
from indexer.text.kinds import heading_kind, word_kind
from indexer.text.legalnum import LegalNumber, own_number, own_numbers

HEAD_CHARS = 1500
# the enacting formula closing a preamble, on a line of its own: "Bộ trưởng Bộ Xây dựng ban
# hành Thông tư quy định …" ("… ban hành Thông tư số …" cites another text)
_ENACTING = re.compile(
    r"^(?P<who>[^\n;.]{2,80}?)\s+ban\s+hành\s+"
    r"(?P<kind>Thông tư liên tịch|Thông tư|Nghị định|Quyết định|Nghị quyết|Chỉ thị|Luật)\b"
    r"(?!\s+số)",
    re.M,
)
_ATTACHED = re.compile(
    r"[Kk]èm\s+theo\s+(?:\w+\s+){1,3}số\s*:?[^()]{0,80}?của\s+(?P<who>[^()]{3,60})\)"
)
_BLANK_DATE = re.compile(r"ngày\s+tháng\s+năm\s+((?:19|20)\d\d)\b")
_THIS_KIND = re.compile(
    r"\b(Thông tư liên tịch|Thông tư|Nghị định|Quyết định|Nghị quyết|Chỉ thị|Luật) này "
    r"(?:quy định|hướng dẫn|áp dụng)"
)
_PHAP_DIEN = re.compile(r"^Điều \d+\.\d+\.[A-Z]{1,5}\.\d+\.", re.M)
_LETTER = re.compile(r"^V/v[\s:.]", re.M)


@dataclass(frozen=True)
class Identity:
    """What a document says it is (empty values when it does not say)."""

    kind: str = "other"
    identifier: str = ""
    issuers: tuple[str, ...] = ()
    issued: str | None = None
    effective: str | None = None
    year: int | None = None


def heading_kind_line(head: str) -> tuple[str, int] | None:
    """(kind, line index) of the first upper-case line naming a kind ("NGHỊ ĐỊNH")."""
    for index, line in enumerate(head.split("\n")):
        text = line.strip().lstrip("#").strip()
        kind = heading_kind(text) if text.isupper() else None
        if kind:
            return kind, index
    return None


def _banner_issuers(head: str) -> tuple[str, ...]:
    """The issuer an upper-case banner line names (joined with the next when split, and
    also when the national motto follows it on the same line)."""
    lines = [line.strip() for line in head.split("\n")[:14] if line.strip()]
    for size in (3, 2, 1):
        for i in range(len(lines) - size + 1):
            text = " ".join(lines[i : i + size]).strip(" -–")
            text = text.split("CỘNG HÒA XÃ HỘI")[0].strip()
            if text and text.isupper() and (name := canonical_issuer(text)):
                return (name,)
    return ()


def _enacting(text: str) -> tuple[str | None, tuple[str, ...]]:
    """(kind, issuers) of the enacting line "Bộ trưởng Bộ Xây dựng ban hành Thông tư …"."""
    match = _ENACTING.search(text)
    if not match:
        return None, ()
    who = issuer_in(match["who"])
    return word_kind(match["kind"]), (who,) if who else ()


def _consolidated(text: str) -> tuple[LegalNumber, str | None] | None:
    """The number and date of a consolidated text ("Số: 470/VBHN-… ⏎ XÁC THỰC VĂN BẢN HỢP
    NHẤT ⏎ Hà Nội, ngày …", near its end but before any annex)."""
    found = [n for n in own_numbers(text) if n.kind == "van-ban-hop-nhat"]
    if not found:
        return None
    at = text.rfind(f"/{found[-1].parts[0]}")
    return found[-1], heading_date(text[at : at + 300])


def _number(head: str, text: str, kind: str | None) -> LegalNumber | None:
    """The heading's own number; else a "Số:" line of the same kind anywhere (a gazette page
    may put it apart from the heading)."""
    found = own_number(head)
    if found:
        return found[0]
    if not kind:
        return None
    return next((n for n in own_numbers(text) if n.kind == kind), None)


def _kind(number: LegalNumber | None, head: str) -> str | None:
    """The kind a number and the heading give (a QH number: law, code or resolution)."""
    line = heading_kind_line(head)
    by_head = line[0] if line else None
    if number is None or number.kind is None:
        return by_head
    return number.kind


def _dates(kind: str, head: str, text: str) -> tuple[str | None, str | None]:
    """(issued, effective) of a legal text."""
    issued = heading_date(head)
    passed = passed_date(text[-4000:]) if kind in ("luat", "bo-luat", "nghi-quyet") else None
    issued = issued or passed
    effective = effective_clause(text)
    if effective == SIGNING:
        effective = issued
    elif effective == PASSING:
        effective = passed or issued
    return issued, effective


def legal_identity(head: str, text: str) -> Identity | None:
    """The identity of a legal text from its heading and full text, or None when it is not
    one (no number, no kind heading, no enacting line)."""
    head = head[:HEAD_CHARS]
    consolidated = _consolidated(text) if "HỢP NHẤT" in text.upper() else None
    if consolidated:
        vbhn, issued = consolidated
        year = int(issued[:4]) if issued else vbhn.year
        return Identity("van-ban-hop-nhat", vbhn.text, vbhn.issuers, issued, None, year)
    line = heading_kind_line(head)
    number = _number(head, text, line[0] if line else None)
    kind = _kind(number, head)
    enact_kind, enact_issuers = _enacting(text[:4000])
    kind = kind or enact_kind
    if kind is None:
        return None
    issuers = (number.issuers if number else ()) or _banner_issuers(head) or enact_issuers
    issued, effective = _dates(kind, head, text)
    year = int(issued[:4]) if issued else (number.year if number else None)
    ident = number.text if number else ""
    return Identity(kind, ident, issuers, issued, effective, year)


def _other_kind(head: str, text: str) -> tuple[str, tuple[str, ...]]:
    """(kind, issuers from an enacting line) of a text without a number or kind heading."""
    if _PHAP_DIEN.search(text[:20000]):
        return "phap-dien", ()
    if _LETTER.search(head) and "Kính gửi" in head:
        return "cong-van", ()
    this = _THIS_KIND.search(text[:6000])
    if this:
        return word_kind(this[1]) or "other", _enacting(text[:4000])[1]
    return "other", ()


def _attached(head: str) -> tuple[tuple[str, ...], int | None]:
    """(issuers, year) of the text an annex says it is attached to ("Kèm theo văn bản số …
    ngày … của Bộ Xây dựng")."""
    match = _ATTACHED.search(head)
    if not match:
        return (), None
    who = issuer_in(" ".join(match["who"].split()))
    year = re.search(r"(?:năm\s+|/\s*)((?:19|20)\d\d)\b", match[0])
    return ((who,) if who else ()), (int(year[1]) if year else None)


def other_identity(head: str, text: str) -> Identity:
    """What a text that is neither a standard nor a numbered legal text says it is: a
    Pháp điển topic, a letter (Công văn), an annex "kèm theo … của <issuer>", a legal text
    quoted without its heading ("Thông tư này quy định …")."""
    kind, enacted = _other_kind(head, text)
    attached, year = _attached(head)
    issuers = _banner_issuers(head) or attached or enacted
    issued = heading_date(head)
    if issued:
        year = int(issued[:4])
    elif kind == "cong-van" and (blank := _BLANK_DATE.search(head)):
        year = int(blank[1])  # a draft letter: "Hà Nội, ngày   tháng   năm 2026"
    return Identity(kind, "", issuers, issued if kind == "cong-van" else None, None, year)
