""" "More like this": the clauses most like one clause, by its most distinctive terms and (when
the generation has them) the nearest clause vectors; the same text in other documents is
folded into one hit, and clauses with the text of the clause itself are left out."""

from __future__ import annotations

import time
from collections import Counter
from math import log

from indexer.index import fields as F
from indexer.text.segment import segment
from indexer.text.tokens import terms
from indexer.text.vntext import fold, iy_forms, nfc
from search_api.reader import lookups
from search_api.reader.execute import rank
from search_api.reader.match import Request, Term
from search_api.reader.records import StoredClause
from search_api.reader.snapshot import Snapshot
from search_api.search.arrange import Listed, folded
from search_api.search.ranking import DEFAULT_RANKING, Ranking
from search_api.search.run import Hit, SearchResult, Twin, dense, elapsed_ms, with_identity
from search_api.search.semantic import fuse_vectors

SIMILAR_TERMS = 16  # distinctive terms of a clause used to find similar ones
SIMILAR_TEXT_CHARS = 8000


def _content_term(text: str) -> bool:
    """Worth describing a clause by: not a bare number, not a one-letter token."""
    return len(text) > 1 and not text.replace(".", "").replace(",", "").isdigit()


def _distinctive_terms(snap: Snapshot, c: StoredClause, limit: int) -> list[str]:
    """The clause's terms with the highest tf × idf over the body field."""
    text = f"{c.heading}\n{c.text}"[:SIMILAR_TEXT_CHARS]
    found = Counter(t.text for t in terms(segment(nfc(text))) if _content_term(t.text))
    n = lookups.docnum_count(snap) or 1
    weight = {
        t: count * log(n / (1 + lookups.doc_frequency(snap, F.BODY, t)))
        for t, count in found.items()
    }
    return sorted(weight, key=lambda t: (-weight[t], t))[:limit]


def similar(
    snap: Snapshot, clause_id: str, *, size: int = 10, ranking: Ranking = DEFAULT_RANKING
) -> SearchResult | None:
    """Clauses most like one clause ("more like this"): its most distinctive terms as a
    query, the clause itself and copies of its text excluded, fused with the nearest clause
    vectors when the generation has them; None if the clause is unknown."""
    started = time.perf_counter()
    docnum = lookups.docnum(snap, clause_id)
    if docnum is None:
        return None
    source = lookups.stored(snap, docnum)
    top = _distinctive_terms(snap, source, SIMILAR_TERMS)
    request = Request(
        terms=tuple(Term(F.BODY, t) for t in top), must_not=(Term(F.CLAUSE_ID, clause_id),)
    )
    ranked = rank(snap, request, ranking.bm25)
    vectors = dense(snap) if ranking.semantic > 0 else None
    if vectors is not None and vectors.has[docnum]:
        ranked = fuse_vectors(ranked, vectors, vectors.near(docnum), ranking.semantic, ranking)
    marks = frozenset(fold(form) for t in top if "_" not in t for form in iy_forms(t))
    own = Listed(docnum, source)
    listed = [i for i in folded(snap, ranked.order, size + 5) if not own.same_as(i)]
    hits = tuple(
        with_identity(
            snap,
            Hit.of(i.clause, float(ranked.scores[i.docnum]), marks, None),
            also_in=tuple(Twin.of(c) for c in i.also_in),
        )
        for i in listed[:size]
    )
    return SearchResult(clause_id, len(ranked.order), 1, size, elapsed_ms(started), hits)
