"""Relations stated in closing lists, broken gazette pages, titles and names of texts
(generated snippets shaped like the gazette PDFs' text: no shared data)."""

from __future__ import annotations

from indexer.text.provisions import sentences
from indexer.text.relations import find_relations


def _pairs(text: str, own: frozenset[str] = frozenset()) -> set[tuple[str, str]]:
    return {(r.type, r.target) for r in find_relations(text, own)}


REPEAL_LIST = (
    "Điều 1. Bãi bỏ toàn bộ văn bản quy phạm pháp luật\n"
    "Bãi bỏ toàn bộ 03 văn bản quy phạm pháp luật do Bộ trưởng ban hành, liên tịch ban hành "
    "sau đây:\n94 CÔNG BÁO/Số 227 + 228/Ngày 01-02-2025\n\n"
    "1. Thông tư số 08/2013/TT-BLĐTBXH ngày 10/6/2013 của Bộ trưởng hướng dẫn Nghị định số "
    "46/2013/NĐ-CP ngày 10/5/2013 của Chính phủ.\n"
    "2. Quyết định số 01/2006/QĐ-BLĐTBXH ngày 26/12/2006 của Bộ trưởng.\n"
    "3. Nghị quyết liên tịch số 01/2008/NQLT-BLĐTBXH-BCA-UBTƯMTTQVN ngày 28/8/2008.\n"
    "Điều 2. Hiệu lực thi hành\n"
    "1. Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 02 năm 2025.\n"
    "2. Vụ trưởng Vụ Pháp chế chịu trách nhiệm theo dõi Thông tư số 09/2020/TT-BLĐTBXH."
)


def test_a_list_broken_by_a_running_header_keeps_its_items() -> None:
    """GIVEN "… sau đây:", a gazette page header, then items "1." "2." "3." each on its own
    line WHEN read THEN each item's first text is repealed (not the decree it guides), and
    the list ends at the next article."""
    assert _pairs(REPEAL_LIST) == {
        ("repeals", "08/2013/TT-BLĐTBXH"),
        ("repeals", "01/2006/QĐ-BLĐTBXH"),
        ("repeals", "01/2008/NQLT-BLĐTBXH-BCA-UBTƯMTTQVN"),
    }


def test_sentences_drop_headers_and_join_broken_paragraphs() -> None:
    """GIVEN a header inside a sentence, a paragraph break inside a word group and a year cut
    over two lines WHEN split THEN one sentence, no header, the number whole."""
    text = (
        "2. Sửa đổi, bổ\n\nsung một số\n\nđiều của Nghị định số\n\n88/2\n020/NĐ-CP ngày 28 "
        "tháng 7 năm 2020\nCÔNG BÁO/Số 851\n\n+ 852\n/Ngày 01\n-\n7\n-\n2025\n\n57\n\nquy "
        "định chi tiết như sau:"
    )
    found = sentences(text)
    assert len(found) == 1 and "CÔNG BÁO" not in found[0] and "88/2020/NĐ-CP" in found[0]
    assert found[0].startswith("2. Sửa đổi, bổ sung")
    assert _pairs(text) == {("amends", "88/2020/NĐ-CP")}
    heading = "Điều 44. Hiệu lực thi hành\n\n1. Nghị định này có hiệu lực."
    assert [" ".join(s.split()) for s in sentences(heading)][-1] == (
        "1. Nghị định này có hiệu lực."
    )


