"""Build the FastAPI app (`create_app`) and run it with uvicorn (`serve`)."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from uvicorn.config import LOGGING_CONFIG
from uvicorn.supervisors import Multiprocess

from indexer.errors import IndexFormatError, IndexNotFoundError
from indexer.text.segment import dictionary_syllables, warm_up
from search_api.reader.engine import Engine
from search_api.reader.events import emit, logger
from search_api.search.run import warm
from search_api.search.suggest import spelling, syllables
from search_api.web import apidocs, errors
from search_api.web.openapi import openapi_with_limits
from search_api.web.protocol import GuardedH11Protocol
from search_api.web.routes import api, documents, pages, view
from search_api.web.service import version
from search_api.web.settings import ServerSettings
from search_api.web.state import AppState, completions

HERE = Path(__file__).parent
MAX_QUERY_STRING = 8192
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
}
HTML_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
LOG = logger("web")
KEEP_ALIVE_SECONDS = 5  # an idle connection between two requests is closed after this
WORKER_HEALTHCHECK_SECONDS = 120  # a worker that does not answer for this long is restarted


def _warm(state: AppState) -> None:
    """Build what the first requests would otherwise wait for: segmenter, vocabularies."""
    try:
        warm_up()  # underthesea takes a second to load
        snap = state.engine.snapshot()
        warm(snap)
        spelling(snap)
        syllables(snap)
        dictionary_syllables()
        completions(snap)
    except (IndexNotFoundError, IndexFormatError):
        return  # reported by the requests themselves and by /health
    except Exception as exc:
        emit(LOG, logging.ERROR, "warm_up_failed", generation=state.engine.serving, error=repr(exc))


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the index once at start-up (a missing one is fine: requests answer 503 until it
    exists) and warm the rest in the background."""
    state: AppState = app.state.vnstd
    try:
        state.engine.snapshot()
    except (IndexNotFoundError, IndexFormatError) as exc:
        emit(LOG, logging.WARNING, "no_index_at_start", error=str(exc))
    threading.Thread(target=_warm, args=(state,), name="vnstd-warm", daemon=True).start()
    yield


Handler = Callable[[Request], Awaitable[Response]]
UNCAPPED = ("/health", "/static/")  # cheap, and what monitoring needs when the server is busy


class _Gate:
    """The app's request middleware: refuse over-long query strings (414) and requests
    beyond `max_concurrent` at once (503 + Retry-After, instead of an unbounded queue);
    answer 500 for anything unexpected (logged); add security headers."""

    def __init__(self, settings: ServerSettings) -> None:
        self.limit = settings.max_concurrent
        self.inflight = 0  # touched only on the event loop's thread
        self.too_long = (
            f"query string too long (at most {MAX_QUERY_STRING} bytes; "
            f"a query may have at most {settings.max_query_chars} characters)"
        )

    async def __call__(self, request: Request, call_next: Handler) -> Response:
        if len(request.scope.get("query_string", b"")) > MAX_QUERY_STRING:
            response = errors.error_response(request, 414, self.too_long)
        elif self.inflight >= self.limit and not request.url.path.startswith(UNCAPPED):
            busy = f"server busy ({self.inflight} requests in progress): try again in a second"
            response = errors.error_response(request, 503, busy)
            response.headers["Retry-After"] = "1"
        else:
            response = await self._serve(request, call_next)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", HTML_CSP)
        return response

    async def _serve(self, request: Request, call_next: Handler) -> Response:
        self.inflight += 1
        try:
            return await call_next(request)
        except Exception as exc:  # everything else was handled by errors.register
            return errors.unexpected(request, exc)
        finally:
            self.inflight -= 1


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """The vnstd web app; settings default to the environment's (VNSTD_* variables)."""
    settings = settings or ServerSettings()
    app = FastAPI(
        title="vnstd",
        version=version(),
        description="Search Vietnamese standards (QCVN, TCVN) and legal texts clause by clause.",
        lifespan=_lifespan,
        docs_url=None,  # apidocs serves /docs and /redoc without a CDN
        redoc_url=None,
    )
    app.state.vnstd = AppState(settings, Engine(settings.index, preload=True))  # no I/O yet
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.templates.env.globals.update(pages.template_globals())
    app.middleware("http")(_Gate(settings))
    errors.register(app)
    app.include_router(api.router)
    app.include_router(documents.router)
    app.include_router(pages.router)
    app.include_router(view.router)
    app.openapi = openapi_with_limits(app, settings)  # type: ignore[method-assign]
    apidocs.mount(app)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    return app


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration plus vnstd's JSON lines on stderr (applied in every
    worker process)."""
    config: dict[str, Any] = {**LOGGING_CONFIG}
    config["formatters"] = {
        **LOGGING_CONFIG["formatters"],
        "vnstd": {"()": "search_api.reader.events.JsonLines"},
    }
    config["handlers"] = {
        **LOGGING_CONFIG["handlers"],
        "vnstd": {
            "class": "logging.StreamHandler",
            "formatter": "vnstd",
            "stream": "ext://sys.stderr",
        },
    }
    config["loggers"] = {
        **LOGGING_CONFIG["loggers"],
        "vnstd": {"handlers": ["vnstd"], "level": "INFO", "propagate": False},
    }
    return config


def _lower_priority(nice: int) -> None:
    """Run the server (and the workers and threads it starts, which inherit it) at `nice`, so
    that a build on the same cores is not starved by a busy server: 20 clients keep every
    request thread runnable, and the scheduler shares the cores per thread. When the server
    leads its own session, Linux schedules the session as one group (autogroup): that group
    is niced too, or its threads' niceness would count only against each other."""
    if nice > os.getpriority(os.PRIO_PROCESS, 0):
        os.setpriority(os.PRIO_PROCESS, 0, nice)
    autogroup = Path("/proc/self/autogroup")
    if os.getsid(0) == os.getpid() and autogroup.exists():
        with contextlib.suppress(OSError, ValueError):
            current = int(autogroup.read_text().split("nice")[-1])
            if nice > current:
                autogroup.write_text(str(nice))


def serve(settings: ServerSettings) -> None:
    """Serve the app with uvicorn; with several workers each process opens the same index
    (the settings reach them as an argument, not through the environment)."""
    config = uvicorn.Config(
        partial(create_app, settings),
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_config=log_config(),
        http=GuardedH11Protocol,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        # uvicorn kills a worker that does not answer its supervisor's ping in time (5 s by
        # default) and starts another: a worker still importing its modules at niceness 10
        # on busy cores was killed and restarted for ever, and the server never came up
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
    )
    config.header_seconds = settings.header_seconds  # type: ignore[attr-defined]  # read by GuardedH11Protocol
    _lower_priority(settings.nice)
    try:
        if settings.workers > 1:  # what uvicorn.run does, which only takes an import string
            Multiprocess(config, sockets=[config.bind_socket()]).run()
        else:
            uvicorn.Server(config).run()
    except KeyboardInterrupt:
        pass
