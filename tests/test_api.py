"""The JSON door: the same operations as the board form, one change at a time, idempotent."""
import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from tests import factories
from tests.conftest import login
from wattelt.extensions import db
from wattelt.models import Chip, ChipEvent, Round, Topic, User, WriteReceipt


@pytest.fixture
def open_round(app, world):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        member = db.session.get(Round, world.first).member
        round_ = factories.open_round(pro, member, ["housing", "money"], naaste=True)
        return round_.id, [t.id for t in round_.topics]


def write_id() -> str:
    return uuid.uuid4().hex


def chip_body(topic, state="placed", value=40, perspective="resident", **extra):
    body = {"id": write_id(), "topic": topic, "perspective": perspective, "state": state, **extra}
    if value is not None:
        body["value"] = value
    return body


def counts(app):
    with app.app_context():
        return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (Chip, ChipEvent, WriteReceipt))


def test_place_a_chip_and_read_the_board(pro_a, open_round, app):
    round_id, (housing, money) = open_round
    response = pro_a.post(f"/api/rounds/{round_id}/chips", json=chip_body(housing, value=0))
    assert response.status_code == 200
    assert response.json["applied"] is True
    assert response.json["topic"]["chips"]["resident"]["state"] == "placed"
    assert response.json["topic"]["chips"]["resident"]["value"] == 0
    assert response.json["topic"]["chips"]["professional"] == {"state": "not_placed", "value": None}
    assert response.json["unplaced"] == 2 * 3 - 1
    pro_a.post(f"/api/rounds/{round_id}/chips", json=chip_body(money, state="not_now", value=None, perspective="naaste"))
    board = pro_a.get(f"/api/rounds/{round_id}").json
    assert board["completed"] is False and board["perspectives"] == ["resident", "professional", "naaste"]
    assert [t["chips"]["naaste"]["state"] for t in board["topics"]] == ["not_placed", "not_now"]


def test_a_repeated_write_id_is_stored_once_and_answered_the_same(pro_a, open_round, app):
    round_id, (housing, _money) = open_round
    body = chip_body(housing, value=55)
    before = counts(app)
    first = pro_a.post(f"/api/rounds/{round_id}/chips", json=body)
    stored = counts(app)
    again = pro_a.post(f"/api/rounds/{round_id}/chips", json=body)
    assert again.status_code == first.status_code == 200
    assert again.get_data() == first.get_data()
    assert again.headers["Idempotent-Replayed"] == "true" and first.headers["Idempotent-Replayed"] == "false"
    assert stored == tuple(n + 1 for n in before)  # one chip, one history entry, one receipt
    assert counts(app) == stored
    # The same id for another change is refused, not answered with the first change's answer.
    changed = pro_a.post(f"/api/rounds/{round_id}/chips", json={**body, "value": 60})
    assert changed.status_code == 422 and "al gebruikt" in changed.json["error"]["message"]
    assert counts(app) == stored


def test_an_older_device_time_does_not_overwrite_but_lands_in_the_history(pro_a, open_round, app):
    round_id, (housing, _money) = open_round
    now = datetime.now(timezone.utc)
    pro_a.post(f"/api/rounds/{round_id}/chips", json=chip_body(housing, value=80, at=now.isoformat()))
    late = pro_a.post(f"/api/rounds/{round_id}/chips", json=chip_body(housing, value=20, at=(now - timedelta(minutes=5)).isoformat().replace("+00:00", "Z")))
    assert late.status_code == 200 and late.json["applied"] is False
    assert late.json["topic"]["chips"]["resident"]["value"] == 80
    with app.app_context():
        history = db.session.execute(sa.select(ChipEvent.value, ChipEvent.applied, ChipEvent.user_id).where(ChipEvent.topic_id == housing).order_by(ChipEvent.id)).all()
    assert [tuple(h) for h in history] == [(80, True, factories_user(app, "a@example.org")), (20, False, factories_user(app, "a@example.org"))]


def factories_user(app, email):
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.email == email))


