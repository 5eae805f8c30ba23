"""Searches and lookups shared by the JSON API and the web page, returning response models."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from pydantic import BaseModel

from indexer.index.manifest import CatalogEntry
from indexer.text import embed
from search_api.reader import lookups
from search_api.reader.engine import Engine
from search_api.reader.records import StoredClause
from search_api.reader.snapshot import Snapshot
from search_api.search.didyoumean import QueryNotes, notes
from search_api.search.landing import landing_for
from search_api.search.run import Hit, dense, search
from search_api.search.semantic import vector_status
from search_api.search.similar import similar
from search_api.search.standing import standing
from search_api.search.suggest import spelling, syllables
from search_api.search.xrefs import cited_by, references
from search_api.web.healthout import HealthOut, VectorsOut
from search_api.web.schemas import (
    ClauseOut,
    DocumentDetail,
    DocumentOut,
    Facets,
    HitOut,
    Neighbour,
    OutlineEntry,
    RelationOut,
    SearchOut,
    TableOut,
    TreeEntry,
    TwinOut,
)
from search_api.web.settings import ReaderSettings
from search_api.web.state import file_url, landing_url
from search_api.web.xrefout import CiterOut, ReferenceOut


def hit_out(hit: Hit) -> HitOut:
    """A hit as the API shows it."""
    twins = [
        TwinOut(**_attributes(t, TwinOut, "url"), url=file_url(t.doc_id, t.kind, t.page))
        for t in hit.also_in
    ]
    return HitOut(
        **_attributes(hit, HitOut, "url", "also_in", "relations", "landing_url"),
        url=file_url(hit.doc_id, hit.kind, hit.page),
        landing_url=landing_url(hit.doc_id, hit.kind, hit.landing_page, hit.ordinal),
        also_in=twins,
        relations=[RelationOut(**vars(r)) for r in hit.relations],
    )


def run_search(
    snap: Snapshot,
    text: str,
    *,
    page: int,
    size: int,
    filters: dict[str, str],
    settings: ReaderSettings,
) -> SearchOut:
    """One page of hits with facets and a did-you-mean suggestion (raises QueryError)."""
    result = search(snap, text, page=page, size=size, filters=filters, facets=True,
                    max_chars=settings.max_query_chars, cpu_seconds=settings.max_search_seconds)  # fmt: skip
    said = notes(syllables(snap), spelling(snap), text) if text.strip() else QueryNotes()
    return SearchOut(
        query=text,
        total=result.total,
        page=page,
        size=size,
        took_ms=result.took_ms,
        hits=[hit_out(h) for h in result.hits],
        facets=Facets(**result.facets),
        suggestion=said.suggestion or said.restored,
        partial=result.partial,
        restored=said.restored,
        missing_codes=list(result.missing_codes),
        missing_clauses=list(result.missing_clauses),
        language=said.language,
        unmatched_phrases=list(result.unmatched_phrases),
    )


def _attributes(record: object, model: type[BaseModel], *computed: str) -> dict[str, Any]:
    """The record's attributes named like the model's fields, but the computed ones."""
    return {n: getattr(record, n) for n in model.model_fields if n not in computed}


def document_out(entry: CatalogEntry, snap: Snapshot | None = None) -> DocumentOut:
    """A catalog entry as the API shows it (with its status and relations in snap)."""
    known = standing(snap, entry.doc_id) if snap is not None else None
    return DocumentOut(
        **_attributes(entry, DocumentOut, "url", "status", "relations"),
        url=file_url(entry.doc_id, entry.kind),
        status=known.status if known else "unknown",
        relations=[RelationOut(**vars(r)) for r in known.relations] if known else [],
    )


def document_detail(snap: Snapshot, entry: CatalogEntry) -> DocumentDetail:
    """A document's metadata and its clause outline in document order."""
    clauses = lookups.outline(snap, entry.doc_id)
    outline = [
        OutlineEntry(
            clause_id=c.clause_id,
            number=c.number,
            heading=c.heading,
            page=c.page,
            ordinal=c.ordinal,
        )
        for c in clauses
    ]
    return DocumentDetail(
        **document_out(entry, snap).model_dump(), outline=outline, tree=outline_tree(clauses)
    )


