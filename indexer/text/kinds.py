"""Kinds of documents: a stable slug (`kind`), the Vietnamese label shown as `type`, the words
a heading uses for it and the part of a document number that marks it ("NĐ" in
"117/2022/NĐ-CP")."""

from __future__ import annotations

from indexer.text.vntext import fold

# slug → label shown as the document's type (and facet)
KIND_LABELS = {
    "qcvn": "QCVN", "tcvn": "TCVN", "adopted": "TCVN", "luat": "Luật", "bo-luat": "Bộ luật",
    "nghi-dinh": "Nghị định", "nghi-quyet": "Nghị quyết", "thong-tu": "Thông tư",
    "thong-tu-lien-tich": "Thông tư liên tịch", "quyet-dinh": "Quyết định",
    "chi-thi": "Chỉ thị", "van-ban-hop-nhat": "Văn bản hợp nhất", "cong-van": "Công văn",
    "phap-dien": "Pháp điển", "other": "Khác",
}  # fmt: skip
LEGAL_KINDS = frozenset(KIND_LABELS) - {"qcvn", "tcvn", "adopted", "phap-dien", "other"}
# the heading word of a legal text (longest first, so "THÔNG TƯ LIÊN TỊCH" wins)
_HEADING_WORDS = {
    "THONG TU LIEN TICH": "thong-tu-lien-tich", "VAN BAN HOP NHAT": "van-ban-hop-nhat",
    "BO LUAT": "bo-luat", "NGHI DINH": "nghi-dinh", "NGHI QUYET": "nghi-quyet",
    "THONG TU": "thong-tu", "QUYET DINH": "quyet-dinh", "CHI THI": "chi-thi", "LUAT": "luat",
}  # fmt: skip
# the kind part of a number: "NĐ" in "117/2022/NĐ-CP" (folded, upper case)
NUMBER_KINDS = {
    "ND": "nghi-dinh", "TT": "thong-tu", "TTLT": "thong-tu-lien-tich", "QD": "quyet-dinh",
    "NQ": "nghi-quyet", "CT": "chi-thi", "VBHN": "van-ban-hop-nhat",
}  # fmt: skip
# what a user may type before a number: "nghị định 117/2022", "nđ 117/2022", "qd 28/2026"
QUERY_KIND_WORDS = {
    **{k.lower(): v for k, v in NUMBER_KINDS.items()},
    **{k.lower(): v for k, v in _HEADING_WORDS.items()},
    "thong tu lien tich": "thong-tu-lien-tich", "luat so": "luat", "vbhn": "van-ban-hop-nhat",
}  # fmt: skip


def kind_label(kind: str) -> str:
    """The type label of a kind slug ("nghi-dinh" → "Nghị định"); "Khác" when unknown."""
    return KIND_LABELS.get(kind, "Khác")


def heading_kind(line: str) -> str | None:
    """The kind a heading line names on its own ("NGHỊ ĐỊNH", "THÔNG TƯ LIÊN TỊCH"), or None."""
    return _HEADING_WORDS.get(" ".join(fold(line).upper().split()))


def word_kind(words: str) -> str | None:
    """The kind named by a word in running text ("Thông tư", "nghị định"), or None."""
    return _HEADING_WORDS.get(" ".join(fold(words).upper().split()))