def test_a_stray_line_inside_a_list_does_not_end_it() -> None:
    """GIVEN a list whose item is continued after ";" in lower case and followed by one line
    that is no item (a page put out of order) WHEN read THEN the next item still counts; a
    second stray line ends the list."""
    text = (
        "2. Kể từ ngày Nghị định này có hiệu lực thi hành, các điều khoản sau đây hết hiệu "
        "lực thi hành:\n\na) Khoản 2 Điều 3;\n\ncác khoản 1, 3 Điều 7 của Nghị định số "
        "135/2020/NĐ-CP ngày 18 tháng 11 năm 2020.\n\nPhụ lục III ban hành kèm theo Nghị "
        "định số 135/2020/NĐ-CP;\n\nb) Các khoản 7, 8 Điều 38 của Nghị định số 33/2023/NĐ-CP."
        "\n\nMột dòng khác.\n\nThêm một dòng.\n\nc) Nghị định số 10/2019/NĐ-CP được trích dẫn."
    )
    assert _pairs(text) == {("amends", "135/2020/NĐ-CP"), ("amends", "33/2023/NĐ-CP")}


def test_an_ended_text_is_repealed_whatever_its_name_says() -> None:
    """GIVEN a long closing sentence ending two circulars, the second named by what it
    amends, with the misspelt "hết liệu lực" WHEN read THEN both are repealed, the first
    once (its second mention, a part in the other's name, is no amendment)."""
    name = "hướng dẫn một số nội dung thực hiện đa dạng hóa sinh kế " * 6
    text = (
        f"2. Thông tư số 09/2022/TT-BLĐTBXH ngày 25 tháng 5 năm 2022 của Bộ trưởng {name}, "
        "Thông tư số 02/2023/TT-BLĐTBXH ngày 12 tháng 4 năm 2023 của Bộ trưởng sửa đổi, bổ "
        f"sung Điều 1 của Thông tư số 09/2022/TT-BLĐTBXH {name} hết liệu lực thi hành kể từ "
        "ngày Thông tư này có hiệu lực thi hành."
    )
    assert len(text) > 600
    assert _pairs(text) == {("repeals", "09/2022/TT-BLĐTBXH"), ("repeals", "02/2023/TT-BLĐTBXH")}


def test_texts_named_before_a_semicolon_share_the_statement_that_ends_them() -> None:
    """GIVEN "Quyết định số … ; Thông tư số … hết hiệu lực …" WHEN read THEN both are
    repealed; a list of legal bases ending in ";" states nothing."""
    text = (
        "2. Quyết định số 57/2008/QĐ-BLĐTBXH ngày 26/05/2008 của Bộ trưởng ban hành Quy định "
        "sử dụng giáo viên; Thông tư số 41/2015/TT-BLĐTBXH ngày 20/10/2015 của Bộ trưởng hết "
        "hiệu lực thi hành kể từ ngày Thông tư này có hiệu lực."
    )
    assert _pairs(text) == {("repeals", "57/2008/QĐ-BLĐTBXH"), ("repeals", "41/2015/TT-BLĐTBXH")}
    bases = (
        "Căn cứ Nghị định số 62/2022/NĐ-CP ngày 12/9/2022 của Chính phủ;\nNghị định số "
        "34/2016/NĐ-CP ngày 14/5/2016 của Chính phủ;\nTheo đề nghị của Vụ trưởng Vụ Pháp chế."
    )
    assert _pairs(bases) == set()


def test_texts_after_the_semicolon_of_a_relation_carry_it() -> None:
    """GIVEN "… thay thế nội dung … quy định tại Thông tư số A …; Thông tư số B … sửa đổi, bổ
    sung … Thông tư số A và Phụ lục I của Thông tư số C …" WHEN read THEN A, B and C are
    amended (a content, a text and a part replaced), nothing else."""
    text = (
        "1. Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 4 năm 2026 và thay thế nội "
        "dung về đầu tư ra nước ngoài quy định tại Thông tư số 03/2021/TT-BKHĐT ngày 09 tháng "
        "4 năm 2021 của Bộ trưởng quy định mẫu văn bản; Thông tư số 25/2023/TT-BKHĐT ngày 31 "
        "tháng 12 năm 2023 của Bộ trưởng sửa đổi, bổ sung một số điều của Thông tư số "
        "03/2021/TT-BKHĐT và Phụ lục I của Thông tư số 31/2026/TT-BTC ngày 27 tháng 3 năm "
        "2026 của Bộ Tài chính quy định về phân cấp, căn cứ Nghị định số 29/2025/NĐ-CP.\n"
        "2. Đối với các hồ sơ đã tiếp nhận trước ngày Thông tư này có hiệu lực thì tiếp tục."
    )
    assert _pairs(text) == {
        ("amends", "03/2021/TT-BKHĐT"),
        ("amends", "25/2023/TT-BKHĐT"),
        ("amends", "31/2026/TT-BTC"),
    }


