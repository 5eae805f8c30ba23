"""One router per resource: search API, documents and clauses, web pages.

Every route that answers GET also answers HEAD (`Router`): the same status and headers,
no body (the server sends none for HEAD); the HEAD twin stays out of the OpenAPI schema."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter


class Router(APIRouter):
    """An APIRouter whose GET routes also answer HEAD."""

    def add_api_route(self, path: str, endpoint: Any, *args: Any, **kwargs: Any) -> None:
        """Add the route, and for a GET route its HEAD twin (not in the schema)."""
        super().add_api_route(path, endpoint, *args, **kwargs)
        if "GET" in {m.upper() for m in kwargs.get("methods") or ()}:
            twin = {**kwargs, "methods": ["HEAD"], "include_in_schema": False}
            super().add_api_route(path, endpoint, *args, **twin)
