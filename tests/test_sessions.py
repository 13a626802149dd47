"""Sessions that end: on sign-out (also for a copied cookie), after idle time, after a fixed
lifetime, and everywhere at once."""
from datetime import timedelta

import sqlalchemy as sa

from tests import factories
from tests.conftest import login
from tests.forms import page_form
from wattelt.admin import service as admin
from wattelt.extensions import db
from wattelt.models import GrantKind, Household, Member, SignIn, User
from wattelt.models.types import utcnow


def copy_of(app, client):
    """Another device holding a copy of this client's session cookie."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def signed_in(client, world) -> bool:
    return client.get(f"/households/{world.household}").status_code == 200


def age(app, user_id, **ago):
    """Make the user's open sessions look older: last_seen=..., created=... (timedelta keyword args)."""
    with app.app_context():
        for row in db.session.scalars(sa.select(SignIn).where(SignIn.user_id == user_id, SignIn.ended_at.is_(None))):
            if "last_seen" in ago:
                row.last_seen_at = utcnow() - ago["last_seen"]
            if "created" in ago:
                row.created_at = utcnow() - ago["created"]
        db.session.commit()


def test_a_cookie_copied_before_sign_out_is_refused_after_it(app, pro_a, world):
    stolen = copy_of(app, pro_a)
    assert signed_in(stolen, world), "the copy works while the session is open"
    page = pro_a.get(f"/households/{world.household}")
    response = page_form(page, action="/auth/logout").submit(pro_a)
    assert response.status_code == 302
    assert not signed_in(stolen, world)
    assert stolen.post(f"/households/{world.household}/contact", data={"contact_informal": "Iemand"}).status_code in (302, 400)
    with app.app_context():
        assert db.session.scalar(sa.select(Household.contact_informal).where(Household.id == world.household)) != "Iemand"


def test_a_session_ends_after_idle_time_and_says_so(app, pro_a, world):
    age(app, world.pro_a, last_seen=timedelta(minutes=14))
    assert signed_in(pro_a, world)
    age(app, world.pro_a, last_seen=timedelta(minutes=16))
    response = pro_a.get(f"/households/{world.household}")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    page = pro_a.get(response.headers["Location"]).get_data(as_text=True)
    assert "Je was een tijd niet actief" in page
    assert login(pro_a, "a@example.org").status_code == 302 and signed_in(pro_a, world)


def test_invited_people_on_their_own_phone_get_longer(app, world):
    with app.app_context():
        resident = factories.invited(db.session.get(User, world.pro_a), db.session.get(Household, world.household),
                                     GrantKind.RESIDENT, member=db.session.get(Member, world.marieke))
        resident_id, login_name = resident.id, resident.login_name
    phone = app.test_client()
    login(phone, login_name)
    age(app, resident_id, last_seen=timedelta(minutes=45))
    assert phone.get("/mijn").status_code == 200
    age(app, resident_id, last_seen=timedelta(minutes=61))
    assert phone.get("/mijn").status_code == 302


def test_a_session_ends_a_fixed_time_after_signing_in_however_busy(app, pro_a, world):
    age(app, world.pro_a, created=timedelta(hours=12, minutes=1), last_seen=timedelta(seconds=5))
    assert not signed_in(pro_a, world)


def test_sign_out_everywhere_ends_every_device(app, pro_a, world):
    laptop = app.test_client()
    login(laptop, "a@example.org")
    assert signed_in(laptop, world)
    form = page_form(pro_a.get("/households/"), action="/auth/overal-uitloggen")
    response = form.submit(pro_a)
    assert "op alle apparaten uitgelogd" in pro_a.get(response.headers["Location"]).get_data(as_text=True)
    assert not signed_in(laptop, world) and not signed_in(pro_a, world)


def test_a_new_password_or_deactivation_ends_every_session(app, world):
    first, second = app.test_client(), app.test_client()
    login(first, "a@example.org")
    login(second, "b@example.org")
    with app.app_context():
        admin.set_password(db.session.get(User, world.pro_a), "a new long password")
        admin.set_active(db.session.get(User, world.pro_b), False)
        db.session.commit()
    assert not signed_in(first, world)
    assert second.get(f"/households/{world.other_household}").status_code == 302


def test_an_administrator_signs_someone_out_everywhere(app, runner, pro_a, world):
    result = runner.invoke(args=["users", "sign-out", "a@example.org"])
    assert result.exit_code == 0 and "1 open sessions ended" in result.output
    assert not signed_in(pro_a, world)


def test_the_cookie_carries_no_user_id_that_works_without_its_session_row(app, pro_a, world):
    with app.app_context():
        db.session.execute(sa.delete(SignIn))
        db.session.commit()
    assert not signed_in(pro_a, world)


def test_pages_tell_the_browser_when_the_idle_notice_is_due(app, pro_a, world):
    """app.js warns two minutes before the end it reads here; invited people get longer."""
    page = pro_a.get("/households/").get_data(as_text=True)
    assert 'name="wattelt-idle" content="900"' in page and "Over 2 minuten word je uitgelogd" in page
    assert "wattelt-idle" not in app.test_client().get("/auth/login").get_data(as_text=True)
