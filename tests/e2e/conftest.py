"""Browser journeys: Playwright for Python driving Debian's Chromium against live_server.

Never downloads a browser. Without /usr/bin/chromium (or $CHROMIUM) the tests are skipped,
unless TPS_REQUIRE_BROWSER=1 (set by .ci/run), which turns a missing browser into a failure.
Screenshots go to $TPS_ARTIFACTS/screenshots (test-artifacts/ by default; not committed).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import APPS_WITHOUT_REFERENCE, build_world

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("TPS_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PASSWORD = "tps-khusus-demo"

browser_db = pytest.mark.django_db(transaction=True, available_apps=APPS_WITHOUT_REFERENCE)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: browser tests skipped (apt-get install chromium)"
        if os.environ.get("TPS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Two workers share two cores with the live servers: give slow moments room before failing.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def e2e_world(transactional_db):
    return build_world()


class Screens:
    """Opens browser contexts for personas and keeps screenshots of the journey."""

    def __init__(self, browser, base_url: str, test_name: str):
        self.browser = browser
        self.base_url = base_url
        self.folder = ARTIFACTS / "screenshots"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.prefix = re.sub(r"[^a-z0-9]+", "-", test_name.lower()).strip("-")
        self.contexts = []
        self.count = 0

    def new_page(self, viewport: dict | None = None, **options):
        # Reduced motion: Bootstrap's collapse then opens at once, so clicks never land mid-animation.
        context = self.browser.new_context(base_url=self.base_url, locale="id-ID",
                                           viewport=viewport or {"width": 1366, "height": 900},
                                           reduced_motion="reduce", **options)
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        return context.new_page()

    def sign_in(self, username: str, password: str = PASSWORD, **options):
        page = self.new_page(**options)
        page.goto("/masuk/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(password)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
        return page

    @staticmethod
    def record_event(page, kind: str, **fields: str) -> None:
        """Open an event panel on the WBP page, fill it and submit; waits for the page it leads to."""
        page.get_by_test_id(f"event-{kind}").click()
        panel = page.locator(f"#ev-{kind}")
        expect(panel).to_have_class(re.compile(r"\bshow\b"))
        for name, value in fields.items():
            field = panel.locator(f"#id_{kind}-{name}")
            if name == "destination":
                field.select_option(label=value)
            else:
                field.fill(value)
        with page.expect_navigation():
            panel.get_by_role("button", name="Simpan").click()

    def shot(self, page, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.prefix}-{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def screens(browser, live_server, request):
    screens = Screens(browser, live_server.url, request.node.name)
    yield screens
    screens.close()
