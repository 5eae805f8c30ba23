"""The web pages: search with filters and pagination, a document, a clause. Server-rendered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from indexer.errors import IndexNotFoundError, QueryError
from indexer.models import heading_line
from search_api.reader import lookups
from search_api.reader.records import StoredTable
from search_api.reader.snapshot import Snapshot
from search_api.search.standing import STATUS_LABELS
from search_api.search.tablesnip import segments
from search_api.web import service
from search_api.web.deps import (
    FiltersDep,
    SnapshotDep,
    StateDep,
    TemplatesDep,
    clean_text,
)
from search_api.web.routes import Router
from search_api.web.schemas import ClauseOut, SearchOut
from search_api.web.settings import ReaderSettings
from search_api.web.state import clause_url, doc_url, file_url, view_url

router = Router(include_in_schema=False)
FACET_NAMES = {"type": "Loại văn bản", "issuer": "Cơ quan ban hành", "year": "Năm",
               "status": "Hiệu lực"}  # fmt: skip
FILTER_NAMES = {**FACET_NAMES, "code": "Mã hiệu", "doc": "Văn bản"}
RELATION_LABELS = {
    "replaces": "Thay thế", "repeals": "Bãi bỏ", "amends": "Sửa đổi, bổ sung",
    "consolidates": "Hợp nhất", "replaced_by": "Bị thay thế bởi", "repealed_by": "Bị bãi bỏ bởi",
    "amended_by": "Được sửa đổi, bổ sung bởi", "consolidated_by": "Được hợp nhất bởi",
}  # fmt: skip
PAGE_SIZE = 10


def _int(value: str, default: int, low: int, high: int) -> int:
    """A lenient integer parameter: junk gives the default, the rest is clamped."""
    try:
        return min(max(int(value.strip()), low), high)
    except ValueError:
        return default


def search_link(params: dict[str, str], **changes: str | int) -> str:
    """The URL of the search page with params changed ("" removes one)."""
    merged = {**params, **{k: str(v) for k, v in changes.items()}}
    kept = {k: v for k, v in merged.items() if v and not (k == "page" and v == "1")}
    return "/?" + urlencode(kept) if kept else "/"


def facet_links(result: SearchOut, params: dict[str, str]) -> list[dict[str, Any]]:
    """Per facet: its values with counts, each a link toggling that filter (page reset)."""
    out = []
    for name, label in FACET_NAMES.items():
        counts: dict[str, int] = getattr(result.facets, name)
        values = [
            {
                "value": value,
                "label": STATUS_LABELS.get(value, value) if name == "status" else value,
                "count": count,
                "active": params.get(name) == value,
                "url": search_link(
                    params, page="", **{name: "" if params.get(name) == value else value}
                ),
            }
            for value, count in counts.items()
        ]
        if values:
            out.append({"name": name, "label": label, "values": values})
    return out


def pagination(result: SearchOut, params: dict[str, str]) -> dict[str, Any] | None:
    """Links to the previous, next and nearby pages, or None for a single page."""
    last = max(1, -(-result.total // result.size))
    if last == 1:
        return None
    current = min(result.page, last)
    window = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    return {
        "current": current,
        "last": last,
        "prev": search_link(params, page=current - 1) if current > 1 else None,
        "next": search_link(params, page=current + 1) if current < last else None,
        "pages": [{"n": n, "url": search_link(params, page=n)} for n in window],
    }


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    state: StateDep,
    templates: TemplatesDep,
    filters: FiltersDep,
    q: str = "",
    page: Annotated[str, Query()] = "1",
) -> Response:
    """The search page: a box, and results when there is a query or a filter."""
    text = clean_text(q)
    params = {"q": text, **filters.values, "page": page}
    ctx: dict[str, Any] = {"q": text, "params": params, "result": None, "error": None}
    status = 200
    settings = state.settings
    try:
        snap = state.engine.snapshot()
        if text or filters.active():
            ctx.update(_results(snap, text, params, filters.active(), settings))
        else:
            ctx["documents"] = snap.manifest.documents()
    except IndexNotFoundError:
        ctx["no_index"] = True  # the index's path is in the server's log, not on a public page
    except QueryError as exc:
        ctx["error"], status = str(exc), 422
    return templates.TemplateResponse(request, "index.html", ctx, status_code=status)


def _results(
    snap: Snapshot,
    text: str,
    params: dict[str, str],
    filters: dict[str, str],
    settings: ReaderSettings,
) -> dict[str, Any]:
    """The template context of a page of results (raises QueryError)."""
    number = _int(params["page"], 1, 1, 1000)
    result = service.run_search(
        snap, text, page=number, size=PAGE_SIZE, filters=filters, settings=settings
    )
    ctx = {"result": result, "facets": facet_links(result, params)}
    # every filter in use (facet or not, with or without hits) as a link that removes it
    ctx["active_filters"] = [
        {
            "label": FILTER_NAMES.get(name, name),
            "value": value,
            "url": search_link(params, page="", **{name: ""}),
        }
        for name, value in filters.items()
    ]
    ctx["clear_filters_url"] = search_link(params, page="", **dict.fromkeys(filters, ""))
    ctx["pager"] = pagination(result, params)
    if result.suggestion:
        ctx["suggestion_url"] = search_link(params, q=result.suggestion, page="")
    if result.restored:
        ctx["restored_url"] = search_link(params, q=result.restored, page="")
    ctx["in_document_url"] = lambda doc_id: search_link(params, doc=doc_id, page="")
    ctx["semantic"] = service.search_is_semantic(snap)
    # a clause's other matching pages (page hits) are shown inside its entry
    page_hits: dict[str, list[Any]] = {}
    for hit in result.hits:
        if hit.page_hit:
            page_hits.setdefault(hit.clause_id, []).append(hit)
    ctx["page_hits"] = page_hits
    return ctx


def template_globals() -> dict[str, Any]:
    """Helpers every template may call."""
    return {
        "doc_url": doc_url,
        "clause_url": clause_url,
        "file_url": file_url,
        "view_url": view_url,
        "doc_label": doc_label,
        "heading_line": heading_line,
        "status_label": lambda s: STATUS_LABELS.get(s, s),
        "relation_label": lambda r: RELATION_LABELS.get(r, r),
    }


def doc_label(code: str, doc_id: str) -> str:
    """How a document is named in lists: its code, else the last part of its path."""
    return code or doc_id.rstrip("/").rsplit("/", 1)[-1] or doc_id


@router.get("/doc/{doc_id:path}", response_class=HTMLResponse)
def document_page(
    request: Request, doc_id: str, snap: SnapshotDep, templates: TemplatesDep
) -> Response:
    """A document's metadata and clause outline."""
    entry = snap.manifest.document(doc_id)
    if entry is None:
        raise HTTPException(404, "Không tìm thấy văn bản này.")
    doc = service.document_detail(snap, entry)
    ctx = {"doc": doc}
    return templates.TemplateResponse(request, "document.html", ctx)


