"""What a query names that the index lacks: codes and legal numbers no document has,
clause numbers a named document does not have (the web page says so before the hits)."""

from __future__ import annotations

from indexer.index import fields as F
from indexer.text.codes import code_keys
from search_api.reader import lookups
from search_api.reader.snapshot import Snapshot
from search_api.search.plan import QueryPlan

MAX_LOOKUPS = 5  # codes and clause numbers of a query checked for existence (a bounded cost)


def misses(snap: Snapshot, plan: QueryPlan) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The codes the query names that no document has, and the clause numbers it names in a
    document that has none such ("QCVN 47:2015 2.9.9")."""
    codes, numbers = plan.codes[:MAX_LOOKUPS], plan.clause_numbers[:MAX_LOOKUPS]
    known = [c for c in codes if lookups.doc_frequency(snap, F.CODES, code_keys(c)[0])]
    missing = tuple(c for c in codes if c not in known) + tuple(
        typed
        for key, typed in plan.numbers[:MAX_LOOKUPS]
        if not lookups.doc_frequency(snap, F.CODES, key)
    )
    clauses = tuple(
        f"{c} {n}" for c in known for n in numbers
        if not lookups.has_clause(snap, code_keys(c)[0], n)
    )  # fmt: skip
    return missing, clauses
