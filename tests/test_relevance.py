"""Ranking regression (Anserini-style) on the sample corpus, and the metrics it relies on.

The expected nDCG@10 / MRR@10 / Recall@10 of a small project-made query set are pinned in
tests/data/relevance_expected.json: any ranking change that moves them by more than
TOLERANCE fails here. After an intended change, rerun with VNSTD_UPDATE_RELEVANCE=1 to
record the new figures, and say in the commit why they moved.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

from metrics import mean, page_units, ranked_units, score

DATA = Path(__file__).resolve().parent / "data"
QUERIES = DATA / "relevance_sample.jsonl"
EXPECTED = DATA / "relevance_expected.json"
TOLERANCE = 0.005


# --- metrics ---------------------------------------------------------------------------------


def test_perfect_ranking_scores_one() -> None:
    """GIVEN hits in the ideal order WHEN scored THEN nDCG, MRR and recall are 1."""
    s = score([("a",), ("b",)], {"a": 2, "b": 1})
    assert (s.ndcg, s.mrr, s.recall) == (1.0, 1.0, 1.0)


def test_ndcg_uses_grade_gain_and_log2_discount() -> None:
    """GIVEN the relevant unit at rank 3 WHEN scored THEN nDCG = 1/log2(4), MRR = 1/3."""
    s = score([("x",), ("y",), ("a",)], {"a": 2})
    assert s.ndcg == pytest.approx(1 / math.log2(4))
    assert s.mrr == pytest.approx(1 / 3)
    assert s.recall == 1.0


def test_duplicate_units_collapse_to_first_occurrence() -> None:
    """GIVEN two clauses of the same page WHEN scored THEN the second takes no rank."""
    assert ranked_units([("p1",), ("p1",), ("p2",)]) == [("p1",), ("p2",)]
    assert ranked_units([("p1", "p2"), ("p2",), ("p2", "p3")]) == [("p1", "p2"), ("p2", "p3")]
    s = score([("x",), ("x",), ("a",)], {"a": 1})
    assert s.mrr == pytest.approx(1 / 2)


def test_cut_off_counts_collapsed_ranks() -> None:
    """GIVEN 12 distinct misses before a hit WHEN scored at 10 THEN nothing is found."""
    hits = [(f"m{i}",) for i in range(12)] + [("a",)]
    assert score(hits, {"a": 2}, k=10).recall == 0.0
    assert score([("m",)] * 12 + [("a",)], {"a": 2}, k=10).mrr == pytest.approx(1 / 2)


def test_a_page_span_is_credited_with_one_page_at_its_rank() -> None:
    """GIVEN a hit spanning pages 3-4, both judged, then a hit on page 4 WHEN scored THEN the
    span earns one page — the better one — at rank 1, and the later hit, whose page was seen,
    takes no rank: a page-level system would have needed two ranks for both pages."""
    hits = [page_units("f.pdf", 3, 4), page_units("f.pdf", 4, 4), page_units("f.pdf", 3, 3)]
    s = score(hits, {("f.pdf", 3): 1, ("f.pdf", 4): 2})
    assert s.recall == 0.5 and s.mrr == 1.0
    assert s.ndcg == pytest.approx(2 / (2 + 1 / math.log2(3)))
    assert page_units("f.pdf", 5, None) == (("f.pdf", 5),)


def test_mean_and_empty_judgements() -> None:
    """GIVEN a query without relevant units WHEN scored THEN zeros; mean averages."""
    zero = score([("a",)], {"a": 0})
    assert zero.ndcg == zero.mrr == zero.recall == 0.0
    assert mean([zero, score([("a",)], {"a": 1})]).ndcg == pytest.approx(0.5)


# --- pinned ranking quality ------------------------------------------------------------------


def _sample_scores(root: Path) -> dict[str, float]:
    from search_api.reader.engine import Engine
    from search_api.search.run import search

    snap = Engine(root).snapshot()  # the API's path: mined abbreviations, vectors if any
    per_query = []
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        qrels = {(j["file"], j["page"]): j["grade"] for j in q["relevant"]}
        hits = search(snap, q["query"], size=40).hits
        units = [page_units(os.path.basename(h.file), h.page, h.page_end) for h in hits]
        per_query.append(score(units, qrels))
    m = mean(per_query)
    return {"ndcg@10": round(m.ndcg, 4), "mrr@10": round(m.mrr, 4), "recall@10": round(m.recall, 4)}


def test_sample_metrics_are_pinned(sample_index: Path) -> None:
    """GIVEN the sample corpus and its judged queries WHEN searched THEN the metrics match the record."""
    got = _sample_scores(sample_index)
    if os.environ.get("VNSTD_UPDATE_RELEVANCE") == "1":
        EXPECTED.write_text(json.dumps(got, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    for name, value in expected.items():
        assert got[name] == pytest.approx(value, abs=TOLERANCE), (
            f"{name}: {got[name]} (recorded {value})"
        )
