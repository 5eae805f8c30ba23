"""Build or update an index: worker processes prepare clauses, one writer stores them.

A build always writes into a new directory and publishes it atomically (see store.py),
so a crash, a kill or a full disk leaves the previous index as it was.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from indexer.config import Settings
from indexer.errors import CorpusError, EmbeddingFailedError, IndexBuildError
from indexer.index import cluster, embedding, store
from indexer.index.integrity import checksums
from indexer.index.jobs import Outcome, run_jobs
from indexer.index.manifest import (
    FileEntry,
    Manifest,
    Totals,
    VectorsInfo,
    read_manifest,
    write_manifest,
)
from indexer.index.plan import Plan, make_plan
from indexer.index.report import NO_PROGRESS, BuildReport, Progress
from indexer.index.writer import open_writer
from indexer.ingest import ocr, ocrcache, pdfreaders
from indexer.ingest.ocr import OcrEngine
from indexer.ingest.process import Job
from indexer.models import FileReport
from indexer.text import embed


def build_index(
    settings: Settings, *, rebuild: bool = False, progress: Progress = NO_PROGRESS
) -> BuildReport:
    """Index settings.corpus into settings.index (incrementally unless rebuild).

    Raises SettingsError (extractor or model missing) before any work, CorpusError,
    MetadataError, IndexLockedError, and IndexBuildError when the build is aborted (the
    previous generation is then still the one served)."""
    started = time.perf_counter()
    pdfreaders.require(settings.extractor)
    if settings.semantic:
        embed.require()  # fail before any work when the model is missing
    if settings.cluster:
        cluster.require()
    _require_corpus(settings.corpus)  # before the index directory is made or locked
    engine, why = ocr_engine(settings)
    root = settings.index
    with store.build_lock(root):
        store.clean_leftovers(root)
        if engine is not None and engine.cache is not None:
            ocrcache.sweep(engine.cache)
        plan = make_plan(settings, rebuild, engine.identity if engine else "")
        report = BuildReport(index=str(root), mode="full" if plan.full else "incremental")
        report.ocr_engine, report.ocr_off = (engine.identity if engine else ""), why
        report.workers = settings.workers
        report.repaired = plan.damage
        report.files.extend(plan.skipped)
        if plan.unchanged:
            _report_unchanged(report, plan)
            if settings.semantic and plan.current is not None:  # vectors still to come: now
                embedding.complete(root, plan.current, progress)
        else:
            report.generation = _new_generation(plan, report, settings, engine, progress)
            store.clean_leftovers(root)
    report.total_seconds = time.perf_counter() - started
    return report


def _require_corpus(corpus: Path) -> None:
    """Raise CorpusError unless the corpus is a folder whose entries can be listed."""
    if not corpus.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus}")
    try:
        with os.scandir(corpus):
            pass
    except OSError as exc:
        raise CorpusError(f"corpus folder cannot be read: {corpus} ({exc.strerror})") from None


def ocr_engine(settings: Settings) -> tuple[OcrEngine | None, str]:
    """The OCR engine of a build, or None and why scanned pages will not be read."""
    if not settings.ocr:
        return None, "OCR is off (VNSTD_OCR=0)"
    found = ocr.probe(
        settings.ocr_command, settings.ocr_lang, settings.ocr_cache_dir, settings.ocr_dpi
    )
    return (found, "") if isinstance(found, OcrEngine) else (None, found)


def _report_unchanged(report: BuildReport, plan: Plan) -> None:
    assert plan.old is not None
    report.mode = "unchanged"
    report.generation = plan.current.name if plan.current else ""
    for src in plan.sources:
        entry = plan.old.files.get(src.rel)
        ok = entry is None or entry.ok
        reason = entry.reason if entry else ""
        report.files.append(FileReport(src.rel, "unchanged" if ok else "failed", reason))
    totals = plan.old.totals
    report.pages, report.clauses, report.documents = totals.pages, totals.clauses, totals.documents


def _new_generation(
    plan: Plan,
    report: BuildReport,
    settings: Settings,
    engine: OcrEngine | None,
    progress: Progress,
) -> str:
    """Build the planned generation in a temporary directory and publish it; its name."""
    try:
        build_dir = store.new_build_dir(settings.index)
    except OSError as exc:
        raise IndexBuildError(f"build aborted, previous index kept: {exc}") from exc
    try:
        jobs = _jobs(plan, settings, engine)
        manifest = _write(build_dir, plan, report, settings, jobs, progress)
        if settings.semantic is not False:  # keys now; vectors now (--semantic) or later
            t0 = time.perf_counter()
            reuse = None if plan.damage else plan.current  # never vectors of a damaged one
            # a cluster build embeds on the cluster unless told not to (--no-semantic)
            now = settings.semantic or bool(settings.cluster)
            found = embedding.update(
                settings.index, build_dir, reuse, now, progress, cluster=settings.cluster
            )
            report.seconds["embed"] = time.perf_counter() - t0
            manifest = _with_vectors(manifest, *found) if now else manifest
        write_manifest(build_dir, replace(manifest, checksums=checksums(build_dir)))
        return store.publish(settings.index, build_dir).name
    except BaseException as exc:
        shutil.rmtree(build_dir, ignore_errors=True)
        if isinstance(exc, OSError | EmbeddingFailedError):
            raise IndexBuildError(f"build aborted, previous index kept: {exc}") from exc
        raise


def _with_vectors(manifest: Manifest, embedded: int, reused: int) -> Manifest:
    return replace(manifest, vectors=VectorsInfo(embed.MODEL, embedded, reused))


def _jobs(plan: Plan, settings: Settings, engine: OcrEngine | None) -> list[Job]:
    """The files to process, largest first (a big file last would keep one worker busy alone)."""
    todo = sorted(plan.todo, key=lambda s: -s.path.stat().st_size)
    rejected = plan.rejected_ids
    extractor, passage_chars = settings.extractor, settings.passage_chars
    return [
        Job(s, extractor, passage_chars, plan.overrides, rejected.get(s.rel, {}), engine)
        for s in todo
    ]


def _write(
    build_dir: Path,
    plan: Plan,
    report: BuildReport,
    settings: Settings,
    jobs: list[Job],
    progress: Progress,
) -> Manifest:
    """Fill build_dir (a clone of the current generation when incremental); the new manifest."""
    files = {} if plan.full or plan.old is None else dict(plan.old.files)
    if not plan.full and plan.current is not None:
        store.clone_generation(plan.current, build_dir)
    progress.start("index", len(jobs))
    write_seconds = 0.0
    with open_writer(build_dir, incremental=not plan.full) as writer:
        redone = {s.rel for s in plan.todo}
        for rel in [*plan.removed, *(r for r in redone if r in files)]:
            writer.delete_file(rel)
        for rel in plan.removed:
            files.pop(rel, None)
            report.files.append(FileReport(rel, "removed"))
        for outcome in _outcomes(jobs, plan, report, settings):
            t0 = time.perf_counter()
            for row in outcome.rows:
                writer.add(row)
            write_seconds += time.perf_counter() - t0
            files[outcome.rel] = _account(report, outcome, plan.hashes[outcome.rel])
            progress.step(outcome.rel)
        t0 = time.perf_counter()
    report.seconds["write"] = write_seconds + time.perf_counter() - t0
    progress.finish()
    return _finish(files, plan, report, settings)


def _outcomes(
    jobs: list[Job], plan: Plan, report: BuildReport, settings: Settings
) -> Iterator[Outcome]:
    """The jobs' outcomes from the local worker pool, or from the Dask cluster."""
    if not settings.cluster:
        return run_jobs(jobs, settings.workers)
    report.cluster = settings.cluster
    last = plan.old or read_manifest(plan.current)  # page counts: ship cached OCR pages
    old = last.files if last is not None else {}
    pages = {rel: e.pages for rel, e in old.items() if e.sha256 == plan.hashes.get(rel)}
    return cluster.run_on_cluster(jobs, settings.cluster, report.cluster_files, pages)


