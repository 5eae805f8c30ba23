"""Ranking metrics at a cut-off: nDCG (gain = grade, log2 discount), MRR and Recall.

A system returns hits; each hit covers one or more *units* (a page range covers
every page in it, an article is one unit). A hit whose units were all seen before
is dropped; every other hit takes the next rank and is credited with ONE judged
unit at that rank: the relevant unit of its range with the highest grade that no
earlier hit was credited with — as a page-level peer, whose hit is one page, is
credited (../shared/eval/README.md). A long clause spanning three relevant pages
thus earns one page's gain, not three.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

Unit = Hashable


@dataclass(frozen=True)
class Scores:
    """Metrics of one query."""

    ndcg: float
    mrr: float
    recall: float


def ranked_units(hits: Iterable[Sequence[Unit]], k: int = 10) -> list[tuple[Unit, ...]]:
    """The units of the hits that take a rank (those with a unit not seen before), cut at k."""
    seen: set[Unit] = set()
    out: list[tuple[Unit, ...]] = []
    for units in hits:
        covered = tuple(dict.fromkeys(units))
        if all(u in seen for u in covered):
            continue
        seen.update(covered)
        out.append(covered)
        if len(out) == k:
            break
    return out


def page_units(file: str, page: int | None, page_end: int | None) -> tuple[tuple[str, int], ...]:
    """The (file, page) units a hit spanning page..page_end covers."""
    if page is None:
        return ((file, 0),)
    last = page_end if page_end is not None and page_end >= page else page
    return tuple((file, p) for p in range(page, last + 1))


def score(hits: Iterable[Sequence[Unit]], qrels: Mapping[Unit, int], k: int = 10) -> Scores:
    """nDCG@k, MRR@k and Recall@k of hits (each a sequence of units) against graded qrels."""
    relevant = {u: g for u, g in qrels.items() if g > 0}
    if not relevant:
        return Scores(0.0, 0.0, 0.0)
    dcg, rr, found = 0.0, 0.0, 0
    credited: set[Unit] = set()
    for rank, units in enumerate(ranked_units(hits, k), start=1):
        open_units = [u for u in units if u in relevant and u not in credited]
        if not open_units:
            continue
        best = max(open_units, key=lambda u: relevant[u])
        credited.add(best)
        dcg += relevant[best] / math.log2(rank + 1)
        found += 1
        if rr == 0.0:
            rr = 1.0 / rank
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return Scores(dcg / idcg, rr, found / len(relevant))


def mean(scores: Sequence[Scores]) -> Scores:
    """Average of per-query scores (zeros for an empty list)."""
    n = len(scores) or 1
    return Scores(
        sum(s.ndcg for s in scores) / n,
        sum(s.mrr for s in scores) / n,
        sum(s.recall for s in scores) / n,
    )
