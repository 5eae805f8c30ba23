"""Build the FastAPI app (`create_app`) and run it with uvicorn (`serve`)."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from indexer.config import Settings, get_settings
from indexer.errors import IndexNotFoundError
from indexer.segment import warm_up
from search_api import errors
from search_api.engine import Engine
from search_api.openapi import openapi_with_limits
from search_api.routes import api, documents, pages
from search_api.service import version
from search_api.state import AppState

HERE = Path(__file__).parent
MAX_QUERY_STRING = 8192
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
}
HTML_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"


def _warm(state: AppState) -> None:
    """Build what the first requests would otherwise wait for: segmenter, vocabularies."""
    try:
        warm_up()  # underthesea takes a second to load
        snap = state.engine.snapshot()
        state.spelling.get(snap)
        state.completions.get(snap)
    except Exception:  # a missing or broken index is reported by the requests themselves
        return


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the index once at start-up (a missing one is fine: requests answer 503 until it exists)."""
    state: AppState = app.state.vnstd
    with contextlib.suppress(IndexNotFoundError):
        state.engine.snapshot()
    threading.Thread(target=_warm, args=(state,), name="vnstd-warm", daemon=True).start()
    yield


def _limits(
    settings: Settings,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """Middleware: refuse over-long query strings (422, like an over-long query); add security headers."""
    too_long = (
        f"query string too long (at most {MAX_QUERY_STRING} bytes; "
        f"a query may have at most {settings.max_query_chars} characters)"
    )

    async def limits(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if len(request.scope.get("query_string", b"")) > MAX_QUERY_STRING:
            response: Response = JSONResponse({"detail": too_long}, status_code=422)
        else:
            response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", HTML_CSP)
        return response

    return limits


def create_app(settings: Settings | None = None) -> FastAPI:
    """The vnstd web app; settings default to get_settings() (VNSTD_* environment variables)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="vnstd",
        version=version(),
        description="Search Vietnamese standards (QCVN, TCVN) and legal texts clause by clause.",
        lifespan=_lifespan,
    )
    app.state.vnstd = AppState(
        Engine(settings.index, preload=True)
    )  # no I/O until the lifespan opens it
    app.dependency_overrides[get_settings] = lambda: settings
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.templates.env.globals.update(pages.template_globals())
    app.middleware("http")(_limits(settings))
    errors.register(app)
    app.include_router(api.router)
    app.include_router(documents.router)
    app.include_router(pages.router)
    app.openapi = openapi_with_limits(app, settings)  # type: ignore[method-assign]
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    return app


def serve(
    index: Path, corpus: Path, host: str = "127.0.0.1", port: int = 8000, workers: int = 1
) -> None:
    """Serve the app with uvicorn; several workers each open the same index."""
    import uvicorn

    os.environ["VNSTD_INDEX"] = str(index)
    os.environ["VNSTD_CORPUS"] = str(corpus)
    get_settings.cache_clear()
    if workers > 1:
        uvicorn.run(
            "search_api.main:create_app", factory=True, host=host, port=port, workers=workers
        )
    else:
        uvicorn.run(create_app(), host=host, port=port)
