"""Per-file ingestion, run in a worker process: read → normalise → metadata → clauses.

A pure function of the file and the settings; segmentation and index rows are the index
layer's (indexer/index/rows.py), which calls this first.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from indexer.errors import ExtractionError
from indexer.ingest.clauses import split_clauses
from indexer.ingest.metadata import detect_metadata
from indexer.ingest.normalize import normalize_text, remove_running_lines
from indexer.ingest.ocr import OcrEngine, Scans
from indexer.ingest.overrides import Overrides, apply_overrides
from indexer.ingest.sources import read_source
from indexer.ingest.tablemap import attach_tables
from indexer.models import Cells, Clause, Document, RawDocument, SourceFile

# Bump when extraction, normalisation, metadata or clause splitting change what gets indexed:
# the manifest stores it, and a different value forces a full rebuild.
# 11: relations read from gazette lists, broken pages and titles; 10: units in one list (headings); 9: cross-references of each clause, tables of ruled PDF pages kept as rows of cells; 8: pages without a text layer read by OCR; 7: relations the text states; 6: identity
# (kind, identifier, issuers, dates), Markdown page furniture left out
PIPELINE_VERSION = "12"


@dataclass(frozen=True)
class Job:
    """One file to process, with what the worker needs to know."""

    src: SourceFile
    extractor: str
    passage_chars: int
    overrides: Overrides
    rejected_ids: Mapping[str, str] = field(default_factory=dict)  # .jsonl ids not to index
    ocr: OcrEngine | None = None  # reads the pages without a text layer; None: left unread


@dataclass
class Ingested:
    """What reading one file gave: its documents split into clauses, or why it failed."""

    rel: str
    ok: bool
    reason: str = ""
    pages: int = 0
    documents: list[tuple[Document, list[Clause]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    scans: Scans = field(default_factory=Scans)


def prepare_document(raw: RawDocument, overrides: Overrides) -> Document:
    """A normalised Document with detected (and overridden) metadata."""
    pages = tuple(
        replace(p, text=normalize_text(p.text), tables=_normalize_tables(p.tables))
        for p in raw.pages
    )
    meta = detect_metadata(raw.doc_id, pages, raw.title_hint)
    row = overrides.get(raw.doc_id) or overrides.get(raw.file)
    if row:
        meta = apply_overrides(meta, row)
    return Document(raw.doc_id, raw.file, raw.kind, remove_running_lines(pages), meta, raw.warnings)


def _normalize_tables(tables: tuple[tuple[Cells, ...], ...]) -> tuple[tuple[Cells, ...], ...]:
    """The cells normalised as the page text is, so that they are found in it."""
    return tuple(tuple(tuple(normalize_text(c) for c in row) for row in t) for t in tables)


def ingest(job: Job) -> Ingested:
    """Read and split one source file; extraction failures become a failed result, not an
    exception."""
    out = Ingested(rel=job.src.rel, ok=True, scans=Scans(job.ocr))
    t0 = time.perf_counter()
    try:
        raws = read_source(job.src, job.extractor, job.rejected_ids, out.scans)
    except ExtractionError as exc:
        out.ok, out.reason = False, exc.reason
        out.seconds["extract"] = time.perf_counter() - t0
        return out
    t1 = time.perf_counter()
    for raw in raws:
        doc = prepare_document(raw, job.overrides)
        clauses = attach_tables(doc, split_clauses(doc, job.passage_chars))
        out.documents.append((doc, mark_ocr(doc, clauses)))
        out.pages += len(raw.pages)
        out.warnings.extend(raw.warnings)
    out.seconds = {"extract": t1 - t0, "normalize": time.perf_counter() - t1}
    return out


def mark_ocr(doc: Document, clauses: list[Clause]) -> list[Clause]:
    """The clauses, those on a page read by OCR marked `ocr`."""
    read = {p.number for p in doc.pages if p.ocr and p.number is not None}
    if not read:
        return clauses
    return [replace(c, ocr=True) if _spans(c, read) else c for c in clauses]


def _spans(clause: Clause, numbers: set[int]) -> bool:
    if clause.page is None:
        return False
    last = clause.page_end if clause.page_end is not None else clause.page
    return any(clause.page <= n <= last for n in numbers)
