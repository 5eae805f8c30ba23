"""Document identity on generated texts: legal numbers (text/legalnum.py), dates
(text/dates.py), issuers (text/issuers.py), kind, identifier, issuers, dates and title of a
whole document (ingest/identity.py, metadata.py, titles.py) and their metadata.csv
overrides — no shared data needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.errors import MetadataError
from indexer.ingest.metadata import detect_metadata
from indexer.ingest.overrides import apply_overrides, load_overrides
from indexer.models import DocumentMeta, Page
from indexer.text.dates import PASSING, SIGNING, effective_clause, heading_date, passed_date
from indexer.text.issuers import canonical_issuer, issuer_in
from indexer.text.legalnum import number_keys, own_number, parse_number, query_numbers


def _pages(*texts: str) -> list[Page]:
    return [Page(i + 1, t) for i, t in enumerate(texts)]


NGHI_DINH = """CÔNG BÁO/Số 503 + 504/Ngày 20-02-2023
CHÍNH PHỦ
Số: 117/2022/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 30 tháng 12 năm 2022
NGHỊ ĐỊNH
Biểu thuế xuất khẩu ưu đãi, Biểu thuế nhập khẩu ưu đãi đặc biệt
Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 15/2019/NĐ-CP ngày 01 tháng 02 năm 2019 của Chính phủ;
Theo đề nghị của Bộ trưởng Bộ Tài chính;
Chính phủ ban hành Nghị định biểu thuế."""
CLOSING = "Điều 9. Hiệu lực thi hành\nNghị định này có hiệu lực từ ngày ký ban hành."


@pytest.mark.parametrize(
    ("text", "canonical", "kind", "issuers"),
    [
        ("Số: 117/2022/NĐ-CP", "117/2022/NĐ-CP", "nghi-dinh", ("Chính phủ",)),
        ("Số: \n158 \n/2025/NĐ \n- \nCP", "158/2025/NĐ-CP", "nghi-dinh", ("Chính phủ",)),
        ("Số: 62/2022/N Đ-CP", "62/2022/NĐ-CP", "nghi-dinh", ("Chính phủ",)),
        ("Số: 28/2026/QĐ-TTg", "28/2026/QĐ-TTg", "quyet-dinh", ("Thủ tướng Chính phủ",)),
        ("Luật số: 51/2024/QH15", "51/2024/QH15", None, ("Quốc hội",)),
        ("Số: 470/VBHN-BLĐTBXH", "470/VBHN-BLĐTBXH", "van-ban-hop-nhat",
         ("Bộ Lao động - Thương binh và Xã hội",)),
        ("Số: 01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH",
         "01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH", "thong-tu-lien-tich",
         ("Viện kiểm sát nhân dân tối cao", "Tòa án nhân dân tối cao", "Bộ Công an",
          "Bộ Quốc phòng", "Bộ Lao động - Thương binh và Xã hội")),
    ],
)  # fmt: skip
def test_a_number_line_gives_the_canonical_number_kind_and_issuers(
    text: str, canonical: str, kind: str | None, issuers: tuple[str, ...]
) -> None:
    """GIVEN a "Số:" line as PDFs extract it WHEN parsed THEN one canonical number, its kind
    and the canonical names of its issuers."""
    found = own_number(text)
    assert found is not None
    number = found[0]
    assert (number.text, number.kind, number.issuers) == (canonical, kind, issuers)


@pytest.mark.parametrize(
    "text",
    [
        "(Ban hành kèm theo quyết định số: 4218/QĐ-BCT ngày 24 tháng 10 năm 2016)",
        "Căn cứ Nghị định số 15/2019/NĐ-CP ngày 01 tháng 02 năm 2019 của Chính phủ;",
        "Số: /BXD-KHCNMT&VLXD",
        "Số:.................../(3)",
    ],
)
def test_a_cited_or_blank_number_is_not_the_documents_own(text: str) -> None:
    """GIVEN a number a text cites, or a blank form's "Số:" WHEN looking for the text's own
    number THEN there is none."""
    assert own_number(text) is None


def test_number_keys_and_query_numbers_meet() -> None:
    """GIVEN a document's number and the ways a user types it WHEN both are keyed THEN each
    typed form has a key the document has."""
    keys = number_keys("117/2022/NĐ-CP", "nghi-dinh")
    assert keys == ["117/2022/nd-cp", "nghi-dinh:117/2022", "117/2022"]
    for typed in ("117/2022/NĐ-CP", "117/2022/nd-cp", "nghị định 117/2022", "nd 117/2022",
                  "Nghị định số 117/2022", "117/2022"):  # fmt: skip
        assert {k for k, _, _ in query_numbers(typed)} & set(keys), typed
    assert number_keys("28/2026/QĐ-TTg")[1] == "quyet-dinh:28/2026"
    assert [k for k, _, _ in query_numbers("qd 28/2026 thẻ doanh nhân")] == ["quyet-dinh:28/2026"]
    assert "luat:51/2024" in number_keys("51/2024/QH15", "luat")
    assert query_numbers("tháng 7/2026 lương cơ sở") == []
    assert parse_number("theo 07/2024/TT-BLĐTBXH") is not None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Hà Nội, ngày 15 tháng 11 năm 2022", "2022-11-15"),
        ("TP. Hồ Chí Minh, ngày \n05 tháng 6 năm 2025", "2025-06-05"),
        ("Số: 74/2025/NĐ-CP Hà Nội, ngày 31 tháng 3 năm 2025", "2025-03-31"),
        ("Hà Nội, ngày 31 tháng 2 năm 2025", None),  # no such day
        ("Hà Nội, ngày    tháng    năm 2026", None),  # a draft
    ],
)
def test_the_heading_date(text: str, iso: str | None) -> None:
    """GIVEN a heading's place-and-date line WHEN read THEN its ISO date (None if none)."""
    assert heading_date(text) == iso


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Luật này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2026.", "2026-07-01"),
        ("Thông tư này có hiệu lực thi hành kể từ ngày 01/7/2026 và áp dụng …", "2026-07-01"),
        ("Quyết định này có hiệu lực kể từ ngày ký ban hành.", SIGNING),
        ("Nghị quyết này có hiệu lực thi hành kể từ ngày thông qua.", PASSING),
        ("Nghị định này có hiệu lực, đơn vị … Nghị định này có hiệu lực thi hành từ ngày "
         "25 tháng 5 năm 2026.", "2026-05-25"),
        ("Văn bản số 12 có hiệu lực từ ngày 01 tháng 01 năm 2020 (một văn bản khác).", None),
    ],
)  # fmt: skip
def test_the_entry_into_force_clause(text: str, found: str | None) -> None:
    """GIVEN an entry-into-force clause WHEN read THEN its date, or that it is the day of
    signing or passing; a date the clause does not give about this text is not taken."""
    assert effective_clause(text) == found


