"""Builds and incremental updates of an index (issue 2): what is reindexed, what is searchable.

Most tests call build_index() in-process with one worker (fast, and monkeypatchable);
the CLI tests run the real `vnstd` command in a subprocess.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from indexer.config import Settings
from indexer.index import plan as build_mod
from indexer.index import store
from indexer.index.build import build_index
from indexer.index.report import BuildReport
from search_api.cli.output import HIT_KEYS as CLI_HIT_KEYS

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpus"
SETTINGS = Settings(jobs=1)
# the keys `vnstd search --json` has always given (it only grows: docs/api.md)
# the keys `vnstd search --json` has always given (it only grows: docs/api.md)
HIT_KEYS = {
    "doc_id",
    "file",
    "code",
    "title",
    "clause",
    "heading",
    "page",
    "page_end",
    "landing_page",
    "score",
    "snippet",
}
NOTE = (
    "# 1. Ghi chú\n\n1.1 Nội dung\n\nThiết bị {word} phải được kiểm tra định kỳ theo quy chuẩn.\n"
)


def sample_pdfs() -> list[Path]:
    return sorted(SAMPLES.glob("*.pdf"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the sample PDFs plus one Markdown note (safe to modify)."""
    dst = tmp_path / "corpus"
    dst.mkdir()
    for pdf in sample_pdfs():
        shutil.copy2(pdf, dst / pdf.name)
    (dst / "notes.md").write_text(NOTE.format(word="xanthoria"), encoding="utf-8")
    return dst


@pytest.fixture
def index(tmp_path: Path) -> Path:
    return tmp_path / "index"


def build(corpus: Path, index: Path, **kw: Any) -> BuildReport:
    return build_index(Settings(corpus=corpus, index=index, jobs=1), **kw)


def summary(report: BuildReport) -> dict[str, int]:
    return dict(report.to_dict()["summary"])


def files_of_hits(index: Path, query: str, limit: int = 50) -> list[str]:
    """The `file` of every hit for query in the index's current generation."""
    from search_api.reader.engine import Engine
    from search_api.search.run import search

    snap = Engine(index).snapshot()
    return [h.file for h in search(snap, query, size=limit).hits]


def generations(index: Path) -> list[str]:
    return sorted(p.name for p in index.glob("gen-*"))


def test_full_build_indexes_every_sample(corpus: Path, index: Path) -> None:
    """GIVEN the sample corpus WHEN built THEN every file is indexed with pages, clauses and stage times."""
    report = build(corpus, index)
    assert report.mode == "full"
    assert summary(report)["indexed"] == len(sample_pdfs()) + 1
    assert summary(report)["failed"] == 0
    assert report.pages >= len(sample_pdfs()) and report.clauses > 20
    assert set(report.seconds) >= {"extract", "normalize", "segment", "write"}
    assert store.current_generation(index) == index / report.generation
    assert files_of_hits(index, "xanthoria") == ["notes.md"]


def test_second_run_with_nothing_changed_is_unchanged(corpus: Path, index: Path) -> None:
    """GIVEN a built index WHEN indexed again with no change THEN mode is unchanged and no generation is made."""
    first = build(corpus, index)
    before = generations(index)
    second = build(corpus, index)
    assert second.mode == "unchanged"
    assert second.generation == first.generation
    assert generations(index) == before
    assert summary(second)["unchanged"] == len(sample_pdfs()) + 1
    assert summary(second)["indexed"] == 0
    assert second.clauses == first.clauses


def test_changed_markdown_only_it_is_reindexed(corpus: Path, index: Path) -> None:
    """GIVEN a built index WHEN one .md file changes THEN only it is reindexed and its new text replaces the old."""
    build(corpus, index)
    (corpus / "notes.md").write_text(NOTE.format(word="zygomorphia"), encoding="utf-8")
    report = build(corpus, index)
    assert report.mode == "incremental"
    assert summary(report)["indexed"] == 1
    assert summary(report)["unchanged"] == len(sample_pdfs())
    assert [f.rel for f in report.files if f.status == "indexed"] == ["notes.md"]
    assert files_of_hits(index, "zygomorphia") == ["notes.md"]
    assert files_of_hits(index, "xanthoria") == []


