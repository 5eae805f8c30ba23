"""What a document says about itself on its first page: its own codes, type, issuer, year
and title (codes are read by codes.py; metadata.csv overrides are applied by overrides.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from indexer.models import DocumentMeta, Page
from indexer.text.codes import canonical_code, code_facts, find_codes, prefer_specific
from indexer.text.vntext import fold

_TITLE_WORDS = {
    "THÔNG TƯ LIÊN TỊCH": "Thông tư liên tịch",
    "VĂN BẢN HỢP NHẤT": "Văn bản hợp nhất",
    "NGHỊ ĐỊNH": "Nghị định",
    "NGHỊ QUYẾT": "Nghị quyết",
    "THÔNG TƯ": "Thông tư",
    "QUYẾT ĐỊNH": "Quyết định",
    "CHỈ THỊ": "Chỉ thị",
    "LUẬT": "Luật",
}
_FOLDED_TITLE_WORDS = {fold(k): v for k, v in _TITLE_WORDS.items()}  # robust to tone-mark variants
# Suffix of a legal text's number ("58/2026/TT-BTC") → (type, issuer).
_NUMBER_TYPES = {"NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch", "QĐ": "Quyết định",
                 "NQ": "Nghị quyết", "CT": "Chỉ thị", "VBHN": "Văn bản hợp nhất"}  # fmt: skip
_ISSUERS = {
    "CP": "Chính phủ",
    "TTG": "Thủ tướng Chính phủ",
    "BTC": "Bộ Tài chính",
    "BXD": "Bộ Xây dựng",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BCT": "Bộ Công Thương",
    "BYT": "Bộ Y tế",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BGTVT": "Bộ Giao thông vận tải",
    "BNV": "Bộ Nội vụ",
    "VPQH": "Văn phòng Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "QH": "Quốc hội",
}
_LEGAL_NUMBER = re.compile(
    r"(?:Số|số)\s*:\s*(\d{1,5})\s*/\s*(?:((?:19|20)\d\d)\s*/\s*)?"
    r"([A-ZĐ]+(?:\d{1,2})?(?:\s*-\s*[A-ZĐa-z]+)*)"
)
_HEAD_CHARS = 1500
_TITLE_CAP = 200


def _own_codes(pages: Sequence[Page]) -> list[str]:
    """Codes a document names as its own: those near the start of its first text page."""
    first = next((p.text for p in pages if p.text.strip()), "")
    found = [code for code, _, _ in find_codes(first[:_HEAD_CHARS])]
    return list(dict.fromkeys(prefer_specific(found)))


def _legal_number(head: str) -> tuple[str, str, int | None] | None:
    """(type, issuer, year) from a legal text's number line ("Số: 58/2026/TT-BTC")."""
    match = _LEGAL_NUMBER.search(head)
    if not match:
        return None
    parts = [p.strip().upper() for p in match[3].split("-")]
    doc_type = next((_NUMBER_TYPES[p] for p in parts if p in _NUMBER_TYPES), "")
    issuer_key = next((p for p in reversed(parts) if p not in _NUMBER_TYPES), "")
    issuer_key = re.sub(r"\d+$", "", issuer_key)
    if issuer_key in ("QH", "UBTVQH") and not doc_type:
        is_law = issuer_key == "QH" and "LUAT" in fold(head[:600]).upper()
        doc_type = "Luật" if is_law else "Nghị quyết"
    year = int(match[2]) if match[2] else None
    if doc_type == "Thông tư liên tịch":
        names = [_ISSUERS.get(p, p) for p in parts if p not in _NUMBER_TYPES]
        return doc_type, " - ".join(names), year
    return doc_type, _ISSUERS.get(issuer_key, issuer_key), year


def _title_type(head: str) -> tuple[str, int] | None:
    """(type, line index) of the first standalone type line ("NGHỊ ĐỊNH", "THÔNG TƯ")."""
    for index, line in enumerate(head.split("\n")):
        word = fold(line.strip())
        if word in _FOLDED_TITLE_WORDS and line.strip().isupper():
            return _FOLDED_TITLE_WORDS[word], index
    return None


def _clean_title(lines: Sequence[str]) -> str:
    """Lines joined into one title, whitespace collapsed, capped."""
    title = " ".join(" ".join(line.split()) for line in lines).strip(" -–:")
    return title[:_TITLE_CAP].rstrip()


