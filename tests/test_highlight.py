"""Snippets: the fast matcher (one-byte folded copy of the text) gives byte-for-byte the HTML of
the previous implementation, kept below verbatim as the reference."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.text.tokens import match_key
from indexer.text.vntext import fold, fold_lower
from search_api.search import highlight
from search_api.search.highlight import WINDOW, match_spans, snippet

# search_api/highlight.py before the one-byte matcher (blob 3614210, `git show 0615ad5:search_api/highlight.py`),
# verbatim: fold_lower over the whole text, then one regex of the folded terms
REFERENCE_SOURCE = r'''
"""HTML snippets: the best window of a clause's text with <mark> around matched words."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from indexer.text.vntext import fold_lower

WINDOW = 260


@lru_cache(maxsize=512)
def _pattern(marks: frozenset[str]) -> re.Pattern[str] | None:
    """One regex for all terms, longest first, matched as whole tokens."""
    terms = sorted((m for m in marks if m), key=len, reverse=True)
    if not terms:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, terms)) + r")(?![^\W_])")


def match_spans(text: str, marks: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, folded term) of every token of text whose folded form is in marks.

    The text is folded and lower-cased once (same length), then one regex finds the terms:
    a longer term ("47:2015/btttt") wins over a shorter one inside it ("47").
    """
    pattern = _pattern(frozenset(fold_lower(m) for m in marks))
    if pattern is None:
        return []
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(fold_lower(text))]


def _best_window(spans: list[tuple[int, int, str]], size: int) -> int:
    """Start offset of the window of `size` chars holding the most distinct matched terms."""
    best, best_start = -1, 0
    j = 0
    for i, (start, _, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= start + size:
            j += 1
        distinct = len({s[2] for s in spans[i:j]})
        score = distinct * 10 + (j - i)
        if score > best:
            best, best_start = score, start
    return best_start


def snippet(text: str, marks: Iterable[str], size: int = WINDOW) -> str:
    """Escaped HTML fragment around the best matches, matched words wrapped in <mark>."""
    spans = match_spans(text, marks)
    if spans:
        anchor = _best_window(spans, size)
        start = max(0, anchor - size // 4)
    else:
        start = 0
    end = min(len(text), start + size)
    # widen to word boundaries
    floor, ceiling = max(0, start - 30), min(len(text), end + 30)  # a huge token cannot run away
    while start > floor and not text[start - 1].isspace():
        start -= 1
    while end < ceiling and not text[end].isspace():
        end += 1
    parts = ["…" if start > 0 else ""]
    cursor = start
    for s, e, _ in spans:
        if s < start or e > end:
            continue
        parts.append(html.escape(text[cursor:s]))
        parts.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    parts.append(html.escape(text[cursor:end]))
    parts.append("…" if end < len(text) else "")
    out = "".join(parts).replace("\n", " ")
    return out.replace("</mark> <mark>", " ")
'''
reference = types.ModuleType("highlight_reference")
exec(compile(REFERENCE_SOURCE, "highlight_reference.py", "exec"), reference.__dict__)


# --- generated texts ---------------------------------------------------------------------------

VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
ODD = (
    "ΣσςΜμµΩωΆά"  # Greek: capitals, final sigma, micro sign, tonos (not folded)
    "ᾈᾀᾼ"  # Greek title case: lower-cased only when the text has an upper-case letter
    "ЙйЖж"  # Cyrillic
    "ßẞİıǅǆǟÅÅKſøØ"  # Latin oddities: İ lowers to two characters, Kelvin and Ångström signs
    "\u0301\u0323\u031b"  # combining marks (NFD text)
    "ꙮ\uf8ff\x00\x01_"  # the matcher's stand-ins themselves, control characters, underscore
    "–≤°±…“”²½Ⅻ①𝐀😀"  # symbols in and out of the fast table, numbers, astral characters
)
ALPHABET = list(VIET + VIET.upper() + "fjwzFJWZ") + list("0123456789") * 4 + list(ODD)
CODES = ["QCVN", "47:2015/BTTTT", "2.2.3", "TCVN", "11930:2017", "-36", "dBμV/m", "c++", "2,4"]
SEPARATORS = [" "] * 8 + ["\n", ", ", ". ", ": ", "/", "-", "(", ")", "\t", "\xa0", "\u2028"]
SEPARATORS += ["\x85", "\u3000", "\x1c", " <", "& ", '"', "'", "_", "…", " – "]
WORDS = st.one_of(
    st.text(st.sampled_from(ALPHABET), min_size=1, max_size=7),
    st.text(st.sampled_from(VIET), min_size=1, max_size=6),
    st.sampled_from(CODES),
)
TEXTS = st.lists(st.tuples(WORDS, st.sampled_from(SEPARATORS)), max_size=70)
ODD_MARKS = ["", "47:2015/btttt", "2.2", "2", "c++", "-", "x-", "-y", ".", "tuong", "σ", "ᾀ", "_"]


@st.composite
def texts_and_marks(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A text of words and separators, and marks: some of its own words (folded, upper-cased,
    cut or as they are), random ones and odd ones."""
    pieces = draw(TEXTS)
    text = "".join(w + s for w, s in pieces)
    words = [w for w, _ in pieces]
    marks = []
    if words:
        for word in draw(st.lists(st.sampled_from(words), max_size=8)):
            how = draw(st.sampled_from(["fold", "fold", "fold_lower", "as is", "upper", "cut"]))
            if how == "fold":
                word = fold(word.lower())
            elif how == "fold_lower":
                word = fold_lower(word)
            elif how == "upper":
                word = word.upper()
            elif how == "cut":
                word = word[: draw(st.integers(0, len(word)))]
            marks.append(word)
    marks += draw(st.lists(st.one_of(WORDS, st.sampled_from(ODD_MARKS)), max_size=4))
    return text, marks


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts_and_marks(), st.one_of(st.just(WINDOW), st.integers(1, 80)))
def test_snippet_equals_reference(case: tuple[str, list[str]], size: int) -> None:
    """GIVEN any text and marks (Vietnamese in any case, codes, Greek, Cyrillic, combining
    marks, odd whitespace) WHEN highlighting THEN spans and HTML equal the old implementation's."""
    text, marks = case
    # since i/y spellings are one word ("ki" = "ky"), a span's term is its i/y key; where two
    # marks are one word, the window counts them once, so only then may snippets differ
    folded = {fold_lower(m) for m in marks if m}
    one_word = len({match_key(m) for m in folded}) < len(folded)
    for given_marks in (frozenset(marks), marks):
        expected = [(s, e, match_key(t)) for s, e, t in reference.match_spans(text, given_marks)]
        assert match_spans(text, given_marks) == expected
        if not one_word:
            assert snippet(text, given_marks, size) == reference.snippet(text, given_marks, size)


