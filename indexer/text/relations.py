"""What a text says it does to other texts: "Quyết định này … thay thế Quyết định số
09/2023/QĐ-TTg", "Thông tư số 50/2014/TT-BGTVT … hết hiệu lực", "Quy chuẩn này được áp dụng
thay thế QCVN 47:2011/BTTTT", "sửa đổi, bổ sung một số điều của Nghị định số …".

Only sentences in which the text speaks of itself ("… này", as the closing provisions do)
count: a sentence that tells how two other texts relate ("Nghị định 08/2022 được sửa đổi bởi
Nghị định 05/2025") is a reference, not a relation of this text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.text.codes import find_codes
from indexer.text.legalnum import find_numbers
from indexer.text.provisions import END, ITEM, ITEM_MARKER, NAMED, ListReader, sentences
from indexer.text.vntext import fold, fold_key, fold_lower

REPLACES, REPEALS, AMENDS, CONSOLIDATES = "replaces", "repeals", "amends", "consolidates"
INVERSE = {
    REPLACES: "replaced_by",
    REPEALS: "repealed_by",
    AMENDS: "amended_by",
    CONSOLIDATES: "consolidated_by",
}
# (folded trigger, relation); the one a sentence holds first decides, but a text said to
# end ("… hết hiệu lực", also misspelt "hết liệu lực") is ended whatever its name says of it
# ("Thông tư số 02/2023 … sửa đổi, bổ sung Điều 1 của Thông tư số 09/2022 … hết hiệu lực")
_TRIGGERS = (
    ("sua doi, bo sung", AMENDS),
    ("sua doi bo sung", AMENDS),
    ("hop nhat", CONSOLIDATES),
    ("thay the", REPLACES),
    ("bai bo", REPEALS),
)
_ENDS = re.compile(r"\bhet (?:hieu|lieu) luc\b")
_KINDS = (
    r"(?:luat|bo luat|nghi dinh|nghi quyet|thong tu(?: lien tich)?|quyet dinh|chi thi|"
    r"quy chuan|tieu chuan|van ban|phap lenh)"
)
_SELF = re.compile(rf"\b{_KINDS}\s+nay\b")
# "… quy định tại Điều 4 Thông tư này", "theo Nghị định này": the text cites itself, it
# does not speak of itself
_CITES_SELF = re.compile(
    r"(?:\bdieu \d+\w*|\bkhoan \d+|\bdiem [a-z]|\bphu luc \w+|\btai|\btheo)\s+(?:cua\s+)?$"
)
# the promulgation formula speaks of the text itself: "Quốc hội ban hành Luật sửa đổi, bổ
# sung một số điều của Luật …", "Bộ trưởng … ban hành Thông tư bãi bỏ …"
_PROMULGATES = re.compile(
    rf"\bban hanh {_KINDS}\s+(?:ve viec\s+)?(?:sua doi|bo sung|bai bo|thay the)\b"
)
# an enacting sentence of an amending text: "Sửa đổi, bổ sung khoản 2 Điều 3 Nghị định số …",
# "Bãi bỏ khoản 2 Điều 32 của Luật … số 30/2023/QH15", "Bổ sung khoản 5 Điều 1 Quyết định …";
# a title says it the same way ("QUYẾT ĐỊNH ⏎ Về việc bổ sung nội dung tại Quyết định số …")
_ENACTING = re.compile(r"^(?:ve viec\s+)?(?:sua doi, bo sung|sua doi|bo sung|bai bo|thay the)\b")
# the kind a title stands under ("QUYẾT ĐỊNH ⏎ Về việc …"), upper case as headings are
_HEADING = re.compile(
    r"^(?:QUYET DINH|THONG TU(?: LIEN TICH)?|NGHI DINH|NGHI QUYET|CHI THI|BO LUAT|LUAT)\s+"
)
# the history of a text it names ("… đã được sửa đổi, bổ sung bởi Luật số …", "các Nghị định
# sửa đổi, bổ sung Nghị định số …"): not what this text does; the texts named after it are
# the target's amenders, not targets
_PASSIVE = re.compile(
    r"(?:\b(?:da )?duoc|\bcac (?:luat|nghi dinh|thong tu|quyet dinh|van ban))\s+"
    r"(?:sua doi, bo sung|sua doi|bo sung|thay the)"
)
# a part of the target ("khoản 2 Điều 3 của …", "Phụ lục IV ban hành kèm theo …", "nội dung
# … quy định tại …"), read in the words just before it: the target is amended, not ended
_PART = re.compile(
    r"\b(?:dieu \d|khoan|diem [a-z]\b|phu luc)|\b(?:noi dung|cum tu|cac quy dinh)\b.*"
    r"\b(?:tai|cua|theo|trong)\s+"
    rf"(?:cac\s+)?{_KINDS}\s*(?:so\s*)?$"
)
PART_WINDOW = 120
# a further text an item names as its own target: a part of it joined to the first ("… số
# 03/2021/TT-BKHĐT và Phụ lục I của Thông tư số 31/2026/TT-BTC")
_JOINED_PART = re.compile(r"^\s*(?:,|;|va)\s+(?:cac\s+)?(?:phu luc|dieu|khoan|diem)\b[^,;]{0,60}$")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
# a text an amending text names by its title only ("… của Luật Bảo hiểm y tế")
_TITLE = re.compile(
    r"\b(?:của|tại)\s+((?:Bộ luật|Luật|Pháp lệnh)\s+[^\W\d_][^,.;:()“”\"\n]{2,80}?)"
    r"(?=\s+(?:số|ngày|năm|như sau|đã|được|và|để|theo|tại)\b|\s*[,.;:()“”\"]|\s*$)"
)
_NEXT_TARGET = re.compile(rf";\s*(?:cac\s+)?(?:khoan|dieu|diem|phu luc|{_KINDS})\b")
# a later target of a sentence is one of its targets when joined to the one before ("…, Thông
# tư số …", "… và Nghị định số …", "…; khoản 1 Điều 3 Thông tư số …", "… và QCVN …"), not
# when it is in that one's name ("… quy định chi tiết một số điều của Nghị định số …"); a
# verb there gives it and those after it their relation ("… và bãi bỏ Quyết định số …")
_VERB = r"(?:sua doi, bo sung|sua doi|bo sung|bai bo|thay the)"
_PART_WORD = r"(?:(?:cac\s+)?(?:dieu|khoan|diem|phu luc|noi dung|cum tu)|cac quy dinh)\b"
_COORDINATED = re.compile(
    rf"(?:[,;]|\bva\b|\bhoac\b)\s+(?:dong thoi\s+)?(?P<verb>{_VERB}\s+)?"
    rf"(?:{_PART_WORD}[^;]{{0,120}}?)?(?:{_KINDS}(?:\s+lien tich)?\s*(?:so\s*)?)?$"
)
_BASES = re.compile(r"\n\s*Căn cứ\b")
MAX_SENTENCE = 1500  # a longer "sentence" (quotations left out) is a table or a run of text


@dataclass(frozen=True)
class Relation:
    """One relation of a text to another, named by its identifier (or by its title when
    the text gives no number for it: "Luật Bảo hiểm y tế")."""

    type: str  # replaces | repeals | amends | consolidates
    target: str  # "09/2023/QĐ-TTg", "QCVN 47:2011/BTTTT"
    # the relation the sentence states, before a part made it `amends` (a VBHN keeps the
    # parts its originals ended, not their amendments)
    stated: str = field(default="", compare=False)


def _targets(sentence: str, own: frozenset[str]) -> list[tuple[int, int, str]]:
    """The identifiers a sentence names with their spans, in order, its own left out."""
    codes = [(s, e, code) for code, s, e in find_codes(sentence)]
    found = list(codes)
    found += [
        (s, e, n.text)
        for n, s, e in find_numbers(sentence)
        if not any(cs <= s < ce for cs, ce, _ in codes)  # "2011/BTTTT" inside a QCVN code
    ]
    return [(s, e, t) for s, e, t in sorted(found) if t not in own]


def _type(folded: str) -> str | None:
    """The relation of the sentence's triggers (see _TRIGGERS)."""
    if _ENDS.search(folded):
        return REPEALS
    found = [(folded.find(t), rel) for t, rel in _TRIGGERS if t in folded]
    if found:
        return min(found)[1]
    return AMENDS if _ENACTING.match(folded) else None  # "Bổ sung …", "Sửa đổi …"


