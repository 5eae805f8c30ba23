"""Vietnamese analysis: segmentation offsets, tokens, folding, query/index symmetry."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.index.analysis import vn_analyzer, vn_folded_analyzer
from indexer.text.segment import segment
from indexer.text.tokens import grouped_forms, iter_tokens, terms
from indexer.text.vntext import (
    fold,
    has_diacritics,
    iy_forms,
    iy_key,
    iy_spelling,
    map_symbols,
    nfc,
    normalize_tones,
)

VI_TEXT = st.text(
    alphabet=st.sampled_from(
        list(
            "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ĐÊÔ0123456789.,:/-_\n"
        )
    ),
    max_size=80,
)


def token_texts(text: str) -> list[str]:
    return [t.text for t in terms(segment(text))]


def test_words_and_syllables_both_indexed() -> None:
    """GIVEN a Vietnamese phrase WHEN analysed THEN both the word and its syllables are tokens."""
    toks = token_texts("công nghệ thông tin")
    assert "công_nghệ_thông_tin" in toks or "công_nghệ" in toks
    assert {"công", "nghệ", "thông", "tin"} <= set(toks)


def test_short_syllables_and_digits_survive() -> None:
    """GIVEN syllables Whoosh's default analyzer drops WHEN analysed THEN they are kept."""
    toks = token_texts("ở an 5 điều 12")
    assert {"ở", "an", "5", "điều", "12"} <= set(toks)


def test_codes_numbers_and_units_are_tokens() -> None:
    """GIVEN codes, clause numbers, decimals and units WHEN analysed THEN each is searchable."""
    toks = token_texts("QCVN 47:2015/BTTTT mục 2.2.3: 2,4 GHz, -36 dBm, 220V")
    for expected in (
        "qcvn",
        "47:2015/btttt",
        "47",
        "2015",
        "btttt",
        "2.2.3",
        "2,4",
        "ghz",
        "36",
        "dbm",
        "220v",
        "220",
        "v",
    ):
        assert expected in toks, expected


def test_no_compound_of_number_and_word() -> None:
    """GIVEN underthesea glues '220V mục' WHEN analysed THEN no mixed compound token appears."""
    assert not [
        t for t in token_texts("điện áp 220V mục 2") if "_" in t and any(c.isdigit() for c in t)
    ]


def test_query_and_index_analysis_agree() -> None:
    """GIVEN the same text typed as a query WHEN analysed THEN tokens equal the indexed ones."""
    text = "Thiết bị phải đáp ứng yêu cầu phát xạ giả"
    analyzer = vn_analyzer()
    indexed = [t.text for t in analyzer(segment(text))]
    assert indexed == token_texts(text)


def test_folded_analyzer_strips_marks_and_d() -> None:
    """GIVEN accented text WHEN analysed by the folded analyzer THEN tokens are plain ASCII."""
    toks = [t.text for t in vn_folded_analyzer()(segment("Đường sắt đô thị tương thích điện từ"))]
    assert "duong" in toks and "tuong" in toks and "dien" in toks
    assert all(t.isascii() for t in toks)


def test_tone_mark_conventions_meet() -> None:
    """GIVEN old and new tone placement WHEN normalised THEN they are the same string."""
    for old, new in (("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Hoà Bình", "Hòa Bình")):
        assert normalize_tones(old) == normalize_tones(new) == new
    assert normalize_tones("quý") == "quý"
    # vowels with both a quality mark and a tone must not be touched
    for word in ("THUẬT", "hoặc", "thuế", "quỹ", "khuya", "hoàng"):
        assert normalize_tones(word) == word
    assert normalize_tones("hoàng") == "hoàng"


def test_i_and_y_spellings_are_one_term() -> None:
    """GIVEN the two accepted spellings of an i/y syllable (kĩ/kỹ, lí/lý, qui/quy, tỉ/tỷ)
    WHEN analysed, as the index and as a query, with and without marks THEN they give the
    same terms; syllables where i and y differ (tuy/tui, chi, thi, yêu) are untouched."""
    for a, b in (("Kĩ thuật", "kỹ thuật"), ("quản lí", "quản lý"), ("qui định", "quy định"),
                 ("tỉ lệ", "tỷ lệ"), ("Kí hiệu", "ký hiệu"), ("hi vọng", "hy vọng")):  # fmt: skip
        assert token_texts(a) == token_texts(b), (a, b)
        assert [t.text for t in vn_analyzer()(segment(a))] == token_texts(b)
        folded = [t.text for t in vn_folded_analyzer()(segment(a))]
        assert folded == [t.text for t in terms(segment(b), folded=True)]
        unaccented = [t.text for t in vn_folded_analyzer()(fold(b)) if "_" not in t.text]
        assert [t for t in folded if "_" not in t] == unaccented  # "ki thuat" typed plainly
    assert token_texts("tuy") != token_texts("tui")
    for word in ("chi", "thi", "khi", "yêu", "huy", "kim", "hiệu"):
        assert token_texts(word) == [word]
    assert iy_key("kĩ_thuật") == "kỹ_thuật" and iy_forms("kĩ") == ("kỹ", "kĩ")