@st.composite
def spans(draw: st.DrawFn) -> list[tuple[int, int, str]]:
    """Sorted, non-overlapping spans (as finditer gives them), some longer than a window."""
    out, cursor = [], 0
    for gap, length, term in draw(
        st.lists(st.tuples(st.integers(0, 40), st.integers(1, 60), st.sampled_from("abcde")))
    ):
        out.append((cursor + gap, cursor + gap + length, term))
        cursor += gap + length
    return out


@settings(max_examples=500, deadline=None)
@given(spans(), st.integers(1, 300))
def test_best_window_equals_reference(found: list[tuple[int, int, str]], size: int) -> None:
    """GIVEN matched spans WHEN choosing the window with the most distinct terms THEN the
    sliding count picks the same start as the set per span did."""
    assert highlight._best_window(found, size) == reference._best_window(found, size)


# --- the one-byte folded copy ------------------------------------------------------------------


def test_folded_bytes_agree_with_fold_lower_on_every_character() -> None:
    """GIVEN every character below U+20000 (all the cased scripts) and some above
    WHEN folded to one byte THEN the byte is that of fold_lower(char), both when the text
    has an upper-case letter elsewhere and when it has not, or the word / non-word stand-in;
    a stand-in or alphabet byte is a regex word byte exactly when the character is a letter
    or digit. So a regex over the bytes matches what one over fold_lower(text) matches."""
    alphabet = highlight._ALPHABET
    assert not isinstance(alphabet.encoding, dict)  # the fast C map, not a dict lookup

    def is_word_byte(byte: int) -> bool:
        return re.fullmatch(b"[0-9A-Za-z]", bytes([byte])) is not None

    def code(folded: str) -> int:
        if folded in alphabet.byte_of:
            return alphabet.byte_of[folded]
        return highlight._LETTER_BYTE if highlight._WORDCHAR.match(folded) else 0xFF

    assert len(set(alphabet.byte_of.values())) == len(alphabet.byte_of)  # one byte each
    for folded, byte in alphabet.byte_of.items():
        assert is_word_byte(byte) == bool(highlight._WORDCHAR.match(folded)), folded
    assert is_word_byte(highlight._LETTER_BYTE) and not is_word_byte(highlight._OTHER_BYTE)
    assert highlight._LETTER_BYTE not in alphabet.byte_of.values()
    assert highlight._OTHER_BYTE not in alphabet.byte_of.values()

    points = [*range(0x20000), *range(0x20000, 0x110000, 97), 0x10FFFF]
    chars = "".join(map(chr, points))
    folded = highlight._folded_bytes(chars)
    try:
        assert len(folded) == len(chars)
        for ch, byte in zip(chars, folded, strict=True):
            alone, with_upper = fold_lower(ch), fold_lower("Σ" + ch)[1]
            assert byte == code(alone) == code(with_upper), hex(ord(ch))
            assert is_word_byte(byte) == bool(highlight._WORDCHAR.match(ch)), hex(ord(ch))
            # the snippet's widening to word boundaries relies on split() and isspace() agreeing
            assert (len(f"a{ch}a".split()) == 2) == ch.isspace(), hex(ord(ch))
    finally:
        highlight._SUBSTITUTES.clear()  # a cache: do not keep 130,000 rare characters


