"""The manifest of an index generation (`manifest.json`), as typed records.

One read path (`read_manifest`) and one write path (`write_manifest`); every reader — the
builder's plan, `vnstd stats`, the document catalog, the abbreviation lexicon, the server —
uses these records, so a renamed key fails here and not silently downstream.

    {"version": 2, "built_at": 1796226194.2, "corpus": "/abs/corpus",
     "fingerprint": {"analyzer": "3", …},
     "totals": {"pages": 1941, "clauses": 12678, "documents": 128},
     "vectors": {"model": "…", "embedded": 10, "reused": 12668},      (semantic builds only)
     "checksums": {"MAIN_x.seg": {"size": 82567657, "sha256": "…"}, …},
     "files": {"a/b.pdf": {"sha256": "…", "ok": true, "reason": "", "pages": 6, "clauses": 31,
                           "docs": [CatalogEntry, …]}}}
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from indexer.errors import IndexFormatError
from indexer.index.catalog import CatalogEntry, json_int, json_str

__all__ = ["CatalogEntry", "FileEntry", "FileSum", "Manifest", "Totals", "VectorsInfo"]

MANIFEST = "manifest.json"
VERSION = 2  # 2: catalog entries have doc_kind, identifier, issuers, issued, effective


_str = json_str
_int = json_int


@dataclass(frozen=True)
class FileEntry:
    """One input file as last indexed: its hash, outcome and the documents it held."""

    sha256: str
    ok: bool = True
    reason: str = ""
    pages: int = 0
    clauses: int = 0
    docs: tuple[CatalogEntry, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FileEntry:
        """The entry of a manifest's JSON object."""
        docs = data.get("docs") or ()
        return cls(
            sha256=_str(data.get("sha256")),
            ok=data.get("ok", True) is not False,
            reason=_str(data.get("reason")),
            pages=_int(data.get("pages")),
            clauses=_int(data.get("clauses")),
            docs=tuple(
                CatalogEntry.from_json(d) for d in docs if isinstance(d, dict) and "doc_id" in d
            ),
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON object stored in the manifest."""
        return {
            "sha256": self.sha256, "ok": self.ok, "reason": self.reason, "pages": self.pages,
            "clauses": self.clauses, "docs": [d.to_json() for d in self.docs],
        }  # fmt: skip


@dataclass(frozen=True)
class Totals:
    """Sizes of a generation."""

    pages: int = 0
    clauses: int = 0
    documents: int = 0

    @classmethod
    def of(cls, files: Mapping[str, FileEntry]) -> Totals:
        """The totals of a set of files."""
        return cls(
            pages=sum(e.pages for e in files.values()),
            clauses=sum(e.clauses for e in files.values()),
            documents=sum(len(e.docs) for e in files.values()),
        )


@dataclass(frozen=True)
class VectorsInfo:
    """What a semantic build did: the model, clauses embedded anew and vectors reused."""

    model: str
    embedded: int = 0
    reused: int = 0


@dataclass(frozen=True)
class FileSum:
    """The size and SHA-256 of one file of a generation (integrity.py)."""

    size: int
    sha256: str

    @classmethod
    def from_json(cls, data: Any) -> FileSum | None:
        """The sum of a manifest's JSON object, or None when it is not one."""
        if not isinstance(data, dict):
            return None
        return cls(_int(data.get("size")), _str(data.get("sha256")))


@dataclass(frozen=True)
class Manifest:
    """Everything a generation records about how and from what it was built."""

    files: Mapping[str, FileEntry] = field(default_factory=dict)
    totals: Totals = Totals()
    built_at: float = 0.0  # Unix time
    fingerprint: Mapping[str, Any] = field(default_factory=dict)
    corpus: str = ""  # absolute path of the indexed folder
    vectors: VectorsInfo | None = None
    version: int = VERSION
    checksums: Mapping[str, FileSum] = field(default_factory=dict)  # file name → sum

    @cached_property
    def _catalog(self) -> tuple[CatalogEntry, ...]:
        docs = [d for e in self.files.values() if e.ok for d in e.docs]
        return tuple(sorted(docs, key=lambda d: (not d.code, d.code, d.doc_id)))

    @cached_property
    def _by_id(self) -> dict[str, CatalogEntry]:
        return {d.doc_id: d for d in reversed(self._catalog)}

    def documents(self) -> tuple[CatalogEntry, ...]:
        """Every document of the files indexed without failure, ordered by code then doc_id."""
        return self._catalog

    def document(self, doc_id: str) -> CatalogEntry | None:
        """The catalog entry of doc_id, or None."""
        return self._by_id.get(doc_id)

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        """A manifest from its parsed JSON; raises IndexFormatError for anything else."""
        if not isinstance(data, dict):
            raise IndexFormatError("manifest.json is not a JSON object")
        version = data.get("version", VERSION)
        if not isinstance(version, int) or version > VERSION:
            raise IndexFormatError(
                f"manifest version {version!r} is newer than this vnstd reads ({VERSION})"
            )
        files = data.get("files") or {}
        built = data.get("built_at")
        return cls(
            files={
                str(rel): FileEntry.from_json(e) for rel, e in files.items() if isinstance(e, dict)
            },
            totals=_totals(data.get("totals")),
            built_at=float(built) if isinstance(built, int | float) else 0.0,
            fingerprint=dict(data.get("fingerprint") or {}),
            corpus=_str(data.get("corpus")),
            vectors=_vectors(data.get("vectors")),
            version=version,
            checksums=_checksums(data.get("checksums")),
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON object written to manifest.json."""
        out: dict[str, Any] = {
            "version": self.version,
            "built_at": self.built_at,
            "corpus": self.corpus,
            "fingerprint": dict(self.fingerprint),
            "totals": asdict(self.totals),
            "files": {rel: e.to_json() for rel, e in self.files.items()},
        }
        if self.vectors is not None:
            out["vectors"] = asdict(self.vectors)
        if self.checksums:
            out["checksums"] = {name: asdict(fs) for name, fs in self.checksums.items()}
        return out


def _totals(data: Any) -> Totals:
    data = data if isinstance(data, dict) else {}
    return Totals(**{k: _int(data.get(k)) for k in asdict(Totals())})


def _vectors(data: Any) -> VectorsInfo | None:
    if not isinstance(data, dict):
        return None
    return VectorsInfo(
        _str(data.get("model")), _int(data.get("embedded")), _int(data.get("reused"))
    )


def _checksums(data: Any) -> dict[str, FileSum]:
    if not isinstance(data, dict):
        return {}
    sums = {str(name): FileSum.from_json(value) for name, value in data.items()}
    return {name: fs for name, fs in sums.items() if fs is not None}


def load_manifest(gen: Path) -> Manifest:
    """The manifest of a generation; raises IndexFormatError when missing or unreadable."""
    try:
        data = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexFormatError(f"{gen.name} has no {MANIFEST}") from exc
    except OSError as exc:
        raise IndexFormatError(f"{gen.name}/{MANIFEST} cannot be read") from exc
    except ValueError as exc:
        raise IndexFormatError(f"{gen.name}/{MANIFEST} is unreadable: not JSON") from exc
    return Manifest.from_json(data)


def read_manifest(gen: Path | None) -> Manifest | None:
    """The manifest of a generation, or None when there is none or it cannot be used."""
    if gen is None:
        return None
    try:
        return load_manifest(gen)
    except IndexFormatError:
        return None


def write_manifest(build_dir: Path, manifest: Manifest) -> None:
    """Write manifest.json into a build directory (a new file, renamed into place: never
    the bytes of a file another generation may share)."""
    text = json.dumps(manifest.to_json(), ensure_ascii=False, indent=1, sort_keys=True)
    tmp = build_dir / f".{MANIFEST}.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, build_dir / MANIFEST)
