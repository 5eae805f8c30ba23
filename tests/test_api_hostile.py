"""Hostile and broken input to the API and pages: escaping, traversal, limits, missing index."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.config import Settings
from indexer.index.build import build_index
from indexer.index.manifest import CatalogEntry, Manifest
from search_api.search.run import search
from search_api.web.app import create_app
from search_api.web.files import servable_path
from search_api.web.settings import ServerSettings

SCRIPT = "<script>alert(1)</script>"
NOTE = f"""# 1. Ghi chú an toàn

1.1 Kiểm tra mã độc

Đoạn này chứa {SCRIPT} và thẻ <b>đậm</b> cùng ký tự & để kiểm tra thoát HTML.
"""


@pytest.fixture(scope="module")
def evil_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An app over a tiny index whose one document holds HTML and a script tag in its text."""
    corpus = tmp_path_factory.mktemp("evil-corpus")
    (corpus / "ghi-chu.md").write_text(NOTE, encoding="utf-8")
    (tmp_path_factory.getbasetemp() / "secret.txt").write_text("TOP SECRET", encoding="utf-8")
    os.symlink(tmp_path_factory.getbasetemp() / "secret.txt", corpus / "link.txt")
    root = tmp_path_factory.mktemp("evil-index")
    build_index(Settings(corpus=corpus, index=root, jobs=1))
    with TestClient(create_app(ServerSettings(index=root, corpus=corpus))) as client:
        yield client


def test_script_in_query_is_escaped(api_client: TestClient) -> None:
    """GIVEN a script tag in q WHEN searching via API and page THEN it never comes back unescaped."""
    r = api_client.get("/api/search", params={"q": SCRIPT + " phát xạ"})
    assert r.status_code == 200
    assert all("<script" not in h["snippet"] for h in r.json()["hits"])
    page = api_client.get("/", params={"q": SCRIPT + " phát xạ"})
    assert page.status_code == 200
    assert SCRIPT not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_script_in_document_is_escaped(evil_client: TestClient) -> None:
    """GIVEN a document with <script> and <b> in its text WHEN it is found THEN both are escaped."""
    data = evil_client.get("/api/search", params={"q": "mã độc đậm"}).json()
    snippet = data["hits"][0]["snippet"]
    assert "&lt;script&gt;" in snippet and "<script" not in snippet
    assert "&lt;b&gt;" in snippet and "<b>" not in snippet
    page = evil_client.get("/", params={"q": "đậm"}).text
    assert SCRIPT not in page and "<b>đậm" not in page
    clause_id = data["hits"][0]["clause_id"].replace("#", "%23")
    clause_page = evil_client.get(f"/clause/{clause_id}").text
    assert SCRIPT not in clause_page and "&lt;script&gt;alert(1)&lt;/script&gt;" in clause_page


def test_markdown_file_served_as_text(evil_client: TestClient) -> None:
    """GIVEN an indexed .md file WHEN fetching it THEN it is plain text with nosniff (never HTML)."""
    r = evil_client.get("/documents/ghi-chu.md/file")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "/documents/../pyproject.toml/file",
        "/documents/%2e%2e%2fpyproject.toml/file",
        "/documents/%2e%2e/%2e%2e/etc/passwd/file",
        "/documents//etc/passwd/file",
        "/documents/%2Fetc%2Fpasswd/file",
        "/documents/link.txt/file",
        "/documents/secret.txt/file",
        "/api/documents/..%2F..%2Fetc%2Fpasswd",
        "/api/documents/../../etc/passwd",
        "/api/clauses/..%2f..%2fetc%2fpasswd",
        "/doc/..%2F..%2Fetc%2Fpasswd",
        "/documents/ghi-chu.md%00.pdf/file",
    ],
)
def test_traversal_is_404(evil_client: TestClient, path: str) -> None:
    """GIVEN ../, encoded ../, absolute paths or symlinks WHEN asking for a file THEN 404, no content."""
    r = evil_client.get(path)
    assert r.status_code == 404
    assert "SECRET" not in r.text and "root:" not in r.text


