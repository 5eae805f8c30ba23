"""What a build has to do: the corpus's files against the current generation's manifest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.config import Settings
from indexer.index import store
from indexer.index.integrity import damage
from indexer.index.manifest import Manifest, read_manifest
from indexer.index.schema import SCHEMA_VERSION
from indexer.ingest.overrides import METADATA_FILE, Overrides, load_overrides
from indexer.ingest.process import PIPELINE_VERSION
from indexer.ingest.records import record_ids, reject_ids
from indexer.ingest.sources import content_hash, walk_corpus
from indexer.models import FileReport, SourceFile
from indexer.text import embed
from indexer.text.tokens import ANALYZER_VERSION


def fingerprint(settings: Settings, ocr: str = "") -> dict[str, Any]:
    """Everything besides file contents that changes what the index holds (`ocr`: the OCR
    engine's identity, "" when scanned pages are not read)."""
    meta_csv = settings.corpus / METADATA_FILE
    return {
        "analyzer": ANALYZER_VERSION,
        "pipeline": PIPELINE_VERSION,
        "schema": SCHEMA_VERSION,
        "passage_chars": settings.passage_chars,
        "extractor": settings.extractor,
        "semantic": "" if settings.semantic is False else embed.VECTOR_VERSION,
        "metadata_csv": content_hash(meta_csv) if meta_csv.is_file() else "",
        "ocr": ocr,
    }


def dedupe(sources: list[SourceFile]) -> tuple[list[SourceFile], dict[str, str], list[FileReport]]:
    """Sources without byte-identical duplicates, their hashes, and reports for the duplicates."""
    hashes: dict[str, str] = {}
    first: dict[str, str] = {}
    unique, dups = [], []
    for src in sources:
        digest = content_hash(src.path)
        if digest in first:
            dups.append(
                FileReport(src.rel, "skipped", f"duplicate of {first[digest]} (same content)")
            )
            continue
        first[digest] = src.rel
        hashes[src.rel] = digest
        unique.append(src)
    return unique, hashes, dups


@dataclass(frozen=True)
class Plan:
    """One build's work: a full or incremental build, the files to (re)process and remove."""

    full: bool
    sources: list[SourceFile]  # every indexable file of the corpus (duplicates left out)
    todo: list[SourceFile]  # the ones to process
    removed: list[str]  # files of the current generation no longer in the corpus
    hashes: dict[str, str]  # rel → content hash, for every source
    skipped: list[FileReport]  # files not indexed, with the reason
    fingerprint: dict[str, Any]
    overrides: Overrides
    rejected_ids: dict[str, dict[str, str]]  # per .jsonl file: record ids it may not use
    current: Path | None  # the generation being served, if any
    old: Manifest | None  # its manifest, unless rebuilding or damaged
    damage: str = ""  # what is wrong with the current generation ("" when intact)

    @property
    def unchanged(self) -> bool:
        """True when there is nothing to do."""
        return not self.full and not self.todo and not self.removed


def make_plan(settings: Settings, rebuild: bool, ocr: str = "") -> Plan:
    """Walk the corpus and compare it with the current generation (raises CorpusError,
    MetadataError); `ocr` is the OCR engine's identity ("" for none)."""
    sources, skipped = walk_corpus(settings.corpus, settings.follow_symlinks)
    sources, hashes, duplicates = dedupe(sources)
    overrides = load_overrides(settings.corpus)
    ids = {s.rel: record_ids(s) for s in sources if s.kind == "jsonl"}
    rejected = reject_ids(ids.items(), set(hashes))
    prints = fingerprint(settings, ocr)
    current = store.current_generation(settings.index)
    old = None if rebuild else read_manifest(current)
    broken = damage(current, old) if current is not None and old is not None else ""
    old = None if broken else old  # a damaged generation is rebuilt, never built upon
    full = old is None or dict(old.fingerprint) != prints
    todo, removed = list(sources), []
    if not full:
        assert old is not None
        todo = [s for s in sources if _changed(old, s.rel, hashes[s.rel], ids, rejected)]
        removed = [rel for rel in old.files if rel not in hashes]
    skipped = [*skipped, *duplicates]
    return Plan(full, sources, todo, removed, hashes, skipped, prints, overrides, rejected,
                current, old, broken)  # fmt: skip


def _changed(
    old: Manifest,
    rel: str,
    sha256: str,
    ids: dict[str, list[str]],
    rejected: dict[str, dict[str, str]],
) -> bool:
    """Whether a file must be processed again: new or other bytes, or (a .jsonl file) other
    records to keep than last time, another file having taken or released one of its ids."""
    entry = old.files.get(rel)
    if entry is None or entry.sha256 != sha256:
        return True
    if rel not in ids:
        return False
    keep = {i for i in ids[rel] if i not in rejected.get(rel, {})}
    return keep != {d.doc_id for d in entry.docs}
