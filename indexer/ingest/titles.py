"""A document's title: the heading under its kind line ("NGHỊ ĐỊNH ⏎ Quy định …"), its
cover's title block, its Markdown front matter, the banner of a Viettel AI Race excerpt —
never a table of contents ("Mục lục") or a list heading."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from indexer.text.codes import canonical_code
from indexer.text.kinds import kind_label
from indexer.text.vntext import fold

if TYPE_CHECKING:
    from indexer.ingest.identity import Identity

TITLE_CAP = 200
_NOT_TITLES = re.compile(
    r"^(muc luc|outline\b.*|danh muc (hinh|bang)\b.*|danh sach .*|noi dung|contents|"
    r"table of contents|thong tin van ban|van ban|trang|loi noi dau|phu luc\b.*)$",
    re.I,
)


def clean_title(lines: Sequence[str]) -> str:
    """Lines joined into one title, whitespace collapsed, capped."""
    title = " ".join(" ".join(line.split()) for line in lines).strip(" -–:")
    return title[:TITLE_CAP].rstrip()


def is_title(text: str) -> bool:
    """Whether a heading can be a document's title (not "Mục lục", "Danh sách đề mục" …)."""
    plain = fold(text).strip(" #*:.").lower()
    return len(plain.split()) >= 1 and not _NOT_TITLES.match(plain)


def _legal_title(head: str, ident: Identity) -> str:
    """'Nghị định 131/2026/NĐ-CP: Quy định …' from the kind line and the lines under it."""
    from indexer.ingest.identity import heading_kind_line

    lines = head.split("\n")
    found = heading_kind_line(head)
    label = kind_label(ident.kind)
    name = f"{label} {ident.identifier}".strip()
    if not found:
        return name if ident.identifier else ""
    body: list[str] = []
    gap = False
    for line in (x.strip() for x in lines[found[1] + 1 : found[1] + 10]):
        if not line:
            gap = bool(body)
            continue
        if line.startswith(("Căn cứ", "___", "–", "--")) or len(body) == 4:
            break
        if (gap and not line[0].islower()) or (
            line.isupper() and any(not b.isupper() for b in body)
        ):
            break  # a blank line ends the title unless the sentence goes on
        body.append(line)
    return clean_title([f"{name}:", *body]) if body else name


def _viettel_title(head: str) -> str:
    """The heading lines of a Viettel AI Race excerpt, between the banner and 'Lần ban hành'."""
    match = re.search(r"VIETTEL AI RACE[^\n]*\n(.*?)(?:Lần ban hành|Soát xét lần)", head, re.S)
    return clean_title(match[1].split("\n")) if match else ""


def _code_title(head: str) -> str:
    """The title block of a QCVN/TCVN cover, without banners, the code line or English."""
    lines = [line.strip().strip("#").strip() for line in head.split("\n")]
    folded = [fold(line) for line in lines]
    start = next(
        (i for i, f in enumerate(folded) if re.match(r"QUY CHUAN KY THUAT (QUOC GIA )?VE\b", f)),
        None,
    )
    if start is None:  # "TIÊU CHUẨN QUỐC GIA" / code line, then the title
        code_line = next(
            (i for i, line in enumerate(lines) if canonical_code(line) and len(line) < 60), None
        )
        if code_line is None:
            return ""
        start = code_line + 1
    title: list[str] = []
    for line in lines[start : start + 8]:
        english = fold(line) == line  # a Vietnamese title line carries diacritics
        if not title and (not line or re.match(r"(?i)^x\w* b\w* l\w*n \d+$", fold(line))):
            continue  # blank lines and "Xuất bản lần 1" before the title
        if not line or not line.isupper() or english or fold(line).startswith("HA NOI"):
            break
        title.append(line)
    return clean_title(title)


def _markdown_title(text: str) -> str:
    """The front-matter title or first '#' heading (not a contents heading) of Markdown."""
    front = re.search(r"^title:\s*(.+)$", text[:2000], re.M)
    if front:
        return clean_title([front[1].strip("\"'")])
    for heading in re.findall(r"^#{1,6}\s+(.+)$", text[:20000], re.M):
        if len(heading.split()) >= 2 and is_title(heading) and not canonical_code(heading):
            return clean_title([heading.strip("*")])
    return ""


def _letter_title(head: str) -> str:
    """The subject of a letter ("V/v: hướng dẫn áp dụng …"), up to its date or addressee."""
    match = re.search(r"^V/v[:.]?\s*(.+?)\n\s*(?:Kính gửi|[A-ZĐ][^\n,]{1,30},\s*ngày)", head,
                      re.M | re.S)  # fmt: skip
    if not match:
        return ""
    subject = clean_title(match[1].split("\n"))
    return subject[:1].upper() + subject[1:]


def _annex_title(head: str) -> str:
    """The upper-case lines under an annex's "Phụ lục I" at the top of a document."""
    lines = [line.strip() for line in head.split("\n")[:8] if line.strip()]
    start = next((i for i, line in enumerate(lines[:3]) if re.match(r"Phụ lục\b", line)), None)
    if start is None:
        return ""
    title = []
    for line in lines[start + 1 : start + 5]:
        if not is_upper_title(line):
            break
        title.append(line)
    return clean_title(title)


def is_upper_title(line: str) -> bool:
    """Whether a line is an upper-case Vietnamese title line (not English, not a place)."""
    return line.isupper() and fold(line) != line


def _first_line_title(head: str) -> str:
    """The first line when it is a long upper-case title ("TÀI LIỆU HƯỚNG DẪN …")."""
    first = next((line.strip() for line in head.split("\n") if line.strip()), "")
    if first.isupper() and len(first.split()) >= 4 and not first.startswith("#"):
        return clean_title([first])
    return ""


def document_title(doc_id: str, head: str, hint: str, ident: Identity) -> str:
    """The best human title found, or "" (the caller falls back to the file name)."""
    legal = ident.kind not in ("qcvn", "tcvn", "adopted", "phap-dien", "other")
    candidates = [
        clean_title([hint]) if hint.strip() else "",
        _viettel_title(head),
        _markdown_title(head) if doc_id.lower().endswith(".md") and "\ntitle:" in head else "",
        _code_title(head) if ident.identifier and not legal else "",
        _legal_title(head, ident) if legal else "",
        _letter_title(head) if ident.kind == "cong-van" else "",
        _annex_title(head),
        _first_line_title(head),
        _markdown_title(head) if doc_id.lower().endswith(".md") else "",
    ]
    return next((c for c in candidates if c and is_title(c)), "")
