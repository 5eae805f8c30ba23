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
# (folded trigger, relation), the first that a sentence holds decides
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
_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=[A-ZĐÀ-Ỹ0-9(])|\n\s*\n")
MAX_SENTENCE = 600  # a longer "sentence" is a table or a run of text without stops


@dataclass(frozen=True)
class Relation:
    """One relation of a text to another, named by its identifier."""

    type: str  # replaces | repeals | amends | consolidates
    target: str  # "09/2023/QĐ-TTg", "QCVN 47:2011/BTTTT"


def _targets(sentence: str, own: frozenset[str]) -> list[str]:
    """The identifiers a sentence names, in order, its own left out."""
    codes = [(s, e, code) for code, s, e in find_codes(sentence)]
    found = [(s, code) for s, _, code in codes]
    found += [
        (s, n.text)
        for n, s, _ in find_numbers(sentence)
        if not any(cs <= s < ce for cs, ce, _ in codes)  # "2011/BTTTT" inside a QCVN code
    ]
    return [t for _, t in sorted(found) if t not in own]


def _type(folded: str) -> str | None:
    return next((rel for trigger, rel in _TRIGGERS if trigger in folded), None)


def find_relations(text: str, own: frozenset[str] = frozenset()) -> list[Relation]:
    """The relations a text states about itself (see the module's docstring), each once."""
    out: dict[tuple[str, str], Relation] = {}
    for sentence in _SENTENCE.split(text):
        if len(sentence) > MAX_SENTENCE:
            continue
        folded = fold(" ".join(sentence.split()).lower())
        rel = _type(folded)
        if rel is None or not _SELF.search(folded):
            continue
        for target in _targets(sentence, own):
            out.setdefault((rel, target), Relation(rel, target))
    return list(out.values())
