"""Did-you-mean and autocomplete as pure functions over small vocabularies."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.index.manifest import CatalogEntry
from search_api.search.suggest import (
    build_entries,
    build_vocab,
    complete,
    did_you_mean,
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


def test_restores_diacritics_with_compound_context() -> None:
    """GIVEN words typed without marks WHEN asking THEN compounds pick the right accented words."""
    assert did_you_mean(vocab(), "tuong thich dien tu") == "tương thích điện từ"
    assert did_you_mean(vocab(), "phat xa gia may thu") == "phát xạ giả máy thu"


def test_keeps_what_is_already_right() -> None:
    """GIVEN an accented query or codes WHEN asking THEN no suggestion (None)."""
    assert did_you_mean(vocab(), "tương thích điện từ") is None
    assert did_you_mean(vocab(), "QCVN 47:2015/BTTTT") is None
    assert did_you_mean(vocab(), "") is None


def test_corrects_unknown_words() -> None:
    """GIVEN a misspelt word WHEN asking THEN the closest frequent word (edit distance ≤ 2) is offered."""
    assert did_you_mean(vocab(), "thiet bii") == "thiết bị"
    assert did_you_mean(vocab(), "antenn") == "anten"
    assert did_you_mean(vocab(), "cogn suat") == "công suất"  # transposition


def test_keeps_syntax_case_and_operators() -> None:
    """GIVEN quotes, signs, fields and operators WHEN asking THEN only the words change."""
    assert did_you_mean(vocab(), '"phat xa" -may code:QCVN47') == '"phát xạ" -máy code:QCVN47'
    assert did_you_mean(vocab(), "Thiet bi AND tan so") == "Thiết bị AND tần số"


def test_edit_distance() -> None:
    """GIVEN pairs of words WHEN measuring THEN insert, delete, substitute, transpose count one each."""
    assert edit_distance("anten", "anten") == 0
    assert edit_distance("anten", "antenn") == 1
    assert edit_distance("cogn", "cong") == 1
    assert edit_distance("abc", "xyz", limit=2) == 3


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    """GIVEN any text WHEN asking THEN a string or None, never an exception."""
    out = did_you_mean(vocab(), text)
    assert out is None or isinstance(out, str)


def test_frequent_words_win_in_a_big_vocabulary() -> None:
    """GIVEN 40,000 rarer random words (twice the real corpus) beside the lexicon WHEN
    correcting a query THEN the frequent real words are still chosen (speed is measured in
    `make bench`, not asserted here)."""
    import random

    rng = random.Random(7)
    letters = "abcdeghiklmnopqrstuvxy"
    words = {"".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(40_000)}
    big = build_vocab([(w, rng.randint(1, 2)) for w in words] + LEXICON)
    got = did_you_mean(big, "tuong thich dien tu phat xa gia thiet bij")  # no "j" in the noise
    assert got == "tương thích điện từ phát xạ giả thiết bị"


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


def test_spelling_fixed_before_compounds() -> None:
    """GIVEN a misspelt syllable of a compound WHEN asking THEN the compound chooses its accents."""
    lexicon = [
        ("xây", 50),
        ("dựng", 40),
        ("dụng", 90),
        ("xây_dựng", 40),
        ("sử_dụng", 80),
        ("nhà", 30),
    ]
    assert did_you_mean(build_vocab(lexicon), "xay dungg nha") == "xây dựng nhà"
