"""Residents' experience (issue 10): three questions and a signal at the end of a round, answered by
the resident only, stored with a team and a month and nothing that leads back to them.

The promise tested here: an answer cannot be joined back to a household through any table. The
schema holds no column that could make the link, and sending the form changes no other table, the
session or the log.
"""
import base64
import json
import logging
from datetime import date

import pytest
import sqlalchemy as sa

from tests import factories
from tests.conftest import login
from tests.forms import forms_of, page_form
from wattelt.extensions import db
from wattelt.models import Experience, ExperienceAnswer, ExperienceFormUsed, GrantKind, Household, Member, Round, SignIn, User

EXPERIENCE_TABLES = {"experience", "experience_form_used"}
# Words in a column's name that would point at a person, their household or their round, or at a time.
LINKING = ("household", "member", "round", "user", "chip", "topic", "goal", "action", "grant", "sign_in", "access",
           "session", "invitation", "receipt", "event", "login", "email", "name", "_at", "time", "created", "updated")


@pytest.fixture
def people(app, world):
    """Marieke with her own account (a resident on her phone), her naaste and a helper of the plan."""
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        household, marieke = db.session.get(Household, world.household), db.session.get(Member, world.marieke)
        return {
            "resident": factories.invited(pro, household, GrantKind.RESIDENT, member=marieke).login_name,
            "naaste": factories.invited(pro, household, GrantKind.NAASTE, member=marieke, label="Zus Ellen").login_name,
            "helper": factories.invited(pro, household, GrantKind.HELPER_PLAN, label="Joyce").login_name,
        }


@pytest.fixture
def phone(app, people):
    client = app.test_client()
    assert login(client, people["resident"]).status_code == 302
    return client


def questions(client, round_id: int):
    return page_form(client.get(f"/rounds/{round_id}/result"), action="/ervaring")


# The schema: nothing in the experience tables can point anywhere but a team.

def test_the_experience_tables_hold_no_reference_to_a_person_a_household_a_round_or_a_time(app):
    tables = {t.name: t for t in db.metadata.sorted_tables}
    assert EXPERIENCE_TABLES <= set(tables)
    experience, used = tables["experience"], tables["experience_form_used"]
    assert set(experience.c.keys()) == {"id", "team_id", "month", "taken_seriously", "fits_wishes", "fits_needs", "signal"}
    assert set(used.c.keys()) == {"digest"}, "the used forms keep nothing but a digest"
    for name in EXPERIENCE_TABLES:
        table = tables[name]
        assert {fk.column.table.name for fk in table.foreign_keys} <= {"team"}, name
        for column in table.c:
            assert not isinstance(column.type, (sa.DateTime, sa.Time)), f"{name}.{column.name} keeps a time"
            assert not any(word in column.name for word in LINKING), f"{name}.{column.name}"
            assert not isinstance(column.type, sa.Integer) or column.name == "team_id", f"{name}.{column.name} could be a counter"
    # And no other table points at an answer or a used form.
    for table in tables.values():
        assert not {fk.column.table.name for fk in table.foreign_keys} & EXPERIENCE_TABLES, table.name
    with app.app_context():
        inspector = sa.inspect(db.engine)
        for name in EXPERIENCE_TABLES:
            assert {fk["referred_table"] for fk in inspector.get_foreign_keys(name)} <= {"team"}
        if db.engine.dialect.name == "sqlite":
            # Not even SQLite's hidden rowid, which would number the answers in the order they came.
            for name in EXPERIENCE_TABLES:
                with pytest.raises(sa.exc.OperationalError):
                    db.session.execute(sa.text(f"SELECT rowid FROM {name}"))
                db.session.rollback()


def test_the_form_names_no_round_and_its_token_holds_only_team_month_and_a_random_number(app, world, phone):
    form = questions(phone, world.first)
    assert form.action == "/ervaring" and form.method.lower() == "post"
    assert form.names() == {"token", "taken_seriously", "fits_wishes", "fits_needs", "signal", "send", "skip"}
    token = dict(form.data())["token"]
    payload = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    with app.app_context():
        round_ = db.session.get(Round, world.first)
        month = f"{round_.completed_at:%Y-%m}"
    assert set(payload) == {"team", "month", "nonce"} and payload["team"] == world.team_a and payload["month"] == month
    assert str(world.first) not in payload["nonce"] or len(payload["nonce"]) >= 20
    assert questions(phone, world.first).data()[0] != form.data()[0], "every form gets its own token"