def test_a_text_named_in_the_name_of_another_is_no_target() -> None:
    """GIVEN a repeal of a part of a circular named by what it amends WHEN read THEN the
    texts in its name are not repealed, even after a ";" inside that name."""
    text = (
        "2. Bãi bỏ khoản 3, khoản 4 Điều 12 Thông tư số 06/2017/TT-BLĐTBXH; khoản 1 Điều 3 "
        "Thông tư số 34/2018/TT-BLĐTBXH ngày 26 tháng 12 năm 2018 của Bộ trưởng về việc sửa "
        "đổi, bổ sung một số điều của Thông tư số 42/2015/TT-BLĐTBXH quy định về đào tạo, "
        "Thông tư số 10/2017/TT-BLĐTBXH quy định về mẫu bằng; việc in, quản lý bằng và Thông "
        "tư số 31/2017/TT-BLĐTBXH quy định về đào tạo."
    )
    assert _pairs(text) == {("amends", "06/2017/TT-BLĐTBXH"), ("amends", "34/2018/TT-BLĐTBXH")}


def test_the_title_and_promulgation_of_an_amending_text() -> None:
    """GIVEN a decision titled "Về việc bổ sung nội dung tại Quyết định số …" and a law that
    amends another named by title only WHEN read THEN the first is amended, the law resolved
    to the number its own text gives it, or kept as its title when it gives none; "Luật
    này" is no title, and a legal basis "Luật sửa đổi, bổ sung … của Luật …" no relation."""
    title = (
        "Hà Nội, ngày 12 tháng 9 năm 2024\n\nQUYẾT ĐỊNH\nVề việc bổ sung nội dung tại Quyết "
        "định số 225/QĐ-BLĐTBXH ngày\n05/3/2024 của Bộ trưởng về việc công bố kết quả\n\n"
        "BỘ TRƯỞNG BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    )
    assert _pairs(title) == {("amends", "225/QĐ-BLĐTBXH")}
    law = (
        "LUẬT\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT BẢO HIỂM Y TẾ\n\nCăn cứ Hiến pháp;\n"
        "Điều 1. Sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế\n"
        "1. Bổ sung khoản 9 vào sau khoản 8 Điều 2 như sau:\n"
    )
    assert _pairs(law) == {("amends", "Luật Bảo hiểm y tế")}
    numbered = law + "a) Đối tượng quy định tại Điều 12 của Luật Bảo hiểm y tế số 25/2008/QH12."
    assert _pairs(numbered) == {("amends", "25/2008/QH12")}
    promulgated = (
        "Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Việc làm số "
        "38/2013/QH13 đã được sửa đổi, bổ sung một số điều theo Luật số 28/2018/QH14."
    )
    assert _pairs(promulgated) == {("amends", "38/2013/QH13")}
    itself = "Điều 3. Sửa đổi, bổ sung một số điều của Luật này như sau:"
    assert _pairs(itself) == set()
    basis = (
        "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một "
        "số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 "
        "tháng 11 năm 2019;"
    )
    assert _pairs(basis) == set()


def test_a_text_citing_its_own_article_does_not_speak_of_itself() -> None:
    """GIVEN "sửa đổi, bổ sung Quy chế … theo quy định tại … Nghị định số … quy định tại
    Điều 4 Thông tư này" WHEN read THEN no relation; a number cut by a line break is left
    out when the text gives it whole."""
    text = (
        "Trường hợp cần thiết sửa đổi, bổ sung Quy chế hoạt động, Hội đồng gửi cơ quan thẩm "
        "định theo quy định tại điểm b khoản 6 Điều 7 Nghị định số 120/2020/NĐ-CP để trình "
        "cấp có thẩm quyền quy định tại Điều 4 Thông tư này xem xét."
    )
    assert _pairs(text) == set()
    cut = (
        "Bộ trưởng ban hành Thông tư sửa đổi, bổ sung một số điều của Thông tư số "
        "17/2022/TT-BL ĐTBXH ngày 06 tháng 9 năm 2022.\nĐiều 1. Sửa đổi, bổ sung một số điều "
        "của Thông tư số 17/2022/TT-BLĐTBXH ngày 06 tháng 9 năm 2022."
    )
    assert _pairs(cut) == {("amends", "17/2022/TT-BLĐTBXH")}


def test_a_title_stops_at_the_legal_bases_and_only_numbered_texts_are_subjects() -> None:
    """GIVEN a title with no blank line before "Căn cứ …" WHEN read THEN the legal bases'
    texts are no targets; and a legal basis ending ";" before "Thông tư này thay thế …" is
    not a subject of the replacement."""
    title = (
        "THÔNG TƯ\nSửa đổi, bổ sung một số điều của Thông tư số 17/2022/TT-BLĐTBXH\n"
        "Căn cứ Nghị định số 62/2022/NĐ-CP ngày 12 tháng 9 năm 2022 của Chính phủ;"
    )
    assert _pairs(title) == {("amends", "17/2022/TT-BLĐTBXH")}
    text = (
        "Nghị định số 34/2016/NĐ-CP ngày 14 tháng 5 năm 2016 của Chính phủ;\n"
        "Thông tư này thay thế Thông tư số 05/2016/TT-BTTTT."
    )
    assert _pairs(text) == {("replaces", "05/2016/TT-BTTTT")}


def test_later_texts_of_a_sentence_count_when_joined_not_when_named_in_a_name() -> None:
    """GIVEN "thay thế Thông tư A … quy định chi tiết … Nghị định B … và Thông tư C" and "…
    thay thế Nghị định D … và bãi bỏ Quyết định E" WHEN read THEN A and C are replaced (B is
    in A's name), D replaced and E repealed; "các quy định … của Thông tư F … hết hiệu lực"
    ends a part of F."""
    text = (
        "Thông tư này có hiệu lực thi hành kể từ ngày 03 tháng 10 năm 2014 và thay thế Thông tư "
        "số 14/2010/TT-BTTTT ngày 29 tháng 6 năm 2010 của Bộ Thông tin và Truyền thông quy "
        "định chi tiết một số điều của Nghị định số 97/2008/NĐ-CP ngày 28 tháng 8 năm 2008 về "
        "quản lý dịch vụ Internet và Thông tư số 07/2008/TT-BTTTT ngày 18 tháng 12 năm 2008."
    )
    assert _pairs(text) == {("replaces", "14/2010/TT-BTTTT"), ("replaces", "07/2008/TT-BTTTT")}
    switched = (
        "2. Nghị định này thay thế Nghị định số 102/2009/NĐ-CP ngày 06 tháng 11 năm 2009 của "
        "Chính phủ và bãi bỏ Quyết định số 80/2014/QĐ-TTg ngày 30 tháng 12 năm 2014."
    )
    assert _pairs(switched) == {("replaces", "102/2009/NĐ-CP"), ("repeals", "80/2014/QĐ-TTg")}
    part = (
        "2. Các quy định về báo cáo thống kê của Thông tư số 20/2009/TT-BTTTT ngày 28 tháng 5 "
        "năm 2009 hết hiệu lực kể từ ngày Thông tư này có hiệu lực."
    )
    assert _pairs(part) == {("amends", "20/2009/TT-BTTTT")}
