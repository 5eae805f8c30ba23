"""The OpenAPI schema with the limits that come from settings (so the schema tells the truth)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from search_api.web.settings import ServerSettings

LIMITED = {"/api/search", "/api/documents"}


def _limit(operation: dict[str, Any], settings: ServerSettings) -> None:
    for param in operation.get("parameters", ()):
        schema = param.get("schema", {})
        if param.get("name") == "size":
            schema["maximum"] = settings.max_page_size
        elif param.get("name") == "q":
            schema["maxLength"] = settings.max_query_chars


def openapi_with_limits(app: FastAPI, settings: ServerSettings) -> Callable[[], dict[str, Any]]:
    """A replacement for app.openapi that adds max_page_size and max_query_chars to the schema."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            for path in LIMITED:
                for operation in spec.get("paths", {}).get(path, {}).values():
                    _limit(operation, settings)
            app.openapi_schema = spec
        return app.openapi_schema

    return openapi
