"""Cross-references resolved among the clauses of a generation: what a clause cites (its
stored mentions, indexer/text/xrefs.py, each resolved to a clause and document when they are
indexed) and which clauses cite it (the `cites` keys the index holds for every clause).

A mention of this document's clause ("khoản 2 Điều 12 của Luật này", "theo 2.2.3") resolves
to the first clause of the document with that number, or to nothing when there is none (an
extraction that names no clause of the text is not linked); a mention naming another
document resolves to that document when its identifier or code is indexed, and to its clause
when that has the number; a Pháp điển article number ("Điều 19.8.LQ.48") to the clause with
that number in whichever topic holds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from indexer.index.manifest import CatalogEntry
from indexer.text.xrefs import ANY, NAMED, SELF, cite_key
from search_api.reader import lookups
from search_api.reader.records import StoredClause
from search_api.reader.snapshot import Snapshot

MAX_CITED_BY = 50


@dataclass(frozen=True)
class Reference:
    """One cross-reference of a clause, resolved."""

    text: str  # as written: "khoản 2 Điều 12 của Luật này"
    start: int  # its place in the clause's text
    end: int
    target: str  # the clause number ("Điều 12", "2.2.3") or, for a document, its identifier
    document: str | None  # the identifier or code named; None: this document / any topic
    target_doc_id: str | None
    target_clause_id: str | None


@dataclass(frozen=True)
class Citer:
    """A clause that cites another."""

    clause_id: str
    doc_id: str
    title: str
    number: str
    heading: str


def _names(entries: Sequence[CatalogEntry]) -> dict[str, str]:
    """Identifier or code → doc_id of the indexed documents."""
    out: dict[str, str] = {}
    for e in entries:
        for name in (e.identifier, e.code, *e.codes):
            if name:
                out.setdefault(name, e.doc_id)
    return out


def _doc_for(snap: Snapshot, doc: str, own: str) -> str | None:
    if doc == SELF:
        return own
    if doc in (ANY, NAMED):
        return None
    names = snap.memo(("xref-names",), lambda s: _names(s.manifest.documents()))
    return names.get(doc)


def _resolve(snap: Snapshot, c: StoredClause, ref: tuple[int, int, str, str]) -> Reference:
    start, end, number, doc = ref
    doc_id = _doc_for(snap, doc, c.doc_id)
    clause = None
    if number and doc != NAMED and (doc_id is not None or doc == ANY):
        clause = lookups.numbered(snap, number, doc_id)
    if clause is not None:
        doc_id = clause.doc_id
    elif number and doc in (SELF, ANY):
        doc_id = None  # no such clause: not linked
    named = doc if doc not in (SELF, ANY, NAMED) else None
    return Reference(
        text=c.text[start:end], start=start, end=end, target=number or doc, document=named,
        target_doc_id=doc_id, target_clause_id=clause.clause_id if clause else None,
    )  # fmt: skip


def references(snap: Snapshot, c: StoredClause) -> list[Reference]:
    """A clause's cross-references in text order, resolved (see the module's docstring)."""
    return [_resolve(snap, c, ref) for ref in c.refs if 0 <= ref[0] < ref[1] <= len(c.text)]


def cited_by(snap: Snapshot, c: StoredClause, limit: int = MAX_CITED_BY) -> list[Citer]:
    """Clauses of the generation that cite this clause's number in its document (at most
    limit; the clause's own passages left out)."""
    if not c.number:
        return []
    entry = snap.manifest.document(c.doc_id)
    names = [n for n in ((entry.identifier, entry.code, *entry.codes) if entry else ()) if n]
    keys = [cite_key(c.number, d) for d in ("=" + c.doc_id, *dict.fromkeys(names), ANY)]
    found = lookups.citing(snap, keys, limit + 8)
    out = [
        Citer(x.clause_id, x.doc_id, x.title, x.number, x.heading)
        for x in found
        if not (x.doc_id == c.doc_id and x.number == c.number)
    ]
    return out[:limit]
