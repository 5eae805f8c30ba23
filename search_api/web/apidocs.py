"""The interactive API documentation, offline: `/docs` (Swagger UI) and `/redoc` from the
assets the fastapi-offline package ships (no CDN), with no inline script, under a content
security policy that allows only what these two pages need."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from search_api.web.routes import Router

ASSETS = "/static/apidocs"
DOCS_CSP = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
)
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>{head}</head>
<body style="margin:0">{body}</body></html>"""

router = Router(include_in_schema=False)  # GET routes also answer HEAD


def _page(title: str, head: str, body: str) -> HTMLResponse:
    html = _PAGE.format(title=title, head=head, body=body)
    return HTMLResponse(html, headers={"Content-Security-Policy": DOCS_CSP})


@router.get("/docs")
def swagger() -> HTMLResponse:
    """Swagger UI over /openapi.json."""
    head = f'<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">'
    body = (
        '<div id="swagger-ui"></div>'
        f'<script src="{ASSETS}/swagger-ui-bundle.js"></script>'
        '<script src="/static/apidocs-init.js"></script>'
    )
    return _page("vnstd API", head, body)


@router.get("/redoc")
def redoc() -> HTMLResponse:
    """ReDoc over /openapi.json."""
    body = f'<redoc spec-url="/openapi.json"></redoc><script src="{ASSETS}/redoc.standalone.js"></script>'
    return _page("vnstd API", "", body)


def mount(app: FastAPI) -> None:
    """Add the two pages and their assets to an app created with docs_url=redoc_url=None."""
    folder = Path(str(resources.files("fastapi_offline") / "static"))
    app.mount(ASSETS, StaticFiles(directory=folder), name="apidocs")
    app.include_router(router)
