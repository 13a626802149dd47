"""The anonymous case story in Chromium: made from the exports page with the consent ticked, its
charts drawn under the strict CSP, readable on a phone and a tablet (screenshots)."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests import factories
from tests.browser.conftest import PHONE, SCREENSHOTS, TABLET, confirm_password, sign_in
from wattelt.extensions import db
from wattelt.models import Member, User


@pytest.fixture
def story_world(live_server):
    """Marieke's three conversations, some months apart, with an own domain and a goal naming people."""
    with live_server.app.app_context():
        pro = db.session.scalar(sa.select(User).where(User.email == "demo@example.org"))
        marieke = db.session.scalar(sa.select(Member).where(Member.name == "Marieke"))
        for i, positions in enumerate([
            {"housing": (30, 40), "money": (15, 20), "physical_health": (50, None), "network": (40, 45)},
            {"housing": (45, 50), "money": (30, 35), "physical_health": (55, 60), "network": (None, 50)},
            {"housing": (70, 65), "money": (55, 50), "physical_health": (60, 70), "network": (65, 60)},
        ]):
            factories.completed_round(pro, marieke, positions, held_on=factories.TODAY - timedelta(days=300 - 120 * i))
        goal = factories.goal(marieke.household, marieke, "money", text="Samen met Kevin een overzicht maken van de rekeningen")
        factories.action(goal, "Marieke belt de schuldhulp")
        return marieke.id


@pytest.mark.parametrize("size, options", [("phone", PHONE), ("tablet", TABLET)])
def test_the_case_story_draws_its_charts_without_names(live_server, browser_context, story_world, size, options):
    watched = browser_context(**options)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    confirm_password(page, f"{live_server.url}/members/{story_world}/exporteren")
    page.get_by_label("Het huishouden vindt het goed dat dit verhaal zonder namen wordt gedeeld").check()
    page.get_by_role("button", name="Maak het verhaal zonder namen").click()
    page.get_by_role("heading", name="Een verhaal zonder namen").wait_for()
    page.locator("#story-overlay svg").first.wait_for()
    assert page.locator(".chart-plot svg.main-svg").count() >= 4, "the overlay and the three conversations"
    main = page.locator("main").inner_text()
    assert "Marieke" not in main and "Kevin" not in main and "1984" not in main
    assert "Samen met [naam] een overzicht maken van de rekeningen" in main
    assert "Gesprek 3: ongeveer 4 maanden na gesprek 2" in main
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"case-story-{size}.png"), full_page=True)
    page.locator("figure.chart").first.screenshot(path=str(SCREENSHOTS / f"case-story-{size}-overlay.png"))
    page.locator("section", has=page.get_by_role("heading", name="Doelen en acties, in eigen woorden")).screenshot(
        path=str(SCREENSHOTS / f"case-story-{size}-goals.png"))
    watched.assert_clean()
