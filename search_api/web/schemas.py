"""Pydantic response models of the HTTP API (they are the OpenAPI schema at /docs)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from search_api.search.xrefs import MAX_CITED_BY
from search_api.web.xrefout import CiterOut, ReferenceOut


class RelationOut(BaseModel):
    """One relation of a document to another."""

    type: str = Field(
        description="replaces, repeals, amends, consolidates — or, stated by the other "
        "document: replaced_by, repealed_by, amended_by, consolidated_by"
    )
    target: str = Field(description='the other document\'s identifier: "09/2023/QĐ-TTg"')
    target_doc_id: str | None = Field(
        description="its doc_id when it is indexed; null: not in the index"
    )


class Identity(BaseModel):
    """Which document this is, as its own text says (shared by documents and hits)."""

    status: str = Field(
        "unknown",
        description="in_force, not_yet (its effective date is to come), replaced or repealed "
        "(by an indexed document in effect), unknown",
    )
    relations: list[RelationOut] = Field(
        [], description="what it says it does to other documents, and what they say of it"
    )

    doc_kind: str = Field(
        "other",
        description="the document's kind: qcvn, tcvn, adopted (TCVN ISO/IEC …), luat, bo-luat, "
        "nghi-dinh, nghi-quyet, thong-tu, thong-tu-lien-tich, quyet-dinh, chi-thi, "
        "van-ban-hop-nhat, cong-van, phap-dien or other (`type` is its label)",
    )
    identifier: str = Field(
        "",
        description='what the document calls itself: "QCVN 32:2026/BXD", "117/2022/NĐ-CP"; '
        '"" when its text gives none',
    )
    issuers: list[str] = Field(
        [], description="canonical names of its issuers (several for a joint text)"
    )
    issued: str | None = Field(None, description="date of issue (passing, for a law), ISO 8601")
    effective: str | None = Field(None, description="date it takes effect, ISO 8601")


class TwinOut(BaseModel):
    """The same text as a hit's, in another document (folded into the hit)."""

    clause_id: str
    doc_id: str
    code: str
    title: str
    page: int | None
    url: str | None = Field(description="the other document's file at that page")


class HitOut(Identity):
    """One ranked clause."""

    clause_id: str = Field(description="`{doc_id}#{ordinal}`: stable id of the clause")
    doc_id: str
    file: str
    code: str
    title: str
    clause: str = Field(description='clause number, e.g. "2.2.3" or "Điều 5"')
    heading: str
    heading_path: list[str]
    page: int | None
    page_end: int | None
    score: float
    snippet: str = Field(description="escaped HTML with <mark> around matched words")
    type: str = Field(description="label of `doc_kind`: QCVN, TCVN, Luật, Nghị định, … Khác")
    issuer: str = Field(description="canonical name of the (first) issuer")
    year: str
    url: str | None = Field(description="the original PDF at the clause's page; null for records")
    kind: str = Field(description="the document's source: pdf, md, txt or jsonl")
    landing_page: int | None = Field(
        None,
        description="the page holding the snippet's best matches (the clause's first page "
        "when its text has no match); null without pages",
    )
    landing_url: str | None = Field(
        None,
        description="where to read the hit: the PDF at `landing_page`, or the clause in the "
        "rendered view of a .md/.txt document (`/view/{doc_id}#c{ordinal}`); null for records",
    )
    document_hits: int = Field(
        1,
        description="how many clauses of this hit's document match the query; a document's "
        "hits are listed together (at most 3 before other documents')",
    )
    also_in: list[TwinOut] = Field(
        [], description="the same text in other documents, not listed again as hits"
    )
    ocr: bool = Field(
        False, description="the clause was read by OCR from a scanned page (may hold misreadings)"
    )
    page_hit: bool = Field(
        False,
        description="another page of the clause listed just before (same `clause_id`) that also "
        "matches well: `landing_page`, `landing_url` and `snippet` are that page's; page hits "
        "follow their clause and are not counted in `size` or `total`",
    )


class Facets(BaseModel):
    """Counts of matching clauses per value of each filter field."""

    type: dict[str, int] = {}
    issuer: dict[str, int] = {}
    year: dict[str, int] = {}
    status: dict[str, int] = {}  # in_force, not_yet, replaced, repealed, unknown


