"""Administration: organisations, areas, teams, people with one-time set-password links, and the
organisation's settings; every change validated, written to the administrators' log, and never a
look at household content (the access matrix checks who reaches these pages at all)."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests import factories
from tests.conftest import login
from tests.forms import page_form
from wattelt.extensions import db
from wattelt.models import AdminEvent, Area, GrantKind, Household, Invitation, Member, Organisation, PasswordLink, Role, SignIn, Team, User
from wattelt.models.types import utcnow

LINK = re.compile(r"<code>https?://[^/]+(/auth/wachtwoord/[A-Za-z0-9_-]+)</code>")


@pytest.fixture
def admin(client, world):
    login(client, "admin@example.org")
    return client


def actions(app) -> list[tuple]:
    with app.app_context():
        return [(e.action, e.object_kind, e.user_id is not None) for e in db.session.scalars(sa.select(AdminEvent).order_by(AdminEvent.id))]


def count(app, model, **where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).filter_by(**where))


def organisation_page(admin, world):
    return admin.get(f"/beheer/organisaties/{world.organisation_a}")


def test_an_administrator_starts_on_the_administration(admin):
    response = admin.get("/")
    assert response.headers["Location"].endswith("/beheer/")
    page = admin.get("/beheer/").get_data(as_text=True)
    assert "Organisatie van Team A" in page and "Beheer" in page and "Familie" not in page


def test_organisation_area_and_team_are_made_renamed_and_logged(app, admin, world):
    form = page_form(admin.get("/beheer/"), action="/beheer/organisaties")
    assert form.submit(admin, name="Gemeente Demostad").status_code == 302
    with app.app_context():
        organisation_id = db.session.scalar(sa.select(Organisation.id).where(Organisation.name == "Gemeente Demostad"))
    page = admin.get(f"/beheer/organisaties/{organisation_id}")
    assert page_form(page, action=f"/beheer/organisaties/{organisation_id}/gebieden").submit(admin, **{"new-area-name": "Oost"}).status_code == 302
    page = admin.get(f"/beheer/organisaties/{organisation_id}")
    with app.app_context():
        area_id = db.session.scalar(sa.select(Area.id).where(Area.name == "Oost"))
    form = page_form(page, action=f"/beheer/organisaties/{organisation_id}/teams")
    assert form.submit(admin, **{"new-team-name": "Buurtteam Oost", "new-team-area": area_id}).status_code == 302
    with app.app_context():
        team = db.session.scalar(sa.select(Team).where(Team.name == "Buurtteam Oost"))
        assert team.area_id == area_id and team.organisation_id == organisation_id
        team_id = team.id
    form = page_form(admin.get(f"/beheer/organisaties/{organisation_id}"), action=f"/beheer/teams/{team_id}")
    assert form.submit(admin, **{f"team-{team_id}-name": "Buurtteam Oost-Centrum", f"team-{team_id}-area": 0}).status_code == 302
    with app.app_context():
        team = db.session.get(Team, team_id)
        assert (team.name, team.area_id) == ("Buurtteam Oost-Centrum", None)
    assert actions(app) == [("organisation.created", "Organisation", True), ("area.created", "Area", True),
                            ("team.created", "Team", True), ("team.changed", "Team", True)]
    log = admin.get("/beheer/logboek").get_data(as_text=True)
    assert "maakte een team aan" in log and "admin" in log
    # In plain words, by today's names: no stored keys, class names or bare ids.
    assert "maakte een team aan (Team: Buurtteam Oost-Centrum)" in log
    assert "Naam: Buurtteam Oost → Buurtteam Oost-Centrum" in log and "Gebied: Oost → geen" in log
    assert "name_before" not in log and "(Team " not in log and "area_after" not in log


def test_saving_the_settings_logs_only_what_changed_in_plain_words(app, admin, world):
    """Languages left as they were (all of them, the default) are no change, and the settings are
    called by the names of their fields."""
    assert settings_form(admin, world).submit(admin, min_group_size="12").status_code == 302
    with app.app_context():
        event = db.session.scalar(sa.select(AdminEvent).where(AdminEvent.action == "organisation.settings"))
        assert event.details == {"min_group_size": [10, 12]}
    log = admin.get("/beheer/logboek").get_data(as_text=True)
    assert "Kleinste groep in teamcijfers (huishoudens): 10 → 12" in log
    assert "min_group_size" not in log and "Organisation" not in log


@pytest.mark.parametrize("field, value, message", [
    ("new-team-name", "", "Dit veld is vereist"),
    ("new-team-name", "Team A", "al een team met deze naam"),
    ("new-team-name", "Team\u202eA", "onzichtbaar teken"),
])
def test_a_team_name_that_cannot_be_is_refused_and_nothing_is_written(app, admin, world, field, value, message):
    teams = count(app, Team)
    form = page_form(organisation_page(admin, world), action=f"/beheer/organisaties/{world.organisation_a}/teams")
    response = form.submit(admin, **{field: value})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count(app, Team) == teams and actions(app) == []


def test_a_team_with_people_is_not_archived_an_empty_one_is(app, admin, world):
    page = organisation_page(admin, world)
    response = page_form(page, action=f"/beheer/teams/{world.team_a}/archief").submit(admin)
    assert response.status_code == 302
    assert "Er werken nog mensen in dit team" in admin.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Team, world.team_a).archived_at is None
        empty = Team(organisation_id=world.organisation_a, name="Leeg team")
        db.session.add(empty)
        db.session.commit()
        empty_id = empty.id
    page_form(organisation_page(admin, world), action=f"/beheer/teams/{empty_id}/archief").submit(admin)
    with app.app_context():
        assert db.session.get(Team, empty_id).archived_at is not None
    page = organisation_page(admin, world).get_data(as_text=True)
    assert "Terughalen" in page


def new_account(admin, **fields):
    form = page_form(admin.get("/beheer/mensen/nieuw"), action=None)
    return form.submit(admin, **fields)


def test_a_new_colleague_sets_a_password_with_a_link_that_works_once(app, admin, world):
    response = new_account(admin, email="Nieuw@Example.org", name="Noor Nieuw", role="professional", team=world.team_a)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    link = LINK.search(response.get_data(as_text=True)).group(1)
    with app.app_context():
        noor = db.session.scalar(sa.select(User).where(User.email == "nieuw@example.org"))
        assert noor.role is Role.PROFESSIONAL and noor.team_id == world.team_a and not noor.check_password("")
        assert db.session.scalar(sa.select(PasswordLink.token_hash)) != link.rsplit("/", 1)[1], "only a hash is stored"

    colleague = app.test_client()
    welcome = colleague.get(link)
    assert welcome.status_code == 200 and "Welkom, Noor Nieuw" in welcome.get_data(as_text=True)
    short = page_form(welcome).submit(colleague, password="kort", repeat="kort")
    assert short.status_code == 422 and "minstens 12 tekens" in short.get_data(as_text=True)
    done = page_form(colleague.get(link)).submit(colleague, password="een lange zin als wachtwoord", repeat="een lange zin als wachtwoord")
    assert done.status_code == 302 and done.headers["Location"].endswith("/auth/login")
    assert login(colleague, "nieuw@example.org", "een lange zin als wachtwoord").headers["Location"].endswith("/")
    used = app.test_client().get(link)
    assert used.status_code == 410 and "werkt niet meer" in used.get_data(as_text=True)
    assert app.test_client().get("/auth/wachtwoord/verzonnen-link-123").status_code == 410
    assert [a for a, _k, _u in actions(app)] == ["user.created", "user.password_link", "user.password_chosen"]


def test_a_link_expires_and_a_new_one_replaces_the_old(app, admin, world):
    first = LINK.search(new_account(admin, email="c@example.org", name="C", role="teamlead", team=world.team_a).get_data(as_text=True)).group(1)
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == "c@example.org"))
    page = admin.get(f"/beheer/mensen/{user_id}")
    second = LINK.search(page_form(page, action=f"/beheer/mensen/{user_id}/link").submit(admin).get_data(as_text=True)).group(1)
    assert app.test_client().get(first).status_code == 410, "a new link ends the old one"
    assert app.test_client().get(second).status_code == 200
    with app.app_context():
        db.session.execute(sa.update(PasswordLink).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    assert app.test_client().get(second).status_code == 410


@pytest.mark.parametrize("fields, message", [
    (dict(email="a@example.org", name="Dubbel", role="professional"), "Er is al een account met dit e-mailadres"),
    (dict(email="A@EXAMPLE.ORG", name="Dubbel", role="professional"), "Er is al een account met dit e-mailadres"),
    (dict(email="geen-adres", name="X", role="professional"), "geldig e-mailadres"),
    (dict(email="x@example.org", name="X", role="admin"), "Een beheerder hoort niet bij een team"),
    (dict(email="x@example.org", name="X", role="teamlead", team=0), "hoort bij een team"),
])
def test_an_account_that_cannot_be_is_refused_with_a_message(app, admin, world, fields, message):
    users = count(app, User)
    response = new_account(admin, **{"team": world.team_a, **fields})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count(app, User) == users and actions(app) == []


def test_moving_someone_ends_their_sessions_and_the_last_administrator_stays(app, admin, world):
    pro = app.test_client()
    login(pro, "b@example.org")
    assert pro.get("/households/").status_code == 200
    form = page_form(admin.get(f"/beheer/mensen/{world.pro_b}"), action=f"/beheer/mensen/{world.pro_b}/rol")
    assert form.submit(admin, role="teamlead", team=world.team_b).status_code == 302
    assert pro.get("/households/").status_code == 302, "new rights count at once: sign in again"
    with app.app_context():
        assert db.session.get(User, world.pro_b).role is Role.TEAMLEAD

    form = page_form(admin.get(f"/beheer/mensen/{world.admin}"), action=f"/beheer/mensen/{world.admin}/rol")
    response = form.submit(admin, role="professional", team=world.team_a)
    assert response.status_code == 422 and "laatste beheerder" in response.get_data(as_text=True)
    response = page_form(admin.get(f"/beheer/mensen/{world.admin}"), action=f"/beheer/mensen/{world.admin}/actief").submit(admin)
    assert "laatste beheerder" in admin.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        me = db.session.get(User, world.admin)
        assert me.role is Role.ADMIN and me.active


def test_a_deactivated_colleague_is_signed_out_at_once(app, admin, world):
    pro = app.test_client()
    login(pro, "a@example.org")
    page_form(admin.get(f"/beheer/mensen/{world.pro_a}"), action=f"/beheer/mensen/{world.pro_a}/actief").submit(admin)
    assert pro.get(f"/households/{world.household}").status_code == 302
    assert login(app.test_client(), "a@example.org").status_code == 422, "the sign-in page again, with a message"
    with app.app_context():
        assert not db.session.get(User, world.pro_a).active
        assert count(app, SignIn, user_id=world.pro_a, ended_at=None) == 0
    people = admin.get("/beheer/mensen").get_data(as_text=True)
    assert "kan niet inloggen" in people and "werkt met de huishoudens van het team" in people


def settings_form(admin, world):
    return page_form(organisation_page(admin, world), action=f"/beheer/organisaties/{world.organisation_a}/instellingen")


@pytest.mark.parametrize("field, value", [
    ("retention_months", "0"), ("retention_months", "241"), ("min_group_size", "4"), ("idle_minutes", "٣"),
    ("invitation_days", "zeven"), ("idle_minutes", ""), ("invitation_days", "99999999999999999999"),
])
def test_a_setting_out_of_range_is_refused_and_nothing_changes(app, admin, world, field, value):
    response = settings_form(admin, world).submit(admin, **{field: value})
    assert response.status_code == 422 and "Er is niets bewaard" in response.get_data(as_text=True)
    with app.app_context():
        organisation = db.session.get(Organisation, world.organisation_a)
        assert (organisation.retention_months, organisation.min_group_size, organisation.idle_minutes, organisation.invitation_days) == (24, 10, 15, 7)
    assert actions(app) == []


def test_settings_change_what_the_organisation_does(app, admin, world, client):
    form = settings_form(admin, world)
    assert form.submit(admin, idle_minutes="30", invitation_days="3", resident_languages=["ar", "en"]).status_code == 302
    with app.app_context():
        organisation = db.session.get(Organisation, world.organisation_a)
        assert (organisation.idle_minutes, organisation.invitation_days, organisation.resident_languages) == (30, 3, "nl,en,ar")
        event = db.session.scalar(sa.select(AdminEvent).where(AdminEvent.action == "organisation.settings"))
        assert event.details["idle_minutes"] == [15, 30] and event.details["invitation_days"] == [7, 3]

    pro = app.test_client()
    login(pro, "a@example.org")
    assert 'name="wattelt-idle" content="1800"' in pro.get("/households/").get_data(as_text=True)
    invitation = page_form(pro.get(f"/households/{world.household}/delen"), action=f"/members/{world.marieke}/uitnodigen")
    assert "De link werkt één keer" in invitation.submit(pro).get_data(as_text=True)
    with app.app_context():
        newest = db.session.scalar(sa.select(Invitation).order_by(Invitation.id.desc()))
        assert timedelta(days=2, hours=23) < newest.expires_at.replace(tzinfo=None) - utcnow().replace(tzinfo=None) <= timedelta(days=3)

    with app.app_context():
        resident = factories.invited(db.session.get(User, world.pro_a), db.session.get(Household, world.household),
                                     GrantKind.RESIDENT, member=db.session.get(Member, world.marieke))
        login_name = resident.login_name
    phone = app.test_client()
    login(phone, login_name)
    languages = re.findall(r'<option value="(\w+)" lang', phone.get("/mijn").get_data(as_text=True))
    assert languages == ["nl", "en", "ar"]
    refused = page_form(phone.get("/mijn"), action="/taal").submit(phone, tampered=[("language", "tr")])
    assert refused.status_code == 400
    staff_languages = re.findall(r'<option value="(\w+)" lang', pro.get("/households/").get_data(as_text=True))
    assert len(staff_languages) == 6, "staff keep every language"


def test_an_administrator_still_waiting_for_a_password_does_not_count_as_the_other_one(app, admin, world):
    new_account(admin, email="b2@example.org", name="Nog geen wachtwoord", role="admin", team=0)
    response = page_form(admin.get(f"/beheer/mensen/{world.admin}"), action=f"/beheer/mensen/{world.admin}/actief").submit(admin)
    assert "laatste beheerder" in admin.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, world.admin).active


def test_an_account_is_not_turned_back_on_in_an_archived_team(app, admin, world):
    with app.app_context():
        team = Team(organisation_id=world.organisation_a, name="Oud team")
        person = factories.user(team, "oud@example.org")
        person.active = False
        team.archived_at = utcnow()
        db.session.commit()
        person_id = person.id
    response = page_form(admin.get(f"/beheer/mensen/{person_id}"), action=f"/beheer/mensen/{person_id}/actief").submit(admin)
    assert "Dit team is gearchiveerd" in admin.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(User, person_id).active


def test_commands_on_the_server_are_in_the_log_too(app, runner, world):
    assert runner.invoke(args=["users", "set-password", "a@example.org", "--password-stdin"], input="een ander lang wachtwoord\n").exit_code == 0
    assert runner.invoke(args=["users", "sign-out", "a@example.org"]).exit_code == 0
    assert actions(app) == [("user.password_set", "User", False), ("user.signed_out", "User", False)]
