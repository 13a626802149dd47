"""The access log: a row for every look at and change of household data, append-only, and shown
in plain words to the resident and to the household's professionals."""
import pytest
import sqlalchemy as sa
from flask import request_finished

from tests import factories
from tests.conftest import login
from tests.forms import page_form
from tests.test_policy import URL_VALUES
from wattelt.extensions import db
from wattelt.models import AccessEvent, GrantKind, Household, Member, User

HOUSEHOLD_KINDS = {"Household", "Member", "Round", "Goal", "Action"}


def events(app, **where):
    with app.app_context():
        stmt = sa.select(AccessEvent).filter_by(**where).order_by(AccessEvent.id)
        return [(e.user_id, e.role, e.action, e.verb, e.object_kind, e.object_id, e.household_id, e.member_id)
                for e in db.session.scalars(stmt)]


def test_a_look_and_a_change_are_recorded_with_who_what_and_for_whom(app, pro_a, world):
    pro_a.get(f"/rounds/{world.first}/result")
    assert events(app) == [(world.pro_a, "professional", "view", "round.view", "Round", world.first, world.household, world.marieke)]
    form = page_form(pro_a.get(f"/households/{world.household}/plan"), action=f"/goals/{world.goal}/status")
    form.submit(pro_a, **{f"goal-{world.goal}-status": "reached"})
    changed = events(app, action="change")
    assert changed == [(world.pro_a, "professional", "change", "goal.edit", "Goal", world.goal, world.household, world.marieke)]
    with app.app_context():
        assert db.session.scalar(sa.select(AccessEvent.team_id).where(AccessEvent.action == "change")) == world.team_a


def test_a_refused_look_writes_nothing(app, client, world):
    login(client, "b@example.org")
    assert client.get(f"/rounds/{world.first}/result").status_code == 404
    assert events(app) == []


def test_the_log_cannot_be_changed_or_deleted_through_the_app(app, pro_a, world):
    pro_a.get(f"/households/{world.household}")
    with app.app_context():
        row = db.session.scalar(sa.select(AccessEvent))
        row.action = "nothing"
        with pytest.raises(PermissionError):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.scalar(sa.select(AccessEvent)))
        with pytest.raises(PermissionError):
            db.session.flush()
        db.session.rollback()
        # Bulk statements pass the ORM by; the database's own triggers refuse them.
        for statement in (sa.update(AccessEvent).values(action="nothing"), sa.delete(AccessEvent)):
            with pytest.raises(sa.exc.DatabaseError, match="append-only"):
                db.session.execute(statement)
            db.session.rollback()
    assert [event[2] for event in events(app)] == ["view"]


def test_the_resident_reads_who_looked_at_their_data_in_plain_words(app, pro_a, world):
    pro_a.get(f"/rounds/{world.first}/result")
    pro_a.get(f"/members/{world.kevin}/progress")
    with app.app_context():
        resident = factories.invited(db.session.get(User, world.pro_a), db.session.get(Household, world.household),
                                     GrantKind.RESIDENT, member=db.session.get(Member, world.marieke))
        login_name = resident.login_name
    phone = app.test_client()
    login(phone, login_name)
    page = phone.get(f"/mijn/inzage/{world.marieke}").get_data(as_text=True)
    assert "a (professional)" in page and "bekeek een gesprek" in page
    assert page.count("bekeek de voortgang") == 1, "Kevin's progress is Kevin's; only her own look at this page"
    assert phone.get(f"/mijn/inzage/{world.kevin}").status_code == 404
    household_page = pro_a.get(f"/households/{world.household}/inzage").get_data(as_text=True)
    assert household_page.count("bekeek de voortgang") >= 2


def test_every_page_about_a_household_writes_its_row(app, pro_a, world):
    """Walks the URL map: a page that opened household data and answered 200 left an access-log row."""
    opened = {}

    def record(sender, response, **extra):
        from flask import g, request

        decisions = g.get("policy_decisions", [])
        opened[request.path] = response.status_code == 200 and any(allowed and kind in HOUSEHOLD_KINDS for _v, kind, allowed in decisions)

    request_finished.connect(record, app)
    try:
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static" or rule.rule.startswith("/api/csrf"):
                continue
            if set(rule.arguments) - set(URL_VALUES):
                continue  # an invitation link's token: no household data is opened by id
            url = rule.rule
            for argument in rule.arguments:
                url = url.replace(f"<int:{argument}>", str(getattr(world, URL_VALUES[argument])))
            before = len(events(app))
            pro_a.get(url)
            if opened.get(url):
                assert len(events(app)) > before, url
    finally:
        request_finished.disconnect(record, app)
    assert sum(opened.values()) >= 8
