"""Documents and clauses: catalog, outlines, full text, and the original files."""

from __future__ import annotations

from typing import Annotated

from fastapi import HTTPException, Query
from fastapi.responses import FileResponse

from search_api.reader import lookups
from search_api.web import service
from search_api.web.deps import PagingDep, SettingsDep, SnapshotDep, clean_text
from search_api.web.files import media_type, servable_path
from search_api.web.routes import Router
from search_api.web.routes.api import ERRORS
from search_api.web.schemas import ClauseOut, DocumentDetail, DocumentList, ErrorOut, SearchOut
from search_api.web.settings import ServerSettings

router = Router(tags=["documents"])
NOT_FOUND: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorOut, "description": "no such document or clause"},
    **ERRORS,
}


@router.get("/api/documents", response_model=DocumentList, responses=ERRORS)
def list_documents(snap: SnapshotDep, paging: PagingDep) -> DocumentList:
    """A page of the document catalog with metadata, ordered by code."""
    docs = snap.manifest.documents()
    start = (paging.page - 1) * paging.size
    chosen = docs[start : start + paging.size]
    return DocumentList(
        total=len(docs),
        page=paging.page,
        size=paging.size,
        documents=[service.document_out(d, snap) for d in chosen],
    )


@router.get("/api/documents/{doc_id:path}", response_model=DocumentDetail, responses=NOT_FOUND)
def get_document(doc_id: str, snap: SnapshotDep) -> DocumentDetail:
    """A document's metadata and clause outline (doc_id is its path in the corpus)."""
    entry = snap.manifest.document(doc_id)
    if entry is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return service.document_detail(snap, entry)


@router.get("/api/clauses/{clause_id:path}/similar", response_model=SearchOut, responses=NOT_FOUND)
def similar_clauses(
    clause_id: str,
    snap: SnapshotDep,
    size: Annotated[int, Query(ge=1, le=50, description="how many clauses")] = 10,
) -> SearchOut:
    """Clauses most like this one ("more like this": its most distinctive terms as a query)."""
    found = service.similar_out(snap, clause_id, size)
    if found is None:
        raise HTTPException(404, f"no clause {clause_id!r}")
    return found


@router.get("/api/clauses/{clause_id:path}", response_model=ClauseOut, responses=NOT_FOUND)
def get_clause(
    clause_id: str,
    snap: SnapshotDep,
    q: Annotated[
        str, Query(description="the search the clause was reached from: sets `landing_page`")
    ] = "",
) -> ClauseOut:
    """The full text of a clause (`{doc_id}#{ordinal}`, "#" sent as %23) with its neighbours."""
    found = lookups.clause(snap, clause_id)
    if found is None:
        raise HTTPException(404, f"no clause {clause_id!r}")
    return service.clause_out(snap, found, clean_text(q))


def open_file(snap: SnapshotDep, settings: ServerSettings, doc_id: str) -> FileResponse:
    """The original file of a document, if it is a listed file inside the corpus folder."""
    entry = snap.manifest.document(doc_id)
    path = servable_path(snap.manifest, entry, settings.corpus) if entry else None
    if path is None:
        raise HTTPException(404, f"no file for document {doc_id!r}")
    return FileResponse(
        path,
        media_type=media_type(path),
        filename=path.name,
        content_disposition_type="inline",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=3600"},
    )


@router.get(
    "/documents/{doc_id:path}/file",
    response_class=FileResponse,
    responses={
        200: {"content": {"application/pdf": {}, "text/plain": {}}, "description": "the file"},
        **NOT_FOUND,
    },
)
def document_file(doc_id: str, snap: SnapshotDep, settings: SettingsDep) -> FileResponse:
    """The original file, shown inline (PDFs open at `#page=N`)."""
    return open_file(snap, settings, doc_id)
