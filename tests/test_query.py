"""The query language parser and the query → index request translation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from search_api.search.parts import build_parts, plan_for
from search_api.search.query import loosened, parse
from search_api.search.ranking import DEFAULT_RANKING, Ranking

QUERY_CHARS = st.text(
    alphabet=st.sampled_from(list('ab đêô"+-:() \t\n*?\\/~^AND OR NOT code:type:year:clause:')),
    max_size=60,
)


def test_plain_words_are_optional_terms() -> None:
    """GIVEN plain words WHEN parsed THEN each is a 'should' word and the text keeps them."""
    q = parse("phát xạ giả")
    assert [c.occur for c in q.elements] == ["should"] * 3
    assert q.text == "phát xạ giả"


def test_phrase_signs_and_operators() -> None:
    """GIVEN phrases, +/- and AND/NOT WHEN parsed THEN occurrences follow the operators."""
    q = parse('"phát xạ giả" +máy -thu a AND b NOT c')
    kinds = [(c.kind, c.occur, c.value) for c in q.elements]
    assert ("phrase", "should", "phát xạ giả") in kinds
    assert ("words", "must", "máy") in kinds and ("words", "must_not", "thu") in kinds
    assert ("words", "must", "a") in kinds and ("words", "must", "b") in kinds
    assert ("words", "must_not", "c") in kinds
    assert "thu" not in q.text.split() and "c" not in q.text.split()


def test_fields_become_filters() -> None:
    """GIVEN field syntax WHEN parsed THEN values (quoted or bare) become filters."""
    q = parse('code:"QCVN 47:2015" type:QCVN year:2015 clause:2.2.3 phát')
    assert q.filters == {"code": "QCVN 47:2015", "type": "QCVN", "year": "2015", "clause": "2.2.3"}
    assert q.text == "phát"


def test_malformed_syntax_degrades_to_words() -> None:
    """GIVEN a lone AND, an unbalanced quote, an empty field WHEN parsed THEN no error, words kept."""
    assert parse("AND").is_empty
    assert parse("code:").is_empty
    assert parse('"unbalanced quote').text == "unbalanced quote"
    assert parse("-36 dBm").text == "-36 dBm"  # a negative number is not an exclusion


def test_code_and_clause_number_detected() -> None:
    """GIVEN a code in any spelling and a clause number WHEN planned THEN both are recognised."""
    for spelling in ("QCVN 47:2015/BTTTT", "qcvn 47:2015", "QCVN47"):
        assert plan_for(spelling, DEFAULT_RANKING).codes, spelling
    plan = plan_for("QCVN 32:2026/BXD 2.3", DEFAULT_RANKING)
    assert plan.codes == ("QCVN 32:2026/BXD",)
    assert "2.3" in plan.clause_numbers


def test_accent_detection_drives_folding() -> None:
    """GIVEN queries with and without diacritics WHEN planned THEN `accented` tells them apart."""
    assert plan_for("phát xạ giả", DEFAULT_RANKING).accented
    assert not plan_for("phat xa gia", DEFAULT_RANKING).accented


@settings(max_examples=400, deadline=None)
@given(st.one_of(QUERY_CHARS, st.text(max_size=80)))
def test_parser_and_translation_never_raise(text: str) -> None:
    """GIVEN any text WHEN parsed and translated THEN a query comes out, never an exception."""
    parsed = parse(text)
    parts = build_parts(parsed, DEFAULT_RANKING, None, parsed.filters)
    assert all(t.boost > 0 for t in parts.request.terms)
    assert isinstance(parts.plan.highlight_terms, frozenset)


def _boosts(text: str, ranking: Ranking = DEFAULT_RANKING) -> dict[str, float]:
    parts = build_parts(parse(text), ranking, None, {})
    return {t.text: t.boost for t in parts.request.terms if t.field in ("b", "bf")}


def test_syllables_inside_a_word_weigh_less_than_a_word_of_their_own() -> None:
    """GIVEN 'thuật ngữ ML' (a two-syllable word and an abbreviation) WHEN turned into
    terms THEN the word's syllables weigh compound_syllables, the word and 'ml' weigh 1 —
    so the word no longer counts three times the abbreviation."""
    b = _boosts("thuật ngữ ML")
    assert b["thuật_ngữ"] == b["ml"] == 1.0
    assert b["thuật"] == b["ngữ"] == 0.5
    flat = _boosts("thuật ngữ ML", Ranking(compound_syllables=1.0))
    assert flat["thuật"] == flat["ml"] == 1.0


def test_queries_without_diacritics_keep_full_syllable_weights() -> None:
    """GIVEN a query typed without diacritics WHEN turned into terms THEN every folded
    syllable keeps weight 1 (segmenting folded text is unreliable)."""
    b = _boosts("thuat ngu ML")
    assert b["thuat"] == b["ngu"] == b["ml"] == 1.0


def test_loosened_unquotes_only_preferred_phrases() -> None:
    """GIVEN phrases with and without signs / operators WHEN loosened THEN only the plain ones
    become words, in place, and are listed; the others keep their quotes."""
    text, phrases = loosened('Khái niệm "mạng 5G phụ thuộc NSA" là gì')
    assert phrases == ("mạng 5G phụ thuộc NSA",)
    assert [(e.kind, e.value) for e in parse(text).elements][2:5] == [
        ("words", "mạng"),
        ("words", "5G"),
        ("words", "phụ"),
    ]
    assert loosened('+"a b" "c d"') == ('+"a b"  c d ', ("c d",))
    for strict in ('x NOT "a b"', '"a b" AND c', '-"a b" c', "no phrase", '"unbalanced'):
        assert loosened(strict) == (strict, ()), strict
