"""Browser tests: Playwright for Python driving Debian's Chromium, headless.

The site runs in pytest-django's ``live_server`` on a free port. Every request
the page makes is recorded so a test can assert that none leaves the host.
Screenshots go to ``artifacts/e2e/`` (ignored by git, kept by CI).
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the test's thread; the ORM calls
# that tests make between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            # The live server reads what the test writes, so the test commits
            # and the database is flushed afterwards; ``page`` brings back
            # what the data migrations made (see ``migration_data``).
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class RequestLog:
    """Hosts the page asked for; anything but the live server is a leak."""

    def __init__(self, allowed_host):
        self.allowed_host = allowed_host
        self.foreign = []

    def __call__(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.netloc != self.allowed_host:
            self.foreign.append(request.url)


@pytest.fixture
def page(browser, live_server, migration_data):
    context = browser.new_context(base_url=live_server.url, locale="fa-IR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.requests = RequestLog(urlsplit(live_server.url).netloc)
    page.on("request", page.requests)
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error" and page.console_errors.append(message.text)
        ),
    )
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """``screenshot("step-name")`` saves a PNG under artifacts/e2e/<test>/."""
    folder = ARTIFACTS / request.node.name.replace("/", "_")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(name, target=None):
        """Screenshot ``target`` (default: the test's page)."""
        path = folder / f"{next(counter):02d}-{name}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return take
