"""A Markdown page's furniture is not the document: front matter, the info table, a closing
table of contents headed by node ids, rules and link lists never become clauses; the
document page shows the outline as a tree with parents."""

from __future__ import annotations

from indexer.ingest.markup import content_lines
from indexer.ingest.passages import Line
from search_api.reader.records import StoredClause
from search_api.web.service import outline_tree

PAGE = """---
layout: page
title: Tần số
---

## THÔNG TIN VĂN BẢN

| Thuộc tính | Nội dung |
|---|---|
| **Số hiệu** | Đang cập nhật |

---

## VĂN BẢN
# Tần số vô tuyến điện

- [Chương I](#chuong-i)

Chương I

QUY ĐỊNH CHUNG

Điều 3.5.LQ.1. Phạm vi điều chỉnh

Luật này quy định về quản lý tần số.

## Danh sách điều khoản

### 1900800000000000100000100000000000000000

Điều 3.5.LQ.1. Phạm vi điều chỉnh
"""


def test_furniture_is_dropped_and_the_text_kept() -> None:
    """GIVEN a Pháp điển export WHEN reading its lines THEN only the text remains, once."""
    kept = [ln.text for ln in content_lines([Line(t, None) for t in PAGE.split("\n")]) if ln.text]
    assert kept == [
        "# Tần số vô tuyến điện",
        "Chương I",
        "QUY ĐỊNH CHUNG",
        "Điều 3.5.LQ.1. Phạm vi điều chỉnh",
        "Luật này quy định về quản lý tần số.",
    ]


def test_a_section_after_furniture_is_kept() -> None:
    """GIVEN a heading of the same level after a contents section WHEN reading THEN it is text."""
    text = "## Mục lục\n- [A](#a)\n1. Phần một\n## Phần một\nNội dung."
    kept = [ln.text for ln in content_lines([Line(t, None) for t in text.split("\n")])]
    assert kept == ["## Phần một", "Nội dung."]


def _clause(ordinal: int, path: tuple[str, ...], part: int = 0) -> StoredClause:
    return StoredClause(
        clause_id=f"d#{ordinal}", doc_id="d", file="d.pdf", kind="pdf", code="", codes=(), title="",
        number=path[-1].split()[0] if path else "", heading="", heading_path=path,
        page=ordinal + 1, page_end=ordinal + 1, text="x", type="", issuer="", year="",
        ordinal=ordinal, part=part,
    )  # fmt: skip


def test_outline_tree_shows_parents_once_and_numbers_once() -> None:
    """GIVEN clauses whose parent heading has no text and a clause cut into passages WHEN
    building the tree THEN the parent appears once above its children, without a link, and
    the clause once with its passages counted."""
    parent = "2.9 Máy phát"
    clauses = [
        _clause(0, ("2. QUY ĐỊNH KỸ THUẬT", parent, "2.9.1 Định nghĩa")),
        _clause(1, ("2. QUY ĐỊNH KỸ THUẬT", parent, "2.9.2 Giới hạn")),
        _clause(2, ("2. QUY ĐỊNH KỸ THUẬT", parent, "2.9.2 Giới hạn"), part=1),
    ]
    tree = outline_tree(clauses)
    assert [(t.label, t.depth, t.clause_id is not None, t.passages) for t in tree] == [
        ("2. QUY ĐỊNH KỸ THUẬT", 0, False, 1),
        (parent, 1, False, 1),
        ("2.9.1 Định nghĩa", 2, True, 1),
        ("2.9.2 Giới hạn", 2, True, 2),
    ]