def test_the_day_a_law_was_passed() -> None:
    """GIVEN a law's closing line WHEN read THEN the day it was passed."""
    text = "Luật này được Quốc hội khóa XV, kỳ họp thứ 8 thông qua ngày 27 tháng 11 năm 2024."
    assert passed_date(text) == "2024-11-27"


@pytest.mark.parametrize(
    "spelling", ["BXD", "Bộ Xây dựng", "BỘ XÂY DỰNG", "bo xay dung", "Bộ  Xây   dựng"]
)
def test_every_spelling_of_an_issuer_is_one_issuer(spelling: str) -> None:
    """GIVEN an issuer by abbreviation or name in any case or spacing WHEN resolved THEN its
    one canonical name."""
    assert canonical_issuer(spelling) == "Bộ Xây dựng"


def test_issuer_names_and_abbreviations_resolve() -> None:
    """GIVEN the issuers the brief names WHEN resolved THEN abbreviation and name agree."""
    for abbrev, name in [("BTTTT", "Bộ Thông tin và Truyền thông"), ("QH15", "Quốc hội"),
                         ("CP", "Chính phủ"), ("TTg", "Thủ tướng Chính phủ"),
                         ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội")]:  # fmt: skip
        assert canonical_issuer(abbrev) == canonical_issuer(name) == name
    assert canonical_issuer("Bộ Không Có") is None
    assert issuer_in("của Bộ trưởng Bộ Công Thương") == "Bộ Công Thương"
    assert issuer_in("Thủ tướng Chính phủ") == "Thủ tướng Chính phủ"


def test_a_decree_is_known_by_its_own_heading() -> None:
    """GIVEN a decree's heading citing another decree WHEN detected THEN its own kind,
    number, issuer, dates and title — not the cited number."""
    meta = detect_metadata("x.pdf", _pages(NGHI_DINH, CLOSING))
    assert (meta.kind, meta.doc_type, meta.identifier) == (
        "nghi-dinh",
        "Nghị định",
        "117/2022/NĐ-CP",
    )
    assert (meta.issuers, meta.issuer, meta.year) == (("Chính phủ",), "Chính phủ", 2022)
    assert (meta.issued, meta.effective) == ("2022-12-30", "2022-12-30")
    assert meta.title.startswith("Nghị định 117/2022/NĐ-CP: Biểu thuế xuất khẩu ưu đãi")
    assert meta.code == "" and meta.codes == ()


def test_a_law_is_dated_by_its_passing() -> None:
    """GIVEN a law without a date in its heading WHEN detected THEN a law of the Quốc hội,
    issued the day it was passed, in force from the day its closing clause says."""
    head = "QUỐC HỘI\nLuật số: 51/2024/QH15\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLUẬT\nSỬA ĐỔI LUẬT BẢO HIỂM Y TẾ\nCăn cứ Hiến pháp;"
    tail = ("Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.\nLuật này được Quốc "
            "hội khóa XV thông qua ngày 27 tháng 11 năm 2024.")  # fmt: skip
    meta = detect_metadata("l.pdf", _pages(head, tail))
    assert (meta.kind, meta.identifier, meta.issuers) == ("luat", "51/2024/QH15", ("Quốc hội",))
    assert (meta.issued, meta.effective, meta.year) == ("2024-11-27", "2025-07-01", 2024)


def test_a_consolidated_text_is_numbered_at_its_end() -> None:
    """GIVEN a consolidated text (its heading is the original's, its number at the end)
    WHEN detected THEN a Văn bản hợp nhất with the closing number and date."""
    head = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTHÔNG TƯ\nHướng dẫn quản lý lao động\n"
            "Thông tư số 13/2022/TT-BLĐTBXH ngày 30 tháng 6 năm 2022 của Bộ trưởng, có hiệu "
            "lực từ ngày 15 tháng 8 năm 2022, được sửa đổi, bổ sung bởi: …")  # fmt: skip
    tail = ("Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 8 năm 2022.\nBỘ LAO ĐỘNG - "
            "THƯƠNG BINH VÀ XÃ HỘI\nSố: 470/VBHN-BLĐTBXH\nXÁC THỰC VĂN BẢN HỢP NHẤT\n"
            "Hà Nội, ngày 10 tháng 02 năm 2025")  # fmt: skip
    meta = detect_metadata("v.pdf", _pages(head, tail))
    assert (meta.kind, meta.identifier, meta.issued) == (
        "van-ban-hop-nhat", "470/VBHN-BLĐTBXH", "2025-02-10"
    )  # fmt: skip
    assert meta.issuers == ("Bộ Lao động - Thương binh và Xã hội",) and meta.effective is None


