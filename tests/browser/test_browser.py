"""What a person sees, in real headless Chromium: a page, the search box's autocomplete, the
SPARQL page; on a desktop and on a phone.  Screenshots go to ``test-output/browser/``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.server.conftest import Server

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def open_page(browser: BrowserContext, url: str, size: dict[str, int] = DESKTOP) -> Page:
    page = browser.new_page()
    page.set_viewport_size(size)  # type: ignore[arg-type]
    page.goto(url)
    return page


def fits_the_screen(page: Page) -> bool:
    width = page.evaluate("document.documentElement.scrollWidth")
    return int(width) <= page.viewport_size["width"]  # type: ignore[index]


def test_resource_page(browser: BrowserContext, server: Server, shots: Path) -> None:
    page = open_page(browser, server.url + "/resource/Operation_Compass")
    assert page.url.endswith("/page/Operation_Compass")  # the 303 was followed
    expect(page.locator("h1")).to_have_text("Operation Compass")
    expect(page.locator(".types")).to_contain_text("military conflict")
    expect(page.locator("table.properties th", has_text="dbo:wikiPageWikiLink").first).to_be_visible()
    page.screenshot(path=shots / "page-desktop.png", full_page=False)
    # a collapsed list opens with one click
    details = page.locator("table.properties details").first
    details.locator("summary").click()
    expect(details.locator("li").first).to_be_visible()
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.screenshot(path=shots / "page-phone.png", full_page=False)
    assert fits_the_screen(page), "the page is wider than a phone's screen"
    page.close()


def test_other_languages_are_one_click_away(browser: BrowserContext, server: Server, shots: Path) -> None:
    page = open_page(browser, server.url + "/page/Berlin")
    page.locator("nav.languages a", has_text="ru").click()
    expect(page.locator(".abstract p").first).to_contain_text("столица и крупнейший город Германии")
    page.locator("nav.languages a", has_text="ar").click()
    expect(page.locator('.abstract p[dir="rtl"]').first).to_contain_text("برلين")
    page.screenshot(path=shots / "page-berlin-ar.png")
    page.close()


def test_search_box_autocomplete(browser: BrowserContext, server: Server, shots: Path) -> None:
    page = open_page(browser, server.url + "/")
    box = page.locator('main input[type="search"]')
    box.click()
    box.press_sequentially("operation bar", delay=40)
    suggestion = page.locator("ul.suggest li").first
    expect(suggestion).to_contain_text("Operation Barbarossa")
    page.screenshot(path=shots / "autocomplete.png")
    suggestion.click()
    page.wait_for_url("**/page/Operation_Barbarossa")
    expect(page.locator("h1")).to_have_text("Operation Barbarossa")
    # the header's box, by keyboard, in another language: Берлин → Berlin
    header_box = page.locator('header input[type="search"]')
    header_box.click()
    header_box.press_sequentially("Берл", delay=40)
    expect(page.locator("header ul.suggest li").first).to_contain_text("Berlin")
    header_box.press("ArrowDown")
    header_box.press("Enter")
    page.wait_for_url("**/page/Berlin")
    expect(page.locator("h1")).to_have_text("Berlin")
    page.close()


def test_sparql_page(browser: BrowserContext, server: Server, shots: Path) -> None:
    page = open_page(browser, server.url + "/sparql")
    editor = page.locator("textarea#query")
    expect(editor).to_contain_text("PREFIX dbo: <http://dbpedia.org/ontology/>")
    editor.fill("SELECT ?battle ?date WHERE {\n  ?battle a dbo:MilitaryConflict ;\n          dbo:date ?date .\n}\n"
                "ORDER BY ?date\nLIMIT 25")
    page.locator("button#run").click()
    rows = page.locator("table.results-table tbody tr")
    expect(rows).to_have_count(25)
    expect(page.locator(".results .hint")).to_contain_text("25 results")
    page.screenshot(path=shots / "sparql-desktop.png", full_page=True)
    first = rows.first.locator("a").first
    target = first.get_attribute("href")
    assert target and target.startswith("/page/")
    first.click()
    page.wait_for_url("**" + target)
    expect(page.locator("h1")).to_be_visible()
    # an example query fills the editor; Ctrl+Enter runs it
    page.goto(server.url + "/sparql")
    page.locator("[data-query]").first.click()
    expect(editor).to_have_value(re.compile("wikiPageWikiLink"))
    editor.press("Control+Enter")
    expect(rows.first).to_be_visible()
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.screenshot(path=shots / "sparql-phone.png")
    page.close()


def test_home_and_not_found_on_a_phone(browser: BrowserContext, server: Server, shots: Path) -> None:
    page = open_page(browser, server.url + "/", PHONE)
    expect(page.locator("h1")).to_contain_text("knowledge graph")
    assert fits_the_screen(page)
    page.screenshot(path=shots / "home-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
    page.screenshot(path=shots / "home-desktop.png", full_page=True)
    page.goto(server.url + "/page/No_such_battle_(1941)")
    expect(page.locator("h1")).to_have_text("Not found")
    expect(page.locator('main input[type="search"]')).to_have_value("No such battle (1941)")
    page.screenshot(path=shots / "not-found.png")
    page.close()