def test_replaced_pdf_only_it_is_reindexed(corpus: Path, index: Path) -> None:
    """GIVEN a built index WHEN one PDF is replaced by another THEN only it is reindexed and the new text is found."""
    build(corpus, index)
    victim = sample_pdfs()[0].name
    other = sample_pdfs()[1]
    shutil.copy2(other, corpus / victim)  # same content as another file: still a change for victim
    (corpus / other.name).unlink()  # keep contents distinct (duplicates would be skipped)
    report = build(corpus, index)
    statuses = {f.rel: f.status for f in report.files}
    assert statuses[victim] == "indexed"
    assert statuses[other.name] == "removed"
    assert summary(report)["indexed"] == 1
    assert summary(report)["unchanged"] == len(sample_pdfs()) - 1


def test_deleted_file_its_clauses_are_gone(corpus: Path, index: Path) -> None:
    """GIVEN a built index WHEN a PDF is deleted THEN it is reported removed and no hit comes from it."""
    build(corpus, index)
    gone = SAMPLES / "QCVN_47_2015_BTTTT.pdf"
    assert gone.name in files_of_hits(index, "QCVN 47:2015/BTTTT")
    (corpus / gone.name).unlink()
    report = build(corpus, index)
    assert report.mode == "incremental"
    assert [f.rel for f in report.files if f.status == "removed"] == [gone.name]
    assert gone.name not in files_of_hits(index, "QCVN 47:2015/BTTTT")
    assert gone.name not in files_of_hits(index, "phổ tần số bức xạ vô tuyến điện")


def test_metadata_csv_forces_reprocessing(corpus: Path, index: Path) -> None:
    """GIVEN a built index WHEN a metadata.csv is added THEN every file is reprocessed and the override shows."""
    build(corpus, index)
    (corpus / "metadata.csv").write_text(
        "file,title\nnotes.md,Ghi chú nội bộ quercitron\n", encoding="utf-8"
    )
    report = build(corpus, index)
    assert report.mode == "full"
    assert summary(report)["indexed"] == len(sample_pdfs()) + 1
    from search_api.reader.engine import Engine
    from search_api.search.run import search

    hits = search(Engine(index).snapshot(), "xanthoria").hits
    assert hits and hits[0].title == "Ghi chú nội bộ quercitron"


def test_rebuild_flag_rebuilds_everything(corpus: Path, index: Path) -> None:
    """GIVEN a built index WHEN rebuilt with rebuild=True THEN every file is indexed into a new generation."""
    first = build(corpus, index)
    report = build(corpus, index, rebuild=True)
    assert report.mode == "full"
    assert summary(report)["indexed"] == len(sample_pdfs()) + 1
    assert report.generation != first.generation
    assert report.clauses == first.clauses