# --- examples -----------------------------------------------------------------------------------


def same(text: str, marks: set[str] | frozenset[str], size: int = WINDOW) -> str:
    """The snippet, checked against the reference."""
    out = snippet(text, frozenset(marks), size)
    assert out == reference.snippet(text, frozenset(marks), size)
    assert match_spans(text, frozenset(marks)) == reference.match_spans(text, frozenset(marks))
    return out


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        (  # upper-case text, folded marks
            "QUY CHUẨN KỸ THUẬT QUỐC GIA VỀ TƯƠNG THÍCH ĐIỆN TỪ",
            {"tuong", "thich", "dien"},
            "QUY CHUẨN KỸ THUẬT QUỐC GIA VỀ <mark>TƯƠNG THÍCH ĐIỆN</mark> TỪ",
        ),
        (  # đ and Đ fold to d
            "Đường dây điện đơn; ĐƯỜNG DÂY",
            {"duong", "dien", "don"},
            "<mark>Đường</mark> dây <mark>điện đơn</mark>; <mark>ĐƯỜNG</mark> DÂY",
        ),
        (  # Greek in the fast table: Ω lower-cases to ω
            "Điện trở 50 Ω, ΩMEGA ω",
            {"ω"},
            "Điện trở 50 <mark>Ω</mark>, ΩMEGA <mark>ω</mark>",
        ),
        (  # Cyrillic marks: not in the one-byte alphabet, folded with fold_lower
            "Ток ЖИЛЫ и жилы",
            {"жилы"},
            "Ток <mark>ЖИЛЫ</mark> и <mark>жилы</mark>",
        ),
        (  # upper-case Greek lowers letter by letter: Σ is σ, never the final ς
            "ΣΟΦΟΣ σοφος",
            {"σοφοσ"},
            "<mark>ΣΟΦΟΣ</mark> σοφος",
        ),
        (  # title-case ᾈ is lowered only when the text has an upper-case letter
            "ᾈ ᾀ",
            {"ᾀ"},
            "ᾈ <mark>ᾀ</mark>",
        ),
        ("ᾈ ᾀ Σ", {"ᾀ"}, "<mark>ᾈ ᾀ</mark> Σ"),
        (  # the Kelvin sign and ǟ (outside the table) fold to k and a; ß stays ß
            "5 K ǟ ß SS",
            {"k", "a", "ss"},
            "5 <mark>K ǟ</mark> ß <mark>SS</mark>",
        ),
        (  # combining marks (NFD) end a token: "tuo" + U+031B + "ng"
            "tuo\u031bng thi\u0301ch tuong",
            {"tuong", "tuo", "thich"},
            "<mark>tuo</mark>\u031bng thi\u0301ch <mark>tuong</mark>",
        ),
        (  # codes and clause numbers: the longer term wins over the shorter inside it
            "Theo QCVN 47:2015/BTTTT, QCVN 47 mục 2.2.3, 2.2 và 2.",
            {"47:2015/btttt", "47", "qcvn", "2.2.3", "2.2", "2"},
            "Theo <mark>QCVN 47:2015/BTTTT</mark>, <mark>QCVN 47</mark> mục <mark>2.2.3</mark>, "
            "<mark>2.2</mark> và <mark>2</mark>.",
        ),
        (  # a term ending in a symbol: the next match may start right where it ends
            "x--y x-y",
            {"x-", "-y"},
            "<mark>x-</mark><mark>-y</mark> x-y",
        ),
        (  # HTML is escaped, inside and outside marks
            "a < b & \"c\" 'd'",
            {"b", "c"},
            "a &lt; <mark>b</mark> &amp; &quot;<mark>c</mark>&quot; &#x27;d&#x27;",
        ),
        (  # line breaks become spaces; marks one space apart merge
            "tương\nthích, tương  thích",
            {"tuong", "thich"},
            "<mark>tương thích</mark>, <mark>tương</mark>  <mark>thích</mark>",
        ),
        ("no match here", {"khong"}, "no match here"),
        ("empty marks", set(), "empty marks"),
        ("empty mark", {""}, "empty mark"),
    ],
)
def test_examples(text: str, marks: set[str], expected: str) -> None:
    """GIVEN tricky text and marks WHEN highlighting THEN the expected HTML, the reference's."""
    assert same(text, marks) == expected


