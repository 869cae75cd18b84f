"""Playwright (sync API) driving Debian's chromium against pytest-django's live server.

Never ``playwright install``: the browser is ``/usr/bin/chromium`` (``make chromium`` installs it).
Screenshots go to ``test-artifacts/`` at the project root; axe-core is injected from ``tests/browser/assets``.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

ASSETS = Path(__file__).parent / "assets"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("NEST_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole run."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run `make chromium`"
    # Playwright's sync API keeps an event loop running in this thread for the whole session; Django's ORM
    # (the tests' own queries and the database fixtures) refuses to run beside one unless told it is safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def owasp_data(synced_owasp):
    """Browser tests are transactional (the live server's thread must see their rows): each starts from the
    run's synced OWASP data, put back after the previous transactional test's flush emptied every table."""


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab whose relative URLs go to the live server; it may not reach any other host."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^(?!" + re.escape(live_server.url) + r")https?://"), lambda route: route.abort())
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.js_errors = errors
    tab.csp_violations = record_csp_violations(context, tab)
    yield tab
    context.close()


def record_csp_violations(context, tab) -> list[str]:
    """Every Content-Security-Policy violation in the tab: the securitypolicyviolation events of each document
    (reported through a binding, which the policy does not govern) and Chromium's console reports of them."""
    violations = []
    context.expose_function(
        "nestCspViolation", lambda where, directive, blocked: violations.append(f"{where}: {directive} {blocked}")
    )
    context.add_init_script(CSP_LISTENER)
    tab.on(
        "console",
        lambda message: (
            violations.append(f"console: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    return violations


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.nestCspViolation(event.documentURI, event.violatedDirective, event.blockedURI + " " + event.sample);
});
"""


@pytest.fixture
def screenshot():
    """Save a full-page screenshot as a test artifact; returns its path."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(tab, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe():
    """Run axe-core in the page; returns the violations whose impact is serious or critical."""
    source = (ASSETS / "axe.min.js").read_text()

    def check(tab) -> list[dict]:
        # Evaluated by the driver, which the page's Content-Security-Policy does not govern (an inline script tag
        # would be refused by it).
        tab.evaluate(source)
        result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"][:5]],
            }
            for violation in result["violations"]
            if violation["impact"] in ("serious", "critical")
        ]

    return check
