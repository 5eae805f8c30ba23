"""docs/api.md stays honest: every route of the app and every query-language field is documented."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from pydantic import BaseModel

from search_api.search.query import FIELDS
from search_api.web import schemas
from search_api.web.app import create_app
from search_api.web.settings import ServerSettings

DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"
FRAMEWORK = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def route_paths(routes: Iterable[Any]) -> Iterator[str]:
    """Every path of an app's routes, looking inside included routers."""
    for route in routes:
        inner = getattr(route, "original_router", None) or getattr(route, "router", None)
        if inner is not None and not hasattr(route, "path"):
            yield from route_paths(inner.routes)
        elif hasattr(route, "path"):
            yield re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)


def test_every_route_is_documented(tmp_path: Path) -> None:
    """GIVEN the app's routes WHEN reading docs/api.md THEN each path appears in it."""
    paths = set(route_paths(create_app(ServerSettings(index=tmp_path)).routes)) - FRAMEWORK
    assert {"/api/search", "/api/suggest", "/health", "/documents/{doc_id}/file"} <= paths
    text = DOC.read_text(encoding="utf-8")
    missing = sorted(p for p in paths if p not in text)
    assert not missing, f"routes missing from docs/api.md: {missing}"


def test_query_language_is_documented() -> None:
    """GIVEN the fields the parser knows WHEN reading docs/api.md THEN each has an example."""
    text = DOC.read_text(encoding="utf-8")
    for name in FIELDS:
        assert f"`{name}:" in text or f"{name}:" in text, name
    for syntax in ('"phát xạ ngoài băng"', "AND", "NOT", "+anten", "-máy", "OR"):
        assert syntax in text


def test_the_documented_status_of_an_over_long_query_string_is_the_servers(
    api_client: TestClient,
) -> None:
    """GIVEN docs/api.md's status for a query string over 8 KB WHEN the server gets one
    THEN it answers that status."""
    found = re.search(r"\*\*(\d{3})\*\* \(query string over 8 KB\)", DOC.read_text("utf-8"))
    assert found is not None
    assert api_client.get("/api/search", params={"q": "a" * 9000}).status_code == int(found[1])


def test_every_field_of_a_hit_and_a_document_is_documented() -> None:
    """GIVEN the response models of hits and documents WHEN reading docs/api.md THEN each of
    their fields appears in a JSON example there, and the example shows no other key."""
    from search_api.web.schemas import DocumentOut, HitOut

    text = DOC.read_text(encoding="utf-8")
    for model, marker in ((HitOut, '"clause_id": "QCVN_117'), (DocumentOut, '"documents": [')):
        start = text.index(marker)
        example = text[start : text.index("```", start)]
        shown = set(re.findall(r'^\s*"(\w+)":', example, re.M))
        missing = sorted(set(model.model_fields) - shown)
        assert not missing, f"{model.__name__} fields missing from docs/api.md: {missing}"


def test_every_field_of_every_response_model_is_documented() -> None:
    """GIVEN the API's response models WHEN reading docs/api.md THEN every field is named in
    it (in an example as `"name"` or in the text as `name`), so a new field comes with its
    documentation."""
    text = DOC.read_text(encoding="utf-8")
    models = [
        m
        for _, m in inspect.getmembers(schemas, inspect.isclass)
        if issubclass(m, BaseModel) and m.__module__ == schemas.__name__
    ]
    assert len(models) > 10
    missing = [
        f"{m.__name__}.{name}"
        for m in models
        for name in m.model_fields
        if f'"{name}"' not in text and f"`{name}`" not in text
    ]
    assert not missing, f"fields missing from docs/api.md: {missing}"
