"""Pydantic response models of the HTTP API (they are the OpenAPI schema at /docs)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class TwinOut(BaseModel):
    """The same text as a hit's, in another document (folded into the hit)."""

    clause_id: str
    doc_id: str
    code: str
    title: str
    page: int | None
    url: str | None = Field(description="the other document's file at that page")


class HitOut(BaseModel):
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
    type: str
    issuer: str
    year: str
    url: str | None = Field(description="the original PDF at the clause's page; null for records")
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


class Facets(BaseModel):
    """Counts of matching clauses per value of each filter field."""

    type: dict[str, int] = {}
    issuer: dict[str, int] = {}
    year: dict[str, int] = {}


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


class SuggestionOut(BaseModel):
    """One autocomplete entry."""

    text: str
    kind: str = Field(description="code, title or heading")
    url: str = Field(description="where choosing it leads on the web page")


class SuggestOut(BaseModel):
    """Autocomplete entries for a prefix."""

    query: str
    suggestions: list[SuggestionOut]


class DocumentOut(BaseModel):
    """Catalog metadata of one document."""

    doc_id: str
    file: str
    kind: str
    code: str
    codes: list[str]
    title: str
    type: str
    issuer: str
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


class DocumentDetail(DocumentOut):
    """A document with its clause outline (in document order)."""

    outline: list[OutlineEntry]


class Neighbour(BaseModel):
    """The previous or next clause of the same document."""

    clause_id: str
    number: str
    heading: str


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
    ocr: bool = Field(
        False, description="the clause was read by OCR from a scanned page (may hold misreadings)"
    )


class HealthOut(BaseModel):
    """What is being served."""

    status: str = Field(
        description='"ok", or "degraded" when a newer generation exists but will not open '
        "(the one described here is still served; `problem` says why)"
    )
    version: str
    generation: str
    clauses: int
    documents: int
    pages: int
    built_at: str | None = Field(description="ISO 8601 UTC time of the build")
    semantic: bool = Field(
        False,
        description="clause vectors are fused with the lexical ranking (built with --semantic)",
    )
    problem: str | None = Field(
        None, description="why the newest generation cannot be opened; null when all is well"
    )


class ErrorOut(BaseModel):
    """Every 4xx/5xx answer of the API."""

    detail: str
