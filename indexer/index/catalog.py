"""A document's catalog entry: what the document list, the API and hits know about it without
the index (stored in the manifest, see manifest.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def json_str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def json_int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _date(value: Any) -> str | None:
    return value if isinstance(value, str) and len(value) == 10 else None


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value or () if isinstance(v, str)) if isinstance(value, list) else ()


@dataclass(frozen=True)
class CatalogEntry:
    """What the document list and the API know about one document without the index."""

    doc_id: str
    file: str
    kind: str  # the file's kind: pdf | md | txt | jsonl
    code: str = ""  # the QCVN / TCVN code (its identifier); "" for other documents
    codes: tuple[str, ...] = ()
    title: str = ""
    type: str = ""  # the label of doc_kind: "QCVN", "Nghị định", "Khác" …
    issuer: str = ""  # canonical name of the first issuer
    year: int | None = None
    pages: int = 0
    clauses: int = 0
    abbreviations: tuple[tuple[str, str], ...] = ()  # (abbreviation, long form) it defines
    doc_kind: str = "other"  # slug: qcvn, tcvn, adopted, luat, nghi-dinh, …, other
    identifier: str = ""  # "QCVN 32:2026/BXD", "117/2022/NĐ-CP"
    issuers: tuple[str, ...] = ()  # canonical names
    issued: str | None = None  # ISO 8601
    effective: str | None = None  # ISO 8601
    relations: tuple[tuple[str, str], ...] = ()  # (type, target identifier) it states

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CatalogEntry:
        """The entry of a manifest's JSON object (unknown or ill-typed values dropped)."""
        year = data.get("year")
        return cls(
            doc_id=json_str(data.get("doc_id")), file=json_str(data.get("file")),
            kind=json_str(data.get("kind")), code=json_str(data.get("code")),
            codes=_strings(data.get("codes")), title=json_str(data.get("title")),
            type=json_str(data.get("type")), issuer=json_str(data.get("issuer")),
            year=year if isinstance(year, int) and not isinstance(year, bool) else None,
            pages=json_int(data.get("pages")), clauses=json_int(data.get("clauses")),
            abbreviations=_pairs(data.get("abbreviations")),
            doc_kind=json_str(data.get("doc_kind")) or "other",
            identifier=json_str(data.get("identifier")), issuers=_strings(data.get("issuers")),
            issued=_date(data.get("issued")), effective=_date(data.get("effective")),
            relations=_pairs(data.get("relations")),
        )  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        """The JSON object stored in the manifest."""
        return {
            "doc_id": self.doc_id, "file": self.file, "kind": self.kind, "code": self.code,
            "codes": list(self.codes), "title": self.title, "type": self.type,
            "issuer": self.issuer, "year": self.year, "pages": self.pages,
            "clauses": self.clauses, "abbreviations": [list(p) for p in self.abbreviations],
            "doc_kind": self.doc_kind, "identifier": self.identifier,
            "issuers": list(self.issuers), "issued": self.issued, "effective": self.effective,
            "relations": [list(p) for p in self.relations],
        }  # fmt: skip


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """Well-formed pairs of strings of a JSON value ([abbreviation, long form], [relation
    type, target]), stripped."""
    out = []
    for pair in value or ():
        if (
            isinstance(pair, list | tuple)
            and len(pair) == 2
            and all(isinstance(x, str) and x.strip() for x in pair)
        ):
            out.append((pair[0].strip(), pair[1].strip()))
    return tuple(out)