@pytest.mark.parametrize("q", ["phát\x00xạ\x07giả", "\x1b[31mphát xạ", "phát\u202exạ", "\r\n\t"])
def test_control_characters_are_stripped(api_client: TestClient, q: str) -> None:
    """GIVEN control characters in q WHEN searching THEN 200 and the echoed query has none."""
    r = api_client.get("/api/search", params={"q": q})
    assert r.status_code == 200
    assert not any(ord(ch) < 32 or ch == "\u202e" for ch in r.json()["query"])


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5_000},
        {"q": "phát", "size": "1000"},
        {"q": "phát", "page": "0"},
        {"q": "phát", "page": "-1"},
        {"q": "phát", "page": "abc"},
        {"q": "phát", "size": "0"},
    ],
)
def test_invalid_parameters_are_422(api_client: TestClient, params: dict[str, str]) -> None:
    """GIVEN an over-long query or a bad page/size WHEN searching THEN 422 with a readable message."""
    r = api_client.get("/api/search", params=params)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert isinstance(detail, str) and len(detail) > 5


def test_long_query_message(api_client: TestClient) -> None:
    """GIVEN a 5,000-character query WHEN searching THEN the message says how long is allowed."""
    r = api_client.get("/api/search", params={"q": "phat " * 1000})
    assert r.status_code == 422 and "1000" in r.json()["detail"]
    page = api_client.get("/", params={"q": "phat " * 1500})
    assert page.status_code == 422 and "1000" in page.text


def test_huge_query_string_refused(api_client: TestClient) -> None:
    """GIVEN a query string over 8 KB WHEN requesting any route THEN 414 (as docs/api.md says)
    with a message, before any work: JSON for the API, the site's error page for a web page."""
    for path in ("/api/search?q=", "/api/suggest?q="):
        r = api_client.get(path + "%C3%A1" * 2000)
        assert r.status_code == 414 and "8192" in r.json()["detail"]
    page = api_client.get("/?q=" + "%C3%A1" * 2000)
    assert page.status_code == 414 and page.headers["content-type"].startswith("text/html")
    assert "8192" in page.text and "Yêu cầu quá dài" in page.text


def test_missing_index(tmp_path: Path) -> None:
    """GIVEN no index WHEN asking /health, /api/search and / THEN 503 with a message, and a 200 page."""
    app = create_app(ServerSettings(index=tmp_path / "none", corpus=tmp_path))
    with TestClient(app) as client:
        health = client.get("/health")
        assert health.status_code == 503 and "index" in health.json()["detail"]
        assert str(tmp_path) not in health.text  # no server path in a public answer
        assert client.get("/api/search", params={"q": "x"}).status_code == 503
        page = client.get("/")
        assert page.status_code == 200 and "Chưa có chỉ mục" in page.text
        assert str(tmp_path) not in page.text
        assert "vnstd index" in page.text
        assert client.get("/doc/x.pdf").status_code == 503


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    q=st.text(max_size=80)
    | st.from_regex(
        r'[+\-"()]*(code|type|year|clause|issuer)?:?[\w ":/.-]{0,30}(AND|OR|NOT)?', fullmatch=True
    ),
    page=st.integers(min_value=-2, max_value=1200),
    size=st.integers(min_value=-1, max_value=60),
)
def test_fuzz_search_never_5xx(api_client: TestClient, q: str, page: int, size: int) -> None:
    """GIVEN arbitrary text, pages and sizes WHEN searching THEN the status is 200 or 422, never 5xx."""
    r = api_client.get("/api/search", params={"q": q, "page": page, "size": size})
    assert r.status_code in (200, 422), r.text
    if r.status_code == 200:
        assert all("<script" not in h["snippet"] for h in r.json()["hits"])


