"""Shared pytest fixtures."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

# Builds and servers of the suite stay lexical (no clause vectors, no background embedder)
# unless a test asks otherwise: embedding a corpus costs CPU time (tests/test_vectors.py and
# tests/test_semantic.py use the real model on a few clauses).
os.environ.setdefault("VNSTD_SEMANTIC", "0")

# --- search API fixtures (issue 3; owned by the search API engineer) -------------------------

SAMPLE_CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of just the four sample PDFs of corpus/ (not its README or script)."""
    folder = tmp_path_factory.mktemp("sample-corpus")
    for pdf in sorted(SAMPLE_CORPUS.glob("*.pdf")):
        shutil.copy2(pdf, folder / pdf.name)
    return folder


@pytest.fixture(scope="session")
def sample_index(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GIVEN the four sample PDFs: the root of an index built from them once per session."""
    from indexer.config import Settings
    from indexer.index.build import build_index

    root = tmp_path_factory.mktemp("sample-index")
    build_index(Settings(corpus=sample_corpus, index=root, jobs=1))
    return root


@pytest.fixture(scope="session")
def api_client(sample_index: Path, sample_corpus: Path) -> Iterator[TestClient]:
    """A TestClient of the app over the sample index (lifespan run once per session)."""
    from fastapi.testclient import TestClient

    from search_api.web.app import create_app
    from search_api.web.settings import ServerSettings

    app = create_app(ServerSettings(index=sample_index, corpus=sample_corpus))
    with TestClient(app) as client:
        yield client


# --- input fixtures (extract.py / sources.py) -------------------------------------------------


@pytest.fixture(scope="session")
def sample_pdfs() -> list[Path]:
    """The repo's own sample PDFs in corpus/ (read-only: copy before changing them)."""
    pdfs = sorted(SAMPLE_CORPUS.glob("*.pdf"))
    assert len(pdfs) == 4, "corpus/ should hold the 4 sample PDFs (python corpus/make_samples.py)"
    return pdfs


@pytest.fixture(scope="session")
def bad_files(tmp_path_factory: pytest.TempPathFactory, sample_pdfs: list[Path]) -> dict[str, Path]:
    """One file of each bad kind (tests/fixtures.py), by kind, in a session temp folder."""
    from fixtures import write_all  # pytest puts tests/ on sys.path

    return write_all(tmp_path_factory.mktemp("bad-files"), SAMPLE_CORPUS / "QCVN_47_2015_BTTTT.pdf")
