"""A round held with an instrument that is not one of the defaults, from choosing it to progress, in
the browser: the example self-reliance matrix (tests/instruments), offered by the organisation."""
import json
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests import factories
from tests.browser.conftest import SCREENSHOTS, TABLET, Server, sign_in, tap, wait_saved, whose
from tests.conftest import _teardown, database_url, make_app
from wattelt.extensions import db

EXAMPLES = Path(__file__).parents[1] / "instruments"


@pytest.fixture
def zrm_server(tmp_path):
    """Familie Jansen's organisation offers the adult, youth and ZRM boards; Marieke had one adult
    round already (money 20/30, physical health 30/40)."""
    url = database_url()
    app = make_app(
        f"sqlite:///{tmp_path / 'browser.sqlite'}" if url == "sqlite://" else url, INSTRUMENT_DIRECTORIES=[str(EXAMPLES)]
    )
    with app.app_context():
        team = factories.team("Buurtteam Noord")
        team.organisation.offered_instruments = "adult,youth,zrm"
        pro = factories.user(team, "demo@example.org", name="Sanne")
        household = factories.household(pro, "Familie Jansen", members=[("Marieke", 1984), ("Kevin", 2011)])
        factories.completed_round(pro, household.members[0], {"money": (20, 30), "physical_health": (30, 40)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Server(f"http://127.0.0.1:{server.server_port}", app)
    server.shutdown()
    _teardown(app)


def table(page, caption: str) -> dict[str, list[str]]:
    rows = page.locator("table.scores", has=page.locator("caption", has_text=caption)).locator("tbody tr")
    return {
        rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())
    }


def test_a_round_with_a_non_default_instrument_from_the_choice_to_progress(browser_context, zrm_server):
    SCREENSHOTS.mkdir(exist_ok=True)
    watched = browser_context(**TABLET)
    page = watched.page(zrm_server.url)
    sign_in(page, zrm_server.url)
    page.get_by_role("link", name="Familie Jansen").click()
    assert page.locator(".card", has_text="Marieke").get_by_text("Bord: Volwassenen").is_visible()

    # Choose the board together: the birth year's board is ready, the ZRM is one link away.
    page.get_by_role("link", name="Nieuw gesprek").first.click()
    assert page.get_by_text("past bij het geboortejaar").count() == 1
    page.get_by_role("link", name="Kies Zelfredzaamheid").click()
    assert page.locator("[aria-current]").inner_text() == "Zelfredzaamheid"
    for label in ("Financiën", "Lichamelijke gezondheid", "Justitie"):
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Begin het gesprek").click()
    page.locator(".board.is-enhanced").wait_for()

    # The board speaks the matrix's own steps, never numbers, and shows them above the rows.
    steps = page.locator(".scale-steps li")
    assert steps.all_inner_texts() == ["Acute zorgen", "Lukt niet zelf", "Lukt een deel zelf", "Lukt genoeg zelf", "Lukt helemaal zelf"]
    assert steps.first.is_visible()
    for row, share in enumerate((.75, .5, .25)):
        tap(page, row, share)
    marker = page.locator(".board-row").nth(0).locator(".marker.p-resident")
    assert marker.get_attribute("aria-valuetext") == "Lukt genoeg zelf"
    assert page.locator(".board-row").nth(2).locator(".marker.p-resident").get_attribute("aria-valuetext") == "Lukt niet zelf"
    whose(page, "Professional")
    for row in range(3):
        tap(page, row, .5)
    wait_saved(page)
    page.screenshot(path=str(SCREENSHOTS / "tablet-board-zrm.png"))
    page.get_by_role("button", name="Gesprek afronden").click()
    page.wait_for_selector("#round-chart .main-svg")
    figure = json.loads(page.locator("#round-chart-data").text_content())
    assert figure["data"][0]["r"] == [75, 50, 25, 75]
    assert "(0 is Acute zorgen, 100 is Lukt helemaal zelf)" in page.locator("#round-chart-summary").inner_text()

    # The household page names the board of the latest round.
    page.locator("a:has(.back)", has_text="Familie Jansen").click()
    assert page.locator(".card", has_text="Marieke").get_by_text("Bord: Zelfredzaamheid").is_visible()
    assert page.locator(".card", has_text="Kevin").get_by_text("Bord: Jongeren").is_visible()

    # The goal form offers Marieke's domains only; the ZRM's own domain carries its short name.
    page.get_by_role("link", name="Plan van het huishouden").click()
    domain = page.get_by_label("Onderwerp")
    assert domain.locator("optgroup:not([disabled])").get_attribute("label") == "Marieke"
    assert domain.locator("optgroup[disabled]").get_attribute("label") == "Kevin"
    domain.select_option("zrm.justice")
    page.get_by_label("Het doel, in de woorden van de bewoner").fill("Mijn boetes zijn betaald")
    page.get_by_label("Waar wil je op de schaal uitkomen?").fill("90")
    page.get_by_role("button", name="Doel toevoegen").click()
    assert page.get_by_text("Marieke · Justitie (ZRM)").is_visible()

    # Progress: the adult money and the ZRM finances are one row, as are the two physical healths.
    page.locator("a:has(.back)", has_text="Familie Jansen").click()
    page.get_by_role("link", name="Voortgang").first.click()
    page.wait_for_selector("#overlay-chart .main-svg")
    rows = table(page, "Gesprekken vergeleken: Bewoner")
    assert rows == {
        "Financiën": ["20", "75", ""],
        "Lichamelijke gezondheid": ["30", "50", ""],
        "Justitie (ZRM)": ["niet besproken", "25", "90"],
    }
    page.screenshot(path=str(SCREENSHOTS / "tablet-progress-zrm.png"), full_page=True)
    watched.assert_clean()
