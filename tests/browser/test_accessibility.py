"""WCAG 2.2 AA as axe-core sees it, on every page a resident and a professional open, at phone and
tablet size, in Dutch, English and Arabic; and the Arabic board runs from right to left.

axe-core is a test-only npm package (tests/browser/package.json), injected by the test; the app
never serves it.
"""
import re
from datetime import date
from pathlib import Path

import pytest

from tests import factories
from tests.browser.conftest import PHONE, SCREENSHOTS, TABLET, confirm_password
from tests.conftest import database_url
from wattelt.admin.service import password_link
from wattelt.extensions import db
from wattelt.models import GrantKind, Household, Member, User
from wattelt.plan.service import add_action
from wattelt.rounds.service import start_round

# What axe checks is the rendered page, which does not depend on the database: the PostgreSQL pass
# of CI leaves these to the SQLite pass instead of running the slowest tests twice.
pytestmark = pytest.mark.skipif(database_url() != "sqlite://", reason="run in the SQLite pass")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SIZES = {"phone": PHONE, "tablet": TABLET}


@pytest.fixture
def people(live_server):
    """A household with rounds, a plan, a resident and a network helper who accepted invitations,
    and an open invitation; the addresses each person opens."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run 'npm ci --prefix tests/browser'")
    with live_server.app.app_context():
        pro = db.session.scalar(db.select(User).filter_by(email="demo@example.org"))
        household = db.session.scalar(db.select(Household))
        marieke = db.session.scalar(db.select(Member).filter_by(name="Marieke"))
        completed = factories.completed_round(pro, marieke, {"housing": (40, 60), "money": (20, None), "work": (70, 50)})
        factories.completed_round(pro, marieke, {"housing": (55, 60), "money": (35, 40), "work": (70, 65)})
        open_round = factories.open_round(pro, marieke, ["housing", "money", "physical_health"])
        goal = factories.goal(household, marieke, "money")
        resident = factories.invited(pro, household, GrantKind.RESIDENT, member=marieke)
        helper = factories.invited(pro, household, GrantKind.HELPER_ACTIONS, label="Buurman Kees")
        colleague = factories.invited(pro, household, GrantKind.HELPER_PLAN, label="Joyce van de schuldhulp")
        naaste = factories.invited(pro, household, GrantKind.NAASTE, member=marieke, label="Zus Ellen")
        naaste_round = factories.open_round(pro, marieke, ["housing", "money"], naaste=True)
        add_action(goal, "Samen de post openen", factories.ActionOwner.NETWORK, date(2026, 12, 1), factories.TODAY, assignee=helper)
        own = start_round(resident, marieke, factories.TODAY, ["housing", "money"], [], today=factories.TODAY, with_professional=False)
        _, token = factories.invitation(pro, household, GrantKind.RESIDENT, member=db.session.scalar(db.select(Member).filter_by(name="Kevin")))
        admin = factories.user(None, "admin@example.org", role=factories.Role.ADMIN)
        link = password_link(pro)
        db.session.commit()
        # A caseload of more than one page, for its page links; named to come after Familie Jansen.
        for i in range(25):
            factories.household(pro, f"Gezin {i:02d}", members=[("Lid", 1980)])
        h, m = household.id, marieke.id
        return {
            "professional": ("demo@example.org", [
                "/households/", "/households/?page=2", "/households/?q=jansen", "/households/?q=niemand",
                f"/households/{h}", "/households/new", f"/households/{h}/members/new",
                f"/members/{m}/rounds/new", f"/rounds/{open_round.id}", f"/rounds/{own.id}", f"/rounds/{open_round.id}/complete",
                f"/rounds/{completed.id}/result", f"/members/{m}/progress", f"/households/{h}/plan", f"/households/{h}/delen",
                f"/households/{h}/inzage", f"/members/{m}/gegevens", "/auth/bevestigen", "/households/999999",
                "/cijfers", "/cijfers?start=2026-13&perspective=gap",
            ]),
            "resident": (resident.login_name, [
                "/mijn", f"/rounds/{own.id}", f"/members/{m}/rounds/new", f"/members/{m}/progress",
                f"/rounds/{completed.id}/result", f"/households/{h}/plan", f"/households/{h}/delen", f"/mijn/inzage/{m}", f"/members/{m}/gegevens",
            ]),
            "network helper": (helper.login_name, ["/mijn"]),
            "professional of another organisation": (colleague.login_name, ["/mijn", f"/households/{h}/plan"]),
            "naaste": (naaste.login_name, ["/mijn", f"/rounds/{naaste_round.id}"]),
            "administrator": (admin.email, [
                "/beheer/", f"/beheer/organisaties/{pro.team.organisation_id}", "/beheer/mensen", "/beheer/mensen/nieuw",
                f"/beheer/mensen/{pro.id}", "/beheer/logboek", "/beheer/signalen", "/cijfers",
            ]),
            "anyone": (None, ["/auth/login", "/toegankelijkheid", f"/uitnodiging/{token}", "/uitnodiging/forged", f"/auth/wachtwoord/{link}"]),
        }


def people_ids(people) -> str:
    """The member whose progress the professional opens."""
    return next(p for p in people["professional"][1] if p.endswith("/progress")).split("/")[2]


def sign_in_as(page, base: str, name: str):
    page.goto(f"{base}/auth/login")
    page.locator("#email").fill(name)
    page.locator("#password").fill(factories.PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    assert "/auth/login" not in page.url


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


@pytest.mark.parametrize("language", ["nl", "en", "ar"])
@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_passes_axe(browser_context, live_server, people, language, size):
    found = {}
    for who, (name, paths) in people.items():
        # CSP is bypassed only so the test can inject axe; the pages' own scripts still run as served.
        watched = browser_context(bypass_csp=True, **SIZES[size])
        watched.context.add_cookies([{"name": "wattelt_language", "value": language, "url": live_server.url}])
        page = watched.page(live_server.url)
        if name:
            sign_in_as(page, live_server.url, name)
        for path in paths:
            # goto waits for the load event, after the deferred scripts have built the page.
            page.goto(f"{live_server.url}{path}")
            assert page.evaluate("document.documentElement.lang") == language
            assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
            problems = violations(page)
            if problems:
                found[f"{who} {path}"] = problems
        if who == "professional":
            # The link page answers a form; open it as the professional does, with the button.
            page.goto(live_server.url + next(path for path in paths if path.endswith("/delen")))
            page.locator("main form[action*='/uitnodigen'] [type=submit]").first.click()
            page.wait_for_load_state()
            problems = violations(page)
            if problems:
                found[f"{who} invitation link"] = problems
        if who == "professional":
            # The overview of a member's data comes after the password is typed again.
            confirm_password(page, f"{live_server.url}/members/{people_ids(people)}/gegevens/overzicht")
            problems = violations(page)
            if problems:
                found[f"{who} overview of all data"] = problems
        if who == "professional":
            # The export page (the password was typed above), and the anonymous case story that
            # answers its form with the household's consent ticked.
            page.goto(f"{live_server.url}/members/{people_ids(people)}/exporteren")
            problems = violations(page)
            if problems:
                found[f"{who} exports"] = problems
            page.locator("#consent").check()
            page.locator("main form[action$='/verhaal'] [type=submit]").click()
            page.wait_for_load_state()
            problems = violations(page)
            if problems:
                found[f"{who} case story"] = problems
        if language == "ar" and who == "resident":
            page.goto(f"{live_server.url}/mijn")
            page.screenshot(path=str(SCREENSHOTS / f"{size}-resident-home-ar.png"), full_page=True)
    assert found == {}


def test_in_arabic_the_scale_runs_from_right_to_left(browser_context, live_server, people):
    watched = browser_context(**TABLET)
    watched.context.add_cookies([{"name": "wattelt_language", "value": "ar", "url": live_server.url}])
    page = watched.page(live_server.url)
    sign_in_as(page, live_server.url, people["resident"][0])
    own_board = next(p for p in people["resident"][1] if re.fullmatch(r"/rounds/\d+", p))
    page.goto(f"{live_server.url}{own_board}")
    page.locator(".board.is-enhanced").wait_for()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    marker = page.locator(".marker.p-resident").first
    marker.focus()
    page.keyboard.press("End")
    assert marker.get_attribute("aria-valuenow") == "100"
    very = marker.bounding_box()["x"]
    page.keyboard.press("Home")
    assert very < marker.bounding_box()["x"], "'very satisfied' is at the left end of the line"
    page.screenshot(path=str(SCREENSHOTS / "tablet-board-ar.png"))
    watched.assert_clean()
