"""Under the Content-Security-Policy, in real Chromium: our own script still does its work and
nothing of ours is refused; an IRI with a ``javascript:`` scheme is text, not a link
(issue 13, F12)."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from tests.server.conftest import Server

pytestmark = pytest.mark.browser


def watched(browser: BrowserContext) -> tuple[Page, list[str]]:
    """A new tab, and the list the console's policy refusals go to."""
    page = browser.new_page()
    refused: list[str] = []

    def note(msg: ConsoleMessage) -> None:
        if "Content Security Policy" in msg.text:
            refused.append(msg.text)

    page.on("console", note)
    return page, refused


def test_pages_work_under_the_policy(browser: BrowserContext, server: Server) -> None:
    page, refused = watched(browser)
    response = page.goto(server.url + "/page/Operation_Compass")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # the depiction cannot load (the test browser reaches nothing but 127.0.0.1): app.js hides
    # its box, as the inline onerror handler the policy now forbids used to
    expect(page.locator("figure.depiction")).to_be_hidden()
    # autocomplete still fetches from us
    page.goto(server.url + "/")
    page.locator('main input[type="search"]').press_sequentially("operation bar", delay=40)
    expect(page.locator("ul.suggest li").first).to_contain_text("Operation Barbarossa")
    page.goto(server.url + "/sparql")
    page.locator("[data-query]").first.click()
    page.locator("textarea#query").press("Control+Enter")
    expect(page.locator("table.results-table tbody tr").first).to_be_visible()
    assert refused == []
    page.close()


def test_a_javascript_iri_in_the_results_table_is_not_a_link(browser: BrowserContext, server: Server) -> None:
    page, refused = watched(browser)
    page.goto(server.url + "/sparql")
    page.locator("textarea#query").fill('SELECT ?x WHERE { BIND(IRI("javascript:alert(1)") AS ?x) }')
    page.locator("button#run").click()
    cell = page.locator("table.results-table tbody td").first
    expect(cell).to_have_text("javascript:alert(1)")
    assert cell.locator("a").count() == 0
    assert page.locator('a[href^="javascript:" i]').count() == 0
    assert refused == []
    page.close()
