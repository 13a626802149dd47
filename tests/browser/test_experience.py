"""The three questions after a round, in the browser: a resident on their phone answers with taps,
and at the kitchen table the professional hands the tablet over for them; both pages pass axe."""
from datetime import date

import pytest
import sqlalchemy as sa

from tests import factories
from tests.browser.conftest import PHONE, SCREENSHOTS, TABLET, sign_in
from tests.browser.test_accessibility import AXE, violations
from wattelt.extensions import db
from wattelt.models import Experience, GrantKind, Household, Member, User


@pytest.fixture
def completed(live_server):
    """Marieke's completed round, and her own account."""
    with live_server.app.app_context():
        pro = db.session.scalar(db.select(User).filter_by(email="demo@example.org"))
        member = db.session.scalar(db.select(Member).filter_by(name="Marieke"))
        round_ = factories.completed_round(pro, member, {"housing": (40, 60), "money": (20, 35)})
        resident = factories.invited(pro, db.session.get(Household, member.household_id), GrantKind.RESIDENT, member=member)
        return round_.id, resident.login_name


def answered(app) -> list[Experience]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Experience)))


@pytest.mark.parametrize("size", ["phone", "tablet"])
def test_a_resident_answers_on_their_own_device_with_taps(browser_context, live_server, completed, size):
    round_id, login_name = completed
    watched = browser_context(**(PHONE if size == "phone" else TABLET), bypass_csp=AXE.exists())
    page = watched.page(live_server.url)
    page.goto(f"{live_server.url}/auth/login")
    page.locator("#email").fill(login_name)
    page.locator("#password").fill(factories.PASSWORD)
    page.locator("main form [type=submit]").click()
    page.goto(f"{live_server.url}/rounds/{round_id}/result")
    section = page.locator("section.experience")
    section.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"{size}-experience-questions.png"), full_page=True)
    section.screenshot(path=str(SCREENSHOTS / f"{size}-experience-questions-part.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    send, skip = page.get_by_role("button", name="Versturen"), page.get_by_role("button", name="Overslaan")
    # Skipping is as easy as sending: a button beside it, as large.
    assert abs(send.bounding_box()["height"] - skip.bounding_box()["height"]) < 2
    for target in (send, skip, page.get_by_label("Een beetje").first):
        box = target.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24, "a target large enough to tap (WCAG 2.5.8)"
    if AXE.exists():
        assert violations(page) == []
    # Tapping the word chooses the answer (the label belongs to its radio button).
    page.get_by_role("group", name="Voelde je je serieus genomen?").get_by_text("Ja", exact=True).click()
    page.get_by_role("group", name="Past de hulp bij wat je nodig hebt?").get_by_label("Een beetje").check()
    page.get_by_label("Wil je nog iets kwijt?").fill("Ik wil graag vaker bellen.")
    send.click()
    page.get_by_role("heading", name="Dank je wel").wait_for()
    page.screenshot(path=str(SCREENSHOTS / f"{size}-experience-thanks.png"), full_page=True)
    rows = answered(live_server.app)
    assert [(r.taken_seriously.value, r.fits_wishes, r.fits_needs.value, r.signal) for r in rows] == [
        ("yes", None, "partly", "Ik wil graag vaker bellen.")]
    watched.assert_clean()


def test_the_professional_hands_the_tablet_over_for_the_questions(browser_context, live_server, completed):
    round_id, _login_name = completed
    watched = browser_context(**TABLET, bypass_csp=AXE.exists())
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/rounds/{round_id}/result")
    assert page.locator("section.experience").count() == 0, "the professional does not answer"
    page.get_by_role("button", name="Geef de tablet aan de bewoner voor de vragen").click()
    page.get_by_role("heading", name="Drie korte vragen over de hulp").wait_for()
    assert page.get_by_role("link", name="Ontgrendelen").is_visible() and page.get_by_role("link", name="Huishoudens").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "tablet-experience-handed-over.png"), full_page=True)
    if AXE.exists():
        assert violations(page) == []
    page.get_by_role("button", name="Overslaan").click()
    page.get_by_text("Er is niets bewaard").wait_for()
    assert page.get_by_text("Geef de tablet terug aan Sanne.").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "tablet-experience-skipped.png"), full_page=True)
    assert answered(live_server.app) == []
    page.get_by_role("link", name="Ontgrendelen").first.click()
    page.locator("#password").fill(factories.PASSWORD)
    page.locator("main form [type=submit]").click()
    page.get_by_role("heading", name="Gesprek met Marieke").wait_for()
    assert page.url.endswith(f"/rounds/{round_id}/result")
    watched.assert_clean()


def test_administrators_read_the_signals(browser_context, live_server, completed):
    with live_server.app.app_context():
        team_id = db.session.scalar(db.select(User).filter_by(email="demo@example.org")).team_id
        for month, signal in [(date(2026, 11, 1), "Ik moest lang wachten op een afspraak.\nDaarna ging het goed."),
                              (date(2026, 12, 1), "Fijn dat mijn zoon mocht meepraten.")]:
            db.session.add(Experience(team_id=team_id, month=month, signal=signal))
        factories.user(None, "admin@example.org", role=factories.Role.ADMIN)
        db.session.commit()
    for size, options in (("phone", PHONE), ("tablet", TABLET)):
        watched = browser_context(**options, bypass_csp=AXE.exists())
        page = watched.page(live_server.url)
        page.goto(f"{live_server.url}/auth/login")
        page.locator("#email").fill("admin@example.org")
        page.locator("#password").fill(factories.PASSWORD)
        page.locator("main form [type=submit]").click()
        page.get_by_role("link", name="Signalen").click()
        page.get_by_role("heading", name="Signalen van bewoners").wait_for()
        months = page.locator("main h2")
        assert months.all_inner_texts() == ["december 2026", "november 2026"], "the newest month first"
        assert page.locator(".signal-text").count() == 2
        page.screenshot(path=str(SCREENSHOTS / f"{size}-admin-signals.png"), full_page=True)
        if AXE.exists():
            assert violations(page) == []
        watched.assert_clean()
