"""A document's clauses as index rows and as a catalog entry: the pure mapping from the
ingest records to what the writer stores. Runs in the worker processes, so segmentation
and analysis (the costly part) happen there."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from indexer.index import fields as F
from indexer.index.manifest import CatalogEntry
from indexer.index.schema import Preanalyzed, get_schema, preanalyze
from indexer.models import Clause, Document, DocumentMeta, heading_line
from indexer.text.abbrev import mine
from indexer.text.codes import code_keys
from indexer.text.legalnum import number_keys
from indexer.text.segment import segment
from indexer.text.xrefs import amended_document, cite_keys, find_mentions

MAX_ABBREVIATIONS = 200  # mined (abbreviation, long form) pairs kept per document
Postings = tuple[Preanalyzed, Preanalyzed]  # an exact text field and its folded twin


@lru_cache(maxsize=1)
def _schema() -> Any:
    return get_schema()


def _postings(text: str) -> Postings:
    """Segment text once and analyse it for an exact field and its folded twin."""
    seg = segment(text)
    schema = _schema()
    return preanalyze(schema, F.BODY, seg), preanalyze(schema, F.FOLDED[F.BODY], seg)


def clause_body(clause: Clause) -> str:
    """What a clause's body field holds: its own heading is part of its text ("Điều 12.
    Quyền của viên chức …"); the heading *path* (ancestors) is searched separately."""
    return (
        f"{clause.heading}\n{clause.text}" if clause.heading and clause.part == 0 else clause.text
    )


def _code_keys(meta: DocumentMeta) -> str:
    """Lookup keys of the document's codes and of its legal number ("117/2022/nd-cp",
    "nghi-dinh:117/2022", "117/2022")."""
    keys: list[str] = []
    for code in meta.codes or ((meta.code,) if meta.code else ()):
        keys.extend(k for k in code_keys(code) if k not in keys)
    if meta.identifier and not meta.code:
        keys.extend(k for k in number_keys(meta.identifier, meta.kind) if k not in keys)
    return " ".join(keys)


def clause_row(
    clause: Clause, doc: Document, keys: str, searched: dict[str, Postings]
) -> dict[str, Any]:
    """The stored and indexed fields of one clause (`searched`: postings of t, h and b)."""
    meta = doc.meta
    row: dict[str, Any] = {
        F.CLAUSE_ID: clause.clause_id, F.DOC_ID: clause.doc_id, F.FILE: doc.file,
        F.CODES: keys, F.TYPE: meta.doc_type, F.ISSUER: meta.issuer,
        F.YEAR: str(meta.year) if meta.year else "", F.CLAUSE: clause.number.lower(),
        F.NUMBER: clause.number, F.ORDINAL: clause.ordinal, F.KIND: doc.kind,
        F.CODE: meta.code, F.ALL_CODES: list(meta.codes), F.TITLE: meta.title,
        F.HEADING: clause.heading, F.HEADING_PATH: list(clause.heading_path),
        F.TEXT: clause.text, F.PAGE: clause.page, F.PAGE_END: clause.page_end,
        F.PAGE_STARTS: clause.page_starts, F.PART: clause.part,
        F.OCR: True if clause.ocr else "", F.TABLES: tables_json(clause),
    }  # fmt: skip
    row.update(_references(clause, meta))
    for name, (exact, folded) in searched.items():
        row[name], row[F.FOLDED[name]] = exact, folded
    return {k: v for k, v in row.items() if v != "" and v != ()}


def _references(clause: Clause, meta: DocumentMeta) -> dict[str, Any]:
    """The stored cross-references of a clause's text and the keys of what it cites."""
    own = frozenset(x for x in (meta.identifier, meta.code, *meta.codes) if x)
    found = find_mentions(clause.text, own, amended_document(clause.heading, own), meta.kind)
    if not found:
        return {}
    return {
        F.REFS: [[m.start, m.end, m.number, m.doc] for m in found],
        F.CITES: " ".join(cite_keys(found, clause.doc_id)),
    }


def tables_json(clause: Clause) -> str:
    """The clause's tables as the stored JSON ("" when it has none)."""
    if not clause.tables:
        return ""
    tables = [{"rows": t.rows, "spans": t.spans} for t in clause.tables]
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":"))


def index_rows(doc: Document, clauses: list[Clause]) -> list[dict[str, Any]]:
    """Whoosh field dicts for a document's clauses, segmented and analysed here."""
    keys = _code_keys(doc.meta)
    title = _postings(" ".join(x for x in (doc.meta.code, doc.meta.title) if x))
    headings: dict[str, Postings] = {}
    rows = []
    for clause in clauses:
        head = heading_line(clause.heading_path)
        if head not in headings:
            headings[head] = _postings(head)
        searched = {
            F.TITLE_TEXT: title,
            F.HEADING_TEXT: headings[head],
            F.BODY: _postings(clause_body(clause)),
        }
        rows.append(clause_row(clause, doc, keys, searched))
    return rows


def catalog_entry(doc: Document, clauses: list[Clause]) -> CatalogEntry:
    """What the document list and the API need to know about a document without the index."""
    m = doc.meta
    numbered = [p.number for p in doc.pages if p.number is not None]
    return CatalogEntry(
        doc_id=doc.doc_id, file=doc.file, kind=doc.kind, code=m.code, codes=m.codes,
        title=m.title, type=m.doc_type, issuer=m.issuer, year=m.year,
        pages=max(numbered) if numbered else 0, clauses=len(clauses),
        abbreviations=abbreviations(clauses), doc_kind=m.kind, identifier=m.identifier,
        issuers=m.issuers, issued=m.issued, effective=m.effective, relations=m.relations,
    )  # fmt: skip


def abbreviations(clauses: list[Clause]) -> tuple[tuple[str, str], ...]:
    """(abbreviation, long form) pairs the document's clauses define, sorted and capped."""
    found: set[tuple[str, str]] = set()
    for clause in clauses:
        found.update(mine(f"{clause.heading}\n{clause.text}" if clause.heading else clause.text))
    return tuple(sorted(found)[:MAX_ABBREVIATIONS])