def test_analyzer_version_change_forces_full_rebuild(
    corpus: Path, index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a built index WHEN the analyzer version changes THEN the next run is a full rebuild."""
    build(corpus, index)
    monkeypatch.setattr(build_mod, "ANALYZER_VERSION", "test-changed-analyzer")
    report = build(corpus, index)
    assert report.mode == "full"
    assert summary(report)["indexed"] == len(sample_pdfs()) + 1
    assert build(corpus, index).mode == "unchanged"


def vnstd(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "search_api", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_cli_index_json_and_search_queries_file(corpus: Path, index: Path, tmp_path: Path) -> None:
    """GIVEN the CLI WHEN `vnstd index --json` then `vnstd search --json --queries F` run
    THEN the report parses with its summary, and search prints one line per query, in order, with the hit keys."""
    done = vnstd("index", str(corpus), "--index", str(index), "--json", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["mode"] == "full"
    assert report["summary"]["indexed"] == len(sample_pdfs()) + 1
    assert report["pages"] > 0 and report["clauses"] > 0 and report["pages_per_second"]
    queries = ["QCVN 47:2015/BTTTT", "qwertyuiopzzz", "quy chuan ky thuat quoc gia", "xanthoria"]
    qfile = tmp_path / "queries.txt"
    qfile.write_text("\n".join(queries) + "\n", encoding="utf-8")
    done = vnstd("search", "--index", str(index), "--json", "--limit", "5", "--queries", str(qfile))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["query"] for line in lines] == queries
    assert lines[1]["hits"] == []
    for line in (lines[0], lines[2], lines[3]):
        assert line["hits"], line["query"]
        for hit in line["hits"]:
            assert set(hit) >= HIT_KEYS and set(hit) == set(CLI_HIT_KEYS)
            assert hit["status"] in {"in_force", "not_yet", "replaced", "repealed", "unknown"}
            assert all(set(r) == {"type", "target", "target_doc_id"} for r in hit["relations"])
    top = lines[0]["hits"][0]
    assert top["file"] == "QCVN_47_2015_BTTTT.pdf" and top["doc_id"] == top["file"]
    assert isinstance(top["page"], int) and top["page"] >= 1 and top["page_end"] >= top["page"]
    assert lines[3]["hits"][0]["doc_id"] == "notes.md"


def test_a_link_out_of_the_corpus_is_not_indexed_nor_served(
    corpus: Path, index: Path, tmp_path: Path
) -> None:
    """GIVEN a corpus holding a symbolic link to a file outside it WHEN indexed and served
    THEN the link is reported skipped, no search finds the outside text, and no route
    returns it."""
    from fastapi.testclient import TestClient

    from search_api.web.app import create_app
    from search_api.web.settings import ServerSettings

    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:quagmirezyx:/root:/bin/bash\n", encoding="utf-8")
    (corpus / "passwd.txt").symlink_to(secret)
    report = build(corpus, index)
    assert {(f.rel, f.status) for f in report.files} >= {("passwd.txt", "skipped")}
    assert files_of_hits(index, "quagmirezyx") == []
    with TestClient(create_app(ServerSettings(index=index, corpus=corpus))) as client:
        for path in ("/api/clauses/passwd.txt%230", "/documents/passwd.txt/file"):
            assert client.get(path).status_code == 404
        assert client.get("/api/documents/passwd.txt").status_code == 404


def test_a_record_cannot_pose_as_a_file_and_ids_are_unique(corpus: Path, index: Path) -> None:
    """GIVEN a .jsonl record whose id is a PDF's path, and an id two .jsonl files share WHEN
    indexed THEN the PDF keeps its own clauses only, the shared id belongs to the file that
    sorts first, each refusal is a warning; WHEN that file is removed THEN the next build
    gives the id to the other file."""
    pdf = sample_pdfs()[0].name
    (corpus / "a.jsonl").write_text(
        f'{{"id": "{pdf}", "text": "xanthomonas posing"}}\n{{"id": "r1", "text": "alpha one"}}\n',
        encoding="utf-8",
    )
    (corpus / "b.jsonl").write_text('{"id": "r1", "text": "beta one"}\n', encoding="utf-8")
    report = build(corpus, index)
    files = {f.rel: f for f in report.files}
    assert any("is the path of a file of the corpus" in w for w in files["a.jsonl"].warnings)
    assert files["b.jsonl"].status == "failed"  # its only record was refused
    assert "id 'r1' is already used by a.jsonl" in files["b.jsonl"].reason
    assert files_of_hits(index, "xanthomonas") == []
    assert files_of_hits(index, "alpha") == ["a.jsonl"] and files_of_hits(index, "beta") == []
    (corpus / "a.jsonl").unlink()
    report = build(corpus, index)
    assert {f.rel: f.status for f in report.files}["b.jsonl"] == "indexed"
    assert files_of_hits(index, "beta") == ["b.jsonl"]
