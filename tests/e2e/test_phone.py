"""The phone layout at 390×844: a one-row header, the results first, the filters behind one
button ("Bộ lọc (n)") with the active ones as removable chips, nothing scrolling sideways; wide
screens keep the filters as an open side column. With and without JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
# "thiết bị": hits in all four sample documents, so several values in every facet
QUERY = "/?q=thi%E1%BA%BFt+b%E1%BB%8B"
TOGGLE = "aside.facets details.filters > summary"


def open_page(browser: Any, viewport: dict[str, int], url: str, javascript: bool = True) -> Any:
    context = browser.new_context(viewport=viewport, locale="vi-VN", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url)
    return page


def total(page: Any) -> int:
    """The number of hits the summary line announces ("Tìm thấy 1.234 điều khoản")."""
    return int(page.locator("#summary strong").inner_text().replace(".", ""))


def accessible(page: Any, selector: str) -> tuple[str, str, dict[str, Any]]:
    """Chromium's accessibility node of the first match: its role, its name, its states."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    first = ax["nodes"][0]
    states = {p["name"]: p["value"].get("value") for p in first.get("properties", [])}
    return first["role"]["value"], first["name"]["value"], states


def sideways(page: Any) -> int:
    """How many pixels the page scrolls sideways (0 when it fits the screen)."""
    width: int = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    return width


def test_results_come_first_on_a_phone(browser: Any, live_server: str, shots: Path) -> None:
    """GIVEN a 390×844 phone WHEN a search finds hits in several documents THEN the header is one
    row, the facets are folded away behind one button and the first hit is on the first screen."""
    page = open_page(browser, PHONE, live_server + QUERY)
    page.screenshot(path=shots / "results-phone.png")
    header = page.locator("header.site").bounding_box()
    assert header["height"] <= 72  # logo, box and button on one row (two rows measured 105 px)
    assert page.locator(".facet").count() >= 3  # there are filters to fold away ...
    assert not page.locator(".facet a").first.is_visible()  # ... and they are folded
    assert page.locator(TOGGLE).is_visible()
    first = page.locator("ol.hits li.hit").first.bounding_box()
    assert first["y"] + min(first["height"], 120) < PHONE["height"]
    assert sideways(page) <= 0
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_phone_filters_open_from_one_button_and_filter(
    browser: Any, live_server: str, shots: Path, javascript: bool
) -> None:
    """GIVEN the phone results WHEN the user presses «Bộ lọc», picks a year, then removes it
    with its chip THEN the facets show, the results are those of the year (as many as the facet
    said), the folded button counts the filter, and the chip brings all results back."""
    page = open_page(browser, PHONE, live_server + QUERY, javascript)
    everything = total(page)
    toggle = page.locator(TOGGLE)
    assert toggle.inner_text().strip() == "Bộ lọc"
    year = page.locator(".facet a", has_text="2015")
    assert not year.is_visible()
    toggle.click()
    assert year.is_visible()
    assert sideways(page) <= 0  # the open panel fits too
    page.screenshot(path=shots / "filters-open.png", full_page=True)
    promised = int(year.locator(".count").inner_text())
    assert 0 < promised < everything

    year.click()
    page.wait_for_url("**year=2015**")
    page.screenshot(path=shots / "filtered.png")
    assert total(page) == promised
    chip = page.get_by_role("link", name="Bỏ lọc Năm: 2015")
    assert chip.is_visible()  # shown while the facets are folded again
    assert not page.locator(".facet a").first.is_visible()
    assert page.locator(TOGGLE).inner_text().strip() == "Bộ lọc (1)"
    first = page.locator("ol.hits li.hit").first.bounding_box()
    assert first["y"] + min(first["height"], 120) < PHONE["height"]

    chip.click()
    page.wait_for_url(lambda url: "year=" not in url)
    assert total(page) == everything
    assert page.locator(".active-filters").count() == 0
    page.context.close()


