"""Build or update an index: worker processes prepare clauses, one writer stores them.

A build always writes into a new directory and publishes it atomically (see store.py),
so a crash, a kill or a full disk leaves the previous index as it was.
"""

from __future__ import annotations

import multiprocessing
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from indexer import embed, store, vectors
from indexer.analysis import ANALYZER_VERSION
from indexer.config import Settings
from indexer.errors import IndexBuildError
from indexer.metadata import load_overrides
from indexer.models import FileReport, FileStatus, SourceFile
from indexer.process import PIPELINE_VERSION, Job, Outcome, process, warm_worker
from indexer.report import BuildReport, Progress
from indexer.schema import SCHEMA_VERSION, get_schema
from indexer.sources import content_hash, walk_corpus


def _fingerprint(settings: Settings, corpus: Path) -> dict[str, Any]:
    """Everything besides file contents that changes what the index holds."""
    meta_csv = corpus / "metadata.csv"
    return {
        "analyzer": ANALYZER_VERSION,
        "pipeline": PIPELINE_VERSION,
        "schema": SCHEMA_VERSION,
        "passage_chars": settings.passage_chars,
        "extractor": settings.extractor,
        "semantic": embed.VECTOR_VERSION if settings.semantic else "",
        "metadata_csv": content_hash(meta_csv) if meta_csv.is_file() else "",
    }


