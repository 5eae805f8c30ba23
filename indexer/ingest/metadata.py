"""What a document says about itself: kind, identifier, issuers, dates, codes, year and title.

A standard's identity comes from its cover (a code on a line of its own beside "QUY CHUẨN KỸ
THUẬT QUỐC GIA" / "TIÊU CHUẨN QUỐC GIA", or the subject of its foreword), a legal text's from
its heading (identity.py); codes and numbers a document only lists or cites are never its
own. metadata.csv overrides are applied by overrides.py."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from indexer.ingest.identity import HEAD_CHARS, Identity, legal_identity, other_identity
from indexer.ingest.titles import document_title, is_upper_title
from indexer.models import DocumentMeta, Page
from indexer.text.codes import code_facts, find_codes, prefer_specific
from indexer.text.issuers import canonical_issuer, issuer_in
from indexer.text.kinds import kind_label
from indexer.text.relations import consolidated, find_relations
from indexer.text.vntext import fold

_COVER = re.compile(
    r"QUY CHUAN KY THUAT QUOC GIA|TIEU CHUAN QUOC GIA|TIEU CHUAN (XAY DUNG )?VIET NAM|"
    r"NATIONAL TECHNICAL REGULATION|NATIONAL STANDARD"
)
# what may follow a code on its cover line: "Xuất bản lần 1", "(ISO 6508-1)", "Soát xét lần 1"
_COVER_REST = re.compile(r"^(?:X\w* B\w* L\w* \d+|\(.*\)|SOAT XET LAN \d+|\d{1,3})?$")
_FOREWORD_VERB = re.compile(r"\s*(?:do|được|thay thế|hoàn toàn tương đương|là)\b")
# the foreword of a standard that adopts an international one: "… hoàn toàn tương đương với
# ISO/IEC 27001:2013", "… xây dựng trên cơ sở ETSI EN 300 328"
_ADOPTED = re.compile(
    r"(?:hoàn\s+toàn\s+tương\s+đương|tương\s+đương\s+hoàn\s+toàn|chấp\s+nhận\s+nguyên\s+vẹn)"
    r"\s+(?:với\s+)?(?:tiêu\s+chuẩn\s+)?(?:ISO|IEC|ETSI|ITU|EN\b)"
)
_PUBLISHER = re.compile(r"(?P<who>[^\n,;.]{3,50}?)\s+(?:công\s+bố|ban\s+hành\s+theo)")


def _cover_codes(head: str) -> list[str]:
    """Codes standing on a line of their own: anywhere in the head of a cover that says
    "QUY CHUẨN KỸ THUẬT QUỐC GIA" and the like, or within the first three lines with an
    upper-case title under them (a code alone in a table row is no cover)."""
    lines = [line.strip().strip("#*").strip() for line in head.split("\n")]
    lines = [line for line in lines if line]
    cover = bool(_COVER.search(fold(head).upper()))
    found = []
    for index, line in enumerate(lines):
        codes = find_codes(line)
        titled = index < 3 and is_upper_title(lines[index + 1] if index + 1 < len(lines) else "")
        if not codes or codes[0][1] != 0 or not (cover or titled):
            continue
        rest = fold(line[codes[0][2] :]).strip(" .-–").upper()
        if _COVER_REST.match(rest):
            found.append(codes[0][0])
    return found


def _foreword_codes(text: str) -> list[str]:
    """Codes that are the subject of a foreword's first sentence ("Lời nói đầu ⏎ TCVN
    9395:2012 được chuyển đổi từ …")."""
    start = fold(text).find("Loi noi dau")
    if start < 0:
        return []
    window = text[start : start + 400]
    found = []
    for code, begin, end in find_codes(window):
        line_start = window.rfind("\n", 0, begin) + 1
        if not window[line_start:begin].strip() and _FOREWORD_VERB.match(window[end:]):
            found.append(code)
    return found


def own_codes(pages: Sequence[Page]) -> list[str]:
    """The codes a document names as its own: its cover or its foreword's subject."""
    first = next((p.text for p in pages if p.text.strip()), "")
    text = "\n".join(p.text for p in pages[:4])[:12000]
    found = _cover_codes(first[:HEAD_CHARS]) or _foreword_codes(text)
    return list(dict.fromkeys(prefer_specific(found)))


def _standard_identity(codes: list[str], head: str, text: str) -> Identity:
    """The identity of a standard from its own code; its issuer from the code or the cover
    ("Bộ Khoa học và Công nghệ công bố")."""
    doc_type, issuer_code, year = code_facts(codes[0])
    adopted = re.match(r"TCVN (ISO|IEC)", codes[0]) or (
        doc_type == "TCVN" and _ADOPTED.search(text[:8000])
    )
    kind = "adopted" if adopted else doc_type.lower()
    kind = "tcvn" if kind == "tcxdvn" else kind  # a construction standard (Bộ Xây dựng)
    issuer = canonical_issuer(issuer_code) if issuer_code else None
    if issuer is None:
        published = _PUBLISHER.search(text[:8000])
        issuer = issuer_in(published["who"]) if published else None
    issuers = (issuer,) if issuer else ()
    return Identity(kind, codes[0], issuers, None, None, year)


def detect_metadata(doc_id: str, pages: Sequence[Page], title_hint: str = "") -> DocumentMeta:
    """What the document says about itself (see the module's docstring)."""
    head = next((p.text for p in pages if p.text.strip()), "")[: HEAD_CHARS * 2]
    text = "\n".join(p.text for p in pages)
    codes = own_codes(pages)
    if codes:
        ident = _standard_identity(codes, head, text)
    else:
        ident = legal_identity(head, text) or other_identity(head, text)
    title = document_title(doc_id, head, title_hint, ident) or Path(doc_id).stem
    return DocumentMeta(
        code=codes[0] if codes else "", codes=tuple(codes), doc_type=kind_label(ident.kind),
        issuer=ident.issuers[0] if ident.issuers else "", year=ident.year, title=title,
        kind=ident.kind, identifier=ident.identifier, issuers=ident.issuers,
        issued=ident.issued, effective=ident.effective,
        relations=_relations(text, frozenset({ident.identifier, *codes}) - {""}, ident.kind),
    )  # fmt: skip


def _relations(text: str, own: frozenset[str], kind: str) -> tuple[tuple[str, str], ...]:
    """(type, target) of what the text says it does to other texts; a consolidated text
    (VBHN) names the texts it consolidates where others name what they amend."""
    found = [(r.type, r.target) for r in find_relations(text, own)]
    if kind == "van-ban-hop-nhat":  # its amending articles are the originals' (as they read)
        found = [("consolidates", x) for x in consolidated(text, own)] + [
            (t, x) for t, x in found if t in ("repeals", "replaces")
        ]
    return tuple(dict.fromkeys(found))
