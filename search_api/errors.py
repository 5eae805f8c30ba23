"""Domain and validation errors translated once, at the edge, into 4xx/503 answers with a message."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexer.errors import IndexNotFoundError, QueryError

API_PREFIXES = ("/api/", "/health", "/documents/", "/docs", "/redoc", "/openapi", "/static/")
NO_INDEX = "Chưa có chỉ mục (no index yet): build one with `vnstd index CORPUS --index DIR`"
TITLES = {404: "Không tìm thấy", 422: "Yêu cầu không hợp lệ", 503: "Chưa có chỉ mục"}


def wants_html(request: Request) -> bool:
    """Whether the request is for a web page (HTML errors) rather than the API (JSON errors)."""
    return not request.url.path.startswith(API_PREFIXES)


def readable(errors: list[Any]) -> str:
    """One line per validation error: "page: Input should be greater than or equal to 1"."""
    lines = []
    for err in errors:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        lines.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg")))
    return "; ".join(lines) or "invalid request"


def error_response(request: Request, status: int, detail: str, **extra: Any) -> Response:
    """An error as JSON for the API, or as the site's error page for web pages."""
    if wants_html(request):
        templates = request.app.state.templates
        context = {"status": status, "title": TITLES.get(status, "Lỗi"), "detail": detail}
        return templates.TemplateResponse(request, "error.html", context, status_code=status)  # type: ignore[no-any-return]
    return JSONResponse({"detail": detail, **extra}, status_code=status)


async def _no_index(request: Request, exc: Exception) -> Response:
    return error_response(request, 503, f"{NO_INDEX} ({exc})")


async def _bad_query(request: Request, exc: Exception) -> Response:
    return error_response(request, 422, str(exc))


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errs = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
    return error_response(request, 422, readable(errs), errors=jsonable_encoder(errs))


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    response = error_response(request, exc.status_code, str(exc.detail))
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


def register(app: FastAPI) -> None:
    """Install the handlers on an app."""
    app.add_exception_handler(IndexNotFoundError, _no_index)
    app.add_exception_handler(QueryError, _bad_query)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
