"""The only Whoosh schema. Its field classes and analyzers are pickled into the index, so
this module's path is part of the index format (moving it is a schema change)."""

from __future__ import annotations

from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.index import fields as F
from indexer.index.analysis import vn_analyzer, vn_folded_analyzer

# 5: analyzers and field classes moved to indexer.index (pickled names); 6: stored `ocr`;
# 7: page_starts; 8: cross-references (stored `refs`, indexed `cites`); 9: and tables
SCHEMA_VERSION = "9"


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
    searched = {name: VnText(analyzer=exact, phrase=True) for name in F.TEXT_FIELDS}
    searched |= {F.FOLDED[n]: VnText(analyzer=folded, phrase=True) for n in F.TEXT_FIELDS}
    stored = (F.KIND, F.CODE, F.NUMBER, F.ALL_CODES, F.TITLE, F.HEADING, F.HEADING_PATH,
              F.TEXT, F.PAGE, F.PAGE_END, F.PAGE_STARTS, F.PART, F.OCR, F.REFS, F.TABLES)  # fmt: skip
    return Schema(
        **{
            F.CLAUSE_ID: ID(stored=True, unique=True),
            F.DOC_ID: ID(stored=True, sortable=True),
            F.FILE: ID(stored=True),
            F.CODES: KEYWORD(lowercase=True, scorable=True),
            F.TYPE: ID(stored=True, sortable=True),
            F.ISSUER: ID(stored=True, sortable=True),
            F.YEAR: ID(stored=True, sortable=True),
            F.CLAUSE: ID(stored=True),
            F.ORDINAL: NUMERIC(stored=True, sortable=True),
            F.CITES: KEYWORD(lowercase=True),
            **{name: STORED() for name in stored},
            **searched,
        }
    )
