"""Data rights: everything stored about a member to take along, and erasure that leaves nothing of
them but the access log's anonymous trace; both after the password is typed again."""
import json

import sqlalchemy as sa

from tests import factories
from tests.conftest import login
from tests.forms import page_form
from wattelt.extensions import db
from wattelt.models import (
    AccessEvent, Action, Chip, ChipEvent, Domain, Goal, GrantKind, Household, Member, Round, Topic, User,
)

EXPORTED = {"member": Member, "rounds": Round, "topics": Topic, "domains": Domain, "chips": Chip, "chip_history": ChipEvent, "goals": Goal, "actions": Action}


def confirmed(client, then_url):
    """Ask for then_url; type the password on the page it leads to; return the final answer."""
    response = client.get(then_url)
    assert response.status_code == 302 and "/auth/bevestigen" in response.headers["Location"]
    page = client.get(response.headers["Location"])
    done = page_form(page).submit(client, password=factories.PASSWORD)
    assert done.status_code == 302
    # Back where the person chose (for a file: the page with its link), then what they chose.
    assert "Bevestigd" in client.get(done.headers["Location"]).get_data(as_text=True)
    return client.get(then_url)


def test_after_the_password_a_file_leaves_from_the_page_it_was_asked_on(pro_a, world):
    """Not a redirect to the file itself: the browser would keep the password page on screen."""
    asked = pro_a.get(f"/members/{world.marieke}/gegevens.json")
    done = page_form(pro_a.get(asked.headers["Location"])).submit(pro_a, password=factories.PASSWORD)
    assert done.headers["Location"] == f"/members/{world.marieke}/gegevens"
    page = pro_a.get(done.headers["Location"]).get_data(as_text=True)
    assert f'href="/members/{world.marieke}/gegevens.json"' in page and "Bevestigd" in page


def test_the_export_holds_every_stored_field_of_the_member(app, pro_a, world):
    response = confirmed(pro_a, f"/members/{world.marieke}/gegevens.json")
    assert response.mimetype == "application/json" and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    with app.app_context():
        for key, model in EXPORTED.items():
            rows = data[key] if isinstance(data[key], list) else [data[key]]
            assert rows, key
            columns = {c.key for c in sa.inspect(model).column_attrs}
            assert all(set(row) == columns for row in rows), key
        assert len(data["rounds"]) == 2 and {r["member_id"] for r in data["rounds"]} == {world.marieke}
        domains = {d["id"]: d["key"] for d in data["domains"]}
        assert {domains[t["domain_id"]] for t in data["topics"]} == {"housing", "money"}, "a topic's domain by its name"
        assert len(data["chip_history"]) == db.session.scalar(
            sa.select(sa.func.count()).select_from(ChipEvent).join(Topic).join(Round).where(Round.member_id == world.marieke))
    assert all("token_hash" not in row for row in data["invitations"])
    assert data["access_given"] and data["access_log"]
    with app.app_context():
        assert db.session.scalar(sa.select(AccessEvent.action).where(AccessEvent.action == "export")) == "export"


def test_a_resident_takes_their_own_data_along_not_another_members(app, world):
    with app.app_context():
        resident = factories.invited(db.session.get(User, world.pro_a), db.session.get(Household, world.household),
                                     GrantKind.RESIDENT, member=db.session.get(Member, world.marieke))
        name = resident.login_name
    phone = app.test_client()
    login(phone, name)
    assert confirmed(phone, f"/members/{world.marieke}/gegevens.json").status_code == 200
    assert phone.get(f"/members/{world.kevin}/gegevens.json").status_code == 404
    assert "Wissen" not in phone.get(f"/members/{world.marieke}/gegevens").get_data(as_text=True)


def test_erasing_a_member_leaves_nothing_but_the_anonymous_trace(app, pro_a, world):
    with app.app_context():
        rounds = [r for r in db.session.scalars(sa.select(Round.id).where(Round.member_id == world.marieke))]
        helper_name = db.session.get(User, world.helper).name
    confirmed(pro_a, f"/members/{world.marieke}/gegevens.json")
    form = page_form(pro_a.get(f"/members/{world.marieke}/gegevens"), action=f"/members/{world.marieke}/wissen")
    wrong = form.submit(pro_a, name="Kevin")
    assert wrong.status_code == 422 and "niets gewist" in wrong.get_data(as_text=True)
    assert form.submit(pro_a, name="marieke ").status_code == 302
    with app.app_context():
        assert db.session.get(Member, world.marieke) is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Round).where(Round.member_id == world.marieke)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Topic).where(Topic.round_id.in_(rounds))) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Goal).where(Goal.member_id == world.marieke)) == 0
        assert db.session.get(Action, world.action) is None
        trace = db.session.scalars(sa.select(AccessEvent).where(AccessEvent.member_id == world.marieke)).all()
        assert trace and any(e.action == "erase" for e in trace)
        assert db.session.get(Member, world.kevin) is not None, "only she is erased"
        assert db.session.get(User, world.helper).name == helper_name, "a helper of the whole household keeps access"