def test_marks_as_any_iterable() -> None:
    """GIVEN marks as a list or a set WHEN highlighting THEN as with a frozenset."""
    text = "Thiết bị vô tuyến điện"
    expected = "Thiết bị <mark>vô tuyến điện</mark>"
    assert snippet(text, ["vo", "tuyen", "dien"]) == snippet(text, {"vo", "tuyen", "dien"})
    assert snippet(text, iter(["vo", "tuyen", "dien"])) == expected


def test_long_text_window() -> None:
    """GIVEN a long text WHEN the marks are far in THEN the window moves there, cut at spaces,
    with an ellipsis at each cut end; no mark at all gives the start of the text."""
    text = "mở đầu " * 60 + "tương thích điện từ " + "kết thúc " * 60
    out = same(text, {"tuong", "thich"})
    assert out.startswith("…") and out.endswith("…")
    assert "<mark>tương thích</mark> điện từ" in out
    assert same(text, {"khong"}) == text[: text.index(" ", WINDOW)] + "…"  # whole words
    assert same("x" * 400 + " tương", {"tuong"}).endswith("<mark>tương</mark>")


# --- real clause text --------------------------------------------------------------------------

CLAUSE = (
    "2.2.3 Phát xạ giả\n2.2.3.1 Định nghĩa\nPhát xạ giả là phát xạ trên một hoặc nhiều tần số nằm "
    "ngoài độ rộng băng tần cần thiết, mức của phát xạ này có thể giảm mà không ảnh hưởng đến việc "
    "truyền thông tin tương ứng. Phát xạ giả bao gồm phát xạ hài, phát xạ ký sinh, các sản phẩm "
    "xuyên điều chế và các sản phẩm biến đổi tần số, nhưng không bao gồm phát xạ ngoài băng.\n"
    "2.2.3.2 Giới hạn\nCông suất của bất kỳ thành phần phát xạ giả nào không được vượt quá giá trị "
    "nêu trong Bảng 3: –36 dBm (9 kHz ≤ f ≤ 1 GHz) và –30 dBm (1 GHz < f ≤ 12,75 GHz); độ lệch "
    "cho phép ±1,5 dB; mức nhiễu nền 20 dBμV/m ở khoảng cách 3 m.\n2.2.3.3 Phương pháp đo\n"
    "Xem 3.4 của QCVN 47:2015/BTTTT và Phụ lục A (Quy định) về thiết bị thu phát vô tuyến điện."
)