def test_a_list_citing_codes_gets_none_of_them() -> None:
    """Regression: GIVEN lists and guidance that cite codes (a list of standards, a list of
    goods citing a QCVN, a guide to a TCVN) WHEN detected THEN none of the codes they cite
    is their identifier or code, and their title is not a contents heading."""
    lists = [
        "Phụ lục III\nDANH MỤC TIÊU CHUẨN CHO ĐƯỜNG SẮT ĐÔ THỊ\nSTT Mã Tiêu chuẩn Tên\n"
        "1 TCVN 9398:2012 Công tác trắc địa xây dựng công trình\n2 TCVN 9401:2024 Kỹ thuật đo",
        "VIETTEL AI RACE TD649\nDANH MỤC PHƯƠNG TIỆN VẬN TẢI\nLần ban hành: 1\n"
        "2 Tàu điện ắc quy phòng nổ 8601 20 0 TCCS 02:2016/CĐUB. QCVN 15: 2018/BGTVT. Đầu máy",
        "TÀI LIỆU HƯỚNG DẪN ÁP DỤNG TCVN TỔ CHỨC VÀ SỐ HÓA THÔNG TIN\n## Mục lục\n"
        "- [Hướng dẫn áp dụng TCVN 14177-1; TCVN 14177-2](#h)\nTCVN 14177-1:2024 quy định …",
        "1. Xác định độ mịn TCVN 4030:2003\nTCVN 2682:2009\n(Đối với xi măng)",
    ]
    for text in lists:
        meta = detect_metadata("list.md", _pages(text))
        assert (meta.code, meta.codes, meta.identifier) == ("", (), ""), text[:40]
        assert meta.kind == "other" and meta.title.lower() != "mục lục", text[:40]


