"""Per-file work done in a worker process: read → normalise → metadata → clauses → segment.

A pure function of the file and the settings: it returns index-ready field dicts and
never touches the index.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from indexer.abbrev import mine
from indexer.clauses import split_clauses
from indexer.errors import ExtractionError
from indexer.metadata import apply_overrides, code_keys, detect_metadata
from indexer.models import Clause, Document, DocumentMeta, Page, RawDocument, SourceFile
from indexer.normalize import normalize_text, remove_running_lines
from indexer.schema import FOLDED, clause_fields, get_schema, preanalyze
from indexer.segment import segment
from indexer.sources import read_source

HEADING_SEP = " › "
# Bump when extraction, normalisation, metadata or clause splitting change what gets indexed:
# the manifest stores it, and a different value forces a full rebuild.
PIPELINE_VERSION = "4"
MAX_ABBREVIATIONS = 200  # mined (abbreviation, long form) pairs kept per document


@dataclass(frozen=True)
class Job:
    """One file to process, with what the worker needs to know."""

    src: SourceFile
    extractor: str
    passage_chars: int
    overrides: Mapping[str, Mapping[str, str]]


@dataclass
class Outcome:
    """What a worker returns for one file."""

    rel: str
    ok: bool
    reason: str = ""
    pages: int = 0
    docs: list[dict[str, Any]] = field(default_factory=list)  # catalog entries
    rows: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def prepare_document(raw: RawDocument, overrides: Mapping[str, Mapping[str, str]]) -> Document:
    """A normalised Document with detected (and overridden) metadata."""
    pages = tuple(Page(p.number, normalize_text(p.text)) for p in raw.pages)
    meta: DocumentMeta = detect_metadata(raw.doc_id, pages, raw.title_hint)
    row = overrides.get(raw.doc_id) or overrides.get(raw.file)
    if row:
        meta = apply_overrides(meta, row)
    return Document(raw.doc_id, raw.file, raw.kind, remove_running_lines(pages), meta, raw.warnings)


def heading_text(clause: Clause) -> str:
    """The searchable heading of a clause: its heading path, joined."""
    return HEADING_SEP.join(clause.heading_path)


def _postings(text: str) -> dict[str, Any]:
    """Segment text once and analyse it for an exact field and its folded twin."""
    seg = segment(text)
    schema = _schema()
    return {"exact": preanalyze(schema, "b", seg), "folded": preanalyze(schema, "bf", seg)}


@lru_cache(maxsize=1)
def _schema() -> Any:
    return get_schema()


def index_rows(doc: Document, clauses: list[Clause]) -> list[dict[str, Any]]:
    """Whoosh field dicts for a document's clauses, segmented and analysed here in the worker."""
    meta = doc.meta
    keys: list[str] = []
    for code in meta.codes or ((meta.code,) if meta.code else ()):
        keys.extend(k for k in code_keys(code) if k not in keys)
    title = _postings(" ".join(x for x in (meta.code, meta.title) if x))
    headings: dict[str, dict[str, Any]] = {}
    rows = []
    for clause in clauses:
        head = heading_text(clause)
        if head not in headings:
            headings[head] = _postings(head)
        seg: dict[str, Any] = {}
        # a clause's own heading is part of its text ("Điều 12. Quyền của viên chức …"); the
        # heading *path* (ancestors) is searched separately, with a low weight
        body = (
            f"{clause.heading}\n{clause.text}"
            if clause.heading and clause.part == 0
            else clause.text
        )
        for name, post in (("t", title), ("h", headings[head]), ("b", _postings(body))):
            seg[name], seg[FOLDED[name]] = post["exact"], post["folded"]
        rows.append(clause_fields(clause, meta, doc.file, doc.kind, seg, keys))
    return rows


def catalog_entry(doc: Document, clauses: list[Clause]) -> dict[str, Any]:
    """What the document list and the API need to know about a document without the index."""
    m = doc.meta
    numbered = [p.number for p in doc.pages if p.number is not None]
    return {
        "doc_id": doc.doc_id,
        "file": doc.file,
        "kind": doc.kind,
        "code": m.code,
        "codes": list(m.codes),
        "title": m.title,
        "type": m.doc_type,
        "issuer": m.issuer,
        "year": m.year,
        "pages": max(numbered) if numbered else 0,
        "clauses": len(clauses),
        "abbreviations": abbreviations(clauses),
    }


def abbreviations(clauses: list[Clause]) -> list[list[str]]:
    """[abbreviation, long form] pairs the document's clauses define, sorted and capped."""
    found: set[tuple[str, str]] = set()
    for clause in clauses:
        found.update(mine(f"{clause.heading}\n{clause.text}" if clause.heading else clause.text))
    return [list(p) for p in sorted(found)[:MAX_ABBREVIATIONS]]


def process(job: Job) -> Outcome:
    """Process one source file; extraction failures become a failed Outcome, not an exception."""
    out = Outcome(rel=job.src.rel, ok=True)
    t0 = time.perf_counter()
    try:
        raws = read_source(job.src, job.extractor)
    except ExtractionError as exc:
        out.ok, out.reason = False, exc.reason
        out.seconds["extract"] = time.perf_counter() - t0
        return out
    t1 = time.perf_counter()
    prepared = []
    for raw in raws:
        doc = prepare_document(raw, job.overrides)
        prepared.append((doc, split_clauses(doc, job.passage_chars)))
        out.pages += len(raw.pages)
        out.warnings.extend(raw.warnings)
    t2 = time.perf_counter()
    for doc, clauses in prepared:
        out.docs.append(catalog_entry(doc, clauses))
        out.rows.extend(index_rows(doc, clauses))
    t3 = time.perf_counter()
    out.seconds = {"extract": t1 - t0, "normalize": t2 - t1, "segment": t3 - t2}
    return out


def warm_worker() -> None:
    """Pool initializer: die with the parent build, and load the segmenter once per worker."""
    _die_with_parent()
    from indexer.segment import warm_up

    warm_up()


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when the build process dies (a killed build's
    workers would otherwise finish files nobody will collect)."""
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)