def test_flags_notes_and_complete(pro_a, open_round, app):
    round_id, (housing, money) = open_round
    flag = pro_a.post(f"/api/rounds/{round_id}/flags", json={"id": write_id(), "topic": money, "wants_to_talk": True})
    assert flag.status_code == 200 and flag.json["topic"]["wants_to_talk"] is True
    notes = pro_a.post(f"/api/rounds/{round_id}/notes", json={"id": write_id(), "topic": money, "note_well": "Rust"})
    assert notes.status_code == 200 and notes.json["topic"]["note_well"] == "Rust"
    # A note left out of the body stays as it was.
    notes = pro_a.post(f"/api/rounds/{round_id}/notes", json={"id": write_id(), "topic": money, "note_better": "Post"})
    assert (notes.json["topic"]["note_well"], notes.json["topic"]["note_better"]) == ("Rust", "Post")
    notes = pro_a.post(f"/api/rounds/{round_id}/notes", json={"id": write_id(), "topic": money, "note_well": "Meer rust"})
    assert (notes.json["topic"]["note_well"], notes.json["topic"]["note_better"]) == ("Meer rust", "Post")
    # null empties a note.
    notes = pro_a.post(f"/api/rounds/{round_id}/notes", json={"id": write_id(), "topic": money, "note_better": None})
    assert (notes.json["topic"]["note_well"], notes.json["topic"]["note_better"]) == ("Meer rust", None)
    refused = pro_a.post(f"/api/rounds/{round_id}/complete", json={"id": write_id()})
    assert refused.status_code == 409 and refused.json["error"]["unplaced"] == 6
    assert "6 fiches" in refused.json["error"]["message"]
    done = pro_a.post(f"/api/rounds/{round_id}/complete", json={"id": write_id(), "allow_unplaced": True})
    assert done.status_code == 200 and done.json["completed"] is True
    with app.app_context():
        assert db.session.get(Round, round_id).completed
        assert db.session.get(Topic, money).wants_to_talk


def test_a_completed_round_answers_409_and_nothing_is_written(pro_a, world, app):
    housing = _topic_of(app, world.first)
    before = counts(app)
    for path, body in [
        ("chips", chip_body(housing, value=99)),
        ("flags", {"id": write_id(), "topic": housing, "wants_to_talk": True}),
        ("notes", {"id": write_id(), "topic": housing, "note_well": "x"}),
        ("complete", {"id": write_id(), "allow_unplaced": True}),
    ]:
        response = pro_a.post(f"/api/rounds/{world.first}/{path}", json=body)
        assert response.status_code == 409, path
        assert response.json["error"]["message"] == "Dit gesprek is afgerond en kan niet meer veranderen."
    assert counts(app) == before


def _topic_of(app, round_id):
    with app.app_context():
        return db.session.get(Round, round_id).topics[0].id


@pytest.mark.parametrize("body, status, field", [
    ({"topic": "housing", "perspective": "resident", "state": "placed", "value": 40}, 422, "topic"),
    ({"perspective": "resident", "state": "placed", "value": "40"}, 422, "value"),
    ({"perspective": "resident", "state": "placed", "value": True}, 422, "value"),
    ({"perspective": "resident", "state": "placed", "value": 101}, 422, "value"),
    ({"perspective": "resident", "state": "placed"}, 422, "value"),
    ({"perspective": "resident", "state": "lost", "value": 40}, 422, "state"),
    ({"perspective": "neighbour", "state": "placed", "value": 40}, 422, "perspective"),
    ({"perspective": "resident", "state": "placed", "value": 40, "at": "yesterday"}, 422, "at"),
    ({"perspective": "resident", "state": "placed", "value": 40, "at": "2026-11-25T10:00:00"}, 422, "at"),
    ({"perspective": "resident", "state": "placed", "value": 40, "id": "short"}, 422, "id"),
])
def test_wrong_types_and_values_answer_4xx_with_a_message_and_write_nothing(pro_a, open_round, app, body, status, field):
    round_id, (housing, _money) = open_round
    before = counts(app)
    response = pro_a.post(f"/api/rounds/{round_id}/chips", json={"id": write_id(), "topic": housing, **body})
    assert response.status_code == status
    assert response.json["error"]["field"] == field and response.json["error"]["message"]
    assert counts(app) == before


def test_bad_json_unknown_topics_and_other_teams_rounds(pro_a, open_round, world, app):
    round_id, _topics = open_round
    before = counts(app)
    response = pro_a.post(f"/api/rounds/{round_id}/chips", data="{not json", content_type="application/json")
    assert response.status_code == 400 and "JSON" in response.json["error"]["message"]
    response = pro_a.post(f"/api/rounds/{round_id}/chips", json=[1, 2])
    assert response.status_code == 400
    # A topic of another round (here: of team B's round) is not part of this one.
    foreign = _topic_of(app, world.other_round)
    response = pro_a.post(f"/api/rounds/{round_id}/chips", json=chip_body(foreign))
    assert response.status_code == 422 and response.json["error"]["message"] == "Dit onderwerp hoort niet bij dit gesprek."
    # Another team's round does not exist for this user.
    response = pro_a.post(f"/api/rounds/{world.other_round}/chips", json=chip_body(foreign))
    assert response.status_code == 404 and response.json["error"]["message"]
    assert pro_a.get(f"/api/rounds/{world.other_round}").status_code == 404
    assert counts(app) == before


