"""Tests for indexer.ingest.normalize: NFC, syllable repair, spacing, running headers."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.ingest.normalize import is_syllable, normalize_text, remove_running_lines
from indexer.ingest.process import prepare_document
from indexer.models import Page, RawDocument


def test_decomposed_input_becomes_nfc() -> None:
    """GIVEN text in NFD WHEN normalised THEN it equals the composed form."""
    text = "Thiết bị vô tuyến điện"
    assert normalize_text(unicodedata.normalize("NFD", text)) == text


def test_symbol_font_glyphs_are_mapped() -> None:
    """GIVEN Symbol-font private-use glyphs WHEN normalised THEN they become ≤ and ±."""
    assert normalize_text("f \uf0a3 30 MHz, \uf0b1 2 dB") == "f ≤ 30 MHz, ± 2 dB"


def test_old_style_tone_marks_become_new_style() -> None:
    """GIVEN old-style tone placement WHEN normalised THEN the tone sits on the first vowel."""
    assert normalize_text("hoà bình, thuỷ điện, khoẻ") == "hòa bình, thủy điện, khỏe"


def test_closed_syllables_keep_their_tone() -> None:
    """GIVEN 'Luật', 'kỹ thuật', 'hoặc' WHEN normalised THEN they are unchanged."""
    assert normalize_text("Luật kỹ thuật hoặc") == "Luật kỹ thuật hoặc"


def test_spacing_is_collapsed_and_trimmed() -> None:
    """GIVEN double spaces, tabs, spaces before punctuation WHEN normalised THEN one space, none before ',' '.'."""
    assert (
        normalize_text("Công  suất\t phát ,  tối đa .  \n( ghi chú )  ")
        == "Công suất phát, tối đa.\n(ghi chú)"
    )


def test_line_breaks_are_kept_and_blank_runs_collapsed() -> None:
    """GIVEN headings on their own lines and 4 blank lines WHEN normalised THEN lines stay, blanks shrink to one."""
    text = "1. QUY ĐỊNH CHUNG\n1.1 Phạm vi\n\n\n\n\nNội dung"
    assert normalize_text(text) == "1. QUY ĐỊNH CHUNG\n1.1 Phạm vi\n\nNội dung"


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("CÔNG BÁO/S ố 851 + 852", "CÔNG BÁO/Số 851 + 852"),
        ("VĂN B ẢN QUY PHẠM", "VĂN BẢN QUY PHẠM"),
        ("CHÍNH PH Ủ", "CHÍNH PHỦ"),
        ("Căn c ứ T ổ ch ức Qu ốc h ội s ố 57", "Căn cứ Tổ chức Quốc hội số 57"),
        ("đi làm vi ệc ở nước ngoài theo h ợp đồng", "đi làm việc ở nước ngoài theo hợp đồng"),
        ("Bảo hiểm y t ế", "Bảo hiểm y tế"),
        ("Quốc hội ban hành Lu ật", "Quốc hội ban hành Luật"),
    ],
)
def test_syllables_split_by_font_runs_are_glued(broken: str, fixed: str) -> None:
    """GIVEN a syllable split before its accented vowel WHEN normalised THEN it is whole again."""
    assert normalize_text(broken) == fixed


@pytest.mark.parametrize(
    "text", ["do ảnh hưởng", "cho ông ấy", "theo quy định ở trên", "điểm a, b và c", "Phụ lục A"]
)
def test_real_word_boundaries_are_not_glued(text: str) -> None:
    """GIVEN words that merely start with an accented vowel WHEN normalised THEN nothing is glued."""
    assert normalize_text(text) == text


def test_text_broken_inside_syllables_on_every_line_is_rejoined() -> None:
    """GIVEN a gazette page whose lines break inside syllables WHEN normalised THEN words and headings are whole."""
    raw = (
        "NGH\nỊ ĐỊNH\n \nQuy đ\nịnh chi tiết v\nà hư\nớng dẫn thi h\nành m\nột số điều \n \n"
        "Chương I \n \nNH\nỮNG QUY ĐỊNH CHUNG\n \nĐi\nều 1. Phạm vi điều chỉnh\n \n"
        "Ngh\nị định n\này quy đ\nịnh chi tiết\n"
    )
    out = normalize_text(raw)
    assert "NGHỊ ĐỊNH" in out
    assert "Quy định chi tiết và hướng dẫn thi hành một số điều" in out
    assert "\nĐiều 1. Phạm vi điều chỉnh\n" in out
    assert "Chương I\n" in out


def test_ascii_words_hyphenated_at_line_end_are_joined() -> None:
    """GIVEN 'inter-\\nface' and 'W-\\nCDMA' WHEN normalised THEN 'interface' and 'W-CDMA'."""
    assert normalize_text("the inter-\nface of W-\nCDMA") == "the interface of W-CDMA"


def test_vietnamese_hyphen_at_line_end_is_kept() -> None:
    """GIVEN a hyphen at a line end between Vietnamese words WHEN normalised THEN the line break stays."""
    assert (
        normalize_text("Đường sắt đô thị -\nloại hình metro")
        == "Đường sắt đô thị -\nloại hình metro"
    )


@pytest.mark.parametrize(("word", "ok"), [("người", True), ("Nghị", True), ("quốc", True), ("gì", True),
                                          ("hạnĐường", False), ("Forwardin", False), ("vàảnh", False), ("gi", False)])  # fmt: skip
def test_syllable_shape(word: str, ok: bool) -> None:
    """GIVEN a candidate WHEN checked THEN only one-syllable Vietnamese shapes pass."""
    assert is_syllable(word) is ok


def _gazette(n: int, body: str) -> Page:
    return Page(n, f"CÔNG BÁO/Số 323 + 324/Ngày 11-06-2026 {80 + n}\n{body}\n{n}")


def test_running_headers_and_page_numbers_are_removed() -> None:
    """GIVEN 4 pages with a gazette header whose page number changes and page-number footers WHEN stripped THEN only bodies stay."""
    bodies = [f"Điều {i}. Quy định số {i}\nKhoản {i} của điều {i}" for i in range(1, 5)]
    bodies[1] += "\nCÔNG BÁO là tên báo"
    out = remove_running_lines([_gazette(i, body) for i, body in enumerate(bodies, start=1)])
    assert [p.text for p in out] == bodies
    assert [p.number for p in out] == [1, 2, 3, 4]


def test_viettel_banner_is_removed_but_body_kept() -> None:
    """GIVEN the Viettel banner + title + 'Lần ban hành' on every page WHEN stripped THEN the first heading leads."""
    banner = "VIETTEL AI RACE Public 360\nCÁC YÊU CẦU VỀ THIẾT BỊ\nTRẠM GỐC W-CDMA FDD\nLần ban hành: 1\n"
    bodies = [
        "1. Phạm vi\nQuy chuẩn này áp dụng",
        "2. Đối tượng\nTổ chức, cá nhân",
        "3. Giải thích\nCác từ ngữ",
    ]
    pages = [Page(i, f"{banner}{i}\n{body}") for i, body in enumerate(bodies, start=1)]
    assert [p.text for p in remove_running_lines(pages)] == bodies


def test_lines_repeated_on_few_pages_stay() -> None:
    """GIVEN a line at the top of only 1 page of 5 WHEN stripped THEN it stays."""
    ends = ["Công suất phát", "Độ nhạy máy thu", "Phát xạ giả", "Tần số", "Băng thông"]
    pages = [Page(i, f"Bảng {i} - Giới hạn\n{end}") for i, end in enumerate(ends, start=1)]
    pages[2] = Page(3, "Hình 1 - Mặt nạ phổ\nPhát xạ giả")
    assert remove_running_lines(pages) == tuple(pages)


def test_prepared_pages_keep_empty_pages_and_numbers() -> None:
    """GIVEN pages including an empty one WHEN a document is prepared THEN every page number
    survives in order, its text normalised."""
    pages = (Page(1, "Trang  một"), Page(2, ""), Page(3, "Trang  ba"))
    out = prepare_document(RawDocument("d.pdf", "d.pdf", "pdf", pages), {}).pages
    assert [(p.number, p.text) for p in out] == [(1, "Trang một"), (2, ""), (3, "Trang ba")]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_text_is_idempotent_on_any_text(text: str) -> None:
    """GIVEN any Unicode text WHEN normalised twice THEN the second pass changes nothing."""
    once = normalize_text(text)
    assert normalize_text(once) == once


_VIET = st.text(alphabet="aăâeêioôơuưy àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ\n bcdđghklmnpqrstvx.,", max_size=200)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_VIET)
def test_normalize_text_is_idempotent_on_vietnamese_like_text(text: str) -> None:
    """GIVEN Vietnamese-looking letter soup WHEN normalised twice THEN the second pass changes nothing."""
    once = normalize_text(text)
    assert normalize_text(once) == once


def test_wrapped_lines_of_whole_syllables_are_not_glued() -> None:
    """GIVEN ordinary wrapped text (whole syllables at every line end) WHEN normalised
    THEN no line is glued to the next ("thiết bị\\nA.1" must not become "thiết bịA.1")."""
    lines = [f"Phép thử số {i} được thực hiện với thiết bị" for i in range(12)]
    text = "\n".join(f"{line}\nA.{i} Đối với máy thu phát" for i, line in enumerate(lines))
    assert normalize_text(text).count("\n") == text.count("\n")
    assert "bịA" not in normalize_text(text)
