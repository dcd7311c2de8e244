"""The review tests: a namespaced review service on the shared stack, reviewer accounts, a real Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from review_harness import ReviewRun, unique_namespace

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]



@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Per module: Playwright's sync API holds an event loop while it runs, which would stop the asyncio.run
    of the tests collected after this folder."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def review(bootstrap: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[ReviewRun]:
    """A review service of its own namespace; `@pytest.mark.claim_timeout(s)` shortens claims."""
    marker = request.node.get_closest_marker("claim_timeout")
    run = ReviewRun(bootstrap, unique_namespace("review"), tmp_path,
                    claim_timeout=marker.args[0] if marker else None)
    try:
        yield run
    finally:
        run.close()
