"""Numbers as standards write them: a query's "2450 MHz" finds the text's "2 450 MHz"."""

from __future__ import annotations

from pathlib import Path

from indexer.config import Settings
from indexer.index.build import build_index
from search_api.reader.engine import Engine
from search_api.search.run import search

TEXT = """# Dung sai tần số

## Điều 1. Băng tần thấp

Băng tần: 470 MHz đến 2 450 MHz. Các đài quảng bá truyền hình: 500.

## Điều 2. Tốc độ kênh

Kênh thuê riêng tốc độ 2 048 kbit/s, khoảng cách tối đa 1.000 km.

## Điều 3. Không có số

Các đài vũ trụ và các đài trái đất.
"""


def test_query_number_finds_grouped_thousands(tmp_path: Path) -> None:
    """GIVEN a text writing "2 450 MHz", "2 048 kbit/s" and "1.000 km" WHEN searching the
    joined numbers (and the grouped ones) THEN the right article is first, its number marked."""
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "dung-sai.md").write_text(TEXT, encoding="utf-8")
    build_index(Settings(corpus=corpus, index=root, jobs=1, semantic=False))
    snap = Engine(root).snapshot()
    for query, article, marked in (
        ("2450 MHz", "Điều 1", "<mark>2 450 MHz</mark>"),
        ("2048 kbit/s", "Điều 2", "<mark>2 048 kbit/s</mark>"),
        ("1000 km", "Điều 2", "<mark>1.000 km</mark>"),
        ("2 450", "Điều 1", "<mark>2 450</mark>"),
    ):
        hits = search(snap, query).hits
        assert hits and hits[0].clause == article, query
        assert marked in hits[0].snippet, (query, hits[0].snippet)
    assert search(snap, "3450 MHz").hits[0].clause == "Điều 1"  # MHz alone still matches


def test_grouped_number_counts_as_the_query_number() -> None:
    """GIVEN a query number's grouped forms among the marks WHEN the text is matched THEN
    the span counts as the number itself (one word for the landing page's count)."""
    from search_api.search.highlight import match_spans

    spans = match_spans("Băng tần 2 450 MHz, 2.450 MHz", frozenset({"2450", "2 450", "2.450"}))
    assert [t for _, _, t in spans] == ["2450", "2450"]