# Answering: stored apart, and nothing else changes.

def everything_but_experience(app) -> dict[str, list]:
    with app.app_context():
        return {
            table.name: db.session.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            for table in db.metadata.sorted_tables if table.name not in EXPERIENCE_TABLES
        }


def test_answering_changes_no_other_table_the_session_or_the_log(app, world, phone, caplog):
    form = questions(phone, world.first)
    before = everything_but_experience(app)
    cookie_before = phone.get_cookie("session").value
    with caplog.at_level(logging.DEBUG):
        caplog.clear()
        response = form.submit(phone, taken_seriously="yes", fits_wishes="partly", fits_needs="no", signal="De wachttijd was lang.", follow=True)
        logged = list(caplog.records)
    assert response.status_code == 200 and "Dank je wel" in response.get_data(as_text=True)
    assert everything_but_experience(app) == before, "no access-log row, no mark on the round, no session change"
    assert phone.get_cookie("session").value == cookie_before, "nothing about the answer in the session"
    # The operator's log may say that a request came in (where and how it was answered, as for any
    # request), but nothing of the answer and nobody's id.
    for record in logged:
        fields = getattr(record, "fields", {})
        line = record.getMessage() + json.dumps(fields, default=str)
        assert record.name == "wattelt.request", f"a log line about the answer: {record.name} {line}"
        assert not any(word in line.lower() for word in ("wachttijd", "partly", "yes", "marieke", "/rounds/")), line
        assert not {"user", "user_id", "member", "household", "round", "login"} & set(fields), line
    with app.app_context():
        rows = db.session.execute(sa.select(Experience)).scalars().all()
        assert len(rows) == 1 and db.session.scalar(sa.select(sa.func.count()).select_from(ExperienceFormUsed)) == 1
        row = rows[0]
        round_ = db.session.get(Round, world.first)
        assert (row.team_id, row.month) == (world.team_a, round_.completed_at.date().replace(day=1))
        assert (row.taken_seriously, row.fits_wishes, row.fits_needs) == (ExperienceAnswer.YES, ExperienceAnswer.PARTLY, ExperienceAnswer.NO)
        assert row.signal == "De wachttijd was lang."
        assert len(row.id) == 32 and int(row.id, 16) >= 0, "a random id, not a number in order"


def test_a_form_counts_once(app, world, phone):
    form = questions(phone, world.first)
    assert form.submit(phone, taken_seriously="yes", follow=True).status_code == 200
    again = form.submit(phone, taken_seriously="no")
    assert again.status_code == 422 and "al verstuurd" in again.get_data(as_text=True)
    assert _count(app, Experience) == 1
    # A fresh form is a fresh answer: nothing ties the first to the round, so nothing can refuse it.
    assert questions(phone, world.first).submit(phone, fits_needs="yes", follow=True).status_code == 200
    assert _count(app, Experience) == 2


def test_after_sending_a_reload_sends_nothing_again(app, world, phone):
    """The answer leads on to a page of its own: reloading that, as people do, asks nothing of the
    form again, and the address says nothing of the round or the answers."""
    sent = questions(phone, world.first).submit(phone, taken_seriously="yes")
    assert sent.status_code == 303 and sent.headers["Location"] == "/ervaring/klaar?bewaard=1"
    for _reload in range(2):
        again = phone.get(sent.headers["Location"])
        assert again.status_code == 200 and "Je antwoorden zijn bewaard, zonder je naam." in again.get_data(as_text=True)
    assert _count(app, Experience) == 1
    skipped = questions(phone, world.first).submit(phone, "Overslaan")
    assert skipped.headers["Location"] == "/ervaring/klaar?bewaard=0"
    assert "Er is niets bewaard" in phone.get(skipped.headers["Location"]).get_data(as_text=True)


def test_skipping_or_sending_nothing_writes_nothing(app, world, phone):
    first, second = questions(phone, world.first), questions(phone, world.first)
    before = everything_but_experience(app)
    skipped = first.submit(phone, "Overslaan", taken_seriously="yes", follow=True)
    assert skipped.status_code == 200 and "Er is niets bewaard" in skipped.get_data(as_text=True)
    empty = second.submit(phone, follow=True)
    assert empty.status_code == 200 and "Er is niets bewaard" in empty.get_data(as_text=True)
    assert _count(app, Experience) == 0 and _count(app, ExperienceFormUsed) == 0
    assert everything_but_experience(app) == before


