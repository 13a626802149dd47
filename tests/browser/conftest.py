"""Browser tests in headless Chromium (Debian's package, no browser download) against a live server."""
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests import factories
from tests.conftest import _teardown, database_url, make_app

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("WATTELT_SCREENSHOTS", Path(__file__).parents[2] / "screenshots"))
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}
TABLET = {"viewport": {"width": 1024, "height": 768}}
TABLET_PORTRAIT = {"viewport": {"width": 810, "height": 1080}, "has_touch": True}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium must be installed in CI (apt-get install -y chromium)")
        pytest.skip("no Chromium installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Server:
    url: str
    app: object


@pytest.fixture
def live_server(tmp_path):
    url = database_url()
    # An in-memory SQLite database cannot be shared with the server thread: use a file.
    app = make_app(f"sqlite:///{tmp_path / 'browser.sqlite'}" if url == "sqlite://" else url)
    with app.app_context():
        pro = factories.user(factories.team("Buurtteam Noord"), "demo@example.org", name="Sanne")
        factories.household(pro, "Familie Jansen", members=[("Marieke", 1984), ("Kevin", 2011)])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Server(f"http://127.0.0.1:{server.server_port}", app)
    server.shutdown()
    _teardown(app)


@dataclass
class Watched:
    """A browser context whose pages report script errors and requests to other hosts."""

    context: object
    problems: list = field(default_factory=list)
    foreign: list = field(default_factory=list)

    def page(self, base: str):
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.problems.append(str(error)))
        page.on("console", lambda message: self.problems.append(message.text) if message.type == "error" else None)
        page.on("request", lambda request: self.foreign.append(request.url) if not request.url.startswith(base) else None)
        return page

    def assert_clean(self, offline: bool = False, refused: bool = False, invalid: bool = False):
        """No script errors and nothing from another host. offline=True allows the failed requests
        the browser logs while the test has taken the connection away; refused=True the 409 of a
        change the server refuses on purpose; invalid=True the 422 of a form sent with errors."""
        expected = (["ERR_INTERNET_DISCONNECTED"] if offline else []) + (["409 (CONFLICT)"] if refused else [])
        expected += ["422 (UNPROCESSABLE ENTITY)"] if invalid else []
        problems = [p for p in self.problems if not any(known in p for known in expected)]
        assert problems == [] and self.foreign == []


@pytest.fixture
def browser_context(chromium):
    """browser_context(**options) makes a Dutch-speaking context; every one is closed afterwards."""
    made = []

    def make(**options):
        watched = Watched(chromium.new_context(locale="nl-NL", **options))
        made.append(watched)
        return watched

    yield make
    for watched in made:
        watched.context.close()


def sign_in(page, base: str, email: str = "demo@example.org"):
    page.goto(f"{base}/auth/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Huishoudens").wait_for()


def confirm_password(page, then: str):
    """Open then, which asks for the password first (data leaving the app), type it, and arrive; by
    the field's id, as the page may be in any language."""
    page.goto(then)
    page.locator("#password").fill(factories.PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(then)


def start_round(page, domains: list[str], member: int = 0, naaste: bool = False, own: str = ""):
    """From the caseload: open Familie Jansen, start a round for a member with these domain labels."""
    page.get_by_role("link", name="Familie Jansen").click()
    page.get_by_role("link", name="Nieuw gesprek").nth(member).click()
    for label in domains:
        page.get_by_label(label, exact=True).check()
    if own:
        page.get_by_label("Eigen onderwerp 1").fill(own)
    if naaste:
        page.get_by_label("Een naaste (partner, mantelzorger) legt ook fiches").check()
    page.get_by_role("button", name="Begin het gesprek").click()
    page.locator(".board.is-enhanced").wait_for()


def tap(page, row: int, share: float):
    """Tap the scale of a row at a share of its length (0 = not satisfied, 1 = very satisfied)."""
    track = page.locator(".track").nth(row)
    track.scroll_into_view_if_needed()
    box = track.bounding_box()
    tray, pad = page.evaluate("""(track) => {
        const style = getComputedStyle(track.parentNode), em = parseFloat(getComputedStyle(document.documentElement).fontSize);
        return [parseFloat(style.getPropertyValue('--tray')) * em, parseFloat(style.getPropertyValue('--pad')) * em];
    }""", track.element_handle())
    page.mouse.click(box["x"] + tray + (box["width"] - tray - pad) * share, box["y"] + box["height"] / 2)


def whose(page, name: str):
    page.get_by_role("radio", name=name).check()


def wait_saved(page):
    """Until every change made on the page so far is stored on the server."""
    assert page.evaluate("window.WatTelt.queue.idle()") is True
