"""
Browser tests: Playwright drives Debian's Chromium against a live server.

Without Chromium they are skipped with one line saying why, unless
E2E_REQUIRED=1 (as in CI), where a missing browser fails the run.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test database is
# still used synchronously, one call at a time.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
REQUIRED = os.environ.get("E2E_REQUIRED") == "1"
SKIP_REASON = f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)"
ARTIFACTS = Path(
    os.environ.get("E2E_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts")
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            if not HAVE_CHROMIUM and not REQUIRED:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def pytest_terminal_summary(terminalreporter):
    if not HAVE_CHROMIUM and not REQUIRED:
        terminalreporter.write_line(SKIP_REASON, yellow=True)
    elif (ARTIFACTS / "screenshots").exists():
        terminalreporter.write_line(f"browser screenshots: {ARTIFACTS / 'screenshots'}")


@pytest.fixture(scope="session")
def browser():
    if not HAVE_CHROMIUM:
        pytest.fail(f"E2E_REQUIRED=1 but there is no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every Content-Security-Policy violation is reported on the console, where
# BrowserPage collects console errors.
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI);
});
"""


class BrowserPage:
    """A page plus what the browser complained about (console errors, CSP)."""

    def __init__(self, context, base_url):
        self.context = context
        self.base_url = base_url
        context.add_init_script(CSP_WATCH)
        self.page = context.new_page()
        self.problems = []
        self.page.on(
            "console",
            lambda message: message.type == "error" and self.problems.append(message.text),
        )
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on(
            "response",
            lambda response: (
                response.status == 404 and self.problems.append(f"404 for {response.url}")
            ),
        )

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.ok, f"{path} answered {response.status}"
        return response

    def log_in(self, username, password="a-long-test-password", next_path="/moderation/"):
        self.goto(f"/admin/login/?next={next_path}")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_load_state()

    def axe_violations(self, impacts=("serious", "critical")):
        """axe-core's violations of the given impacts on the current page."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"at {[node['target'] for node in violation['nodes']][:3]}"
            for violation in results.response["violations"]
            if violation["impact"] in impacts
        ]

    def screenshots(self, name):
        """The current page at phone and desktop widths."""
        original = self.page.viewport_size
        for width in (375, 1280):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.screenshot(f"{name}-{width}")
        self.page.set_viewport_size(original)

    def screenshot(self, name):
        folder = ARTIFACTS / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.fixture
def open_browser(browser, live_server):
    contexts = []

    def open_(width=1280, javascript=True):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=javascript
        )
        contexts.append(context)
        return BrowserPage(context, live_server.url)

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """
    Browser tests are transactional: the database is emptied after each one and
    content types are made again with new ids. Forget the cached old ones.
    """
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()