def test_symbol_font_glyphs_mapped() -> None:
    """GIVEN Symbol-font private-use glyphs WHEN mapped THEN they become the real symbols."""
    assert map_symbols("PT \uf0a3 50 W, \uf0b3 2, \uf0b1 5") == "PT ≤ 50 W, ≥ 2, ± 5"


def test_has_diacritics() -> None:
    """GIVEN typed queries WHEN checked THEN only those with marks or đ count as accented."""
    assert has_diacritics("phát xạ") and has_diacritics("đo")
    assert not has_diacritics("phat xa gia")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_analyzer_never_crashes_on_arbitrary_unicode(text: str) -> None:
    """GIVEN any Unicode WHEN segmented and analysed THEN no exception and offsets are in range."""
    seg = segment(text)
    assert len(seg) == len(text)
    for tok in iter_tokens(seg):
        assert 0 <= tok.start < tok.end <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_fold_is_idempotent_and_length_preserving(text: str) -> None:
    """GIVEN any NFC text WHEN folded twice THEN the result is stable and keeps the length."""
    text = unicodedata.normalize("NFC", text)
    once = fold(text)
    assert fold(once) == once
    assert len(once) == len(text)


@settings(max_examples=300, deadline=None)
@given(VI_TEXT)
def test_offsets_round_trip(text: str) -> None:
    """GIVEN Vietnamese text WHEN analysed THEN each token's offsets give back its text."""
    text = nfc(text)
    seg = segment(text)
    for tok in iter_tokens(seg):
        assert seg[tok.start : tok.end] == tok.text
        assert (
            text[tok.start : tok.end].replace(" ", "_") == tok.text.replace(" ", "_")
            or "_" in tok.text
        )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100))
def test_nfc_idempotent(text: str) -> None:
    """GIVEN any text WHEN normalised twice THEN nothing changes the second time."""
    assert nfc(nfc(text)) == nfc(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120), VI_TEXT)
def test_fold_lower_keeps_offsets(anything: str, vietnamese: str) -> None:
    """GIVEN any text WHEN folded and lower-cased for highlighting THEN the length is kept;
    on Vietnamese text (any case) it equals fold(text.lower())."""
    from indexer.text.vntext import fold_lower

    assert len(fold_lower(anything)) == len(anything)
    for text in (vietnamese, vietnamese.upper()):
        text = unicodedata.normalize("NFC", text)
        assert fold_lower(text) == fold(text.lower())


@given(VI_TEXT)
@settings(max_examples=200, deadline=None)
def test_iy_spelling_keeps_length_and_words(text: str) -> None:
    """GIVEN any Vietnamese-looking text WHEN its i/y variants are spelt with y THEN it has
    the same length, so that the segmenter's offsets stay the text's, and changes only i."""
    out = iy_spelling(text)
    assert len(out) == len(text)
    assert all(a == b or a.lower() in "iíìỉĩị" for a, b in zip(text, out, strict=True))
    assert iy_spelling("Kĩ thuật, QUI ĐỊNH, chi tuy") == "Kỹ thuật, QUY ĐỊNH, chi tuy"


def test_grouped_thousands_are_also_one_number() -> None:
    """GIVEN numbers written in groups of thousands ("2 450 MHz", "1.000 km") WHEN analysed
    THEN the joined number is a token too, at its last group's position; clause numbers,
    decimals and plain numbers are left as they are."""
    toks = [(t.text, t.pos) for t in iter_tokens("Băng tần 2 450 MHz, 1.000 km, 2,5 dB, 2.2.3")]
    assert ("2450", 3) in toks and ("450", 3) in toks and ("mhz", 4) not in toks
    assert ("1000", 5) in toks and ("1.000", 5) in toks
    assert not any(t in ("25", "223") for t, _ in toks)
    assert grouped_forms("2450") == ("2 450", "2.450") and grouped_forms("450") == ()
    assert [t.text for t in iter_tokens("2450 MHz")] == ["2450", "MHz"]
