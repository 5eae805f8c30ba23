"""Browser-test fixtures: a real uvicorn server over the sample index, and headless chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OUTPUT = REPO / "test-output" / "e2e"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not become healthy")


@pytest.fixture(scope="session")
def live_server(
    sample_index: Path, sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """GIVEN the sample index: the base URL of `vnstd serve` running in a subprocess."""
    yield from serve(sample_index, sample_corpus, tmp_path_factory.mktemp("server"))


@pytest.fixture(scope="session")
def landing_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """GIVEN a regulation whose clause runs over three pages and a Markdown note
    (tests/fixtures.py) indexed: the base URL of `vnstd serve` over them."""
    from fixtures import landing_md, landing_pdf

    from indexer.config import Settings
    from indexer.index.build import build_index

    if not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists():
        pytest.skip("no DejaVu fonts to draw the fixture PDF (apt-get install fonts-dejavu-core)")
    corpus, root = tmp_path_factory.mktemp("landing-corpus"), tmp_path_factory.mktemp("landing")
    landing_pdf(corpus)
    landing_md(corpus)
    build_index(Settings(corpus=corpus, index=root, jobs=1))
    yield from serve(root, corpus, tmp_path_factory.mktemp("landing-server"))


def serve(index: Path, corpus: Path, folder: Path) -> Iterator[str]:
    """`vnstd serve` over index in a subprocess (its log in folder): yields its base URL."""
    port = free_port()
    log = folder / "server.log"
    cmd = [sys.executable, "-m", "search_api", "serve", "--index", str(index),
           "--corpus", str(corpus), "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ)
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        # one search first: the first one loads the segmenter and the lexicon, which on a
        # loaded machine can outlast a browser's 30 s page timeout
        httpx.get(url + "/api/search", params={"q": "thiết bị"}, timeout=180)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (skipped with a reason when either is missing)."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium; CI installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is not installed (pip install playwright)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Path:
    """The folder screenshots of this test go to (test-output/e2e/<test>/, ignored by git)."""
    folder = OUTPUT / re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
