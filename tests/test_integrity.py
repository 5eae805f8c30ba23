"""Damaged index generations (issue 14): detected before they are served or built upon,
reported by `vnstd check`, never served, and repaired by the next `vnstd index`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.config import Settings
from indexer.index.build import build_index
from indexer.index.integrity import check_index
from search_api.cli.main import main as cli_main
from search_api.web.app import create_app
from search_api.web.settings import ServerSettings

SAMPLES = Path(__file__).resolve().parents[1] / "corpus"


def _own_segment(gen: Path) -> Path:
    """A segment file of gen that no other generation shares (incremental builds hard-link
    the segments they keep: damage to a shared one damages both generations)."""
    return next(p for p in sorted(gen.glob("*.seg")) if p.stat().st_nlink == 1)


def _truncate(gen: Path) -> str:
    seg = _own_segment(gen)
    seg.write_bytes(seg.read_bytes()[:1000])
    return seg.name


def _delete(gen: Path) -> str:
    seg = _own_segment(gen)
    seg.unlink()
    return seg.name


def _corrupt_toc(gen: Path) -> str:
    toc = next(gen.glob("*.toc"))
    data = bytearray(toc.read_bytes())
    data[len(data) // 2] ^= 0xFF
    toc.write_bytes(bytes(data))
    return toc.name


DAMAGE = {"truncated segment": _truncate, "deleted segment": _delete, "corrupt toc": _corrupt_toc}


@pytest.fixture
def two_generations(tmp_path: Path) -> tuple[Settings, Path, Path]:
    """An index of two sample PDFs, built twice (the second adds a note): (settings, the
    older generation, the current one)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for pdf in sorted(SAMPLES.glob("*.pdf"))[:2]:
        shutil.copy2(pdf, corpus / pdf.name)
    settings = Settings(corpus=corpus, index=tmp_path / "index", jobs=1)
    older = settings.index / build_index(settings).generation
    (corpus / "ghi-chu.md").write_text("# Ghi chú\n\n1.1 Thiết bị xanthoria\n", "utf-8")
    current = settings.index / build_index(settings).generation
    return settings, older, current


def test_a_build_records_a_checksum_for_every_file(
    two_generations: tuple[Settings, Path, Path],
) -> None:
    """GIVEN a built generation WHEN its manifest is read THEN every index file has its size
    and SHA-256, and `vnstd check` finds every generation intact."""
    settings, _, current = two_generations
    sums = json.loads((current / "manifest.json").read_text("utf-8"))["checksums"]
    files = {p.name for p in current.iterdir() if p.suffix in (".seg", ".toc")}
    assert files and files <= set(sums)
    assert all(g.ok and g.verified for g in check_index(settings.index))


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damage_is_reported_by_check_and_repaired_by_the_next_build(
    two_generations: tuple[Settings, Path, Path], kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """GIVEN the current generation damaged (truncated, deleted or altered file) WHEN
    `vnstd check` runs THEN it exits 9 naming the file; WHEN `vnstd index` runs on the
    unchanged corpus THEN it rebuilds in full, says so, and check passes again."""
    settings, _, current = two_generations
    name = DAMAGE[kind](current)
    assert cli_main(["check", "--index", str(settings.index)]) == 9
    assert name in capsys.readouterr().err
    code = cli_main(["index", str(settings.corpus), "--index", str(settings.index), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["mode"] == "full" and name in report["repaired"]
    assert report["generation"] != current.name
    assert cli_main(["check", "--index", str(settings.index)]) == 0


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_server_never_serves_a_damaged_generation(
    two_generations: tuple[Settings, Path, Path], kind: str
) -> None:
    """GIVEN a damaged current generation and an intact older one WHEN a server starts
    THEN it serves the older one and /health says "degraded", naming the damaged file."""
    settings, older, current = two_generations
    name = DAMAGE[kind](current)
    app = create_app(ServerSettings(index=settings.index, corpus=settings.corpus))
    with TestClient(app) as client:
        health = client.get("/health").json()
        found = client.get("/api/search", params={"q": "xanthoria"}).json()
    assert health["status"] == "degraded" and health["generation"] == older.name
    assert name in health["problem"] and current.name in health["problem"]
    assert str(settings.index) not in health["problem"]
    assert found["total"] == 0  # the note is only in the damaged generation


def test_a_generation_damaged_while_served_is_dropped(
    two_generations: tuple[Settings, Path, Path],
) -> None:
    """GIVEN a server answering from the current generation WHEN its segment is truncated
    under it and a request fails on it THEN that request gets a 503 with Retry-After (not a
    500: the failure is explained), and from then on the older generation is served and
    /health says why."""
    settings, older, current = two_generations
    app = create_app(ServerSettings(index=settings.index, corpus=settings.corpus))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/api/search", params={"q": "xanthoria"}).json()["total"] == 1
        name = _truncate(current)
        answers = [client.get("/api/clauses/ghi-chu.md%230") for _ in range(3)]
        health = client.get("/health").json()
    statuses = [a.status_code for a in answers]
    assert 500 not in statuses
    assert statuses[-1] == 404  # the note is not in the older one
    refused = [a for a in answers if a.status_code == 503]
    assert all(a.headers["retry-after"] == "1" and "damaged" in a.json()["detail"] for a in refused)
    assert health["generation"] == older.name and name in health["problem"]


def test_an_index_with_no_intact_generation_answers_503(tmp_path: Path) -> None:
    """GIVEN an index whose only generation is damaged WHEN a server starts THEN it starts,
    and answers 503 with the reason (no path), until a build repairs it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy2(next(SAMPLES.glob("*.pdf")), corpus)
    settings = Settings(corpus=corpus, index=tmp_path / "index", jobs=1)
    gen = settings.index / build_index(settings).generation
    _truncate(gen)
    app = create_app(ServerSettings(index=settings.index, corpus=corpus))
    with TestClient(app) as client:
        health = client.get("/health")
        assert health.status_code == 503 and "damaged" in health.json()["detail"]
        assert str(tmp_path) not in health.json()["detail"]
        build_index(settings)
        assert client.get("/health").json()["status"] == "ok"
