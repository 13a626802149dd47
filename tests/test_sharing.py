"""Invitations and what each invited person reaches: the household decides who sees what."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests import factories
from tests.conftest import login
from tests.forms import page_form
from wattelt.extensions import db
from wattelt.models import Action, Grant, GrantKind, Household, Invitation, Member, Round, User
from wattelt.models.types import utcnow

LINK = re.compile(r'href="https?://[^"/]+(/uitnodiging/[A-Za-z0-9_-]+)"')


def manage_page(client, household_id):
    return client.get(f"/households/{household_id}/delen")


def link_of(response) -> str:
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<svg" in page, "the link is shown as a QR code too"
    return LINK.search(page).group(1)


def accept(client, link: str, secret: str, repeat: str | None = None):
    form = page_form(client.get(link))
    return form.submit(client, secret=secret, repeat=secret if repeat is None else repeat)


def person(app, kind: GrantKind, member_id=None, label=None, household_id=None, world=None) -> User:
    """Someone who accepted an invitation of this kind for the world's household."""
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        household = db.session.get(Household, household_id or world.household)
        member = db.session.get(Member, member_id) if member_id else None
        made = factories.invited(pro, household, kind, member=member, label=label)
        return SimpleUser(made.id, made.login_name)


class SimpleUser:
    def __init__(self, id, login_name):
        self.id, self.login_name = id, login_name


def signed_in(app, user) -> object:
    client = app.test_client()
    response = login(client, user.login_name)
    assert response.status_code == 302
    return client


# Invitations


def test_member_invitation_gives_a_phone_its_own_way_in(app, pro_a, world):
    """The professional makes a link; the resident chooses a PIN, lands on their own page, and
    signs in again with the login name the page told them."""
    form = page_form(manage_page(pro_a, world.household), action=f"/members/{world.marieke}/uitnodigen")
    response = form.submit(pro_a)
    assert response.headers["Cache-Control"] == "no-store"
    link = link_of(response)

    phone = app.test_client()
    welcome = phone.get(link).get_data(as_text=True)
    assert 'autocomplete="new-password"' in welcome and "onpaste" not in welcome
    response = accept(phone, link, "246813")
    assert response.status_code == 302 and response.headers["Location"].endswith("/mijn")
    page = phone.get("/mijn").get_data(as_text=True)
    assert "Jouw bord" in page and "Gesprek van" in page
    login_name = re.search(r"Je inlognaam is ([a-z]+-\d{4})", page).group(1)
    assert login_name.startswith("marieke-")

    phone.post("/auth/logout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)})
    again = app.test_client()
    assert login(again, login_name, "246813").headers["Location"].endswith("/")
    assert again.get("/mijn").status_code == 200

    used = app.test_client().get(link)
    assert used.status_code == 410 and "al gebruikt" in used.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Grant).where(Grant.member_id == world.marieke)) == 1
        stored = db.session.scalar(sa.select(Invitation).where(Invitation.member_id == world.marieke))
        assert link.rsplit("/", 1)[1] not in stored.token_hash


@pytest.mark.parametrize("state, message", [
    ("expired", "verlopen"), ("revoked", "ingetrokken"), ("forged", "werkt niet"),
])
def test_an_unusable_link_says_why_and_writes_nothing(app, pro_a, world, state, message):
    if state == "forged":
        link = "/uitnodiging/" + "A" * 43
    else:
        with app.app_context():
            pro = db.session.get(User, world.pro_a)
            invitation, token = factories.invitation(
                pro, db.session.get(Household, world.household), GrantKind.RESIDENT,
                member=db.session.get(Member, world.marieke), days=-1 if state == "expired" else 7,
            )
            invitation_id = invitation.id
        link = f"/uitnodiging/{token}"
        if state == "revoked":
            revoke = page_form(manage_page(pro_a, world.household), action=f"/uitnodigingen/{invitation_id}/intrekken")
            assert revoke.submit(pro_a).status_code == 302
    visitor = app.test_client()
    with app.app_context():
        users_before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    for method in ("GET", "POST"):
        response = visitor.open(link, method=method, data={"secret": "246813", "repeat": "246813"})
        assert response.status_code == 410
        assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == users_before


@pytest.mark.parametrize("secret, repeat, message", [
    ("12345", "12345", "minstens 6 cijfers"),
    ("kort wacht", "kort wacht", "wachtzin van minstens 12 tekens"),
    ("246813", "246831", "niet hetzelfde"),
])
def test_a_weak_or_mistyped_secret_is_refused_and_the_link_still_works(app, world, secret, repeat, message):
    with app.app_context():
        invitation, token = factories.invitation(
            db.session.get(User, world.pro_a), db.session.get(Household, world.household), GrantKind.RESIDENT,
            member=db.session.get(Member, world.marieke),
        )
        invitation_id = invitation.id
    phone = app.test_client()
    response = accept(phone, f"/uitnodiging/{token}", secret, repeat)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Invitation, invitation_id).used_at is None
    assert accept(phone, f"/uitnodiging/{token}", "a long and fine passphrase").status_code == 302