class SearchOut(BaseModel):
    """A page of search results."""

    query: str
    total: int
    page: int
    size: int
    took_ms: float
    hits: list[HitOut]
    facets: Facets
    suggestion: str | None = Field(
        description="corrected query or null: a word that occurs nowhere corrected, or (equal "
        "to `restored`) the diacritics of a query typed without them restored"
    )
    partial: bool = Field(
        False,
        description="the search ran out of its CPU budget (VNSTD_MAX_SEARCH_SECONDS): the hits "
        "score only part of the query's words",
    )
    restored: str | None = Field(
        None,
        description="for a query typed without diacritics: its reading with diacritics, when "
        "the indexed text makes it sure",
    )
    missing_codes: list[str] = Field(
        [], description="codes the query names that no indexed document has"
    )
    missing_clauses: list[str] = Field(
        [], description='"code clause" pairs the query names that the document does not have'
    )
    language: str | None = Field(
        None, description='"en" when the query reads as English rather than Vietnamese'
    )
    unmatched_phrases: list[str] = Field(
        [],
        description="quoted phrases of the query that no clause has: nothing matched them, so "
        "the hits are for their words, anywhere in the clause",
    )


class SuggestionOut(BaseModel):
    """One autocomplete entry."""

    text: str
    kind: str = Field(description="code, title or heading")
    url: str = Field(description="where choosing it leads on the web page")


class SuggestOut(BaseModel):
    """Autocomplete entries for a prefix."""

    query: str
    suggestions: list[SuggestionOut]


class DocumentOut(Identity):
    """Catalog metadata of one document."""

    doc_id: str
    file: str
    kind: str = Field(description="the file's kind: pdf, md, txt or jsonl")
    code: str = Field(description="the QCVN / TCVN code (= `identifier` for a standard)")
    codes: list[str]
    title: str
    type: str = Field(description="label of `doc_kind`: QCVN, TCVN, Luật, Nghị định, … Khác")
    issuer: str = Field(description="canonical name of the (first) issuer")
    year: int | None
    pages: int
    clauses: int
    url: str | None = Field(description="the original file; null for records")


class DocumentList(BaseModel):
    """A page of the document catalog."""

    total: int
    page: int
    size: int
    documents: list[DocumentOut]


class OutlineEntry(BaseModel):
    """One clause in a document's outline."""

    clause_id: str
    number: str
    heading: str
    page: int | None
    ordinal: int


class TreeEntry(BaseModel):
    """One heading of a document's table of contents, with its depth."""

    label: str = Field(description='number and heading, e.g. "2.2.3 Phát xạ giả"')
    depth: int = Field(description="0 for a top-level heading")
    clause_id: str | None = Field(
        description="the clause under this heading; null for a heading with no text of its own"
    )
    page: int | None
    passages: int = Field(1, description="how many passages the clause is cut into")


class DocumentDetail(DocumentOut):
    """A document with its clause outline (in document order)."""

    outline: list[OutlineEntry]
    tree: list[TreeEntry] = Field(
        [],
        description="the outline as a tree: every heading once, with its parents, in order",
    )


class Neighbour(BaseModel):
    """The previous or next clause of the same document."""

    clause_id: str
    number: str
    heading: str


class TableOut(BaseModel):
    """A table the clause's text holds: rows of cells, header first (cells also in `text`)."""

    rows: list[list[str]]


class ClauseOut(BaseModel):
    """The full text of one clause."""

    clause_id: str
    doc_id: str
    code: str
    title: str
    number: str
    heading: str
    heading_path: list[str]
    text: str
    page: int | None
    page_end: int | None
    ordinal: int
    url: str | None
    prev: Neighbour | None
    next: Neighbour | None
    status: str = Field(
        "unknown", description="its document's status, as on documents and hits (docs/api.md)"
    )
    ocr: bool = Field(
        False, description="the clause was read by OCR from a scanned page (may hold misreadings)"
    )
    kind: str = Field(description="the document's source: pdf, md, txt or jsonl")
    landing_page: int | None = Field(
        None,
        description="with `q`: the page holding the best matches of the query in the text; "
        "else (or when nothing matches) the first page",
    )
    landing_url: str | None = Field(
        None,
        description="the PDF at `landing_page`, or the clause in the rendered view of a "
        ".md/.txt document; null for records",
    )
    references: list[ReferenceOut] = Field(
        default_factory=list, description="its cross-references, in text order"
    )
    cited_by: list[CiterOut] = Field(
        default_factory=list, description=f"clauses citing it (at most {MAX_CITED_BY})"
    )

    tables: list[TableOut] = Field(default_factory=list, description="docs/tables.md")


class ErrorOut(BaseModel):
    """Every 4xx/5xx answer of the API."""

    detail: str