def test_a_standards_own_code_is_on_its_cover_or_the_subject_of_its_foreword() -> None:
    """GIVEN a TCVN cover (code on a line of its own) and an excerpt whose foreword names it
    WHEN detected THEN that code is the identifier, with its issuer from the foreword."""
    cover = (
        "## TCVN TIÊU CHUẨN QUỐC GIA\n## TCVN 14177-1:2024 Xuất bản lần 1\n## TỔ CHỨC THÔNG TIN\n"
    )
    meta = detect_metadata("t.md", _pages(cover))
    assert (meta.kind, meta.identifier, meta.code, meta.year) == (
        "tcvn", "TCVN 14177-1:2024", "TCVN 14177-1:2024", 2024
    )  # fmt: skip
    assert meta.title == "TỔ CHỨC THÔNG TIN"
    excerpt = ("TIÊU CHUẨN CỌC KHOAN NHỒI\n1. Lời nói đầu\nTCVN 9395:2012 được chuyển đổi từ "
               "TCXDVN 326:2004 … Bộ Khoa học và Công nghệ công bố.")  # fmt: skip
    meta = detect_metadata("e.pdf", _pages(excerpt))
    assert (meta.identifier, meta.issuers) == ("TCVN 9395:2012", ("Bộ Khoa học và Công nghệ",))


def test_qcvn_issuer_is_canonical() -> None:
    """GIVEN a QCVN cover WHEN detected THEN issuer and issuers hold the canonical name."""
    cover = "QCVN 47:2015/BTTTT\nQUY CHUẨN KỸ THUẬT QUỐC GIA\nVỀ PHỔ TẦN SỐ"
    meta = detect_metadata("q.pdf", _pages(cover))
    assert (meta.kind, meta.identifier, meta.issuer) == (
        "qcvn", "QCVN 47:2015/BTTTT", "Bộ Thông tin và Truyền thông"
    )  # fmt: skip


def test_joint_circular_has_every_issuer() -> None:
    """GIVEN a joint circular WHEN detected THEN each issuer, the first as `issuer`."""
    head = ("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO - BỘ CÔNG AN\nSố: 01/2022/TTLT-VKSNDTC-BCA\n"
            "Hà Nội, ngày 18 tháng 02 năm 2022\nTHÔNG TƯ LIÊN TỊCH\nQuy định về phối hợp")  # fmt: skip
    meta = detect_metadata("j.pdf", _pages(head))
    assert meta.kind == "thong-tu-lien-tich"
    assert meta.issuers == ("Viện kiểm sát nhân dân tối cao", "Bộ Công an")
    assert meta.issuer == "Viện kiểm sát nhân dân tối cao"