def test_erasing_a_household_removes_its_members_plan_and_access(app, pro_a, world):
    page = pro_a.get(f"/auth/bevestigen?next=/households/{world.household}")
    assert page_form(page).submit(pro_a, password=factories.PASSWORD).status_code == 302
    form = page_form(pro_a.get(f"/households/{world.household}"), action=f"/households/{world.household}/wissen")
    assert form.submit(pro_a, **{"household-name": "Familie Test"}).status_code == 302
    with app.app_context():
        assert db.session.get(Household, world.household) is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Member).where(Member.household_id == world.household)) == 0
        helper = db.session.get(User, world.helper)
        assert helper.active is False and helper.name == "—", "an account that existed only for this household is closed"
    assert pro_a.get(f"/households/{world.other_household}").status_code == 404


def test_without_the_password_typed_again_nothing_is_erased(app, pro_a, world):
    form = page_form(pro_a.get(f"/members/{world.marieke}/gegevens"), action=f"/members/{world.marieke}/wissen")
    response = form.submit(pro_a, name="Marieke")
    assert response.status_code == 302 and "/auth/bevestigen" in response.headers["Location"]
    with app.app_context():
        assert db.session.get(Member, world.marieke) is not None


def test_the_summary_shows_the_same_data_in_words_for_print(app, pro_a, world):
    """The printable overview: every round with each chip (a position or which kind of gap), the
    notes, the plan, who got access and who looked; asked for after the password, never cached."""
    response = confirmed(pro_a, f"/members/{world.marieke}/gegevens/overzicht")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Overzicht van alle gegevens van Marieke" in page and "data-print" in page
    assert page.count("<caption") == 2 + 1, "two rounds and the access log"
    # The second round: housing 60/55, money 35 and 'not now' for the professional.
    second = page.split("<caption", 2)[2]
    assert ">60<" in second and ">55<" in second and ">35<" in second and ">niet nu<" in second
    assert "Overzicht over mijn geld" in page and "Post ordenen met een vrijwilliger" in page
    assert "Buurman Kees" in page, "the consent record: who was given access"
    assert "Kevin" not in page.split("<main", 1)[1].split("Wie kreeg toegang")[0], "another member's data stays out"


def test_the_summary_asks_the_password_first(pro_a, world):
    response = pro_a.get(f"/members/{world.marieke}/gegevens/overzicht")
    assert response.status_code == 302 and "/auth/bevestigen" in response.headers["Location"]


def test_after_erasure_no_table_holds_anything_of_the_member(app, pro_a, world):
    """Every text column of every table is searched for her name and her words, and every column
    that could point at her rounds: only the access log's anonymous trace (ids) is left."""
    with app.app_context():
        round_ = factories.open_round(db.session.get(User, world.pro_a), db.session.get(Member, world.marieke), ["housing"])
        round_id, topic_id = round_.id, round_.topics[0].id
    note = "Mijn buren helpen me elke week"
    saved = pro_a.post(f"/api/rounds/{round_id}/notes", json={"id": "note-0001", "topic": topic_id, "note_well": note, "at": None})
    assert saved.status_code == 200
    confirmed(pro_a, f"/members/{world.marieke}/gegevens.json")
    form = page_form(pro_a.get(f"/members/{world.marieke}/gegevens"), action=f"/members/{world.marieke}/wissen")
    assert form.submit(pro_a, name="Marieke").status_code == 302
    left = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)).mappings():
                for column, value in row.items():
                    if isinstance(value, str) and ("Marieke" in value or note in value):
                        left.append((table.name, column))
                    if column == "round_id" and value == round_id and table.name != "access_log":
                        left.append((table.name, column))
    assert left == []


def test_asking_for_the_password_first_writes_no_access_log_row(app, pro_a, world):
    """The log said the data were taken along or erased when only the password was asked for, or
    when the name typed to confirm was wrong."""
    assert "/auth/bevestigen" in pro_a.get(f"/members/{world.marieke}/gegevens.json").headers["Location"]
    erase = page_form(pro_a.get(f"/households/{world.household}"), action=f"/households/{world.household}/wissen")
    assert "/auth/bevestigen" in erase.submit(pro_a, **{"household-name": "Familie Test"}).headers["Location"]
    assert page_form(pro_a.get("/auth/bevestigen")).submit(pro_a, password=factories.PASSWORD).status_code == 302
    wrong = erase.submit(pro_a, **{"household-name": "Familie Smit"})
    assert wrong.status_code == 302 and "niet dezelfde naam" in pro_a.get(wrong.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Household, world.household) is not None
        assert db.session.scalars(sa.select(AccessEvent.action).where(AccessEvent.action.in_(("export", "erase")))).all() == []