def _run_jobs(jobs: list[Job], workers: int) -> Iterator[Outcome]:
    """Outcomes of jobs, in completion order, from a pool of worker processes."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield process(job)
        return
    ctx = multiprocessing.get_context("fork")
    # no maxtasksperchild: recycled workers made the pool's shutdown hang (tasks-queue lock)
    with ctx.Pool(min(workers, len(jobs)), initializer=warm_worker) as pool:
        yield from pool.imap_unordered(process, jobs, chunksize=1)


@contextmanager
def _writer(build_dir: Path, incremental: bool) -> Iterator[Any]:
    """A Whoosh writer that commits on success and cancels on any exception."""
    ix = (
        whoosh_index.open_dir(str(build_dir))
        if incremental
        else whoosh_index.create_in(str(build_dir), get_schema())
    )
    writer = ix.writer(limitmb=256, procs=1)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        ix.close()
        raise
    writer.commit(merge=incremental, optimize=False)
    ix.close()


def _dedupe(sources: list[SourceFile]) -> tuple[list[SourceFile], dict[str, str], list[FileReport]]:
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


def _plan(
    sources: list[SourceFile],
    hashes: dict[str, str],
    old: dict[str, Any] | None,
    fingerprint: dict[str, Any],
) -> tuple[bool, list[SourceFile], list[str]]:
    """(full?, files to process, files to remove) for this run."""
    full = old is None or old.get("fingerprint") != fingerprint
    if full:
        return True, sources, []
    assert old is not None
    known: dict[str, Any] = old.get("files", {})
    todo = [s for s in sources if known.get(s.rel, {}).get("sha256") != hashes[s.rel]]
    removed = [rel for rel in known if rel not in hashes]
    return False, todo, removed


def build_index(
    corpus: Path,
    root: Path,
    settings: Settings,
    rebuild: bool = False,
    progress: bool | None = None,
) -> BuildReport:
    """Index corpus into root (incrementally unless rebuild); returns the report."""
    started = time.perf_counter()
    if settings.semantic:
        embed.require()  # fail before any work when the model is missing
    with store.build_lock(root):
        store.clean_leftovers(root)
        sources, skipped = walk_corpus(corpus)
        sources, hashes, duplicates = _dedupe(sources)
        skipped.extend(duplicates)
        overrides = load_overrides(corpus)
        fingerprint = _fingerprint(settings, corpus)
        current = store.current_generation(root)
        old = None if rebuild else store.read_manifest(current)
        full, todo, removed = _plan(sources, hashes, old, fingerprint)
        report = BuildReport(index=str(root), mode="full" if full else "incremental")
        report.workers = settings.workers
        report.files.extend(skipped)
        if not full and not todo and not removed:
            report.mode = "unchanged"
            _report_unchanged(report, sources, old or {})
            report.generation = current.name if current else ""
            report.total_seconds = time.perf_counter() - started
            return report
        try:
            build_dir = store.new_build_dir(root)
        except OSError as exc:
            raise IndexBuildError(f"build aborted, previous index kept: {exc}") from exc
        try:
            manifest = _write(
                build_dir,
                current,
                full,
                todo,
                removed,
                old,
                hashes,
                report,
                settings,
                overrides,
                progress,
            )
            if settings.semantic:
                t0 = time.perf_counter()
                embedded, reused = vectors.update(build_dir, current, progress)
                report.seconds["embed"] = time.perf_counter() - t0
                manifest["vectors"] = {"model": embed.MODEL, "embedded": embedded, "reused": reused}
            manifest["fingerprint"] = fingerprint
            manifest["corpus"] = str(corpus.resolve())
            store.write_manifest(build_dir, manifest)
            gen = store.publish(root, build_dir)
        except BaseException as exc:
            shutil.rmtree(build_dir, ignore_errors=True)
            if isinstance(exc, OSError | embed.EmbeddingFailedError):
                raise IndexBuildError(f"build aborted, previous index kept: {exc}") from exc
            raise
        store.clean_leftovers(root)
        report.generation = gen.name
    report.total_seconds = time.perf_counter() - started
    return report


def _report_unchanged(
    report: BuildReport, sources: Iterable[SourceFile], old: dict[str, Any]
) -> None:
    files = old.get("files", {})
    for src in sources:
        entry = files.get(src.rel, {})
        status = "unchanged" if entry.get("ok", True) else "failed"
        report.files.append(FileReport(src.rel, status, entry.get("reason", "")))  # type: ignore[arg-type]
    report.pages = old.get("totals", {}).get("pages", 0)
    report.clauses = old.get("totals", {}).get("clauses", 0)
    report.documents = old.get("totals", {}).get("documents", 0)


def _write(
    build_dir: Path,
    current: Path | None,
    full: bool,
    todo: list[SourceFile],
    removed: list[str],
    old: dict[str, Any] | None,
    hashes: dict[str, str],
    report: BuildReport,
    settings: Settings,
    overrides: dict[str, dict[str, str]],
    progress: bool | None,
) -> dict[str, Any]:
    """Fill build_dir (a clone of current when incremental); returns the new manifest."""
    files: dict[str, Any] = {} if full else dict((old or {}).get("files", {}))
    if not full and current is not None:
        store.clone_generation(current, build_dir)
    todo_rels = {s.rel for s in todo}
    jobs = [
        Job(s, settings.extractor, settings.passage_chars, overrides)
        for s in sorted(todo, key=lambda s: -s.path.stat().st_size)
    ]
    bar = Progress(len(jobs), enabled=progress)
    write_seconds = 0.0
    with _writer(build_dir, incremental=not full) as writer:
        for rel in [*removed, *(r for r in todo_rels if r in files)]:
            writer.delete_by_term("file", rel)
        for rel in removed:
            files.pop(rel, None)
            report.files.append(FileReport(rel, "removed"))
        for outcome in _run_jobs(jobs, settings.workers):
            t0 = time.perf_counter()
            for row in outcome.rows:
                writer.add_document(**row)
            write_seconds += time.perf_counter() - t0
            _account(report, files, outcome, hashes)
            bar.step(outcome.rel)
        t0 = time.perf_counter()
    write_seconds += time.perf_counter() - t0
    bar.close()
    report.seconds["write"] = write_seconds
    for rel, entry in files.items():
        if rel not in todo_rels and rel in hashes:
            report.files.append(
                FileReport(rel, "unchanged" if entry["ok"] else "failed", entry.get("reason", ""))
            )
    report.files.sort(key=lambda f: f.rel)
    totals = {
        "pages": sum(e.get("pages", 0) for e in files.values()),
        "clauses": sum(e.get("clauses", 0) for e in files.values()),
        "documents": sum(len(e.get("docs", [])) for e in files.values()),
    }
    report.pages, report.clauses, report.documents = (
        totals["pages"],
        totals["clauses"],
        totals["documents"],
    )
    return {"files": files, "totals": totals, "built_at": time.time(), "version": 1}


def _account(
    report: BuildReport, files: dict[str, Any], outcome: Outcome, hashes: dict[str, str]
) -> None:
    for stage, secs in outcome.seconds.items():
        report.seconds[stage] = report.seconds.get(stage, 0.0) + secs
    files[outcome.rel] = {
        "sha256": hashes[outcome.rel],
        "ok": outcome.ok,
        "reason": outcome.reason,
        "pages": outcome.pages,
        "clauses": len(outcome.rows),
        "docs": outcome.docs,
    }
    status: FileStatus = "indexed" if outcome.ok else "failed"
    report.files.append(
        FileReport(
            outcome.rel,
            status,
            outcome.reason,
            outcome.pages,
            len(outcome.rows),
            tuple(outcome.warnings),
        )
    )