def _speaks_of_itself(folded: str) -> bool:
    """Whether a sentence is the text's own statement: "… này" as subject (not "Điều 4
    Thông tư này"), an enacting verb first, or the promulgation formula."""
    if _ENACTING.match(folded) or _PROMULGATES.search(folded):
        return True
    return any(
        not _CITES_SELF.search(folded[max(0, m.start() - 30) : m.start()])
        for m in _SELF.finditer(folded)
    )


def _fold(sentence: str) -> tuple[str, str]:
    """The sentence on one line without its quotations, and that folded to lower case (same
    length: offsets carry over); an item marker before it is left out."""
    sentence = _BASES.split(sentence, maxsplit=1)[0]  # a title runs into the legal bases
    flat = _QUOTED.sub(lambda m: " " * len(m.group()), " ".join(sentence.split()))
    start = ITEM_MARKER.match(flat) or _HEADING.match(fold(flat))
    flat = flat[start.end() :] if start else flat
    return flat, fold(flat.lower())


def _sentence_relations(sentence: str, own: frozenset[str], text: str) -> list[Relation]:
    """The relations one sentence states (see the module's docstring)."""
    flat, folded = _fold(sentence)
    passive = _PASSIVE.search(folded)
    active = folded[: passive.start()] if passive else folded
    rel = _type(active) or _type(folded[passive.end() :] if passive else "")
    if rel is None or not _speaks_of_itself(folded):
        return []
    out: list[Relation] = []
    end = 0
    for start, stop, target in _targets(flat[: len(active)], own):
        joined = _COORDINATED.search(folded[end:start]) if out else None
        rel = _type(joined["verb"]) or rel if joined and joined["verb"] else rel
        later = bool(out) and (joined is None or _described(active, start, rel))
        if all(r.target != target for r in out) and not later:
            part = _PART.search(folded[end:start][-PART_WINDOW:])
            out.append(Relation(_kind(rel, bool(part)), target, rel))
        end = stop
    if not out and rel == AMENDS:
        out = [Relation(rel, t, rel) for t in _titled(flat[: len(active)], text, own)]
    return out


