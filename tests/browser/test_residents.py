"""A resident on their own phone: from the invitation link to their own board and their progress;
read aloud, and the plan on paper."""
import re

import pytest

from tests import factories
from tests.browser.conftest import PHONE, SCREENSHOTS, TABLET, sign_in, wait_saved
from wattelt.extensions import db
from wattelt.models import Chip, GrantKind, Household, Member, Round, Topic, User

FAKE_VOICES = """(languages) => {
  window.__spoken = [];
  const voices = languages.map((lang) => ({ lang, name: 'test ' + lang, default: false, localService: true, voiceURI: lang }));
  Object.defineProperty(window.speechSynthesis, 'getVoices', { value: () => voices });
  Object.defineProperty(window.speechSynthesis, 'speak', { value: (utterance) => window.__spoken.push([utterance.lang, utterance.text]) });
}"""


@pytest.fixture
def marieke(live_server):
    """Marieke has had one conversation; her professional made her an invitation link."""
    with live_server.app.app_context():
        pro = db.session.scalar(db.select(User).filter_by(email="demo@example.org"))
        member = db.session.scalar(db.select(Member).filter_by(name="Marieke"))
        factories.completed_round(pro, member, {"housing": (40, 60), "money": (20, 35), "free_time": (70, 65)})
        _, token = factories.invitation(pro, db.session.get(Household, member.household_id), GrantKind.RESIDENT, member=member)
        return member.id, f"{live_server.url}/uitnodiging/{token}"


def test_a_resident_opens_the_invitation_on_a_phone_and_fills_in_the_board_with_the_keyboard(browser_context, live_server, marieke):
    member_id, link = marieke
    watched = browser_context(**PHONE)
    page = watched.page(live_server.url)
    page.goto(link)
    page.screenshot(path=str(SCREENSHOTS / "phone-invitation.png"), full_page=True)
    page.get_by_label("Kies je geheim").fill("246813")
    page.get_by_label("Typ je geheim nog een keer").fill("246813")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Hallo Marieke").wait_for()
    assert page.locator("p.muted", has_text="Je inlognaam is marieke-").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "phone-resident-home.png"), full_page=True)

    page.get_by_role("link", name="Zelf je bord invullen").click()
    for label in ("Wonen", "Geld", "Vrije tijd"):
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Begin het gesprek").click()
    page.locator(".board.is-enhanced").wait_for()
    assert page.locator(".marker.p-professional").count() == 0, "alone, the resident places only their own chip"
    for step in range(3):
        marker = page.locator(".topic:not([hidden]) .marker.p-resident")
        marker.focus()
        page.keyboard.press("End" if step != 1 else "Home")
        page.get_by_role("button", name="Volgende").focus()
        page.keyboard.press("Enter")
    wait_saved(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    with live_server.app.app_context():
        own = db.session.scalar(db.select(Round).where(Round.member_id == member_id, Round.completed_at.is_(None)))
        assert not own.with_professional and own.started_by.role.value == "resident"
        chips = db.session.scalars(db.select(Chip).join(Topic).where(Topic.round_id == own.id)).all()
        assert sorted((c.perspective.value, c.value) for c in chips) == [("resident", 0), ("resident", 100), ("resident", 100)]

    page.get_by_role("link", name="Klaar: terug naar mijn pagina").click()
    page.get_by_role("link", name="Wat is er veranderd?").click()
    page.wait_for_selector(".chart .main-svg")
    table = page.locator("table").first.inner_text()
    assert "Wonen" in table and "40" in table
    page.screenshot(path=str(SCREENSHOTS / "phone-resident-progress.png"), full_page=True)
    watched.assert_clean()


@pytest.mark.parametrize("voices, shown", [(["nl-NL", "en-GB"], True), (["en-GB"], False)])
def test_read_aloud_speaks_the_question_in_the_page_language_where_there_is_a_voice(browser_context, live_server, voices, shown):
    watched = browser_context(**TABLET)
    watched.context.add_init_script(f"({FAKE_VOICES})({voices!r})")
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    page.get_by_role("link", name="Familie Jansen").click()
    page.get_by_role("link", name="Nieuw gesprek").first.click()
    page.get_by_label("Wonen", exact=True).check()
    page.get_by_role("button", name="Begin het gesprek").click()
    page.locator(".board.is-enhanced").wait_for()
    button = page.get_by_role("button", name=re.compile(r"^Lees voor ?: Wonen$"))
    assert button.is_visible() is shown
    if shown:
        button.click()
        spoken = page.evaluate("window.__spoken")
        assert spoken[0][0] == "nl" and "Hoe is het voor je om te wonen" in spoken[0][1] and "heel tevreden" in spoken[0][1]
    watched.assert_clean()


def test_the_plan_on_paper_has_the_goals_and_no_buttons_or_menus(browser_context, live_server):
    with live_server.app.app_context():
        pro = db.session.scalar(db.select(User).filter_by(email="demo@example.org"))
        member = db.session.scalar(db.select(Member).filter_by(name="Marieke"))
        factories.completed_round(pro, member, {"money": (20, 35)})
        factories.action(factories.goal(db.session.get(Household, member.household_id), member, "money"))
    watched = browser_context(**TABLET)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    page.get_by_role("link", name="Familie Jansen").click()
    page.get_by_role("link", name="Plan").first.click()
    assert page.get_by_role("button", name="Afdrukken").is_visible()
    page.emulate_media(media="print")
    assert page.get_by_text("Overzicht over mijn geld").is_visible()
    assert page.get_by_text("Post ordenen met een vrijwilliger", exact=True).is_visible()
    for hidden in ("nav", "main form", ".utrecht-button"):
        assert all(not element.is_visible() for element in page.locator(hidden).all()), hidden
    watched.assert_clean()


def test_after_a_failed_or_a_good_save_focus_is_where_the_person_was(browser_context, live_server):
    with live_server.app.app_context():
        pro = db.session.scalar(db.select(User).filter_by(email="demo@example.org"))
        member = db.session.scalar(db.select(Member).filter_by(name="Marieke"))
        factories.completed_round(pro, member, {"money": (20, 35), "housing": (50, 50)})
        for words in ("Eerste doel", "Tweede doel", "Derde doel"):
            factories.goal(db.session.get(Household, member.household_id), member, "money", text=words)
    watched = browser_context(**PHONE)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    page.get_by_role("link", name="Familie Jansen").click()
    page.get_by_role("link", name="Plan").first.click()
    page.get_by_role("button", name="Doel toevoegen").click()  # nothing filled in
    focused = page.evaluate("document.activeElement.className")
    assert "utrecht-alert--error" in focused
    assert page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; })()")
    card = page.locator("li.goal", has_text="Derde doel")
    card.locator("summary", has_text="Actie toevoegen").click()
    card.get_by_label("Wat gaat er gebeuren?").fill("Bellen met de woningbouw")
    card.get_by_role("button", name="Actie toevoegen").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id").startswith("goal-")
    assert "Bellen met de woningbouw" in page.evaluate("document.activeElement.textContent")
    watched.assert_clean(invalid=True)
