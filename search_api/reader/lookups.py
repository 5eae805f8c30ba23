"""Clauses looked up by id, by document and by position, and what the search layer needs to
know about the index as a whole (sizes, term statistics, the clause at each docnum)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache

from whoosh import query as wq

from indexer.index import fields as F
from search_api.reader.records import StoredClause
from search_api.reader.snapshot import Snapshot

STORED_CACHE = 4096  # clauses remembered per generation (a few MiB: texts of ≤ 1,500 characters)


def stored(snap: Snapshot, docnum: int) -> StoredClause:
    """The clause stored at a document number (remembered: a search reads its best clauses
    twice, to score their pages and to list them, and popular clauses come back)."""
    read: Callable[[int], StoredClause] = snap.memo("stored", _stored_reader)
    return read(docnum)


def _stored_reader(snap: Snapshot) -> Callable[[int], StoredClause]:
    @lru_cache(maxsize=STORED_CACHE)
    def read(docnum: int) -> StoredClause:
        return StoredClause.from_fields(snap.searcher.stored_fields(docnum))

    return read


def docnum(snap: Snapshot, clause_id: str) -> int | None:
    """The document number of a clause, or None when there is no such clause."""
    found: int | None = snap.searcher.document_number(**{F.CLAUSE_ID: clause_id})
    return found


def clause(snap: Snapshot, clause_id: str) -> StoredClause | None:
    """One clause by id, or None."""
    found = snap.searcher.document(**{F.CLAUSE_ID: clause_id})
    return StoredClause.from_fields(found) if found else None


def outline(snap: Snapshot, doc_id: str) -> list[StoredClause]:
    """Every clause of a document, in document order."""
    hits = snap.searcher.search(wq.Term(F.DOC_ID, doc_id), limit=None, sortedby=F.ORDINAL)
    return [StoredClause.from_fields(h.fields()) for h in hits]


def neighbour(snap: Snapshot, doc_id: str, ordinal: int, step: int) -> StoredClause | None:
    """The clause just before (step=-1) or after (step=1) ordinal in the same document."""
    bounds = (None, ordinal - 1) if step < 0 else (ordinal + 1, None)
    q = wq.And([wq.Term(F.DOC_ID, doc_id), wq.NumericRange(F.ORDINAL, *bounds)])
    hits = snap.searcher.search(q, limit=1, sortedby=F.ORDINAL, reverse=step < 0)
    return StoredClause.from_fields(hits[0].fields()) if len(hits) else None


def clause_count(snap: Snapshot) -> int:
    """Live clauses of the generation."""
    count: int = snap.searcher.doc_count()
    return count


def docnum_count(snap: Snapshot) -> int:
    """Document numbers of the generation, deleted clauses included (array sizes)."""
    count: int = snap.searcher.doc_count_all()
    return count


def doc_frequency(snap: Snapshot, field: str, text: str) -> int:
    """How many clauses hold a term in a field."""
    found: int = snap.searcher.doc_frequency(field, text)
    return found


def clause_ids(snap: Snapshot) -> Iterator[tuple[int, str]]:
    """(document number, clause id) of every live clause."""
    for number, fields in snap.searcher.reader().iter_docs():
        yield number, str(fields.get(F.CLAUSE_ID, ""))


def field_terms(snap: Snapshot, field: str) -> Iterator[tuple[str, int]]:
    """(term, document frequency) of every term of a field."""
    for text, info in snap.searcher.reader().iter_field(field):
        term = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        yield term, info.doc_frequency()


def headings(snap: Snapshot) -> Counter[str]:
    """How many clauses carry each heading."""
    counts: Counter[str] = Counter()
    for fields in snap.searcher.reader().all_stored_fields():
        heading = str(fields.get(F.HEADING) or "").strip()
        if heading:
            counts[heading] += 1
    return counts


def texts(snap: Snapshot) -> Iterator[str]:
    """The heading and text of every live clause (to model the generation's language)."""
    for fields in snap.searcher.reader().all_stored_fields():
        yield f"{fields.get(F.HEADING) or ''}\n{fields.get(F.TEXT) or ''}"


def has_clause(snap: Snapshot, code_key: str, number: str) -> bool:
    """Whether a document with that code key has a clause with that number (or under it)."""
    q = wq.And(
        [
            wq.Term(F.CODES, code_key),
            wq.Or([wq.Term(F.CLAUSE, number), wq.Prefix(F.CLAUSE, number + ".")]),
        ]
    )
    return bool(len(snap.searcher.search(q, limit=1)))


def numbered(snap: Snapshot, number: str, doc_id: str | None) -> StoredClause | None:
    """The first clause numbered `number` ("Điều 12", "2.2.3") in a document, or in any
    document when doc_id is None; None when there is none."""
    term = wq.Term(F.CLAUSE, number.lower())
    q = term if doc_id is None else wq.And([term, wq.Term(F.DOC_ID, doc_id)])
    hits = snap.searcher.search(q, limit=1, sortedby=F.ORDINAL)
    return StoredClause.from_fields(hits[0].fields()) if len(hits) else None


def citing(snap: Snapshot, keys: list[str], limit: int) -> list[StoredClause]:
    """Clauses whose cross-references carry one of the keys (text/xrefs.cite_key), in index
    order, at most limit."""
    if not keys:
        return []
    q = wq.Or([wq.Term(F.CITES, k) for k in keys])
    hits = snap.searcher.search(q, limit=limit, sortedby=[F.DOC_ID, F.ORDINAL])
    return [StoredClause.from_fields(h.fields()) for h in hits]
