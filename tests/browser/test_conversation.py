"""A whole conversation in the browser: board, completion, chart, plan and progress."""
import json

import sqlalchemy as sa

from tests.browser.conftest import PHONE, SCREENSHOTS, TABLET, sign_in, start_round, tap, wait_saved, whose
from wattelt.extensions import db
from wattelt.models import Chip, Round


def stored_chips(server, round_id=None):
    with server.app.app_context():
        stmt = sa.select(Round).order_by(Round.id.desc())
        round_ = db.session.get(Round, round_id) if round_id else db.session.scalars(stmt).first()
        return {(t.key, c.perspective.value): c.value for t in round_.topics for c in t.chips}, round_.id


def test_round_with_two_perspectives_goal_and_comparison_at_tablet_size(browser_context, live_server):
    SCREENSHOTS.mkdir(exist_ok=True)
    watched = browser_context(**TABLET)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    for round_number, (resident, professional) in enumerate([((.3, .6), (.45, .5)), ((.55, .8), (.6, .7))], 1):
        start_round(page, ["Wonen", "Geld", "Werk en dagbesteding"])
        for row, share in enumerate(resident):
            tap(page, row, share)
        # Work: the resident does not want to talk about it now.
        page.locator(".board-row").nth(2).get_by_role("button", name="Niet nu, Bewoner").click()
        whose(page, "Professional")
        for row, share in enumerate(professional + (.35,)):
            tap(page, row, share)
        wait_saved(page)
        if round_number == 1:
            page.screenshot(path=str(SCREENSHOTS / "tablet-board.png"))
        chips, _ = stored_chips(live_server)
        assert chips[("work", "resident")] is None and chips[("work", "professional")] == 35
        page.get_by_role("button", name="Gesprek afronden").click()
        page.wait_for_selector("#round-chart .main-svg")
        page.wait_for_selector("#round-chart .main-svg")
        figure = json.loads(page.locator("#round-chart-data").text_content())
        assert [trace["name"] for trace in figure["data"]] == ["Bewoner", "Professional"]
        expected = [round(100 * share) for share in resident]
        assert figure["data"][0]["r"] == expected + [None, expected[0]]
        assert "niet nu" in page.locator("table.scores").inner_text()
        page.locator("a:has(.back)", has_text="Familie Jansen").click()
        page.locator("a:has(.back)", has_text="Huishoudens").click()

    page.get_by_role("link", name="Familie Jansen").click()
    page.get_by_role("link", name="Plan van het huishouden").click()
    page.get_by_label("Onderwerp").select_option("money")
    page.get_by_label("Het doel, in de woorden van de bewoner").fill("Ik wil overzicht over mijn post")
    page.get_by_label("Waar wil je op de schaal uitkomen?").fill("85")
    page.get_by_role("button", name="Doel toevoegen").click()
    for what in ["Post sorteren met de vrijwilliger", "Bellen met de schuldhulp"]:
        page.get_by_text("Actie toevoegen").first.click()
        page.get_by_label("Wat gaat er gebeuren?").fill(what)
        page.get_by_role("button", name="Actie toevoegen").click()
        assert page.get_by_text(what, exact=True).is_visible()
    page.get_by_role("button", name="Markeer als gedaan").first.click()
    assert page.locator(".action-list li.done").count() == 1

    page.locator("a:has(.back)", has_text="Familie Jansen").click()
    page.get_by_role("link", name="Voortgang").first.click()
    page.wait_for_selector("#overlay-chart .main-svg")
    overlay = json.loads(page.locator("#overlay-chart-data").text_content())
    assert [t["name"].split(" (")[0] for t in overlay["data"]] == ["Gesprek 1", "Gesprek 2", "Gehoopte plek"]
    assert overlay["data"][2]["r"][1] == 85
    assert page.locator("#overlay-chart .scatterlayer .trace").count() == 3
    page.screenshot(path=str(SCREENSHOTS / "tablet-progress.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    watched.assert_clean()


def test_untouched_chips_are_not_stored_and_markup_in_a_label_stays_text(browser_context, live_server):
    watched = browser_context(**TABLET)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    start_round(page, ["Wonen"], own='<a href="https://evil.example">Tuin</a><b>!</b>')
    # Only the resident places one chip; everything else stays untouched.
    tap(page, 1, .7)
    wait_saved(page)
    page.get_by_role("button", name="Gesprek afronden").click()
    page.get_by_text("Er liggen nog 3 fiches niet op het bord.").wait_for()
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
    watched.assert_clean()


def test_without_javascript_the_board_is_a_form_that_works(browser_context, live_server):
    watched = browser_context(java_script_enabled=False, **PHONE)
    page = watched.page(live_server.url)
    page.goto(f"{live_server.url}/auth/login")
    page.get_by_label("E-mailadres").fill("demo@example.org")
    page.get_by_label("Wachtwoord").fill("correct horse battery")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Familie Jansen").click()
    page.get_by_role("link", name="Nieuw gesprek").first.click()
    page.get_by_label("Wonen").check()
    page.get_by_role("button", name="Begin het gesprek").click()
    chip = page.locator("fieldset.chip.p-resident")
    chip.get_by_label("Op de schaal", exact=True).check()
    chip.get_by_label("Plek op de schaal voor Bewoner").fill("64")
    page.locator("fieldset.chip.p-professional").get_by_label("Niet nu").check()
    page.get_by_role("button", name="Bewaren", exact=True).click()
    assert page.get_by_text("Bewaard.").is_visible()
    chips, _ = stored_chips(live_server)
    assert chips == {("housing", "resident"): 64, ("housing", "professional"): None}
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SCREENSHOTS / "phone-board-without-javascript.png"), full_page=True)
    watched.assert_clean()
