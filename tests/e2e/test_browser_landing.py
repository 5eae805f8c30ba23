"""Landing where the match is, in a real browser: a Markdown hit opens its clause in the
rendered document, scrolled to and marked; a PDF hit's link names the page of its match."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fixtures import LANDING_MD_WORD, LANDING_WORD

pytestmark = pytest.mark.browser


def test_a_markdown_hit_lands_on_its_clause(browser: Any, landing_server: str, shots: Path) -> None:
    """GIVEN a word of the Markdown note's clause 1.2 WHEN a user searches for it and follows
    "Xem trong văn bản" THEN the rendered document opens at that clause: it is the anchor's
    target, in view, holds the word, and the page broke no content security rule."""
    context = browser.new_context(viewport={"width": 1280, "height": 500}, locale="vi-VN")
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{landing_server}/?q={LANDING_MD_WORD}")
    link = page.locator("ol.hits li.hit a.view").first
    href = link.get_attribute("href")
    assert href and href.startswith("/view/ghi-chu-thu-nghiem.md#c")
    link.click()
    page.wait_for_url(f"**{href}")
    target = page.locator(":target")
    target.wait_for()
    assert target.get_attribute("id") == href.rsplit("#", 1)[1]
    assert LANDING_MD_WORD in target.inner_text() and "1.2 Yêu cầu" in target.inner_text()
    assert page.evaluate("window.scrollY") > 0  # scrolled down to it …
    assert 0 <= target.evaluate("e => e.getBoundingClientRect().top") < 100  # … at the top
    assert page.locator("h2.view-heading", has_text="2. Tổ chức thực hiện").count() == 1
    shown = page.locator(".view-clause", has_text="alert(1)").first.inner_text()
    assert "<script>alert(1)</script> & vật liệu" in shown  # shown as text, never run
    page.screenshot(path=shots / "view-landed.png")
    assert not problems, problems
    context.close()


def test_a_pdf_hit_opens_at_the_page_of_its_match(browser: Any, landing_server: str) -> None:
    """GIVEN a clause over pages 1–3 with the word on page 3 WHEN searching for it THEN the
    hit says pages 1–3 and its PDF link opens page 3; its clause page does the same."""
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{landing_server}/?q={LANDING_WORD}")
    hit = page.locator("ol.hits li.hit").first
    assert "Trang 1–3" in hit.locator(".meta").inner_text()
    pdf = hit.locator("a.pdf")
    assert pdf.inner_text() == "Mở PDF tại trang 3"
    assert (pdf.get_attribute("href") or "").endswith("/file#page=3")
    hit.locator("h3.clause a").click()
    page.wait_for_selector(".clause-page")
    assert f"q={LANDING_WORD}" in page.url
    assert page.locator(".clause-page a.pdf").inner_text() == "Mở PDF tại trang 3"
    page.context.close()