@router.get("/clause/{clause_id:path}", response_class=HTMLResponse)
def clause_page(
    request: Request, clause_id: str, snap: SnapshotDep, templates: TemplatesDep, q: str = ""
) -> Response:
    """One clause's full text with links to its document, its page and its neighbours;
    reached from a search (`q`), its PDF link opens where the query's words are."""
    found = lookups.clause(snap, clause_id)
    if found is None:
        raise HTTPException(404, "Không tìm thấy điều khoản này.")
    similar = service.similar_out(snap, clause_id, 5)
    c = service.clause_out(snap, found, clean_text(q))
    ctx = {
        "c": c,
        "similar": similar.hits if similar else [],
        "parts": clause_parts(c, found.tables),
    }
    return templates.TemplateResponse(request, "clause.html", ctx)


def clause_parts(c: ClauseOut, tables: Sequence[StoredTable]) -> list[tuple[str, Any]]:
    """The clause's text cut around its tables (tablesnip.segments): ("table", rows), and
    ("text", [(text, link or None)]) with the resolved cross-references of that part linked."""
    pieces, at = [], 0
    for piece, href in linked_text(c):
        pieces.append((at, at + len(piece), piece, href))
        at += len(piece)
    out: list[tuple[str, Any]] = []
    cursor = 0
    for kind, part in segments(c.text, tables):
        if kind == "table" or not isinstance(part, str):
            out.append((kind, part))
            continue
        start = max(c.text.find(part, cursor), cursor)
        end = start + len(part)
        cursor = end
        cut = [
            (c.text[max(a, start) : min(b, end)], href)
            for a, b, _, href in pieces
            if a < end and b > start
        ]
        out.append(("text", cut))
    return out


def linked_text(c: ClauseOut) -> list[tuple[str, str | None]]:
    """The clause's text cut at its resolved cross-references: (text, link or None)."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for r in c.references:
        if r.target_clause_id and r.target_clause_id != c.clause_id:
            href = clause_url(r.target_clause_id)
        elif r.target_doc_id and not r.target_clause_id and r.target_doc_id != c.doc_id:
            href = doc_url(r.target_doc_id)
        else:
            continue
        if r.start >= pos:
            out += [(c.text[pos : r.start], None), (c.text[r.start : r.end], href)]
            pos = r.end
    return [*out, (c.text[pos:], None)]
