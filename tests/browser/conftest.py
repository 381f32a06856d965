"""Fixtures of the browser tests: real headless Chromium (Debian's ``chromium``) driven by
Playwright, against ``wikikg serve`` on the shared real-data store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Playwright, sync_playwright

from tests.server.conftest import server  # noqa: F401  (the server tests' fixture; ``graph`` is shared)

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


# Module scope, not session: Playwright's sync API keeps an event loop running while it is open,
# and asyncio.run() in a later test of the same worker process would refuse to start.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if shutil.which(CHROMIUM) is None:
        raise RuntimeError(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
        viewport={"width": 1280, "height": 900}, locale="en-GB")
    # nothing leaves the machine: Commons thumbnails and the like are not fetched
    context.route("**/*", lambda route: route.abort() if not route.request.url.startswith("http://127.0.0.1")
                  else route.continue_())
    yield context
    context.close()


@pytest.fixture(scope="session")
def shots(test_output: Path) -> Path:
    folder = test_output / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