def _described(folded: str, start: int, rel: str) -> bool:
    """Whether a later target of a sentence that ends or replaces texts is in the name of
    one of them ("khoản 1 Điều 3 Thông tư số 34/2018 … về việc sửa đổi, bổ sung một số điều
    của Thông tư số 42/2015 …"): after an amending verb, before the next ";"."""
    if rel == AMENDS:
        return False
    bounds = [m.end() for m in _NEXT_TARGET.finditer(folded, 0, start)]
    clause = folded[bounds[-1] if bounds else 0 : start]
    return any(t in clause for t, r in _TRIGGERS if r == AMENDS)


def _kind(rel: str, part: bool) -> str:
    """A part of a text replaced or repealed: the text is amended."""
    return AMENDS if part and rel in (REPLACES, REPEALS) else rel


def _titled(sentence: str, text: str, own: frozenset[str]) -> list[str]:
    """The texts an amending sentence names by title only ("… của Luật Bảo hiểm y tế"), each
    as the number the text gives it elsewhere ("Luật Bảo hiểm y tế số 25/2008/QH12"), or as
    its title when it gives none."""
    out = []
    for match in _TITLE.finditer(sentence):
        title = " ".join(match.group(1).split())
        if not title.split()[2 if title.startswith("Bộ") else 1][:1].isupper():
            continue  # "Luật này", "Luật hiện hành"
        words = r"\s+".join(re.escape(w) for w in fold_key(title).split())
        named = re.search(rf"\b{words}\s*,?\s+so\s*(?=\d)", fold_lower(text))
        numbers = find_numbers(text[named.end() : named.end() + 40]) if named else []
        number = numbers[0][0].text if numbers and numbers[0][1] == 0 else None
        out.append(number or title)
    return [t for t in dict.fromkeys(out) if t not in own]


