"""Did-you-mean, diacritics restoration and the language hint, over a small generated text
modelled as an index generation's text is (langmodel.SyllableModel)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from search_api.search.didyoumean import QueryNotes, notes
from search_api.search.langmodel import SyllableModel
from search_api.search.language import is_foreign
from search_api.search.suggest import build_vocab

# sentences as a regulation writes them; counts matter: "điện tử" is more frequent than
# "điện từ", but "tương thích điện từ" and "từ trường" settle the reading by context
SENTENCES = {
    "Tương thích điện từ của thiết bị vô tuyến.": 12,
    "Thiết bị điện tử gia dụng và thiết bị điện tử công nghiệp.": 30,
    "Cường độ điện từ trường tại vị trí đo.": 6,
    "Phát xạ giả của máy thu không vượt quá giới hạn.": 10,
    "Giá bán của thiết bị không thuộc phạm vi quy chuẩn.": 4,
    "Công suất phát tối đa của máy phát đo tại cổng anten.": 9,
    "Thu hồi giấy chứng nhận hợp quy khi thiết bị không phù hợp.": 5,
    "Danh mục sản phẩm bao nhiêu thiết bị phải chứng nhận.": 5,
    "Băng tần 2,4 GHz, công suất 100 mW, MHz, QoS, IoT.": 3,
    "Tỷ lệ lỗi bit trước bộ giải mã và sau bộ giải mã, dòng điện 5 mA.": 6,
}


def model() -> SyllableModel:
    return SyllableModel.of(text for text, n in SENTENCES.items() for _ in range(n))


def vocab():  # type: ignore[no-untyped-def]
    m = model()
    return build_vocab((w, int(m.counts[i])) for w, i in m.ids.items() if i)


def say(text: str) -> QueryNotes:
    return notes(model(), vocab(), text)


def test_restores_diacritics_by_context() -> None:
    """GIVEN queries typed without marks WHEN read THEN the context picks each syllable's tone:
    "điện từ trường" although "điện tử" is the more frequent pair."""
    assert say("tuong thich dien tu").restored == "tương thích điện từ"
    assert say("cuong do dien tu truong").restored == "cường độ điện từ trường"
    assert say("thiet bi dien tu").restored == "thiết bị điện tử"
    assert say("phat xa gia may thu").restored == "phát xạ giả máy thu"


def test_restoration_is_not_a_suggestion() -> None:
    """GIVEN a query typed without marks and correctly spelt WHEN read THEN no "did you mean"."""
    out = say("cong suat phat toi da")
    assert out.suggestion is None
    assert out.restored == "công suất phát tối đa"


def test_unsure_readings_are_not_shown() -> None:
    """GIVEN a syllable whose reading the text cannot settle WHEN read THEN nothing is claimed."""
    m = model()
    reading = m.restore(["gia"])  # "giả" and "giá": each has its own sentences
    assert reading is not None and reading.margin < math.inf
    alone = notes(m, vocab(), "gia")
    assert alone.restored is None or reading.margin >= 1.0


def test_correct_queries_get_nothing() -> None:
    """GIVEN queries as the measured corpus had them wrongly corrected WHEN read THEN no
    suggestion: each word occurs as typed, or is an acronym, unit or number."""
    for text in ("bao nhiêu thiết bị", "thu hồi giấy chứng nhận", "danh mục sản phẩm",
                 "phát xạ giả máy thu", "MHz", "QoS IoT", "công suất 100 mW",
                 "QCVN 47:2015/BTTTT phát xạ giả", "giá bán"):  # fmt: skip
        assert say(text) == QueryNotes(), text


def test_corrects_words_that_occur_nowhere() -> None:
    """GIVEN a misspelt word WHEN read THEN a frequent close word, toned by its neighbours."""
    assert say("thiet bii dien tu").suggestion == "thiết bị điện tử"
    assert say("thiết bịi điện tử").suggestion == "thiết bị điện tử"
    assert say("phát xạ gỉa").suggestion == "phát xạ giả"  # a tone no syllable has


def test_never_changes_quotes_codes_units_or_case() -> None:
    """GIVEN quotes, codes, acronyms and capitals WHEN read THEN only plain words change."""
    assert say('"phat xa" cua may thu').restored == '"phat xa" của máy thu'
    assert say("Thiet bi MHz QoS").restored == "Thiết bị MHz QoS"
    assert say("QCVN 47:2015 thiet bii").suggestion == "QCVN 47:2015 thiết bị"


def test_a_unit_that_is_also_a_word_typed_without_marks() -> None:
    """GIVEN "ma" and "va", which are mA and VA in another case but "mã" and "và" without
    marks WHEN typed in lower case without marks THEN they are read as words; as the unit is
    written ("mA") the symbol stays."""
    assert say("loi truoc giai ma va sau giai ma").restored == "lỗi trước giải mã và sau giải mã"
    assert say("dong dien 5 mA").restored == "dòng điện 5 mA"
    assert say("cong suat 100 mw").restored == "công suất 100 mw"  # not a word: stays


def test_english_queries_are_recognised() -> None:
    """GIVEN an English question WHEN read THEN it is marked as English, not "restored"."""
    out = say("what is the maximum transmit power")
    assert out.language == "en" and out.restored is None and out.suggestion is None
    assert is_foreign("maximum transmit power")
    assert not is_foreign("phat xa gia may thu")
    assert not is_foreign("QCVN 47:2015/BTTTT MHz QoS")  # acronyms and codes say nothing


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    """GIVEN any text WHEN read THEN notes, never an exception."""
    assert isinstance(say(text), QueryNotes)
