"""A reindex publishing a new generation is served without restart and without failed requests."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from indexer.build import build_index
from indexer.config import Settings
from search_api.main import create_app

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
    build_index(corpus, root, Settings(jobs=1))
    statuses: list[int] = []
    stop = threading.Event()
    with TestClient(create_app(Settings(index=root, corpus=corpus))) as client:
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
                build_index(corpus, root, Settings(jobs=1))
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