def _legal_title(head: str, doc_type: str) -> str:
    """'Nghị định 131/2026/NĐ-CP: Quy định …' from the type line and the lines under it."""
    lines = head.split("\n")
    found = _title_type(head)
    if not found:
        return ""
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
    number = _LEGAL_NUMBER.search(head)
    ident = ""
    if number:
        year = f"{number[2]}/" if number[2] else ""
        ident = f" {number[1]}/{year}{''.join(number[3].split())}"
    return _clean_title([f"{doc_type}{ident}:", *body]) if body else f"{doc_type}{ident}"


def _viettel_title(head: str) -> str:
    """The heading lines of a Viettel AI Race excerpt, between the banner and 'Lần ban hành'."""
    match = re.search(r"VIETTEL AI RACE[^\n]*\n(.*?)Lần ban hành", head, re.S)
    return _clean_title(match[1].split("\n")) if match else ""


def _code_title(head: str) -> str:
    """The title block of a QCVN/TCVN title page, without banners, the code line or English."""
    lines = [line.strip() for line in head.split("\n")]
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
        if not line or not line.isupper() or english or fold(line).startswith("HA NOI"):
            break
        title.append(line)
    return _clean_title(title)


def _ministry(head: str) -> str:
    """Abbreviation of the ministry named in the banner ("BỘ KHOA HỌC VÀ CÔNG NGHỆ" → BKHCN)."""
    names = {fold(v).upper(): k for k, v in _ISSUERS.items() if v.startswith("Bộ")}
    for line in head.split("\n")[:4]:
        key = fold(" ".join(line.split())).upper()
        if key in names:
            return names[key]
    return ""


def _markdown_title(text: str) -> str:
    """The front-matter title or first '#' heading of a Markdown text."""
    front = re.search(r"^title:\s*(.+)$", text[:2000], re.M)
    if front:
        return _clean_title([front[1].strip("\"'")])
    for heading in re.findall(r"^#{1,6}\s+(.+)$", text[:20000], re.M):
        if len(heading.split()) >= 2 and not re.match(r"(?i)(QCVN|TCVN)\b", heading):
            return _clean_title([heading.strip("*")])
    return ""


def _legal_facts(head: str, pages: Sequence[Page]) -> tuple[str, str, int | None]:
    """(type, issuer, year) of a legal text from its number, type line and date."""
    doc_type, issuer, year = _legal_number(head[:_HEAD_CHARS]) or ("Khác", "", None)
    found_type = _title_type(head[:_HEAD_CHARS])
    doc_type = found_type[0] if found_type else doc_type
    tail = "\n".join(p.text for p in pages[-2:])[-3000:]
    consolidated = _LEGAL_NUMBER.search(tail) if "VBHN" in tail else None
    if consolidated and "VBHN" in consolidated[3]:  # a consolidated text is numbered at its end
        doc_type, issuer, _ = _legal_number(consolidated[0]) or (doc_type, issuer, None)
    if year is None:
        date = re.search(
            r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+((?:19|20)\d\d)", head[:_HEAD_CHARS]
        )
        year = int(date[1]) if date else None
    return doc_type or "Khác", issuer, year


def detect_metadata(doc_id: str, pages: Sequence[Page], title_hint: str = "") -> DocumentMeta:
    """What the first page says about the document: own codes, type, issuer, year and title."""
    head = next((p.text for p in pages if p.text.strip()), "")[: _HEAD_CHARS * 2]
    codes = _own_codes(pages)
    if codes:
        doc_type, issuer, year = code_facts(codes[0])
        issuer = issuer or _ministry(head)
        title = _title(doc_id, head, title_hint, "")
    else:
        doc_type, issuer, year = _legal_facts(head, pages)
        found_type = _title_type(head[:_HEAD_CHARS])
        title = _title(doc_id, head, title_hint, found_type[0] if found_type else doc_type)
    return DocumentMeta(codes[0] if codes else "", tuple(codes), doc_type, issuer, year, title)


def _title(doc_id: str, head: str, hint: str, legal_type: str) -> str:
    """The best human title found, falling back to the file stem."""
    candidates = [
        _clean_title([hint]) if hint.strip() else "",
        _viettel_title(head),
        _markdown_title(head) if doc_id.lower().endswith(".md") else "",
        _code_title(head),
        _legal_title(head, legal_type) if legal_type and legal_type != "Khác" else "",
    ]
    return next((c for c in candidates if c), Path(doc_id).stem)