def test_five_wrong_secrets_make_the_account_wait(app, world):
    resident = person(app, GrantKind.RESIDENT, world.marieke, world=world)
    client = app.test_client()
    for _ in range(4):
        page = login(client, resident.login_name, "000000").get_data(as_text=True)
        assert "horen niet bij elkaar" in page
    page = login(client, resident.login_name, "000000").get_data(as_text=True)
    assert "Probeer het over 15 minuten opnieuw" in page
    refused = login(client, resident.login_name, factories.PASSWORD)
    assert refused.status_code == 422 and "Probeer het over 15 minuten opnieuw" in refused.get_data(as_text=True)
    with app.app_context():
        db.session.get(User, resident.id).locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert login(client, resident.login_name, factories.PASSWORD).status_code == 302


def test_a_lost_secret_is_reset_by_a_new_link(app, pro_a, world):
    with app.app_context():
        grant_id = db.session.scalar(sa.select(Grant.id).where(Grant.user_id == world.helper))
        login_name = db.session.get(User, world.helper).login_name
    form = page_form(manage_page(pro_a, world.household), action=f"/toegang/{grant_id}/nieuw-geheim")
    link = link_of(form.submit(pro_a))
    assert accept(app.test_client(), link, "987654321").status_code == 302
    assert login(app.test_client(), login_name, "987654321").status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.name == "Buurman Kees")) == 1


# What each invited person reaches


def statuses(client, urls: dict[str, str]) -> dict[str, int]:
    return {name: client.get(url).status_code for name, url in urls.items()}


def household_urls(world, open_round=None):
    urls = {
        "household": f"/households/{world.household}",
        "plan": f"/households/{world.household}/plan",
        "marieke progress": f"/members/{world.marieke}/progress",
        "kevin progress": f"/members/{world.kevin}/progress",
        "marieke round": f"/rounds/{world.first}/result",
        "kevin new round": f"/members/{world.kevin}/rounds/new",
        "other household": f"/households/{world.other_household}",
        "other plan": f"/households/{world.other_household}/plan",
        "other member": f"/members/{world.other_member}/progress",
        "other round": f"/rounds/{world.other_round}",
        "sharing": f"/households/{world.household}/delen",
    }
    if open_round:
        urls["open round"] = f"/rounds/{open_round}"
    return urls


@pytest.fixture
def naaste_round(app, world):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        return factories.open_round(pro, db.session.get(Member, world.marieke), ["housing", "money"], naaste=True).id


def test_a_resident_reaches_their_own_board_and_the_plan_and_nothing_of_others(app, world, naaste_round):
    resident = signed_in(app, person(app, GrantKind.RESIDENT, world.marieke, world=world))
    assert statuses(resident, household_urls(world, naaste_round)) == {
        "household": 403, "plan": 200, "marieke progress": 200, "kevin progress": 404, "marieke round": 200,
        "kevin new round": 404, "other household": 404, "other plan": 404, "other member": 404, "other round": 404,
        "sharing": 200, "open round": 200,
    }
    board = resident.get(f"/rounds/{naaste_round}").get_data(as_text=True)
    assert "Bewaren en gesprek afronden" not in board, "only the professional completes a round"
    home = resident.get("/mijn").get_data(as_text=True)
    assert "Kevin" not in home


def test_when_the_household_shares_members_see_each_other(app, world):
    resident = signed_in(app, person(app, GrantKind.RESIDENT, world.marieke, world=world))
    form = page_form(manage_page(resident, world.household), action=f"/households/{world.household}/delen/leden")
    assert form.submit(resident, members_share=True).status_code == 302
    assert resident.get(f"/members/{world.kevin}/progress").status_code == 200
    assert "Kevin" in resident.get("/mijn").get_data(as_text=True)
    assert resident.get(f"/members/{world.kevin}/rounds/new").status_code == 403, "another member's board stays theirs"
    with app.app_context():
        kevins_open = factories.open_round(db.session.get(User, world.pro_a), db.session.get(Member, world.kevin), ["housing"]).id
    assert resident.get(f"/rounds/{kevins_open}").status_code == 403
    assert resident.get(f"/api/rounds/{kevins_open}").status_code == 403, "a conversation still going on, through the JSON door too"


def test_a_naaste_reaches_only_the_rounds_they_were_asked_to(app, world, naaste_round):
    naaste = signed_in(app, person(app, GrantKind.NAASTE, world.marieke, label="Zus Ellen", world=world))
    assert statuses(naaste, household_urls(world, naaste_round)) == {
        "household": 404, "plan": 404, "marieke progress": 403, "kevin progress": 404, "marieke round": 404,
        "kevin new round": 404, "other household": 404, "other plan": 404, "other member": 404, "other round": 404,
        "sharing": 404, "open round": 200,
    }
    board = naaste.get(f"/rounds/{naaste_round}").get_data(as_text=True)
    assert re.search(r'name="state_\d+_naaste"', board)
    assert not re.search(r'name="state_\d+_(resident|professional)"', board), "a naaste places only their own chips"


