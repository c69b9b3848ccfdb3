"""Browser tests: Playwright for Python driving Debian's chromium (/usr/bin/chromium).

Every page a test opens is watched: any request to a host other than the test server
fails the test. ``assert_accessible`` runs axe-core (shipped inside axe-playwright-python,
nothing is downloaded) and fails on any serious or critical violation.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (fixtures, checks) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Fake hosts that tests route inside the browser: nothing ever leaves the machine.
NEUTRAL_EXIT = "https://neutral.example/"
NEUTRAL_START = "https://start.example/"
ROUTED_HOSTS = {"neutral.example", "start.example"}
# The viewports of the layout tests: a common phone and a desktop.
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)."
        )
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    )
    yield browser
    browser.close()


class RequestLog:
    def __init__(self, allowed_host: str) -> None:
        self.allowed_host = allowed_host
        self.urls: list[str] = []

    def record(self, url: str) -> None:
        self.urls.append(url)

    def foreign(self) -> list[str]:
        bad = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.netloc == self.allowed_host or parts.hostname in ROUTED_HOSTS:
                continue
            bad.append(url)
        return bad


@pytest.fixture
def requests_seen(live_server) -> RequestLog:  # type: ignore[no-untyped-def]
    return RequestLog(urlsplit(live_server.url).netloc)


@pytest.fixture
def page(browser: Browser, live_server, requests_seen: RequestLog, settings) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    settings.QUICK_EXIT_URL = NEUTRAL_EXIT
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.route(
        "https://neutral.example/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>"
        ),
    )
    context.route(
        "https://start.example/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Start</title><h1>Start</h1>"
        ),
    )
    page = context.new_page()
    page.on("request", lambda request: requests_seen.record(request.url))
    page.set_default_timeout(10_000)
    yield page
    context.close()
    foreign = requests_seen.foreign()
    assert not foreign, f"A page made requests to another host: {foreign}"


def routed_context(
    browser: Browser, base_url: str, *, js: bool = True, size: str = "desktop"
) -> BrowserContext:
    """A browser context on the test server (JavaScript on or off, a ``SIZES`` viewport) whose
    quick exit lands on a neutral page answered inside the browser: nothing leaves the machine.
    The test sets ``settings.QUICK_EXIT_URL = NEUTRAL_EXIT`` and closes the context."""
    context = browser.new_context(base_url=base_url, java_script_enabled=js, viewport=SIZES[size])
    context.route(
        NEUTRAL_EXIT + "**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<h1>Weather</h1>"),
    )
    return context


_axe = Axe()


def assert_accessible(page: Page) -> None:
    # A click on a link starts a navigation that may not have committed yet:
    # axe must run on the new document, not between two of them.
    page.wait_for_load_state("load")
    try:
        results = _axe.run(page)
    except PlaywrightError:
        page.wait_for_load_state("load")
        results = _axe.run(page)
    serious = [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in ("serious", "critical")
    ]
    assert not serious, f"axe-core on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in serious
    )
