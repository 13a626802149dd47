"""In headless Chromium (Debian's package, no browser download): a whole conversation at tablet size."""
import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests import factories
from tests.conftest import _teardown, database_url, make_app

pytestmark = pytest.mark.browser
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("WATTELT_SCREENSHOTS", Path(__file__).parent.parent / "screenshots"))


@pytest.fixture(scope="module")
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
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    _teardown(app)


def sign_in(page, live_server):
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("E-mailadres").fill("demo@example.org")
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_round_with_two_perspectives_goal_and_comparison_at_tablet_size(chromium, live_server):
    SCREENSHOTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": 1024, "height": 768}, locale="nl-NL")
    page = context.new_page()
    problems, foreign = [], []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("request", lambda request: foreign.append(request.url) if not request.url.startswith(live_server) else None)

    sign_in(page, live_server)
    page.get_by_role("link", name="Familie Jansen").click()

    for round_number, (resident, professional) in enumerate([(("30", "60"), ("45", "50")), (("55", "80"), ("60", "70"))], 1):
        page.get_by_role("link", name="Nieuw gesprek").first.click()
        page.get_by_label("Wonen").check()
        page.get_by_label("Geld", exact=True).check()
        page.get_by_label("Werk en dagbesteding").check()
        page.get_by_role("button", name="Begin het gesprek").click()
        topics = page.locator("fieldset.topic")
        assert topics.count() == 3
        for index, (res, pro) in enumerate(zip(resident, professional)):
            topic = topics.nth(index)
            # Moving a scale places the chip: its "on the scale" choice is made by the page.
            topic.get_by_label("Plek op de schaal voor Bewoner").fill(res)
            topic.get_by_label("Plek op de schaal voor Professional").fill(pro)
            assert topic.locator(".p-resident [data-state=placed]").is_checked()
        # Work: the resident does not want to talk about it now; the professional places a chip.
        work = topics.nth(2)
        work.locator(".p-resident").get_by_label("Niet nu").check()
        work.get_by_label("Plek op de schaal voor Professional").fill("35")
        if round_number == 1:
            page.screenshot(path=str(SCREENSHOTS / "tablet-board.png"))
        page.get_by_role("button", name="Bewaren en gesprek afronden").click()
        assert page.get_by_text("Het gesprek is afgerond en bewaard.").is_visible()
        page.wait_for_selector("#round-chart .main-svg")
        figure = json.loads(page.locator("#round-chart-data").text_content())
        assert [trace["name"] for trace in figure["data"]] == ["Bewoner", "Professional"]
        assert figure["data"][0]["r"] == [int(resident[0]), int(resident[1]), None, int(resident[0])]
        assert figure["data"][1]["r"][2] == 35
        table = page.locator("table.scores")
        assert "niet nu" in table.inner_text()
        page.get_by_role("link", name="← Familie Jansen").click()

    page.get_by_role("link", name="Plan van het huishouden").click()
    page.get_by_label("Leefgebied").select_option("money")
    page.get_by_label("Het doel, in de woorden van de bewoner").fill("Ik wil overzicht over mijn post")
    page.get_by_label("Waar wil je op de schaal uitkomen?").fill("85")
    page.get_by_role("button", name="Doel toevoegen").click()
    for what in ["Post sorteren met de vrijwilliger", "Bellen met de schuldhulp"]:
        page.get_by_text("Actie toevoegen").first.click()
        page.get_by_label("Wat gaat er gebeuren?").fill(what)
        page.get_by_role("button", name="Actie toevoegen").click()
        assert page.get_by_text(what).is_visible()
    page.get_by_role("button", name="Markeer als gedaan").first.click()
    assert page.locator(".action-list li.done").count() == 1

    page.get_by_role("link", name="← Familie Jansen").click()
    page.get_by_role("link", name="Voortgang").first.click()
    page.wait_for_selector("#overlay-chart .main-svg")
    overlay = json.loads(page.locator("#overlay-chart-data").text_content())
    assert [t["name"].split(" (")[0] for t in overlay["data"]] == ["Gesprek 1", "Gesprek 2", "Gehoopte plek"]
    assert overlay["data"][2]["r"][1] == 85
    assert page.locator("#overlay-chart .scatterlayer .trace").count() == 3
    page.screenshot(path=str(SCREENSHOTS / "tablet-progress.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    assert problems == []
    assert foreign == []
    context.close()


def test_phone_size_has_no_sideways_scrolling(chromium, live_server):
    context = chromium.new_context(viewport={"width": 360, "height": 667}, is_mobile=True, has_touch=True, locale="nl-NL")
    page = context.new_page()
    sign_in(page, live_server)
    page.get_by_role("link", name="Familie Jansen").click()
    page.get_by_role("link", name="Nieuw gesprek").first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(SCREENSHOTS / "phone-start-round.png"), full_page=True)
    context.close()


def test_untouched_chips_are_not_stored_and_markup_in_a_label_stays_text(chromium, live_server):
    context = chromium.new_context(viewport={"width": 1024, "height": 768}, locale="nl-NL")
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, live_server)
    page.get_by_role("link", name="Familie Jansen").click()
    page.get_by_role("link", name="Nieuw gesprek").first.click()
    page.get_by_label("Wonen").check()
    page.get_by_label("Eigen leefgebied 1").fill('<a href="https://evil.example">Tuin</a><b>!</b>')
    page.get_by_role("button", name="Begin het gesprek").click()
    # Only the resident places one chip; everything else stays untouched.
    page.locator("fieldset.topic").nth(1).get_by_label("Plek op de schaal voor Bewoner").fill("70")
    page.get_by_role("button", name="Bewaren en gesprek afronden").click()
    assert page.get_by_text("Er liggen nog 3 fiches niet op het bord.").is_visible()
    page.get_by_role("button", name="Toch afronden").click()
    page.wait_for_selector("#round-chart .main-svg")
    figure = json.loads(page.locator("#round-chart-data").text_content())
    assert figure["data"][0]["r"][:2] == [None, 70]
    assert figure["data"][1]["r"][:2] == [None, None]
    assert page.locator("table.scores").inner_text().count("niet gelegd") == 3
    # Plotly draws the label as the characters typed: no link, no bold, in the chart.
    assert page.locator("#round-chart svg a").count() == 0
    assert page.locator("#round-chart svg text", has_text='href="https://evil.example">Tuin</a>').count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "tablet-result-untouched.png"), full_page=True)
    assert problems == []
    context.close()


def test_the_app_shell_works_offline_and_keeps_nothing_personal(chromium, live_server):
    context = chromium.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True, locale="nl-NL")
    page = context.new_page()
    sign_in(page, live_server)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.goto(f"{live_server}/households/")
    assert page.get_by_role("heading", name="Geen verbinding").is_visible()
    # The page is styled from the kept shell, not bare HTML.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") != "rgba(0, 0, 0, 0)"
    context.set_offline(False)
    kept = page.evaluate("""caches.keys().then(async (names) => {
        const urls = [];
        for (const name of names) { for (const request of await (await caches.open(name)).keys()) { urls.push(request.url); } }
        return urls;
    })""")
    assert any("/static/css/app.css" in url for url in kept) and any(url.endswith("/offline") for url in kept)
    assert not [url for url in kept if any(part in url for part in ("/households", "/rounds", "/members", "/api"))]
    page.screenshot(path=str(SCREENSHOTS / "phone-offline.png"))
    context.close()