def test_a_professional_of_another_organisation_sees_the_plan_only(app, world):
    helper = signed_in(app, person(app, GrantKind.HELPER_PLAN, label="Joyce van de schuldhulp", world=world))
    found = statuses(helper, household_urls(world))
    assert found.pop("plan") == 200
    assert found.pop("household") == 403 and found.pop("sharing") == 403, "known, but not theirs to open"
    assert set(found.values()) == {404}, found
    plan = helper.get(f"/households/{world.household}/plan").get_data(as_text=True)
    assert "Overzicht over mijn geld" in plan and "Nieuw doel" not in plan


def test_a_network_person_sees_and_ticks_off_only_their_own_actions(app, pro_a, world):
    plan = page_form(pro_a.get(f"/households/{world.household}/plan"), action=f"/goals/{world.goal}/actions")
    response = plan.submit(pro_a, **{
        f"action-{world.goal}-what": "Boodschappen doen op dinsdag", f"action-{world.goal}-who": "network",
        f"action-{world.goal}-assignee": str(world.helper),
    })
    assert response.status_code == 302
    with app.app_context():
        mine = db.session.scalar(sa.select(Action.id).filter_by(what="Boodschappen doen op dinsdag"))
        login_name = db.session.get(User, world.helper).login_name
    kees = signed_in(app, SimpleUser(world.helper, login_name))
    home = kees.get("/mijn")
    page = home.get_data(as_text=True)
    assert "Boodschappen doen op dinsdag" in page and "Post ordenen" not in page and "Overzicht over mijn geld" not in page
    assert set(statuses(kees, household_urls(world)).values()) == {404}
    done = page_form(home, action=f"/actions/{mine}/done")
    assert done.submit(kees).status_code == 302
    # The same form, sent to the address of an action that is not theirs: no such action for Kees.
    assert kees.post(f"/actions/{world.action}/done", data=dict(done.data())).status_code == 404
    assert kees.post(f"/actions/{world.action}/note", data={"csrf_token": dict(done.data())["csrf_token"], "note": "x"}).status_code == 404
    with app.app_context():
        assert db.session.get(Action, mine).done is True
        assert db.session.get(Action, world.action).done is False and db.session.get(Action, world.action).note is None


def test_withdrawn_access_stops_at_once(app, world):
    resident = signed_in(app, person(app, GrantKind.RESIDENT, world.marieke, world=world))
    with app.app_context():
        login_name = db.session.get(User, world.helper).login_name
        grant_id = db.session.scalar(sa.select(Grant.id).where(Grant.user_id == world.helper))
        db.session.get(Action, world.action).assignee_id = world.helper
        db.session.commit()
    kees = signed_in(app, SimpleUser(world.helper, login_name))
    assert "Post ordenen" in kees.get("/mijn").get_data(as_text=True)

    form = page_form(manage_page(resident, world.household), action=f"/toegang/{grant_id}/intrekken")
    response = form.submit(resident)
    assert response.status_code == 302
    assert "geen toegang meer" in resident.get(response.headers["Location"]).get_data(as_text=True)

    page = kees.get("/mijn").get_data(as_text=True)
    assert "Post ordenen" not in page and "bij niemand mee" in page
    assert kees.post(f"/actions/{world.action}/done", data={}).status_code in (400, 404)
    with app.app_context():
        assert db.session.get(Action, world.action).assignee_id is None
        assert db.session.get(Grant, grant_id).revoked_by_id == resident_id(app, world)


def resident_id(app, world) -> int:
    return db.session.scalar(sa.select(Grant.user_id).where(Grant.member_id == world.marieke, Grant.kind == GrantKind.RESIDENT))


def test_a_young_member_does_not_decide_who_sees_the_plan(app, world):
    kevin = signed_in(app, person(app, GrantKind.RESIDENT, world.kevin, world=world))
    assert kevin.get(f"/households/{world.household}/delen").status_code == 403


# A round the resident fills in alone


def test_the_resident_prepares_a_round_and_the_professional_continues_together(app, pro_a, world):
    resident = signed_in(app, person(app, GrantKind.RESIDENT, world.marieke, world=world))
    start = resident.get(f"/members/{world.marieke}/rounds/new")
    assert 'name="with_professional"' not in start.get_data(as_text=True), "alone, only their own chips"
    assert "<h1>Zelf je bord invullen</h1>" in start.get_data(as_text=True), "not 'a new conversation with' themselves"
    response = page_form(start).submit(resident, domains=["housing", "money"])
    assert response.status_code == 302
    round_id = int(response.headers["Location"].rsplit("/", 1)[1])
    board = resident.get(f"/rounds/{round_id}").get_data(as_text=True)
    assert re.search(r'name="state_\d+_resident"', board) and not re.search(r'name="state_\d+_professional"', board)

    assert "voorbereid door de bewoner" in pro_a.get(f"/households/{world.household}").get_data(as_text=True)
    together = page_form(pro_a.get(f"/rounds/{round_id}"), action=f"/rounds/{round_id}/samen")
    assert together.submit(pro_a).status_code == 302
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        assert round_.with_professional and round_.professional_id == world.pro_a
    assert re.search(r'name="state_\d+_professional"', pro_a.get(f"/rounds/{round_id}").get_data(as_text=True))
