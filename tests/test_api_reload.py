"""A reindex publishing a new generation is served without restart and without failed requests."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from indexer.config import Settings
from indexer.index.build import build_index
from search_api.web.app import create_app
from search_api.web.settings import ServerSettings

NOTE = "# 1. Quy định chung\n\n1.1 {title}\n\nThiết bị {word} phải được kiểm tra định kỳ theo quy chuẩn này.\n"


def write_note(corpus: Path, name: str, word: str) -> None:
    (corpus / f"{name}.md").write_text(
        NOTE.format(title=f"Ghi chú {name}", word=word), encoding="utf-8"
    )


def wait_for(statuses: list[int], count: int, timeout: float = 60) -> None:
    """Wait until the hammering thread has made `count` requests."""
    deadline = time.monotonic() + timeout
    while len(statuses) < count and time.monotonic() < deadline:
        time.sleep(0.01)


def test_reindex_is_served_without_restart_or_errors(tmp_path: Path) -> None:
    """GIVEN a server answering searches in a loop WHEN two rebuilds publish new generations
    THEN every request succeeds and the new documents are found without a restart."""
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    write_note(corpus, "mot", "anpha")
    build_index(Settings(corpus=corpus, index=root, jobs=1))
    statuses: list[int] = []
    stop = threading.Event()
    with TestClient(create_app(ServerSettings(index=root, corpus=corpus))) as client:
        first = client.get("/health").json()["generation"]

        def hammer() -> None:
            while not stop.is_set():
                statuses.append(
                    client.get("/api/search", params={"q": "thiết bị kiểm tra"}).status_code
                )
                statuses.append(client.get("/api/suggest", params={"q": "ghi"}).status_code)

        worker = threading.Thread(target=hammer)
        worker.start()
        try:
            for name, word in (("hai", "bêta"), ("ba", "gamma")):
                wait_for(statuses, len(statuses) + 6)
                write_note(corpus, name, word)
                build_index(Settings(corpus=corpus, index=root, jobs=1))
            wait_for(statuses, len(statuses) + 6)
        finally:
            stop.set()
            worker.join(timeout=30)
        assert len(statuses) >= 18 and set(statuses) == {200}
        assert client.get("/health").json()["generation"] != first
        hits = client.get("/api/search", params={"q": "gamma"}).json()["hits"]
        assert [h["doc_id"] for h in hits] == ["ba.md"]
        titles = [
            s["text"]
            for s in client.get("/api/suggest", params={"q": "ghi chu"}).json()["suggestions"]
        ]
        assert "Ghi chú ba" in titles


def test_a_generation_that_will_not_open_makes_health_degraded(tmp_path: Path) -> None:
    """GIVEN a server WHEN a build publishes a generation whose index files are damaged THEN
    searches keep being answered from the previous generation, /health says "degraded" with
    the reason and the generation, and a good build brings it back to "ok"."""
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    write_note(corpus, "mot", "anpha")
    build_index(Settings(corpus=corpus, index=root, jobs=1))
    with TestClient(create_app(ServerSettings(index=root, corpus=corpus))) as client:
        first = client.get("/health").json()
        write_note(corpus, "hai", "bêta")
        build_index(Settings(corpus=corpus, index=root, jobs=1))
        broken = (root / "current").resolve()
        for toc in broken.glob("*.toc"):
            toc.write_bytes(b"\x00" * 16)
        health = client.get("/health").json()
        assert health["status"] == "degraded" and health["generation"] == first["generation"]
        assert broken.name in health["problem"] and str(root) not in health["problem"]
        assert client.get("/api/search", params={"q": "anpha"}).json()["total"] == 1
        write_note(corpus, "ba", "gamma")
        # another passage size forces a full build, which does not read the damaged generation
        build_index(Settings(corpus=corpus, index=root, jobs=1, passage_chars=1400))
        health = client.get("/health").json()
        assert health["status"] == "ok" and health["problem"] is None
        assert client.get("/api/search", params={"q": "gamma"}).json()["total"] == 1