@pytest.mark.parametrize("changes, message", [
    ({"tampered": [("taken_seriously", "maybe")]}, "Kies een van de antwoorden"),
    ({"signal": "x" * 1001}, "hoogstens 1000 tekens"),
    ({"signal": "a\x00b"}, "onzichtbaar teken"),
    ({"tampered": [("token", "vervalst")]}, "kunnen we niet lezen"),
    ({"tampered": [("token", "")]}, "kunnen we niet lezen"),
])
def test_a_wrong_answer_or_token_gets_a_message_and_writes_nothing(app, world, phone, changes, message):
    response = questions(phone, world.first).submit(phone, fits_needs="yes", **changes)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert _count(app, Experience) == 0 and _count(app, ExperienceFormUsed) == 0


def test_a_signal_of_exactly_the_limit_is_kept_with_its_lines(app, world, phone):
    signal = "regel\r\n" + "x" * 993
    assert questions(phone, world.first).submit(phone, signal=signal, follow=True).status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(Experience.signal)) == "regel\n" + "x" * 993


def test_a_field_error_shows_the_form_again_with_what_was_typed(app, world, phone):
    response = questions(phone, world.first).submit(phone, fits_wishes="partly", signal="x" * 1001)
    again = page_form(response, action="/ervaring")
    assert dict(again.data())["fits_wishes"] == "partly"
    assert again.submit(phone, signal="Korter nu.", follow=True).status_code == 200
    assert _count(app, Experience) == 1


def test_an_old_form_or_a_token_made_for_something_else_is_refused(app, world, phone):
    form = questions(phone, world.first)
    app.config["EXPERIENCE_FORM_MINUTES"] = -1
    old = form.submit(phone, taken_seriously="yes")
    assert old.status_code == 422 and "te oud" in old.get_data(as_text=True)
    app.config["EXPERIENCE_FORM_MINUTES"] = 240
    from itsdangerous import URLSafeTimedSerializer

    other = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="something else").dumps(
        {"team": world.team_b, "month": "2026-01", "nonce": "x"})
    forged = form.submit(phone, taken_seriously="yes", tampered=[("token", other)])
    assert forged.status_code == 422 and "kunnen we niet lezen" in forged.get_data(as_text=True)
    assert _count(app, Experience) == 0


# Who is asked: only the resident whose round it was.

def test_only_the_resident_of_the_round_is_asked(app, world, people):
    with app.app_context():
        pro, marieke = db.session.get(User, world.pro_a), db.session.get(Member, world.marieke)
        with_naaste = factories.completed_round(pro, marieke, {"housing": (40, 50, 60)}, naaste=True).id
    for who, round_id in (("naaste", with_naaste), ("helper", world.first)):
        client = app.test_client()
        login(client, people[who])
        page = client.get(f"/rounds/{round_id}/result")
        assert page.status_code == (200 if who == "naaste" else 404), who
        assert not any(f.action == "/ervaring" for f in forms_of(page)), who
    pro = app.test_client()
    login(pro, "a@example.org")
    page = pro.get(f"/rounds/{world.first}/result")
    actions = {f.action for f in forms_of(page)}
    assert "/ervaring" not in actions and f"/rounds/{world.first}/ervaring" in actions
    assert "jij ziet de antwoorden niet" in page.get_data(as_text=True)


def test_a_resident_is_not_asked_about_another_members_round(app, world):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        household = db.session.get(Household, world.household)
        household.members_share = True
        kevin = db.session.get(Member, world.kevin)
        kevins = factories.completed_round(pro, kevin, {"housing": (50, 50)}).id
        marieke = factories.invited(pro, household, GrantKind.RESIDENT, member=db.session.get(Member, world.marieke)).login_name
    client = app.test_client()
    login(client, marieke)
    page = client.get(f"/rounds/{kevins}/result")
    assert page.status_code == 200 and not any(f.action == "/ervaring" for f in forms_of(page))


def test_the_page_says_in_plain_words_that_it_is_anonymous_and_may_be_skipped(world, phone):
    page = phone.get(f"/rounds/{world.first}/result").get_data(as_text=True)
    assert "Drie korte vragen over de hulp" in page and "Overslaan is ook goed" in page
    assert "zonder je naam, zonder je huishouden en zonder datum" in page and "Je contactpersoon ziet je antwoorden niet" in page
    assert "minstens 10 mensen" in page
    for answer in ("Ja", "Een beetje", "Nee"):
        assert f">{answer}</label>" in page


# At the kitchen table: the professional hands the tablet over for the questions.

