"""Cross-references a clause's text makes: to articles and clauses ("khoản 2 Điều 12 của Luật
này", "Điều 5 Nghị định số 117/2022/NĐ-CP", "theo 2.2.3", "tại 2.2.1 của QCVN 18:2022/BTTTT",
Pháp điển's "Điều 19.8.LQ.48") and to documents ("Thông tư 28/2012/TT-BKHCN", "QCVN
47:2015/BTTTT").

A mention names a clause number (as clauses are numbered: "Điều 12", "2.2.3", "" for a whole
document) and the document it is in: SELF (this document: "… này", or no document named),
ANY (a Pháp điển article number, unique across topics), NAMED (a document named by its title
only, which cannot be resolved), or an identifier or code in canonical spelling. Resolving
the document and the clause among indexed documents is the reader's job; `cite_keys` gives
the lookup keys an index stores so that a clause's citers can be found from the clause.

"Điều này", "khoản 3 Điều này" (the clause itself) are not cross-references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.text import units
from indexer.text.codes import find_codes
from indexer.text.kinds import word_kind
from indexer.text.legalnum import find_numbers

SELF, ANY, NAMED = "", "*", "?"
MAX_MENTIONS = 60  # per clause
_KINDS = (
    r"Bộ luật|Luật|Nghị định|Nghị quyết|Thông tư liên tịch|Thông tư|Quyết định|Chỉ thị|"
    r"Pháp lệnh|Quy chuẩn|Tiêu chuẩn|Văn bản hợp nhất|Hiến pháp"
)
_PHAPDIEN = r"\d{1,3}\.\d{1,3}\.[A-ZĐ]{2,5}(?:\.\d{1,3})+"
_PARTS = r"(?:(?:điểm|Điểm)\s+[a-zđ]{1,2}\)?(?:\s*(?:,|và|hoặc)\s*[a-zđ]{1,2}\)?)*\s*,?\s*)?"
_KHOAN = (
    r"(?:(?:khoản|Khoản)\s+\d{1,3}[a-zđ]?(?:\s*(?:,|và|hoặc)\s*(?:khoản\s+)?\d{1,3})*\s*,?\s*)?"
)
_ARTICLE = re.compile(
    rf"(?<![\wÀ-ỹ]){_PARTS}{_KHOAN}(?:Điều|điều)\s+(?P<num>{_PHAPDIEN}|\d{{1,3}}[a-zđ]?)"
    r"(?![\wÀ-ỹ]|\.\d)"
)
# a further article of a list: "Điều 5, Điều 6 và Điều 7", "Điều 5 và 6"
_MORE = re.compile(
    r"\s*(?:,|và|hoặc|đến)\s*(?P<item>(?:(?:Điều|điều)\s+)?"
    rf"(?P<num>{_PHAPDIEN}|\d{{1,3}}[a-zđ]?))(?![\wÀ-ỹ/.,:]\d?)"
)
_QUALIFIER = re.compile(
    rf"\s*,?\s*(?:của|tại|thuộc)?\s*(?P<kind>{_KINDS})(?![\wÀ-ỹ])\s*(?P<rest>[^\n;:()]{{0,160}})"
)
_BARE_END = re.compile(r"\s*(?:[,.]|$)")  # a kind word closing its phrase: "… Điều 25 Quyết định;"
_THIS = re.compile(r"\s*(?:này|nay)(?![\wÀ-ỹ])")
# a number followed by a quantity word or a unit symbol is a quantity, not a section
_UNITS = r"tấn|ha|lít|l|t|giờ|ngày|tháng|năm|lần|triệu|tỷ|nghìn|đồng|" + units.pattern()
_SECTION = re.compile(
    r"(?<![\wÀ-ỹ])(?:theo|tại|trong|ở|xem|và|hoặc|đến)\s+(?:(?:mục|Mục|tiểu mục|điều|khoản)\s+)?"
    rf"(?P<num>\d{{1,2}}(?:\.\d{{1,2}}){{1,4}})(?!\d|[.,]\d)(?!\s*(?:{_UNITS})(?![\wÀ-ỹ]))"
)
_CODE_AFTER = re.compile(r"\s*,?\s*(?:của|trong|thuộc)\s+(?=[A-Z])")
_DOC_KIND_BEFORE = re.compile(rf"(?:{_KINDS})\s*(?:số\s*)?$")


@dataclass(frozen=True)
class Mention:
    """One cross-reference: where it is in the clause text and what it names."""

    start: int
    end: int
    number: str  # "Điều 12", "2.2.3", "Điều 19.8.LQ.48"; "" for a whole document
    doc: str  # SELF, ANY, NAMED, or the canonical identifier / code named


def _names(text: str) -> list[tuple[int, int, str]]:
    """Codes and legal numbers in text with their spans, codes first where they overlap."""
    codes = [(s, e, c) for c, s, e in find_codes(text)]
    numbers = [
        (s, e, n.text)
        for n, s, e in find_numbers(text)
        if not any(cs <= s < ce for cs, ce, _ in codes)  # "2015/BTTTT" inside a QCVN code
    ]
    return sorted(codes + numbers)


def _qualifier(
    text: str, pos: int, own: frozenset[str], own_kind: str = ""
) -> tuple[str | None, int]:
    """The document a mention ending at pos names after it (None: it names none), and where
    that naming ends. A bare kind word that ends the phrase ("… khoản 5 Điều 25 Quyết
    định;") names this document when the document is of that kind (own_kind)."""
    q = _QUALIFIER.match(text, pos)
    if q is None:
        code = _CODE_AFTER.match(text, pos)
        found = _names(text[code.end() : code.end() + 40]) if code else []
        if code and found and found[0][0] == 0:
            return _doc(found[0][2], own), code.end() + found[0][1]
        return None, pos
    this = _THIS.match(text, q.start("rest"))
    if this:
        return SELF, this.end()
    rest = q["rest"]
    named = _names(rest)
    if named and named[0][0] <= 60:
        _, e, name = named[0]
        return _doc(name, own), q.start("rest") + e
    if own_kind and _BARE_END.match(rest) and word_kind(q["kind"]) == own_kind:
        return SELF, q.end("kind")
    return NAMED, q.end("kind")


def _doc(name: str, own: frozenset[str]) -> str:
    return SELF if name in own else name


def _articles(text: str, own: frozenset[str], context: str, own_kind: str) -> list[Mention]:
    out: list[Mention] = []
    pos = 0
    while (m := _ARTICLE.search(text, pos)) is not None:
        if _THIS.match(text, m.end()):  # "Điều này", "khoản 2 Điều này"
            pos = m.end()
            continue
        group = [(m.start(), m.end(), m["num"])]
        while (more := _MORE.match(text, group[-1][1])) is not None:
            group.append((more.start("item"), more.end(), more["num"]))
        named, end = _qualifier(text, group[-1][1], own, own_kind)
        doc = named if named is not None else ANY if re.fullmatch(_PHAPDIEN, m["num"]) else context
        for i, (s, e, num) in enumerate(group):
            out.append(Mention(s, end if i == len(group) - 1 else e, f"Điều {num}", doc))
        pos = max(end, group[-1][1])
    return out


def _sections(text: str, own: frozenset[str], context: str, own_kind: str) -> list[Mention]:
    out = []
    for m in _SECTION.finditer(text):
        doc, end = _qualifier(text, m.end(), own, own_kind)
        out.append(
            Mention(m.start("num"), max(end, m.end()), m["num"], context if doc is None else doc)
        )
    return out


def _documents(text: str, own: frozenset[str], taken: list[Mention]) -> list[Mention]:
    out = []
    for s, e, name in _names(text):
        if name in own or any(t.start <= s < t.end for t in taken):
            continue
        kind = _DOC_KIND_BEFORE.search(text, max(0, s - 40), s)
        out.append(Mention(kind.start() if kind else s, e, "", name))
    return out


def find_mentions(
    text: str, own: frozenset[str] = frozenset(), context: str = SELF, own_kind: str = ""
) -> list[Mention]:
    """The cross-references of a clause's text, in order (at most MAX_MENTIONS). `own`: the
    document's identifier and codes (a mention of them is SELF); `context`: the document bare
    article numbers point to (SELF, or the document a clause amends: "Sửa đổi, bổ sung Điều 3
    như sau" in an amending text is about the amended text's Điều 3); `own_kind`: the
    document's kind slug ("quyet-dinh"), for a bare "Quyết định" that names it."""
    found = _articles(text, own, context, own_kind)
    found += [
        m for m in _sections(text, own, SELF, own_kind)
        if not any(t.start <= m.start < t.end for t in found)
    ]  # fmt: skip
    found += _documents(text, own, found)
    return sorted(found, key=lambda m: m.start)[:MAX_MENTIONS]


def amended_document(heading: str, own: frozenset[str]) -> str:
    """The document a clause amends when its heading says so ("Sửa đổi, bổ sung một số điều
    của Nghị định số 70/2015/NĐ-CP"), else SELF."""
    low = heading.lower()
    if not any(w in low for w in ("sửa đổi", "bổ sung", "bãi bỏ", "thay thế")):
        return SELF
    named = [n for _, _, n in _names(heading) if n not in own]
    return named[0] if named else SELF


def _key_part(text: str) -> str:
    return "".join(text.lower().split())


def cite_key(number: str, doc: str) -> str:
    """The index key of a cited clause or document: "=doc_id|điều12" for a clause of the
    citing document (doc is "=" + its doc_id), "117/2022/nđ-cp|điều5", "*|điều1.11.lq.1",
    "qcvn18:2022/btttt" for a whole document."""
    name = _key_part(doc)
    return f"{name}|{_key_part(number)}" if number else name


def cite_keys(mentions: list[Mention], doc_id: str) -> list[str]:
    """The index keys of what a clause cites (its own document's clauses keyed by doc_id)."""
    keys: list[str] = []
    for m in mentions:
        if m.doc == NAMED:
            continue
        key = cite_key(m.number, "=" + doc_id if m.doc == SELF else m.doc)
        if key not in keys:
            keys.append(key)
    return keys
