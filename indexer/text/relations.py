"""What a text says it does to other texts: "Quyết định này … thay thế Quyết định số
09/2023/QĐ-TTg", "Thông tư số 50/2014/TT-BGTVT … hết hiệu lực", "Quy chuẩn này được áp dụng
thay thế QCVN 47:2011/BTTTT", "sửa đổi, bổ sung một số điều của Nghị định số …".

Only sentences in which the text speaks of itself ("… này", as the closing provisions do)
count: a sentence that tells how two other texts relate ("Nghị định 08/2022 được sửa đổi bởi
Nghị định 05/2025") is a reference, not a relation of this text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.text.codes import find_codes
from indexer.text.legalnum import find_numbers
from indexer.text.vntext import fold

REPLACES, REPEALS, AMENDS, CONSOLIDATES = "replaces", "repeals", "amends", "consolidates"
INVERSE = {
    REPLACES: "replaced_by",
    REPEALS: "repealed_by",
    AMENDS: "amended_by",
    CONSOLIDATES: "consolidated_by",
}
# (folded trigger, relation); the one a sentence holds first decides
_TRIGGERS = (
    ("sua doi, bo sung", AMENDS),
    ("sua doi bo sung", AMENDS),
    ("hop nhat", CONSOLIDATES),
    ("thay the", REPLACES),
    ("bai bo", REPEALS),
    ("het hieu luc", REPEALS),
)
_SELF = re.compile(
    r"\b(?:luat|bo luat|nghi dinh|nghi quyet|thong tu(?: lien tich)?|quyet dinh|chi thi|"
    r"quy chuan|tieu chuan|van ban|phap lenh)\s+nay\b"
)
# an enacting sentence of an amending text: "Sửa đổi, bổ sung khoản 2 Điều 3 Nghị định số …",
# "Bãi bỏ khoản 2 Điều 32 của Luật … số 30/2023/QH15", "Bổ sung khoản 5 Điều 1 Quyết định …"
_ENACTING = re.compile(r"^(?:sua doi, bo sung|sua doi|bo sung|bai bo|thay the)\b")
# the history of a text it names ("… đã được sửa đổi, bổ sung bởi Luật số …", "các Nghị định
# sửa đổi, bổ sung Nghị định số …"): not what this text does; the texts named after it are
# the target's amenders, not targets
_PASSIVE = re.compile(
    r"(?:\b(?:da )?duoc|\bcac (?:luat|nghi dinh|thong tu|quyet dinh|van ban))\s+"
    r"(?:sua doi, bo sung|sua doi|bo sung|thay the)"
)
# a part of the target ("khoản 2 Điều 3 của …", "Phụ lục IV ban hành kèm theo …", "nội dung
# … quy định tại …"): the target is amended, not ended
_PART = re.compile(r"\b(?:dieu \d|khoan|diem [a-z]\b|phu luc|noi dung|cum tu)")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=[A-ZĐÀ-Ỹ0-9(]|[a-zđ]\)\s)|\n\s*\n")
# an item of a list: "1.", "2)", "a)", "-", "–" before its text
_ITEM = re.compile(r"\s*(?:\d{1,3}[.)]|[a-zđ][)]|[-–•+])\s")
MAX_SENTENCE = 600  # a longer "sentence" is a table or a run of text without stops


@dataclass(frozen=True)
class Relation:
    """One relation of a text to another, named by its identifier."""

    type: str  # replaces | repeals | amends | consolidates
    target: str  # "09/2023/QĐ-TTg", "QCVN 47:2011/BTTTT"


def _targets(sentence: str, own: frozenset[str]) -> list[tuple[int, str]]:
    """The identifiers a sentence names with their offsets, in order, its own left out."""
    codes = [(s, e, code) for code, s, e in find_codes(sentence)]
    found = [(s, code) for s, _, code in codes]
    found += [
        (s, n.text)
        for n, s, _ in find_numbers(sentence)
        if not any(cs <= s < ce for cs, ce, _ in codes)  # "2011/BTTTT" inside a QCVN code
    ]
    return [(s, t) for s, t in sorted(found) if t not in own]


def _type(folded: str) -> str | None:
    """The relation of the trigger the sentence holds first."""
    found = [(folded.find(t), rel) for t, rel in _TRIGGERS if t in folded]
    return min(found)[1] if found else None


def _sentence_relations(sentence: str, own: frozenset[str]) -> list[Relation]:
    """The relations one sentence states (see the module's docstring)."""
    flat = _QUOTED.sub(lambda m: " " * len(m.group()), " ".join(sentence.split()))
    folded = fold(flat.lower())  # same length as flat: offsets carry over
    passive = _PASSIVE.search(folded)
    active = folded[: passive.start()] if passive else folded
    rel = _type(active) or _type(folded[passive.end() :] if passive else "")
    if rel is None or not (_SELF.search(folded) or _ENACTING.match(folded)):
        return []
    out, start = [], 0
    for offset, target in _targets(flat[: len(active)], own):
        before = folded[start:offset]
        kind = AMENDS if rel in (REPLACES, REPEALS) and _PART.search(before) else rel
        out.append(Relation(kind, target))
        start = offset
    return out


def _list_relation(sentence: str) -> str | None:
    """The relation a sentence announces for the list that follows it ("Bãi bỏ các văn bản
    sau đây:", "Thông tư này thay thế các Thông tư sau:"); None when it announces none."""
    if not sentence.rstrip().endswith(":"):
        return None
    folded = fold(" ".join(sentence.split()).lower())
    if _PASSIVE.search(folded) or not (_SELF.search(folded) or _ENACTING.match(folded)):
        return None
    return _type(folded)


def _item_relations(sentence: str, rel: str, own: frozenset[str]) -> list[Relation]:
    """The targets of one item of an announced list ("1. Thông tư số 12/2014/TT-BTTTT …;"),
    each with the list's relation (a part of the target: amended)."""
    flat = " ".join(sentence.split())
    targets = _targets(flat, own)[:1]  # an item names its target first; others are its history
    part = _PART.search(fold(flat[: targets[0][0]].lower())) if targets else None
    kind = AMENDS if rel in (REPLACES, REPEALS) and part else rel
    return [Relation(kind, t) for _, t in targets]


def find_relations(text: str, own: frozenset[str] = frozenset()) -> list[Relation]:
    """The relations a text states about itself (see the module's docstring), each once;
    the items of a list announced by such a sentence ("… sau đây:") carry its relation."""
    out: dict[tuple[str, str], Relation] = {}
    announced: str | None = None
    for sentence in _SENTENCE.split(text):
        if len(sentence) > MAX_SENTENCE:
            announced = None
            continue
        found = _sentence_relations(sentence, own)
        if not found and announced and _ITEM.match(sentence):
            found = _item_relations(sentence, announced, own)
        elif not found:
            announced = None
        for r in found:
            out.setdefault((r.type, r.target), r)
        announced = _list_relation(sentence) or (announced if found else None)
    return list(out.values())


def consolidated(text: str, own: frozenset[str] = frozenset()) -> list[str]:
    """The texts a consolidated text (VBHN) brings together, as its opening lines name them
    before the legal bases ("Thông tư số 13/2022/TT-BLĐTBXH …, được sửa đổi, bổ sung bởi:
    Thông tư số 12/2024/TT-BLĐTBXH …. Căn cứ …"): each number written after "số"."""
    end = text.find("Căn cứ")
    head = text[: end if end > 0 else 3000]
    found = [
        n.text for n, s, _ in find_numbers(head) if re.search(r"số\s*$", head[max(0, s - 6) : s])
    ]
    return [t for t in dict.fromkeys(found) if t not in own]