def outline_tree(clauses: list[StoredClause]) -> list[TreeEntry]:
    """Every heading of the clauses' paths once, parents first, each clause's passages
    counted under its first one ("2.9 Máy phát" above its bare "2.9.1 Định nghĩa")."""
    tree: dict[tuple[str, ...], TreeEntry] = {}
    structured = any(c.heading_path for c in clauses)
    for c in clauses:
        unnamed = "Phần mở đầu" if structured or not c.page else f"Trang {c.page}"
        path = c.heading_path or (unnamed,)
        for depth in range(len(path) - 1):
            tree.setdefault(path[: depth + 1], TreeEntry(label=path[depth], depth=depth,
                                                          clause_id=None, page=c.page))  # fmt: skip
        own = tree.get(path)
        if own is None:
            tree[path] = TreeEntry(label=path[-1], depth=len(path) - 1, clause_id=c.clause_id,
                                   page=c.page)  # fmt: skip
        elif own.clause_id is None:
            own.clause_id = c.clause_id  # a heading met first as a parent
        else:
            own.passages += 1
    return list(tree.values())


def _neighbour(c: StoredClause | None) -> Neighbour | None:
    if c is None:
        return None
    return Neighbour(clause_id=c.clause_id, number=c.number, heading=c.heading)


_COMPUTED = ("url", "prev", "next", "landing_page", "landing_url", "status", "references",
             "cited_by", "tables")  # fmt: skip


def clause_out(snap: Snapshot, c: StoredClause, query: str = "") -> ClauseOut:
    """A clause's full text with its neighbours; reached from a search for query, it lands
    on the page of the query's best matches."""
    page = landing_for(snap, c, query)
    return ClauseOut(
        **_attributes(c, ClauseOut, *_COMPUTED),
        tables=[TableOut(rows=[list(r) for r in t.rows]) for t in c.tables],
        url=file_url(c.doc_id, c.kind, c.page),
        status=standing(snap, c.doc_id).status,
        landing_page=page,
        landing_url=landing_url(c.doc_id, c.kind, page, c.ordinal),
        prev=_neighbour(lookups.neighbour(snap, c.doc_id, c.ordinal, -1)),
        next=_neighbour(lookups.neighbour(snap, c.doc_id, c.ordinal, 1)),
        references=[ReferenceOut(**vars(r)) for r in references(snap, c)],
        cited_by=[CiterOut(**vars(x)) for x in cited_by(snap, c)],
    )


def version() -> str:
    """The installed vnstd version."""
    try:
        return metadata.version("vnstd")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def health(snap: Snapshot, engine: Engine) -> HealthOut:
    """Size and age of the generation being served, and any newer one that will not open."""
    manifest = snap.manifest
    built = manifest.built_at
    problem = engine.problem
    return HealthOut(
        status="degraded" if problem is not None else "ok",
        version=version(),
        generation=snap.generation,
        clauses=lookups.clause_count(snap),
        documents=manifest.totals.documents or len(manifest.documents()),
        pages=manifest.totals.pages,
        built_at=datetime.fromtimestamp(built, UTC).isoformat(timespec="seconds")
        if built
        else None,
        semantic=search_is_semantic(snap),
        problem=problem.reason if problem is not None else None,
        vectors=VectorsOut(model=embed.MODEL, **dataclasses.asdict(vector_status(snap))),
    )


def search_is_semantic(snap: Snapshot) -> bool:
    """Whether searches of this generation fuse clause vectors."""
    return dense(snap) is not None


def similar_out(snap: Snapshot, clause_id: str, size: int) -> SearchOut | None:
    """Clauses like the given one, as a page of search results (None if it is unknown)."""
    result = similar(snap, clause_id, size=size)
    if result is None:
        return None
    return SearchOut(
        query=clause_id,
        total=result.total,
        page=1,
        size=size,
        took_ms=result.took_ms,
        hits=[hit_out(h) for h in result.hits],
        facets=Facets(),
        suggestion=None,
    )
