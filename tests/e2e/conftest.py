"""Browser tests: Playwright for Python driving Debian's Chromium, headless.

The site runs in pytest-django's ``live_server`` on a free port. Every request
the page makes is recorded so a test can assert that none leaves the host.
Screenshots go to ``artifacts/e2e/`` (ignored by git, kept by CI).
"""

import os
import shutil
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

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


def open_page(browser, live_server, **options):
    """A page in a new context, logging the hosts it asks and console errors."""
    context = browser.new_context(base_url=live_server.url, locale="fa-IR", **options)
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
    return page


@pytest.fixture
def page(browser, live_server, migration_data):
    page = open_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def other_page(browser, live_server, page):
    """``other_page()``: a page in a browser of its own, for a second person
    in the same test (a registrar, a reviewer); logged like ``page``."""
    contexts = []

    def new():
        other = open_page(browser, live_server)
        contexts.append(other.context)
        return other

    yield new
    for context in contexts:
        context.close()


@pytest.fixture
def axe_page(browser, live_server, migration_data):
    """A page that axe-core can be injected into.

    Its context bypasses the Content-Security-Policy, which would otherwise
    refuse the injected script; the site still sends its strict policy, so
    the ``page`` fixture goes on checking that pages keep to it.
    """
    page = open_page(browser, live_server, bypass_csp=True)
    yield page
    page.context.close()


@pytest.fixture
def demo_data(migration_data):
    """The demo data of ``load_demo``: every role, status and page has rows."""
    from tests.factories import DEFAULT_PASSWORD

    call_command("load_demo", "--password", DEFAULT_PASSWORD, stdout=StringIO())


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