def test_filter_button_works_by_keyboard(browser: Any, live_server: str) -> None:
    """GIVEN the phone results with two filters WHEN tabbing from the search box THEN the next
    stop after «Tìm» is the filter button, named with the count and announced as collapsed, and
    Enter unfolds the facets."""
    page = open_page(browser, PHONE, live_server + QUERY + "&type=QCVN&year=2015")
    page.focus("#q")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate(f"document.activeElement.matches({TOGGLE!r})")
    role, name, states = accessible(page, TOGGLE)
    assert role in {"DisclosureTriangle", "button"}
    assert name == "Bộ lọc (2)" and states["expanded"] is False
    assert not page.locator(".facet a").first.is_visible()
    page.keyboard.press("Enter")
    assert page.locator(".facet a").first.is_visible()
    assert accessible(page, TOGGLE)[2]["expanded"] is True
    # both filters are chips, and one link clears them all
    assert page.locator(".active-filters a.chip").count() == 2
    page.get_by_role("link", name="Bỏ tất cả bộ lọc").click()
    page.wait_for_url(lambda url: "year=" not in url and "type=" not in url and "q=" in url)
    page.context.close()


def test_every_filter_in_use_is_a_chip(browser: Any, live_server: str) -> None:
    """GIVEN a filter that is not a facet (code) and one that leaves no hits (and so no facets)
    WHEN the results show on a phone THEN each still has its chip, and removing the emptying
    one brings the hits back."""
    page = open_page(browser, PHONE, live_server + QUERY + "&code=QCVN+47%3A2015")
    assert page.get_by_role("link", name="Bỏ lọc Mã hiệu: QCVN 47:2015").is_visible()
    assert page.locator(TOGGLE).inner_text().strip() == "Bộ lọc (1)"
    page.goto(live_server + QUERY + "&year=1900")
    assert page.locator("ol.hits li.hit").count() == 0 and page.locator(TOGGLE).count() == 0
    page.get_by_role("link", name="Bỏ lọc Năm: 1900").click()
    page.wait_for_url(lambda url: "year=" not in url)
    assert total(page) > 0
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_wide_screen_keeps_the_side_column(
    browser: Any, live_server: str, shots: Path, javascript: bool
) -> None:
    """GIVEN a 1280-px screen WHEN searching THEN the facets are a column left of the results,
    open without pressing anything, and there is no fold button."""
    page = open_page(browser, WIDE, live_server + QUERY + "&year=2015", javascript)
    page.screenshot(path=shots / "results-wide.png")
    assert page.locator(".facet a", has_text="2015").is_visible()
    assert page.locator(".facet a", has_text="QCVN").is_visible()
    assert not page.locator(TOGGLE).is_visible()
    facets = page.locator("aside.facets").bounding_box()
    results = page.locator("section.results").bounding_box()
    assert facets["x"] + facets["width"] <= results["x"]
    assert page.get_by_role("link", name="Bỏ lọc Năm: 2015").is_visible()
    page.context.close()


def test_no_page_scrolls_sideways_on_a_phone(browser: Any, live_server: str) -> None:
    """GIVEN a 390-px phone WHEN opening the home page, every document and every clause of the
    sample index (long codes, tables flattened to text, headings) THEN none scrolls sideways."""
    page = open_page(browser, PHONE, live_server + "/")
    assert sideways(page) <= 0
    documents = page.locator(".doclist a").evaluate_all("links => links.map(a => a.href)")
    assert documents
    wide: list[str] = []
    for doc in documents:
        page.goto(doc)
        if sideways(page) > 0:
            wide.append(doc)
        clauses = page.locator("ol.outline li .lbl > a").evaluate_all(
            "links => links.map(a => a.href)"
        )
        assert clauses
        for clause in clauses:
            page.goto(clause, wait_until="domcontentloaded")
            if sideways(page) > 0:
                wide.append(clause)
    assert wide == []
    page.context.close()