def test_messages_are_in_the_users_language(pro_a, open_round):
    round_id, (housing, _money) = open_round
    pro_a.post("/taal", data={"language": "en"})
    response = pro_a.post(f"/api/rounds/{round_id}/chips", json=chip_body(housing, value=400))
    assert response.json["error"]["message"] == "A place on the scale is between 0 and 100."


def test_not_signed_in_gets_401_json(client, open_round):
    round_id, (housing, _money) = open_round
    response = client.post(f"/api/rounds/{round_id}/chips", json=chip_body(housing))
    assert response.status_code == 401 and response.json["error"]["message"]
    assert client.get(f"/api/rounds/{round_id}").status_code == 401


def test_csrf_comes_in_a_header_and_a_fresh_token_can_be_fetched(csrf_app):
    with csrf_app.app_context():
        pro = factories.user(factories.team("Team C"), "c@example.org")
        member = factories.household(pro).members[0]
        round_ = factories.open_round(pro, member, ["housing"])
        round_id, topic = round_.id, round_.topics[0].id
    client = csrf_app.test_client()
    assert login(client, "c@example.org").status_code == 302
    body = chip_body(topic)
    refused = client.post(f"/api/rounds/{round_id}/chips", json=body)
    assert refused.status_code == 400 and "niets bewaard" in refused.json["error"]["message"]
    token = client.get("/api/csrf-token").json["token"]
    page_token = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get(f"/rounds/{round_id}").get_data(as_text=True)).group(1)
    assert token and page_token
    accepted = client.post(f"/api/rounds/{round_id}/chips", json=body, headers={"X-CSRFToken": token})
    assert accepted.status_code == 200 and accepted.json["applied"] is True


@pytest.mark.parametrize("path, raw, status", [
    ("chips", '{"id": "' + "a" * 64 + '\\n", "topic": TOPIC, "perspective": "resident", "state": "not_now"}', 422),
    ("notes", '{"id": "abcdefgh1", "topic": TOPIC, "note_well": "\\ud800"}', 422),
    ("chips", "[" * 100_000 + "]" * 100_000, 400),
    ("flags", '{"id": "abcdefgh2", "topic": TOPIC, "wants_to_talk": true, "at": "0001-01-01T00:00:00+01:00"}', 422),
])
def test_bodies_that_used_to_end_in_a_500(pro_a, open_round, app, path, raw, status):
    """A write id with a newline after it, a lone surrogate, JSON nested past the parser's depth, a
    time that lies before year 1 once in UTC."""
    round_id, (housing, _money) = open_round
    before = counts(app)
    response = pro_a.post(f"/api/rounds/{round_id}/{path}", data=raw.replace("TOPIC", str(housing)), content_type="application/json")
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.json["error"]["message"]
    assert counts(app) == before


def test_two_devices_placing_the_first_chip_at_once_get_409_not_500(app, world, open_round):
    from wattelt.errors import Conflict
    from wattelt.models import ChipState, Perspective
    from wattelt.rounds import service

    round_id, (housing, _money) = open_round
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        pro = db.session.get(User, world.pro_a)
        # The other device's chip, stored a moment ago, not yet seen by this request's session.
        with db.engine.begin() as other:
            other.execute(sa.insert(Chip).values(topic_id=housing, perspective="resident", value=10,
                                                 placed_at=datetime.now(timezone.utc), updated_at=datetime.now(timezone.utc)))
        with pytest.raises(Conflict, match="ander apparaat"):
            service.place_chip(round_, service.ChipChange(housing, Perspective.RESIDENT, ChipState.PLACED, 40), pro)
        db.session.rollback()


def test_a_replay_asks_the_policy_again(pro_a, open_round, app, world):
    round_id, (housing, _money) = open_round
    body = chip_body(housing)
    assert pro_a.post(f"/api/rounds/{round_id}/chips", json=body).status_code == 200
    with app.app_context():
        db.session.get(User, world.pro_a).team_id = world.team_b
        db.session.commit()
    assert pro_a.post(f"/api/rounds/{round_id}/chips", json=body).status_code == 404