def _finish(
    files: dict[str, FileEntry], plan: Plan, report: BuildReport, settings: Settings
) -> Manifest:
    """Report the files left as they were, the totals; the manifest of the new generation."""
    redone = {s.rel for s in plan.todo}
    for rel, entry in files.items():
        if rel not in redone and rel in plan.hashes:
            status = "unchanged" if entry.ok else "failed"
            report.files.append(FileReport(rel, status, entry.reason))  # type: ignore[arg-type]
    report.files.sort(key=lambda f: f.rel)
    totals = Totals.of(files)
    report.pages, report.clauses, report.documents = totals.pages, totals.clauses, totals.documents
    return Manifest(
        files=files,
        totals=totals,
        built_at=time.time(),
        fingerprint=plan.fingerprint,
        corpus=str(settings.corpus.resolve()),
    )


def _account(report: BuildReport, outcome: Outcome, sha256: str) -> FileEntry:
    """Add a processed file to the report; its manifest entry."""
    for stage, secs in outcome.seconds.items():
        report.seconds[stage] = report.seconds.get(stage, 0.0) + secs
    report.add_ocr(outcome.ocr)
    report.files.append(
        FileReport(
            outcome.rel,
            "indexed" if outcome.ok else "failed",
            outcome.reason,
            outcome.pages,
            len(outcome.rows),
            tuple(outcome.warnings),
        )
    )
    return FileEntry(
        sha256=sha256,
        ok=outcome.ok,
        reason=outcome.reason,
        pages=outcome.pages,
        clauses=len(outcome.rows),
        docs=tuple(outcome.docs),
    )
