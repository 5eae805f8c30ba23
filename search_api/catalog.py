"""Documents and clauses looked up by id: the manifest's catalog, the index's stored fields,
and the one place that decides which file on disk may be served."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from whoosh import query as wq
from whoosh.searching import Searcher

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".md": "text/plain; charset=utf-8",  # shown inline as text, never rendered as HTML
    ".txt": "text/plain; charset=utf-8",
}


def documents(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Every catalog entry of the manifest, ordered by code then doc_id."""
    out: list[dict[str, Any]] = []
    for entry in (manifest.get("files") or {}).values():
        if isinstance(entry, dict) and entry.get("ok", True):
            out.extend(d for d in entry.get("docs") or () if isinstance(d, dict) and "doc_id" in d)
    return sorted(out, key=lambda d: (not d.get("code"), str(d.get("code", "")), d["doc_id"]))


def find_document(manifest: dict[str, Any], doc_id: str) -> dict[str, Any] | None:
    """The catalog entry of doc_id, or None."""
    return next((d for d in documents(manifest) if d["doc_id"] == doc_id), None)


def quote_id(value: str) -> str:
    """An id made safe for a URL path ("/" kept readable, "#", "?", "%" … encoded)."""
    return quote(value, safe="/")


def file_url(doc_id: str, kind: str, page: int | None = None) -> str | None:
    """URL of a document's original file (at a page for PDFs); None for records."""
    if kind == "jsonl":
        return None
    url = f"/documents/{quote_id(doc_id)}/file"
    return f"{url}#page={page}" if page and kind == "pdf" else url


def servable_path(
    manifest: dict[str, Any], entry: dict[str, Any], fallback: Path | None
) -> Path | None:
    """The file of a catalog entry if it lies inside the indexed corpus folder, else None.

    The path comes from the manifest (never from the request); it must be relative,
    without `..`, and still inside the corpus once symlinks are resolved.
    """
    rel = str(entry.get("file") or "")
    if entry.get("kind") == "jsonl" or not rel:
        return None
    parts = PurePosixPath(rel)
    if parts.is_absolute() or ".." in parts.parts or "\\" in rel or "\x00" in rel:
        return None
    root = manifest.get("corpus") or fallback  # the indexed folder; --corpus only for old manifests
    if not root:
        return None
    try:
        base = Path(root).resolve(strict=True)
        target = (base / parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return target if target.is_relative_to(base) and target.is_file() else None


def media_type(path: Path) -> str:
    """The Content-Type a served file gets."""
    return MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")


def outline(searcher: Searcher, doc_id: str) -> list[dict[str, Any]]:
    """Stored fields of every clause of a document, in document order."""
    hits = searcher.search(wq.Term("doc_id", doc_id), limit=None, sortedby="ordinal")
    return [dict(h.fields()) for h in hits]


def clause(searcher: Searcher, clause_id: str) -> dict[str, Any] | None:
    """Stored fields of one clause, or None."""
    found = searcher.document(clause_id=clause_id)
    return dict(found) if found else None


def neighbour(searcher: Searcher, doc_id: str, ordinal: int, step: int) -> dict[str, Any] | None:
    """The clause just before (step=-1) or after (step=1) ordinal in the same document."""
    bounds = (None, ordinal - 1) if step < 0 else (ordinal + 1, None)
    q = wq.And([wq.Term("doc_id", doc_id), wq.NumericRange("ordinal", *bounds)])
    hits = searcher.search(q, limit=1, sortedby="ordinal", reverse=step < 0)
    return dict(hits[0].fields()) if len(hits) else None
