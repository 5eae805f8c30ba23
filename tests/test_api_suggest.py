"""Autocomplete and edit distance as pure functions over small vocabularies."""

from __future__ import annotations

from indexer.index.manifest import CatalogEntry
from search_api.search.suggest import (
    build_entries,
    build_vocab,
    complete,
    edit_distance,
)

LEXICON = [
    ("tương", 40), ("thích", 35), ("tương_thích", 30), ("điện", 90), ("từ", 80), ("tử", 20),
    ("điện_từ", 25), ("điện_tử", 5), ("phát", 60), ("xạ", 50), ("giả", 30), ("phát_xạ", 45),
    ("thiết", 70), ("bị", 70), ("thiết_bị", 70), ("máy", 40), ("thu", 30), ("tần", 50), ("số", 60),
    ("ban", 3), ("bản", 9), ("băng", 20), ("anten", 12), ("công", 40), ("suất", 40),
]  # fmt: skip


def vocab():  # type: ignore[no-untyped-def]
    return build_vocab(LEXICON)


def test_edit_distance() -> None:
    """GIVEN pairs of words WHEN measuring THEN insert, delete, substitute, transpose count one each."""
    assert edit_distance("anten", "anten") == 0
    assert edit_distance("anten", "antenn") == 1
    assert edit_distance("cogn", "cong") == 1
    assert edit_distance("abc", "xyz", limit=2) == 3


def test_complete_prefixes() -> None:
    """GIVEN codes, titles and headings WHEN completing THEN prefix matches ignore marks and spaces."""
    docs = [
        CatalogEntry(
            doc_id="a.pdf", file="a.pdf", kind="pdf", code="QCVN 47:2015/BTTTT",
            title="Quy chuẩn về phổ tần số",
        )
    ]  # fmt: skip
    entries = build_entries(
        docs, [("Phát xạ giả", 3), ("Phổ tần", 1)], lambda d: f"/doc/{d}", lambda t: f"/?q={t}"
    )
    assert [e.text for e in complete(entries, "qcvn47")] == ["QCVN 47:2015/BTTTT"]
    assert [e.text for e in complete(entries, "pho tan")] == ["Phổ tần", "Quy chuẩn về phổ tần số"]
    assert [e.kind for e in complete(entries, "phat")] == ["heading"]
    assert complete(entries, "") == []