def test_clause_text() -> None:
    """GIVEN a clause with numbers, units, symbols and a code WHEN highlighting query terms
    THEN the best window is marked as before."""
    assert same(CLAUSE, {"phat", "xa", "gia", "47:2015/btttt"}) == (
        "2.2.3 <mark>Phát xạ giả</mark> 2.2.3.1 Định nghĩa <mark>Phát xạ giả</mark> là "
        "<mark>phát xạ</mark> trên một hoặc nhiều tần số nằm ngoài độ rộng băng tần cần thiết, "
        "mức của <mark>phát xạ</mark> này có thể giảm mà không ảnh hưởng đến việc truyền thông "
        "tin tương ứng. <mark>Phát xạ giả</mark> bao gồm <mark>phát xạ</mark> hài, "
        "<mark>phát xạ</mark> ký sinh,…"
    )
    assert same(CLAUSE, {"dbμv", "m"}) == (
        "…GHz &lt; f ≤ 12,75 GHz); độ lệch cho phép ±1,5 dB; mức nhiễu nền 20 "
        "<mark>dBμV</mark>/<mark>m</mark> ở khoảng cách 3 <mark>m</mark>. 2.2.3.3 Phương pháp "
        "đo Xem 3.4 của QCVN 47:2015/BTTTT và Phụ lục A (Quy định) về thiết bị thu phát vô "
        "tuyến điện."
    )
    for marks in ({"khong", "co"}, {"2.2.3", "2.2", "3"}, {"36", "dbm", "ghz"}, {"thu", "phat"}):
        for size in (WINDOW, 40, 1000):
            same(CLAUSE, marks, size)


QUERIES = [
    "phát xạ giả máy thu",
    "phat xa gia may thu",
    "công suất phát cực đại của thiết bị là bao nhiêu?",
    "tương thích điện từ EMC",
    "QCVN 47:2015/BTTTT 2.2.3",
    "không dây 2,4 GHz -36 dBm",
    "an toàn hệ thống thông tin theo cấp độ",
    "dBμV/m ±1,5 dB",
]


def test_sample_corpus_clauses(sample_index: Path) -> None:
    """GIVEN every clause of the sample corpus and the highlight terms of real queries
    WHEN highlighting THEN every snippet is the reference's."""
    from search_api.reader.engine import Engine
    from search_api.search.parts import plan_for
    from search_api.search.ranking import DEFAULT_RANKING

    texts = [f["text"] for f in Engine(sample_index).snapshot().searcher.all_stored_fields()]
    assert len(texts) > 50
    for query in QUERIES:
        marks = plan_for(query, DEFAULT_RANKING).highlight_terms
        assert marks
        for text in texts:
            assert snippet(text, marks) == reference.snippet(text, marks), (query, text[:80])
