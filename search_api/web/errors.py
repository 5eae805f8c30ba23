"""Domain and validation errors translated once, at the edge, into HTTP answers with a
message: JSON for the API, the site's error page for web pages. Nothing else escapes: an
unexpected exception is logged as one line and answered 500 without a traceback (by the
app's middleware, which calls `unexpected`).

| error                                   | status |
|-----------------------------------------|--------|
| query string over 8 KB                  | 414    |
| QueryError, invalid parameters          | 422    |
| unknown document, clause or page        | 404    |
| IndexNotFoundError (no index yet)       | 503    |
| IndexFormatError (no generation opens)  | 503    |
| more than max_concurrent requests       | 503 + Retry-After |
| anything else                           | 500    |
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexer.errors import IndexFormatError, IndexNotFoundError, QueryError
from search_api.reader.events import emit, logger

API_PREFIXES = ("/api/", "/health", "/documents/", "/docs", "/redoc", "/openapi", "/static/")
NO_INDEX = "Chưa có chỉ mục (no index yet): build one with `vnstd index CORPUS --index DIR`"
UNUSABLE = "Chỉ mục không mở được (the index cannot be opened)"
INTERNAL = "Lỗi máy chủ (internal error): the failure was logged"
DAMAGED = (
    "the index generation this request used was found damaged and is no longer served: try again"
)
TITLES = {
    404: "Không tìm thấy",
    414: "Yêu cầu quá dài",
    422: "Yêu cầu không hợp lệ",
    500: "Lỗi máy chủ",
    503: "Dịch vụ tạm thời không sẵn sàng",
}
LOG = logger("web")


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
        templates = getattr(request.app.state, "templates", None)
        if templates is None:
            return PlainTextResponse(detail, status_code=status)
        context = {"status": status, "title": TITLES.get(status, "Lỗi"), "detail": detail}
        return templates.TemplateResponse(request, "error.html", context, status_code=status)  # type: ignore[no-any-return]
    return JSONResponse({"detail": detail, **extra}, status_code=status)


def _generation(request: Request) -> str | None:
    state = getattr(request.app.state, "vnstd", None)
    return state.engine.serving if state is not None else None


async def _no_index(request: Request, exc: Exception) -> Response:
    return error_response(request, 503, NO_INDEX)  # the path stays in the server's log


async def _unusable(request: Request, exc: Exception) -> Response:
    return error_response(request, 503, f"{UNUSABLE}: {exc}")


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


def unexpected(request: Request, exc: Exception) -> Response:
    """Log an exception nothing else handled (one line, with the generation served), have
    the generation it used checked (a damaged one stops being served), and answer 500
    without details — or 503 + Retry-After when the check found that generation damaged."""
    state = getattr(request.app.state, "vnstd", None)
    snap = getattr(request.state, "snapshot", None)
    damaged = state is not None and snap is not None and state.engine.check(snap)
    emit(LOG, logging.ERROR, "request_failed", method=request.method, path=request.url.path,
         generation=_generation(request), error=f"{type(exc).__name__}: {exc}")  # fmt: skip
    if damaged:  # explained, and no longer served: the same request will work again
        response = error_response(request, 503, DAMAGED)
        response.headers["Retry-After"] = "1"
        return response
    return error_response(request, 500, INTERNAL)


def register(app: FastAPI) -> None:
    """Install the handlers on an app."""
    app.add_exception_handler(IndexNotFoundError, _no_index)
    app.add_exception_handler(IndexFormatError, _unusable)
    app.add_exception_handler(QueryError, _bad_query)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
