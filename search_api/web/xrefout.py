"""Response models of a clause's cross-references (part of the OpenAPI schema, used by
`ClauseOut` in schemas.py)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ReferenceOut(BaseModel):
    """One cross-reference in a clause's text, resolved among the indexed clauses."""

    text: str = Field(description='as written: "khoản 2 Điều 12 của Luật này"')
    start: int = Field(description="where it starts in the clause's `text`")
    end: int = Field(description="where it ends in the clause's `text`")
    target: str = Field(
        description='the clause number it names ("Điều 12", "2.2.3") or, for a whole '
        'document, its identifier ("28/2012/TT-BKHCN")'
    )
    document: str | None = Field(
        description="the identifier or code of the document it names; null: the clause's "
        "own document (or a Pháp điển article, found in whichever topic holds it)"
    )
    target_doc_id: str | None = Field(description="the document it resolves to; null: not indexed")
    target_clause_id: str | None = Field(
        description="the clause it resolves to; null: a whole document, or not indexed"
    )


class CiterOut(BaseModel):
    """A clause that cites this one."""

    clause_id: str
    doc_id: str
    title: str = Field(description="the citing clause's document title")
    number: str
    heading: str
