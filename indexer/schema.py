"""The only Whoosh schema, and the mapping from a clause to index fields."""

from __future__ import annotations

from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.analysis import vn_analyzer, vn_folded_analyzer

SCHEMA_VERSION = "4"

# indexed text fields: exact (accented) and folded copies of title, heading path and body
TEXT_FIELDS = ("t", "h", "b")
FOLDED = {"t": "tf", "h": "hf", "b": "bf"}


class Preanalyzed(tuple):  # type: ignore[type-arg]
    """A field value already turned into Whoosh postings (in a worker process)."""

    __slots__ = ()


class VnText(TEXT):  # type: ignore[misc]
    """A TEXT field that also accepts Preanalyzed values, so analysis runs in the workers."""

    def index(self, value: Any, **kwargs: Any) -> Any:
        if isinstance(value, Preanalyzed):
            return iter(value)
        return super().index(value, **kwargs)


def preanalyze(schema: Schema, name: str, text: str) -> Preanalyzed:
    """The postings field `name` would make of text: (term bytes, freq, weight, value bytes)."""
    return Preanalyzed(schema[name].index(text))


def get_schema() -> Schema:
    """The index schema: stored display fields plus analysed search fields."""
    exact = vn_analyzer()
    folded = vn_folded_analyzer()
    return Schema(
        # identity and filters
        clause_id=ID(stored=True, unique=True),
        doc_id=ID(stored=True, sortable=True),
        file=ID(stored=True),
        codes=KEYWORD(lowercase=True, scorable=True),
        type=ID(stored=True, sortable=True),
        issuer=ID(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        clause=ID(stored=True),
        ordinal=NUMERIC(stored=True, sortable=True),
        # display only
        kind=STORED(),
        code=STORED(),
        number=STORED(),
        all_codes=STORED(),
        title=STORED(),
        heading=STORED(),
        heading_path=STORED(),
        text=STORED(),
        page=STORED(),
        page_end=STORED(),
        part=STORED(),
        # search: exact
        t=VnText(analyzer=exact, phrase=True),
        h=VnText(analyzer=exact, phrase=True),
        b=VnText(analyzer=exact, phrase=True),
        # search: diacritics folded
        tf=VnText(analyzer=folded, phrase=True),
        hf=VnText(analyzer=folded, phrase=True),
        bf=VnText(analyzer=folded, phrase=True),
    )


def clause_fields(
    clause: Any, meta: Any, file: str, kind: str, seg: dict[str, Any], keys: list[str]
) -> dict[str, Any]:
    """Whoosh fields for one clause; `seg` maps t/h/b and tf/hf/bf to segmented text or postings."""
    fields: dict[str, Any] = {
        "clause_id": clause.clause_id,
        "doc_id": clause.doc_id,
        "file": file,
        "codes": " ".join(keys),
        "type": meta.doc_type,
        "issuer": meta.issuer,
        "year": str(meta.year) if meta.year else "",
        "clause": clause.number.lower(),
        "number": clause.number,
        "ordinal": clause.ordinal,
        "kind": kind,
        "code": meta.code,
        "all_codes": list(meta.codes),
        "title": meta.title,
        "heading": clause.heading,
        "heading_path": list(clause.heading_path),
        "text": clause.text,
        "page": clause.page,
        "page_end": clause.page_end,
        "part": clause.part,
    }
    for name in TEXT_FIELDS:
        fields[name] = seg[name]
        fields[FOLDED[name]] = seg.get(FOLDED[name], seg[name])
    return {k: v for k, v in fields.items() if v != "" and v != ()}
