"""The web page in a real browser: search, highlights, filters, pages, document, PDF, phone layout."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def new_page(browser: Any, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    return context.new_page()


def test_search_filter_paginate_document_pdf(browser: Any, live_server: str, shots: Path) -> None:
    """GIVEN the sample index served by uvicorn WHEN a user searches, filters, pages and opens a document
    THEN highlights, filtered hits, page 2, the outline and a PDF at a page are all there."""
    page = new_page(browser, DESKTOP)
    page.goto(live_server + "/")
    page.screenshot(path=shots / "home-desktop.png", full_page=True)
    page.fill("#q", "thiết bị")
    page.press("#q", "Enter")
    page.wait_for_selector("ol.hits li.hit")
    assert page.locator("ol.hits mark").count() > 0
    assert "q=thi" in page.url
    page.screenshot(path=shots / "results-desktop.png", full_page=True)

    page.click(".pager a[rel=next]")
    page.wait_for_selector('.pager [aria-current="page"]')
    assert page.locator('.pager [aria-current="page"]').inner_text() == "2"
    assert "page=2" in page.url

    page.click(".facet a:has-text('2015')")
    page.wait_for_selector(".facet a.active")
    assert "year=2015" in page.url and "page=" not in page.url
    codes = page.locator("ol.hits .hit-head .code").all_inner_texts()
    assert codes and set(codes) == {"QCVN 47:2015/BTTTT"}

    page.locator("ol.hits .hit-head a.code").first.click()
    page.wait_for_selector("ol.outline li")
    assert page.url.endswith("/doc/QCVN_47_2015_BTTTT.pdf")
    page.screenshot(path=shots / "document-desktop.png", full_page=True)
    href = page.locator("ol.outline a.pg").nth(3).get_attribute("href")
    assert href and re.search(r"/file#page=\d+$", href)
    response = page.request.get(live_server + href.split("#")[0])
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    page.context.close()


def test_autocomplete(browser: Any, live_server: str, shots: Path) -> None:
    """GIVEN the search box WHEN typing the start of a code THEN suggestions appear and lead to it."""
    page = new_page(browser, DESKTOP)
    page.goto(live_server + "/")
    page.locator("#q").press_sequentially("qcvn 4", delay=40)
    page.wait_for_selector("#suggestions li")
    assert "QCVN 47:2015/BTTTT" in page.locator("#suggestions").inner_text()
    page.screenshot(path=shots / "autocomplete.png")
    page.press("#q", "ArrowDown")
    page.press("#q", "Enter")
    page.wait_for_selector("ol.hits li.hit")
    assert page.locator("ol.hits .hit-head .code").first.inner_text() == "QCVN 47:2015/BTTTT"
    page.context.close()


def test_no_results_and_suggestion(browser: Any, live_server: str, shots: Path) -> None:
    """GIVEN a query typed without diacritics WHEN searching THEN the page says which reading it
    shows; GIVEN a misspelt word THEN the did-you-mean link corrects it."""
    page = new_page(browser, DESKTOP)
    page.goto(live_server + "/?q=tuong+thich+dien+tu")
    assert page.locator(".suggestion.restored strong").inner_text() == "tương thích điện từ"
    page.goto(live_server + "/?q=thi%E1%BA%BFt+b%E1%BB%8Bi")
    link = page.locator(".suggestion a")
    assert link.inner_text() == "thiết bị"
    link.click()
    assert "q=thi%E1%BA%BFt+b%E1%BB%8B" in page.url
    page.goto(live_server + "/?q=zzqxv")
    assert "Không tìm thấy kết quả nào" in page.inner_text("main")
    page.screenshot(path=shots / "no-results.png")
    page.context.close()


@pytest.mark.parametrize(
    "path", ["/", "/?q=ph%C3%A1t+x%E1%BA%A1+gi%E1%BA%A3", "/doc/QCVN_47_2015_BTTTT.pdf"]
)
def test_phone_width_has_no_horizontal_overflow(
    browser: Any, live_server: str, shots: Path, path: str
) -> None:
    """GIVEN a 390-px wide phone WHEN opening the pages THEN nothing overflows sideways."""
    page = new_page(browser, PHONE)
    page.goto(live_server + path)
    page.screenshot(path=shots / "phone.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.locator("#q").is_visible()
    page.context.close()


def test_api_documentation_renders_offline(browser: Any, live_server: str, shots: Path) -> None:
    """GIVEN the server (its pages forbid inline scripts and other origins) WHEN /docs and
    /redoc are opened in a browser with no network but the server THEN both show the
    operations, and the browser blocks no script, style or worker they need."""
    page = new_page(browser, DESKTOP)
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if m.type == "error" else None)
    page.route(re.compile(r"^(?!" + re.escape(live_server) + ").*"), lambda route: route.abort())
    page.goto(live_server + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    assert page.locator(".opblock-summary-path:has-text('/api/search')").count() >= 1
    page.screenshot(path=shots / "docs.png")
    page.goto(live_server + "/redoc")
    page.get_by_text("/api/search").first.wait_for(timeout=30_000)
    page.screenshot(path=shots / "redoc.png")
    # only ReDoc's "powered by" logo, an image on its CDN, may be refused
    assert not [m for m in blocked if "Content Security Policy" in m and "img-src" not in m]


def test_hits_grouped_by_document(browser: Any, live_server: str, shots: Path) -> None:
    """GIVEN a query many clauses of one document match WHEN searching THEN that document's
    hits sit under one heading, and "n điều khoản khác trong văn bản này" lists all of them."""
    page = new_page(browser, DESKTOP)
    page.goto(live_server + "/?q=thi%E1%BA%BFt+b%E1%BB%8B")
    assert page.locator(".hit.same-doc").count() > 0
    assert page.locator(".hit.same-doc .hit-head").count() == 0  # no repeated document line
    more = page.locator(".more-in-doc a").first
    n = int(more.inner_text().split()[0])
    page.screenshot(path=shots / "grouped.png")
    more.click()
    page.wait_for_load_state()
    assert "doc=" in page.url
    assert "Văn bản:" in page.locator(".active-filters").inner_text()
    total = int(page.locator("#summary strong").inner_text().replace(".", ""))
    assert total > n  # the n others and those shown before
    page.context.close()