@pytest.mark.parametrize(
    "rel",
    [
        "../secret.txt",
        "/etc/passwd",
        "a/../../secret.txt",
        "link.txt",
        "..\\secret.txt",
        "",
        "missing.pdf",
    ],
)
def test_servable_path_refuses_escapes(tmp_path: Path, rel: str) -> None:
    """GIVEN a manifest entry pointing outside the corpus (tampered manifest, symlink) WHEN resolving
    THEN no path is returned."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", corpus / "link.txt")
    manifest = Manifest(corpus=str(corpus))
    assert servable_path(manifest, CatalogEntry("x", rel, "txt"), None) is None


def test_servable_path_inside_corpus(tmp_path: Path) -> None:
    """GIVEN a listed file inside the corpus WHEN resolving THEN its real path; records never."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.pdf").write_bytes(b"%PDF-1.4")
    manifest = Manifest(corpus=str(tmp_path))
    pdf = CatalogEntry("sub/a.pdf", "sub/a.pdf", "pdf")
    assert servable_path(manifest, pdf, None) == tmp_path / "sub" / "a.pdf"
    assert servable_path(manifest, CatalogEntry("r1", "sub/a.pdf", "jsonl"), None) is None
    assert servable_path(Manifest(), pdf, tmp_path) == tmp_path / "sub" / "a.pdf"


def test_an_unexpected_failure_is_a_logged_500_without_details(
    sample_index: Path,
    sample_corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """GIVEN a bug that raises inside a search WHEN the API and the search page are asked
    THEN each answers 500 with a plain message (JSON for the API, the error page for the web
    page), no traceback, and one log event names the path and the generation served."""
    from search_api.web import service

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internal state")

    monkeypatch.setattr(service, "run_search", broken)
    app = create_app(ServerSettings(index=sample_index, corpus=sample_corpus))
    with TestClient(app, raise_server_exceptions=False) as client, caplog.at_level(logging.ERROR):
        api = client.get("/api/search", params={"q": "phát xạ"})
        page = client.get("/", params={"q": "phát xạ"})
        generation = client.get("/health").json()["generation"]
    assert api.status_code == 500 and "secret" not in api.text and api.json()["detail"]
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "secret" not in page.text and "Lỗi máy chủ" in page.text
    events = [r for r in caplog.records if r.getMessage() == "request_failed"]
    assert [e.vnstd_fields["path"] for e in events] == ["/api/search", "/"]  # type: ignore[attr-defined]
    assert all(e.vnstd_fields["generation"] == generation for e in events)  # type: ignore[attr-defined]


def test_requests_beyond_the_concurrency_cap_get_503_with_retry_after(
    sample_index: Path, sample_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a server capped at one request at a time, busy with a slow search WHEN another
    search and /health arrive THEN the search gets 503 with Retry-After at once (no queue),
    /health is still answered, and once the first ends searches are served again."""
    from search_api.web import service

    entered, release = threading.Event(), threading.Event()
    real = service.run_search

    def slow(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "run_search", slow)
    settings = ServerSettings(index=sample_index, corpus=sample_corpus, max_concurrent=1)
    with TestClient(create_app(settings)) as client:
        first = threading.Thread(target=client.get, args=("/api/search?q=phát",))
        first.start()
        assert entered.wait(30)
        busy = client.get("/api/search", params={"q": "anten"})
        health = client.get("/health")
        release.set()
        first.join(30)
        again = client.get("/api/search", params={"q": "anten"})
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
    assert "busy" in busy.json()["detail"]
    assert health.status_code == 200 and again.status_code == 200


def test_a_search_over_its_cpu_budget_answers_partial_results(api_client: TestClient) -> None:
    """GIVEN a long query WHEN its CPU budget is spent before all its words are scored
    THEN the hits that were scored come back, flagged partial; the default budget gives
    a complete answer."""
    from search_api.reader.engine import Engine

    snap = Engine(api_client.app.state.vnstd.settings.index).snapshot()  # type: ignore[attr-defined]
    long_query = " ".join(["thiết bị phát xạ giả công suất tần số anten máy thu"] * 8)
    cut = search(snap, long_query, cpu_seconds=0.0)
    full = search(snap, long_query, cpu_seconds=10.0)
    assert cut.partial and cut.total > 0 and not full.partial
    assert cut.total <= full.total
    body = api_client.get("/api/search", params={"q": long_query}).json()
    assert body["partial"] is False