def test_topic_letter_and_annex() -> None:
    """GIVEN a Pháp điển topic, a letter and an annex WHEN detected THEN their kinds (no
    identifier), the letter's and the annex's issuer and the letter's subject as title."""
    topic = "---\ntitle: An ninh mạng\n---\n# An ninh mạng\nĐiều 1.11.LQ.1. Phạm vi điều chỉnh\n"
    meta = detect_metadata("t.md", _pages(topic))
    assert (meta.kind, meta.doc_type, meta.identifier, meta.title) == (
        "phap-dien", "Pháp điển", "", "An ninh mạng"
    )  # fmt: skip
    letter = ("BỘ XÂY DỰNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: /BXD-KHCNMT\nV/v: hướng dẫn "
              "áp dụng danh mục\ntiêu chuẩn\nHà Nội, ngày tháng năm 2026\nKính gửi: Ủy ban")  # fmt: skip
    meta = detect_metadata("l.pdf", _pages(letter))
    assert (meta.kind, meta.identifier, meta.issuers, meta.year) == (
        "cong-van", "", ("Bộ Xây dựng",), 2026
    )  # fmt: skip
    assert meta.title == "Hướng dẫn áp dụng danh mục tiêu chuẩn"
    annex = ("Phụ lục I\nBỘ THÔNG SỐ KỸ THUẬT DÙNG CHUNG\n(Kèm theo văn bản số: /BXD ngày / "
             "/2026\ncủa Bộ Xây dựng)\nI. Danh mục")  # fmt: skip
    meta = detect_metadata("a.pdf", _pages(annex))
    assert (meta.kind, meta.issuers, meta.year, meta.title) == (
        "other", ("Bộ Xây dựng",), 2026, "BỘ THÔNG SỐ KỸ THUẬT DÙNG CHUNG"
    )  # fmt: skip


def test_every_identity_field_can_be_overridden(tmp_path: Path) -> None:
    """GIVEN metadata.csv with the identity columns WHEN applied THEN they replace the
    detected values; issuers become canonical and `kind` sets `type`."""
    (tmp_path / "metadata.csv").write_text(
        "file,kind,identifier,issuers,issued,effective\n"
        "n.pdf,nghi-dinh,117/2022/NĐ-CP,CP;BTC,2022-12-30,2023-01-01\n",
        encoding="utf-8",
    )
    row = load_overrides(tmp_path)["n.pdf"]
    meta = apply_overrides(DocumentMeta(), row)
    assert (meta.kind, meta.doc_type, meta.identifier) == (
        "nghi-dinh",
        "Nghị định",
        "117/2022/NĐ-CP",
    )
    assert (meta.issuers, meta.issuer) == (("Chính phủ", "Bộ Tài chính"), "Chính phủ")
    assert (meta.issued, meta.effective) == ("2022-12-30", "2023-01-01")
    assert apply_overrides(meta, {"issuer": "BXD"}).issuer == "Bộ Xây dựng"


@pytest.mark.parametrize(
    ("row", "message"),
    [("kind\nluật\n", "kind 'luật'"), ("issued\n2022-13-01\n", "issued '2022-13-01'"),
     ("effective\n30/12/2022\n", "not a date")],
)  # fmt: skip
def test_bad_identity_overrides_stop_the_build(tmp_path: Path, row: str, message: str) -> None:
    """GIVEN an unknown kind or a date that is not YYYY-MM-DD WHEN loaded THEN MetadataError
    naming the line."""
    header, value = row.split("\n")[:2]
    (tmp_path / "metadata.csv").write_text(f"file,{header}\nx.pdf,{value}\n", encoding="utf-8")
    with pytest.raises(MetadataError, match=message):
        load_overrides(tmp_path)