@pytest.fixture
def handed_over(pro_a, world):
    form = page_form(pro_a.get(f"/rounds/{world.first}/result"), action=f"/rounds/{world.first}/ervaring")
    response = form.submit(pro_a)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/rounds/{world.first}")
    return pro_a


def test_the_handed_over_tablet_shows_only_the_questions(app, world, handed_over):
    page = handed_over.get(f"/rounds/{world.first}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Drie korte vragen over de hulp" in html and "Ontgrendelen" in html
    assert "Huishoudens" not in html and "Familie Test" not in html.split("<main", 1)[1]
    for url in ["/households/", f"/households/{world.household}", f"/rounds/{world.first}/result", f"/rounds/{world.second}/result"]:
        response = handed_over.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/rounds/{world.first}"), url
    sent = page_form(page, action="/ervaring").submit(handed_over, fits_wishes="yes", signal="Fijn gesprek.", follow=True)
    thanks = sent.get_data(as_text=True)
    assert sent.status_code == 200 and "Dank je wel" in thanks and "Geef de tablet terug aan a" in thanks
    assert _count(app, Experience) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SignIn).where(SignIn.locked_round_id.is_not(None))) == 1
    # Still locked until the professional unlocks with their password; then back to the result.
    assert handed_over.get("/households/").status_code == 302
    unlocked = page_form(handed_over.get("/auth/ontgrendelen")).submit(handed_over, password=factories.PASSWORD)
    assert unlocked.status_code == 302
    result = handed_over.get(f"/rounds/{world.first}")
    assert result.status_code == 302 and result.headers["Location"].endswith(f"/rounds/{world.first}/result")
    assert handed_over.get("/households/").status_code == 200


def test_answering_at_the_table_changes_no_other_table_not_even_the_lock(app, world, handed_over):
    form = page_form(handed_over.get(f"/rounds/{world.first}"), action="/ervaring")
    before = everything_but_experience(app)
    assert form.submit(handed_over, taken_seriously="partly", signal="Het ging snel.", follow=True).status_code == 200
    assert everything_but_experience(app) == before, "the access log, the session's lock and the round are as they were"
    assert _count(app, Experience) == 1


def test_skipping_at_the_table_is_as_easy_and_writes_nothing(app, world, handed_over):
    form = page_form(handed_over.get(f"/rounds/{world.first}"), action="/ervaring")
    skipped = form.submit(handed_over, "Overslaan", follow=True)
    assert skipped.status_code == 200 and "Er is niets bewaard" in skipped.get_data(as_text=True)
    assert _count(app, Experience) == 0


def test_an_open_round_is_not_handed_over_for_the_questions(app, world, pro_a):
    with app.app_context():
        open_id = factories.open_round(db.session.get(User, world.pro_a), db.session.get(Member, world.kevin), ["housing"]).id
    assert f"/rounds/{open_id}/ervaring" not in pro_a.get(f"/rounds/{open_id}").get_data(as_text=True)
    response = pro_a.post(f"/rounds/{open_id}/ervaring")
    assert response.status_code == 302 and pro_a.get("/households/").status_code == 200, "not locked"


# Signals are read by the organisation's administrators, and by no one else.

def test_administrators_read_the_signals_per_team_and_month_and_nothing_else(app, world, phone):
    questions(phone, world.first).submit(phone, taken_seriously="no", signal="Ik wacht al lang op een\nantwoord.")
    questions(phone, world.first).submit(phone, taken_seriously="yes")
    admin = app.test_client()
    login(admin, "admin@example.org")
    menu = admin.get("/beheer/").get_data(as_text=True)
    assert 'href="/beheer/signalen"' in menu and "Signalen" in menu
    page = admin.get("/beheer/signalen")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Ik wacht al lang op een\nantwoord." in html and "Team A" in html
    with app.app_context():
        month = db.session.get(Round, world.first).completed_at.date()
    from babel.dates import format_date

    assert format_date(month, "MMMM yyyy", locale="nl") in html
    body = html.split("<main", 1)[1]
    assert "Marieke" not in body and "Familie" not in body and html.count('class="card signal-text"') == 1
    for who in ("a@example.org", "lead@example.org"):
        other = app.test_client()
        login(other, who)
        assert other.get("/beheer/signalen").status_code == 404, who


def test_no_signals_yet(app, world):
    admin = app.test_client()
    login(admin, "admin@example.org")
    assert "Er zijn nog geen signalen" in admin.get("/beheer/signalen").get_data(as_text=True)


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))
