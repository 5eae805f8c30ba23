"""The rendered view of a Markdown or text document: its clauses in document order as HTML,
headings as headings, each clause under an anchor (`#c{ordinal}`) — where a hit on such a
document lands, rather than at the top of the raw file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from search_api.reader import lookups
from search_api.reader.records import StoredClause
from search_api.web import service
from search_api.web.deps import SnapshotDep, TemplatesDep
from search_api.web.routes import Router
from search_api.web.state import clause_anchor

router = Router(include_in_schema=False)
VIEWABLE = frozenset({"md", "txt"})  # PDFs open at a page; records have no file
TOP_LEVEL = 2  # h1 is the document's name


@dataclass(frozen=True)
class Block:
    """One clause of the view, with the headings it is the first to fall under."""

    anchor: str  # the id of the clause's element
    clause_id: str
    opened: tuple[tuple[int, str], ...]  # (level, text) of ancestors opening before it
    heading: tuple[int, str] | None  # its own heading (None for passages after the first)
    text: str


def _level(depth: int) -> int:
    return min(TOP_LEVEL + depth, 6)


def blocks(clauses: Sequence[StoredClause]) -> list[Block]:
    """The clauses of one document (in order) as view blocks: a heading is shown where it
    starts, and a clause whose text is only its heading shows the heading alone."""
    out: list[Block] = []
    shown: tuple[str, ...] = ()
    for c in clauses:
        path = c.heading_path
        common = 0
        while common < min(len(path), len(shown)) and path[common] == shown[common]:
            common += 1
        if c.part == 0 and path and common == len(path):
            common -= 1  # the same heading again (a repeated number): show it again
        opened = tuple((_level(i), path[i]) for i in range(common, len(path) - 1))
        own = (_level(len(path) - 1), path[-1]) if path and common < len(path) else None
        text = "" if own is not None and c.text.strip() == own[1] else c.text
        out.append(Block(clause_anchor(c.ordinal), c.clause_id, opened, own, text))
        shown = path
    return out


@router.get("/view/{doc_id:path}", response_class=HTMLResponse)
def view_page(
    request: Request, doc_id: str, snap: SnapshotDep, templates: TemplatesDep
) -> Response:
    """A Markdown or text document rendered clause by clause (404 for PDFs and records)."""
    entry = snap.manifest.document(doc_id)
    if entry is None or entry.kind not in VIEWABLE:
        raise HTTPException(404, "Không có bản xem của văn bản này.")
    ctx = {"doc": service.document_out(entry), "blocks": blocks(lookups.outline(snap, doc_id))}
    return templates.TemplateResponse(request, "view.html", ctx)
