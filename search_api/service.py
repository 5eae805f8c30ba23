"""Searches and lookups shared by the JSON API and the web page, returning response models."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from search_api import catalog
from search_api.engine import Snapshot
from search_api.schemas import (
    ClauseOut,
    DocumentDetail,
    DocumentOut,
    Facets,
    HealthOut,
    HitOut,
    Neighbour,
    OutlineEntry,
    SearchOut,
)
from search_api.search import Hit, similar
from search_api.state import AppState
from search_api.suggest import did_you_mean


def _hit(hit: Hit) -> HitOut:
    fields = {name: getattr(hit, name) for name in HitOut.model_fields if name != "url"}
    fields["heading_path"] = list(hit.heading_path)
    return HitOut(**fields, url=catalog.file_url(hit.doc_id, hit.kind, hit.page))


def run_search(
    snap: Snapshot,
    state: AppState,
    text: str,
    *,
    page: int,
    size: int,
    filters: dict[str, str],
    max_chars: int,
) -> SearchOut:
    """One page of hits with facets and a did-you-mean suggestion (raises QueryError)."""
    result = snap.search(
        text, page=page, size=size, filters=filters, facets=True, max_chars=max_chars
    )
    hits = [_hit(h) for h in result.hits]
    suggestion = did_you_mean(state.spelling.get(snap), text) if text else None
    return SearchOut(
        query=text,
        total=result.total,
        page=page,
        size=size,
        took_ms=result.took_ms,
        hits=hits,
        facets=Facets(**result.facets),
        suggestion=suggestion,
    )


def document_out(entry: dict[str, Any]) -> DocumentOut:
    """A catalog entry as the API shows it."""
    return DocumentOut(
        doc_id=str(entry["doc_id"]),
        file=str(entry.get("file") or ""),
        kind=str(entry.get("kind") or ""),
        code=str(entry.get("code") or ""),
        codes=[str(c) for c in entry.get("codes") or ()],
        title=str(entry.get("title") or ""),
        type=str(entry.get("type") or ""),
        issuer=str(entry.get("issuer") or ""),
        year=entry.get("year") if isinstance(entry.get("year"), int) else None,
        pages=int(entry.get("pages") or 0),
        clauses=int(entry.get("clauses") or 0),
        url=catalog.file_url(str(entry["doc_id"]), str(entry.get("kind") or "")),
    )


def document_detail(snap: Snapshot, entry: dict[str, Any]) -> DocumentDetail:
    """A document's metadata and its clause outline in document order."""
    rows = catalog.outline(snap.searcher, str(entry["doc_id"]))
    outline = [
        OutlineEntry(
            clause_id=r["clause_id"],
            number=r.get("number", ""),
            heading=r.get("heading", ""),
            page=r.get("page"),
            ordinal=int(r.get("ordinal", 0)),
        )
        for r in rows
    ]
    return DocumentDetail(**document_out(entry).model_dump(), outline=outline)


def _neighbour(fields: dict[str, Any] | None) -> Neighbour | None:
    if fields is None:
        return None
    return Neighbour(
        clause_id=fields["clause_id"],
        number=fields.get("number", ""),
        heading=fields.get("heading", ""),
    )


def clause_out(snap: Snapshot, fields: dict[str, Any]) -> ClauseOut:
    """A clause's full text with its neighbours."""
    doc_id, ordinal = fields["doc_id"], int(fields.get("ordinal", 0))
    return ClauseOut(
        clause_id=fields["clause_id"],
        doc_id=doc_id,
        code=fields.get("code", ""),
        title=fields.get("title", ""),
        number=fields.get("number", ""),
        heading=fields.get("heading", ""),
        heading_path=list(fields.get("heading_path") or ()),
        text=fields.get("text", ""),
        page=fields.get("page"),
        page_end=fields.get("page_end"),
        ordinal=ordinal,
        url=catalog.file_url(doc_id, fields.get("kind", ""), fields.get("page")),
        prev=_neighbour(catalog.neighbour(snap.searcher, doc_id, ordinal, -1)),
        next=_neighbour(catalog.neighbour(snap.searcher, doc_id, ordinal, 1)),
    )


def version() -> str:
    """The installed vnstd version."""
    try:
        return metadata.version("vnstd")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def health(snap: Snapshot) -> HealthOut:
    """Size and age of the generation being served."""
    totals = snap.manifest.get("totals") or {}
    built = snap.manifest.get("built_at")
    built_at = (
        datetime.fromtimestamp(float(built), UTC).isoformat(timespec="seconds")
        if isinstance(built, int | float)
        else None
    )
    return HealthOut(
        status="ok",
        version=version(),
        generation=snap.generation,
        clauses=snap.searcher.doc_count(),
        documents=int(totals.get("documents") or len(catalog.documents(snap.manifest))),
        pages=int(totals.get("pages") or 0),
        built_at=built_at,
        semantic=snap.dense is not None,
    )


def similar_out(snap: Snapshot, clause_id: str, size: int) -> SearchOut | None:
    """Clauses like the given one, as a page of search results (None if it is unknown)."""
    result = similar(snap.searcher, clause_id, size=size, ranking=snap.ranking, dense=snap.dense)
    if result is None:
        return None
    return SearchOut(
        query=clause_id,
        total=result.total,
        page=1,
        size=size,
        took_ms=result.took_ms,
        hits=[_hit(h) for h in result.hits],
        facets=Facets(),
        suggestion=None,
    )