def _list_relation(sentence: str, found: list[Relation]) -> str | None:
    """The relation a sentence announces for the items that follow it: a list after "…
    sau đây:" ("Bãi bỏ các văn bản sau đây:", "Thông tư này thay thế các Thông tư sau:"),
    or more texts after the ";" of a relation ("… thay thế nội dung … quy định tại Thông tư
    số …; Thông tư số …"); None when it announces none."""
    end = sentence.rstrip()[-1:]
    if end == ";" and found:
        return found[-1].type
    if end != ":":
        return None
    folded = _fold(sentence)[1]
    if _PASSIVE.search(folded) or not _speaks_of_itself(folded):
        return None
    return _type(folded)


def _item_relations(sentence: str, rel: str, own: frozenset[str]) -> list[Relation]:
    """The targets of one item of an announced list ("1. Thông tư số 12/2014/TT-BTTTT …;"),
    each with the list's relation (a part of the target: amended): the first text it names,
    and a part of another joined to it; the others are their history."""
    flat, folded = _fold(sentence)
    targets = _targets(flat, own)
    out: list[Relation] = []
    for index, (start, _, target) in enumerate(targets):
        gap = folded[targets[index - 1][1] : start] if index else ""
        if index and not _JOINED_PART.match(gap):
            continue
        part = _PART.search(folded[:start][-PART_WINDOW:] if index == 0 else gap)
        out.append(Relation(_kind(rel, bool(part)), target, rel))
    return out


def _subjects(
    subjects: list[str], sentence: str, found: list[Relation], listed: ListReader | None
) -> list[str]:
    """The texts named first in sentences that end with ";" and state nothing yet: the
    subjects of the statement that ends them ("Quyết định số 57/2008 …; Thông tư số
    41/2015 … hết hiệu lực …")."""
    if found or listed or not sentence.rstrip().endswith(";"):
        return []
    return [*subjects, sentence] if NAMED.match(_fold(sentence)[0]) else []


def find_relations(text: str, own: frozenset[str] = frozenset()) -> list[Relation]:
    """The relations a text states about itself (see the module's docstring), each once;
    the items of a list announced by such a sentence ("… sau đây:") carry its relation."""
    out: dict[tuple[str, str], Relation] = {}
    listed: ListReader | None = None
    subjects: list[str] = []  # "Quyết định số 57/2008/QĐ-BLĐTBXH …;" before "… hết hiệu lực"
    for sentence in sentences(text):
        if len(_QUOTED.sub("", sentence)) > MAX_SENTENCE:
            listed, subjects = None, []
            continue
        found = _sentence_relations(sentence, own, text)
        if found and NAMED.match(_fold(sentence)[0]):
            found += [r for s in subjects for r in _item_relations(s, found[0].stated, own)]
        subjects = _subjects(subjects, sentence, found, listed)
        if not found and listed:
            read = listed.read(sentence)
            if read == ITEM:
                found = _item_relations(sentence, listed.relation, own)
            listed = None if read == END else listed
        for r in found:
            out.setdefault((r.type, r.target), r)
        announced = _list_relation(sentence, found)
        if announced:
            listed = ListReader(announced)
        if listed:
            listed.open_end = sentence.rstrip().endswith(";")
    targets = {r.target for r in out.values()}
    # a number cut by a line break ("17/2022/TT-BL ĐTBXH") when the text gives it whole too
    return [
        r
        for r in out.values()
        if not any(t != r.target and t.startswith(r.target) for t in targets)
    ]


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