def test_an_enacting_line_makes_a_quoted_text_a_circular_but_a_citation_does_not() -> None:
    """GIVEN a circular quoted without its heading (its enacting line, "Thông tư này quy
    định") and a note that says a ministry issued another circular WHEN detected THEN the
    first is a Thông tư of that ministry without a number, the second stays `other`."""
    quoted = ("Quy định yêu cầu kỹ thuật đối với phần mềm ký số\nCăn cứ Nghị định số "
              "23/2025/NĐ-CP;\nBộ trưởng Bộ Khoa học và Công nghệ ban hành Thông tư quy định "
              "yêu cầu kỹ thuật.\n1.1. Phạm vi điều chỉnh\nThông tư này quy định yêu cầu …")  # fmt: skip
    meta = detect_metadata("q.pdf", _pages(quoted))
    assert (meta.kind, meta.identifier, meta.issuers) == (
        "thong-tu", "", ("Bộ Khoa học và Công nghệ",)
    )  # fmt: skip
    note = ("THUYẾT MINH DỰ THẢO\nNăm 2019, Bộ Thông tin và Truyền thông ban hành Thông tư số "
            "05/2019/TT-BTTTT về chất lượng dịch vụ.")  # fmt: skip
    assert detect_metadata("n.pdf", _pages(note)).kind == "other"


def test_an_adopted_standard() -> None:
    """GIVEN a TCVN cover whose foreword says it is identical to an ITU or ISO/IEC standard
    WHEN detected THEN kind `adopted` (type still TCVN)."""
    for cover, code in [
        ("TIÊU CHUẨN QUỐC GIA\nTCVN 8071:2009\nXuất bản lần 1\nCÔNG TRÌNH VIỄN THÔNG\nLời nói "
         "đầu\nTCVN 8071:2009 hoàn toàn tương đương với ITU-T K.27.", "TCVN 8071:2009"),
        ("TIÊU CHUẨN QUỐC GIA\nTCVN ISO/IEC 27001:2019\nCÔNG NGHỆ THÔNG TIN", "TCVN ISO/IEC 27001:2019"),
    ]:  # fmt: skip
        meta = detect_metadata("s.pdf", _pages(cover))
        assert (meta.kind, meta.doc_type, meta.identifier) == ("adopted", "TCVN", code)


def test_a_number_printed_apart_from_the_heading_is_found() -> None:
    """GIVEN a gazette page whose heading has the kind line but no number, and the number
    on a "Số:" line elsewhere WHEN detected THEN that number (of the heading's kind)."""
    head = "CÔNG BÁO/Số 245/Ngày 23-04-2026\nNGHỊ ĐỊNH\nQuy định cơ chế ưu đãi\nCăn cứ Luật Điện lực số 61/2024/QH15;"
    later = "Hà Nội, ngày 07 tháng 4 năm 2026\nSố: 12/2026/QĐ-BCT\nCHÍNH PHỦ\nSố: 135/2026/NĐ-CP"
    meta = detect_metadata("g.pdf", _pages(head, later))
    assert (meta.kind, meta.identifier, meta.issuers) == (
        "nghi-dinh",
        "135/2026/NĐ-CP",
        ("Chính phủ",),
    )


def test_a_code_of_law() -> None:
    """GIVEN a Bộ luật's heading WHEN detected THEN kind bo-luat with its number."""
    head = "QUỐC HỘI\nBộ luật số: 45/2019/QH14\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBỘ LUẬT\nLAO ĐỘNG\nCăn cứ Hiến pháp;"
    meta = detect_metadata("b.pdf", _pages(head, "thông qua ngày 20 tháng 11 năm 2019."))
    assert (meta.kind, meta.doc_type, meta.identifier, meta.issued) == (
        "bo-luat", "Bộ luật", "45/2019/QH14", "2019-11-20"
    )  # fmt: skip
