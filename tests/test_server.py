"""A real `vnstd serve` (uvicorn, two worker processes) against slow and silent clients."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bench.common import serve

WAIT = 30.0  # how long a test waits for the server to close a connection (it should in ~1 s)


def _closed_within(sock: socket.socket, wait: float, drip: bytes = b"") -> bool:
    """Whether the server closes sock within `wait` seconds, the client sending drip (a byte
    of a header, say) every half second meanwhile."""
    sock.settimeout(0.5)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            if drip:
                sock.sendall(drip)
            if sock.recv(4096) == b"":
                return True
        except TimeoutError:
            continue
        except OSError:  # reset, or a send after the server closed
            return True
    return False


@pytest.mark.slow
def test_silent_and_slow_header_connections_are_closed(
    sample_index: Path, sample_corpus: Path
) -> None:
    """GIVEN a server whose request heads must arrive within 1 s WHEN one client connects and
    sends nothing, one sends its headers a byte at a time, and one goes quiet after a first
    request THEN the server closes all three, and still answers a normal request."""
    env = {"VNSTD_HEADER_SECONDS": "1"}
    with serve(sample_index, sample_corpus, workers=2, env=env) as server:
        url = urlparse(server.base)
        address = (url.hostname or "127.0.0.1", url.port or 80)
        silent = socket.create_connection(address)
        dripping = socket.create_connection(address)
        dripping.sendall(b"GET /health HTTP/1.1\r\n")
        quiet = socket.create_connection(address)
        quiet.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert quiet.recv(4096).startswith(b"HTTP/1.1 200")
        assert _closed_within(silent, WAIT)
        assert _closed_within(dripping, WAIT, drip=b"X")
        assert _closed_within(quiet, WAIT)
        fresh = socket.create_connection(address)
        fresh.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert fresh.recv(4096).startswith(b"HTTP/1.1 200")


@pytest.mark.slow
def test_a_segment_truncated_under_a_running_server_does_not_kill_it(tmp_path: Path) -> None:
    """GIVEN a real server (2 workers) over an index of two generations WHEN the current
    generation's own segment is truncated while it serves THEN no worker dies (segments are
    not memory-mapped: no SIGBUS), every request gets an HTTP answer, at most one 503 per
    worker and no 500, and from then on the older intact generation answers, /health saying why."""
    import shutil

    import httpx

    from indexer.config import Settings
    from indexer.index.build import build_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for pdf in sorted((Path(__file__).resolve().parents[1] / "corpus").glob("*.pdf"))[:2]:
        shutil.copy2(pdf, corpus / pdf.name)
    settings = Settings(corpus=corpus, index=tmp_path / "index", jobs=1)
    older = build_index(settings).generation
    (corpus / "ghi-chu.md").write_text("# Ghi chú\n\n1.1 Thiết bị xanthoria\n", "utf-8")
    current = settings.index / build_index(settings).generation
    with (
        serve(settings.index, corpus, workers=2) as server,
        httpx.Client(base_url=server.base, timeout=60) as http,  # a busy machine is slow
    ):
        assert http.get("/api/search", params={"q": "xanthoria"}).json()["total"] == 1
        seg = next(p for p in current.glob("*.seg") if p.stat().st_nlink == 1)
        seg.write_bytes(seg.read_bytes()[:1000])
        statuses = [http.get("/api/clauses/ghi-chu.md%230").status_code for _ in range(40)]
        health = [http.get("/health").json() for _ in range(6)]
        assert server.proc.poll() is None, "the server died"
    # the request that meets the damage gets 503 + Retry-After, once per worker; never a 500
    assert set(statuses) <= {200, 404, 503} and statuses.count(503) <= 2
    assert statuses[-10:].count(404) >= 9  # the note is only in the damaged generation
    degraded = [h for h in health if h["status"] == "degraded"]
    assert degraded and all(h["generation"] == older and seg.name in h["problem"] for h in degraded)


@pytest.mark.slow
def test_the_server_yields_the_cores_to_a_build(sample_index: Path, sample_corpus: Path) -> None:
    """GIVEN `vnstd serve` with its default niceness WHEN it runs THEN it and its worker
    processes (and so their request threads) are niced, so that a build on the same cores
    is not starved by a busy server."""
    import psutil

    with serve(sample_index, sample_corpus, workers=2) as server:
        procs = [psutil.Process(server.proc.pid), *psutil.Process(server.proc.pid).children()]
        nices = {p.nice() for p in procs}
    assert len(procs) >= 3 and nices == {10}
