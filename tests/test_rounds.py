"""A round: choose domains, place chips per perspective, 'not now', notes, complete.

Forms are sent as the page renders them (tests/forms.py): what a browser sends by default, such as
a range input's value, is part of what is tested.
"""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from babel import support
from werkzeug.datastructures import MultiDict

from tests import factories
from tests.forms import page_form
from wattelt import i18n
from wattelt.errors import Conflict, InvalidInput
from wattelt.extensions import db
from wattelt.models import Chip, ChipEvent, ChipState, Perspective, Round, Topic, User
from wattelt.rounds import service
from wattelt.rounds.service import ChipChange
from wattelt.models.types import as_utc

R, P, N = Perspective.RESIDENT, Perspective.PROFESSIONAL, Perspective.NAASTE


def start(client, member_id, **changes):
    page = client.get(f"/members/{member_id}/rounds/new")
    return page_form(page).submit(client, **{"domains": ["housing", "money"], **changes})


def latest_round(app, member_id) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Round.id).where(Round.member_id == member_id).order_by(Round.id.desc()))


def topic_ids(app, round_id) -> dict[str, int]:
    with app.app_context():
        return {t.key: t.id for t in db.session.get(Round, round_id).topics}


def chips(app, round_id) -> dict[tuple[str, Perspective], int | None]:
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        return {(t.key, c.perspective): c.value for t in round_.topics for c in t.chips}


def board(client, round_id):
    return page_form(client.get(f"/rounds/{round_id}"))


def test_start_round_with_chosen_and_own_domains(pro_a, world, app):
    response = start(pro_a, world.kevin, **{"own_domains-0": "Gamen met vrienden", "with_naaste": True})
    assert response.status_code == 302
    round_id = latest_round(app, world.kevin)
    page = pro_a.get(f"/rounds/{round_id}").get_data(as_text=True)
    # Youth wording, in board order, and the own domain in the resident's words.
    assert page.index("Thuis") < page.index("Geld en zakgeld") < page.index("Gamen met vrienden")
    assert "Fiche van: Naaste" in page
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        assert round_.instrument.key == "youth" and round_.instrument.version == 1
        assert [t.key for t in round_.topics] == ["housing", "money", "own:gamen met vrienden"]
        assert round_.perspectives == [R, P, N]


def test_a_round_submitted_untouched_stores_no_chip(pro_a, world, app):
    """Every scale starts in the middle and the browser sends it: that is not a chip."""
    start(pro_a, world.kevin, domains=["housing", "money", "work", "network"])
    round_id = latest_round(app, world.kevin)
    scales = [c for c in board(pro_a, round_id).controls if c.kind == "range"]
    assert len(scales) == 8 and {c.value for c in scales} == {"50"}
    page = pro_a.get(f"/rounds/{round_id}").get_data(as_text=True)
    assert page.count('max="100" min="0"') == 8 and page.count('step="1"') == 8
    response = board(pro_a, round_id).submit(pro_a, button="finish")
    # Completing with chips off the board asks first, and says how many.
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/rounds/{round_id}/complete")
    confirm = pro_a.get(f"/rounds/{round_id}/complete")
    assert "Er liggen nog 8 fiches niet op het bord." in confirm.get_data(as_text=True)
    assert chips(app, round_id) == {}
    assert page_form(confirm).submit(pro_a).status_code == 302
    with app.app_context():
        assert db.session.get(Round, round_id).completed
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ChipEvent).join(Topic).where(Topic.round_id == round_id)) == 0
    table = pro_a.get(f"/rounds/{round_id}/result").get_data(as_text=True)
    assert table.count(">niet gelegd</td>") == 8
    assert "Niet in de kaart: 0 keer 'niet nu' en 8 keer 'niet gelegd'." in table.replace("&#39;", "'")


def test_place_chips_not_now_notes_and_complete(pro_a, world, app):
    start(pro_a, world.marieke)
    round_id = latest_round(app, world.marieke)
    h, m = topic_ids(app, round_id)["housing"], topic_ids(app, round_id)["money"]
    response = board(pro_a, round_id).submit(pro_a, button="save", **{
        f"state_{h}_resident": "placed", f"chip_{h}_resident": "72",
        f"state_{h}_professional": "placed", f"chip_{h}_professional": "64",
        f"state_{m}_resident": "not_now", f"chip_{m}_resident": "10",
        f"state_{m}_professional": "placed", f"chip_{m}_professional": "0",
        f"talk_{m}": True, f"well_{h}": "Fijne buren", f"better_{m}": "Post stapelt op",
    })
    assert response.status_code == 302
    # 'Not now' is never a low score; 0 is a real position at the end of the scale.
    assert chips(app, round_id) == {("housing", R): 72, ("housing", P): 64, ("money", R): None, ("money", P): 0}
    with app.app_context():
        money = db.session.get(Topic, m)
        assert money.wants_to_talk and money.note_better == "Post stapelt op"
        chip = db.session.scalar(sa.select(Chip).where(Chip.topic_id == h, Chip.perspective == R))
        assert chip.placed_by_id == world.pro_a
    # A second save of the page as rendered changes nothing: 'not now' stays 'not now'.
    assert board(pro_a, round_id).submit(pro_a, button="save").status_code == 302
    assert chips(app, round_id)[("money", R)] is None
    response = board(pro_a, round_id).submit(pro_a, button="finish", **{f"chip_{m}_resident": "100", f"state_{m}_resident": "placed"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/rounds/{round_id}")
    page = pro_a.get(f"/rounds/{round_id}/result").get_data(as_text=True)
    assert "afgerond" in page and 'type="application/json"' in page
    with app.app_context():
        assert db.session.get(Round, round_id).completed
    assert chips(app, round_id)[("money", R)] == 100


def test_taking_a_chip_off_the_board(pro_a, world, app):
    start(pro_a, world.marieke, domains=["housing"])
    round_id = latest_round(app, world.marieke)
    h = topic_ids(app, round_id)["housing"]
    board(pro_a, round_id).submit(pro_a, button="save", **{f"state_{h}_resident": "placed", f"chip_{h}_resident": "30"})
    board(pro_a, round_id).submit(pro_a, button="save", **{f"state_{h}_resident": "not_placed"})
    assert chips(app, round_id) == {}
    with app.app_context():
        states = db.session.scalars(sa.select(ChipEvent.state).where(ChipEvent.topic_id == h).order_by(ChipEvent.id)).all()
        assert states == [ChipState.PLACED, ChipState.NOT_PLACED]


def test_score_out_of_range_is_refused_and_nothing_written(pro_a, world, app):
    start(pro_a, world.marieke)
    round_id = latest_round(app, world.marieke)
    h, m = topic_ids(app, round_id)["housing"], topic_ids(app, round_id)["money"]
    form = board(pro_a, round_id)
    response = form.submit(pro_a, button="save", **{
        f"state_{m}_resident": "placed", f"chip_{m}_resident": "40",
        f"state_{h}_resident": "placed", f"chip_{h}_resident": "150",
    })
    assert response.status_code == 422
    assert "100" in response.get_data(as_text=True)
    response = form.submit(pro_a, button="save", **{f"state_{h}_resident": "placed", f"chip_{h}_resident": "veel"})
    assert response.status_code == 422
    assert chips(app, round_id) == {}


def test_a_chip_state_of_only_spaces_is_refused_not_an_error(pro_a, world, app):
    """Used to end in a 500: Optional took " " for nothing sent, wiped "not a valid choice", and the
    board tried to store " " as a chip's state."""
    start(pro_a, world.marieke)
    round_id = latest_round(app, world.marieke)
    h = topic_ids(app, round_id)["housing"]
    response = board(pro_a, round_id).submit(pro_a, button="save", tampered=[(f"state_{h}_resident", " ")])
    assert response.status_code == 422
    assert 'class="utrecht-form-field-error-message">Ongeldige keuze.' in response.get_data(as_text=True)
    assert chips(app, round_id) == {}


def test_wtforms_own_texts_come_in_the_page_language_from_a_catalogue_read_once(pro_a, world, app, monkeypatch):
    """WTForms' own messages follow the person's language; its catalogue is read once per language,
    not in every request that builds a form (Flask-WTF's own way)."""
    loaded = []
    load = support.Translations.load
    monkeypatch.setattr(support.Translations, "load", lambda *a, **k: loaded.append(k.get("domain")) or load(*a, **k))
    i18n._wtforms_catalogue.cache_clear()
    start(pro_a, world.marieke)
    round_id = latest_round(app, world.marieke)
    h = topic_ids(app, round_id)["housing"]
    for language, message in (("nl", "Ongeldige keuze."), ("en", "Not a valid choice."), ("nl", "Ongeldige keuze.")):
        pro_a.set_cookie(i18n.LANGUAGE_COOKIE, language)
        for _ in range(2):
            response = board(pro_a, round_id).submit(pro_a, button="save", tampered=[(f"state_{h}_resident", "geen")])
            assert f'class="utrecht-form-field-error-message">{message}' in response.get_data(as_text=True), language
    assert loaded.count("wtforms") == 2


def test_over_long_note_and_control_characters_are_refused(pro_a, world, app):
    start(pro_a, world.marieke)
    round_id = latest_round(app, world.marieke)
    h = topic_ids(app, round_id)["housing"]
    form = board(pro_a, round_id)
    for note in ["x" * 501, "Buren\x00", "evil\u202etxt.exe"]:
        response = form.submit(pro_a, button="save", **{f"state_{h}_resident": "placed", f"chip_{h}_resident": "50", f"well_{h}": note})
        assert response.status_code == 422, note
    assert "onzichtbaar teken" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Topic, h).note_well is None
    assert chips(app, round_id) == {}
    # Line breaks in a note are fine; they are stored in one form, whatever the browser sends.
    form.submit(pro_a, button="save", **{f"well_{h}": "Fijne buren\r\nen een tuin"})
    with app.app_context():
        assert db.session.get(Topic, h).note_well == "Fijne buren\nen een tuin"
    # Saving the page again as rendered (the browser sends CR LF) does not count as a change.
    with app.app_context():
        before = db.session.get(Topic, h).note_well_changed_at
    board(pro_a, round_id).submit(pro_a, button="save")
    with app.app_context():
        assert db.session.get(Topic, h).note_well_changed_at == before


def test_a_post_to_a_completed_round_answers_409_and_changes_nothing(pro_a, world, app):
    topics = topic_ids(app, world.first)
    page = pro_a.get(f"/rounds/{world.first}")
    assert page.status_code == 302 and page.headers["Location"].endswith(f"/rounds/{world.first}/result")
    response = pro_a.post(f"/rounds/{world.first}", data={f"state_{topics['housing']}_resident": "placed", f"chip_{topics['housing']}_resident": "99", "save": "1"})
    assert response.status_code == 409
    assert "afgerond" in response.get_data(as_text=True)
    assert chips(app, world.first)[("housing", R)] == 40
    assert pro_a.post(f"/rounds/{world.first}/complete").status_code == 409


def test_extra_and_malformed_own_domain_entries_get_a_message(pro_a, world, app):
    before = latest_round(app, world.marieke)
    form = page_form(pro_a.get(f"/members/{world.marieke}/rounds/new"))
    response = form.submit(pro_a, domains=["housing"], tampered=[("own_domains-3", "Vierde")])
    assert response.status_code == 422
    assert "hoogstens 3 eigen onderwerpen" in response.get_data(as_text=True)
    response = form.submit(pro_a, domains=["housing"], tampered=[("own_domains-²", "Tuin")])
    assert response.status_code == 422
    assert latest_round(app, world.marieke) == before


@pytest.mark.parametrize("held_on", ["0001-01-01", "9999-12-31"])
def test_impossible_dates_are_refused(pro_a, world, app, held_on):
    before = latest_round(app, world.marieke)
    response = start(pro_a, world.marieke, held_on=held_on)
    assert response.status_code == 422
    assert "Kies een datum tussen" in response.get_data(as_text=True)
    assert latest_round(app, world.marieke) == before


def test_unknown_domain_key_is_refused_and_nothing_written(pro_a, world, app):
    before = latest_round(app, world.marieke)
    form = page_form(pro_a.get(f"/members/{world.marieke}/rounds/new"))
    response = form.submit(pro_a, domains=["housing"], tampered=[("domains", "moon_travel")])
    assert response.status_code == 422
    assert latest_round(app, world.marieke) == before


def test_a_round_needs_at_least_one_domain(pro_a, world, app):
    response = start(pro_a, world.marieke, domains=[])
    assert response.status_code == 422
    assert "minstens één onderwerp" in response.get_data(as_text=True)


# The services' own rules, tested on the services: the forms refuse much of this before.

@pytest.fixture
def open_round(app, world):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        member = db.session.get(Round, world.first).member
        round_ = factories.open_round(pro, member, ["housing", "money"], own=["Tuin", " tuin ", "TUIN", "Koken"], naaste=True)
        # Started two hours ago, so device times of the last hours are within its bounds.
        round_.created_at = datetime.now(timezone.utc) - timedelta(hours=2)
        db.session.commit()
        yield round_, pro


def test_own_domains_with_the_same_words_are_one_topic(open_round):
    round_, _pro = open_round
    assert [t.key for t in round_.topics] == ["housing", "money", "own:tuin", "own:koken"]
    assert [t.own_label for t in round_.topics if t.own_label] == ["Tuin", "Koken"]


def test_too_many_own_domains_are_refused_by_the_service(app, world):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        member = db.session.get(Round, world.first).member
        with pytest.raises(InvalidInput, match="hoogstens 3"):
            service.start_round(pro, member, factories.TODAY, [], ["a", "b", "c", "d"], today=factories.TODAY)
        with pytest.raises(InvalidInput, match="onzichtbaar"):
            service.start_round(pro, member, factories.TODAY, [], ["Tuin\x07"], today=factories.TODAY)


@pytest.mark.parametrize("days, ok", [(0, True), (-3650, True), (31, True), (32, False), (-3651, False)])
def test_round_dates_are_bounded_by_the_service(app, world, days, ok):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        member = db.session.get(Round, world.first).member
        held_on = factories.TODAY + timedelta(days=days)
        if ok:
            assert service.start_round(pro, member, held_on, ["housing"], [], today=factories.TODAY).held_on == held_on
        else:
            with pytest.raises(InvalidInput):
                service.start_round(pro, member, held_on, ["housing"], [], today=factories.TODAY)


@pytest.mark.parametrize("value, ok", [(0, True), (100, True), (-1, False), (101, False), (None, False)])
def test_positions_are_bounded_by_the_service(open_round, value, ok):
    round_, pro = open_round
    change = ChipChange(round_.topics[0].id, R, ChipState.PLACED, value)
    if ok:
        assert service.place_chip(round_, change, pro).applied
        assert round_.topics[0].chip(R).value == value
    else:
        with pytest.raises(InvalidInput):
            service.place_chip(round_, change, pro)
        assert round_.topics[0].chip(R) is None


def test_the_service_refuses_foreign_topics_and_absent_perspectives(app, world, open_round):
    round_, pro = open_round
    other_topic = db.session.get(Round, world.first).topics[0].id
    with pytest.raises(InvalidInput, match="hoort niet bij dit gesprek"):
        service.place_chip(round_, ChipChange(other_topic, R, ChipState.PLACED, 50), pro)
    round_.with_naaste = False
    with pytest.raises(InvalidInput, match="doet niet mee"):
        service.place_chip(round_, ChipChange(round_.topics[0].id, N, ChipState.PLACED, 50), pro)


def test_a_later_device_time_wins_and_the_earlier_change_is_kept(open_round):
    round_, pro = open_round
    topic = round_.topics[0]
    now = datetime.now(timezone.utc)
    late = service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 80), pro, now)
    early = service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 20), pro, now - timedelta(seconds=30))
    assert late.applied and not early.applied
    assert topic.chip(R).value == 80
    history = db.session.scalars(sa.select(ChipEvent).where(ChipEvent.topic_id == topic.id).order_by(ChipEvent.id)).all()
    assert [(e.value, e.applied) for e in history] == [(80, True), (20, False)]
    # The same time again wins (the later arrival), so a device can always correct itself.
    assert service.place_chip(round_, ChipChange(topic.id, R, ChipState.NOT_NOW), pro, now).applied
    assert topic.chip(R).not_now


def test_device_times_are_bounded_by_the_round_and_the_server(open_round):
    round_, pro = open_round
    topic = round_.topics[0]
    service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 10), pro, datetime(2099, 1, 1, tzinfo=timezone.utc))
    assert topic.chip(R).placed_at <= datetime.now(timezone.utc)
    # A device clock far in the future cannot lock the chip: a change made now still wins.
    assert service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 20), pro).applied
    service.place_chip(round_, ChipChange(topic.id, P, ChipState.PLACED, 10), pro, datetime(2000, 1, 1, tzinfo=timezone.utc))
    assert topic.chip(P).placed_at >= round_.created_at.replace(tzinfo=timezone.utc) - timedelta(seconds=1)


def test_flags_and_notes_follow_the_device_time_too(open_round):
    round_, pro = open_round
    topic = round_.topics[1]
    now = datetime.now(timezone.utc)
    assert service.set_flag(round_, topic.id, True, now).applied
    assert not service.set_flag(round_, topic.id, False, now - timedelta(minutes=1)).applied
    assert topic.wants_to_talk is True
    assert service.set_notes(round_, topic.id, {"well": " Goed "}, now).applied
    assert not service.set_notes(round_, topic.id, {"well": "Ouder"}, now - timedelta(minutes=1)).applied
    assert (topic.note_well, topic.note_better) == ("Goed", None)
    # Each note keeps its own time: an older edit of the other note still counts.
    assert service.set_notes(round_, topic.id, {"better": "Post"}, now - timedelta(minutes=1)).applied
    assert (topic.note_well, topic.note_better) == ("Goed", "Post")


def test_unplaced_counts_every_missing_chip_of_every_perspective(open_round):
    round_, pro = open_round
    assert service.unplaced(round_) == 4 * 3
    service.place_chip(round_, ChipChange(round_.topics[0].id, N, ChipState.NOT_NOW), pro)
    service.place_chip(round_, ChipChange(round_.topics[0].id, R, ChipState.PLACED, 0), pro)
    assert service.unplaced(round_) == 4 * 3 - 2
    with pytest.raises(service.UnplacedChips) as refused:
        service.complete_round(round_)
    assert refused.value.count == 10 and round_.completed_at is None
    service.complete_round(round_, allow_unplaced=True)
    assert round_.completed
    with pytest.raises(Conflict):
        service.complete_round(round_, allow_unplaced=True)
    with pytest.raises(Conflict):
        service.place_chip(round_, ChipChange(round_.topics[0].id, R, ChipState.PLACED, 5), pro)
    assert round_.topics[0].chip(R).value == 0


def test_complete_with_every_chip_placed_needs_no_confirmation(open_round):
    round_, pro = open_round
    for topic in round_.topics:
        for perspective in round_.perspectives:
            service.place_chip(round_, ChipChange(topic.id, perspective, ChipState.NOT_NOW), pro)
    assert service.unplaced(round_) == 0
    service.complete_round(round_)
    assert round_.completed


def test_rounds_are_listed_in_the_order_they_were_held(app, world):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        member = db.session.get(Round, world.first).member
        # Entered last, held first: it is the first round, not the latest.
        early = factories.completed_round(pro, member, {"housing": (10, 10)}, held_on=factories.TODAY - timedelta(days=300))
        open_ = factories.open_round(pro, member, ["housing"], held_on=factories.TODAY)
        listed = service.rounds_of(pro, member)
        assert [r.id for r in listed] == [early.id, world.first, world.second, open_.id]
        assert [r.id for r in service.rounds_of(pro, member, completed_only=True)] == [early.id, world.first, world.second]


def test_own_domain_limits_at_their_edges(app, world):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        member = db.session.get(Round, world.first).member
        three = service.start_round(pro, member, factories.TODAY, [], ["a", "b", "c"], today=factories.TODAY)
        assert len(three.topics) == 3
        assert service.start_round(pro, member, factories.TODAY, [], ["x" * 80], today=factories.TODAY).topics[0].own_label == "x" * 80
        with pytest.raises(InvalidInput, match="hoogstens 80"):
            service.start_round(pro, member, factories.TODAY, [], ["x" * 81], today=factories.TODAY)
        db.session.rollback()


def test_sending_the_current_state_again_counts_as_stored(open_round):
    """A repeat of what is already current (a replayed queue, two devices agreeing) is no conflict."""
    round_, pro = open_round
    topic = round_.topics[0]
    now = datetime.now(timezone.utc)
    service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 40), pro, now)
    assert service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 40), pro, now - timedelta(hours=1)).applied
    service.set_flag(round_, topic.id, True, now)
    assert service.set_flag(round_, topic.id, True, now - timedelta(hours=1)).applied
    service.set_notes(round_, topic.id, {"well": "Goed"}, now)
    assert service.set_notes(round_, topic.id, {"well": "Goed"}, now - timedelta(hours=1)).applied
    # Nothing new was written to the history for the repeat.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ChipEvent).where(ChipEvent.topic_id == topic.id)) == 1


def test_at_the_same_device_time_the_later_arrival_wins(open_round):
    round_, pro = open_round
    topic = round_.topics[0]
    now = datetime.now(timezone.utc)
    service.set_flag(round_, topic.id, True, now)
    assert service.set_flag(round_, topic.id, False, now).applied and topic.wants_to_talk is False
    service.set_notes(round_, topic.id, {"well": "Eerst"}, now)
    assert service.set_notes(round_, topic.id, {"well": "Daarna"}, now).applied and topic.note_well == "Daarna"


def test_a_households_rounds_are_only_its_own(app, world):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        household = db.session.get(Round, world.first).member.household
        neighbours = factories.household(pro, "Buren", members=[("Bas", 1970)])
        theirs = factories.completed_round(pro, neighbours.members[0], {"housing": (1, 1)})
        grouped = service.rounds_by_member(pro, household)
        assert set(grouped) == {world.marieke}
        assert [r.id for r in grouped[world.marieke]] == [world.first, world.second]
        assert theirs.id not in {r.id for rounds in grouped.values() for r in rounds}


def test_saying_the_same_again_later_moves_the_time_on(open_round):
    """50 at t1, 50 again at t3, then 30 made at t2 arrives: the last word (t3) was 50."""
    round_, pro = open_round
    topic = round_.topics[0]
    t1 = datetime.now(timezone.utc) - timedelta(minutes=30)
    service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 50), pro, t1)
    service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 50), pro, t1 + timedelta(minutes=20))
    assert not service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 30), pro, t1 + timedelta(minutes=10)).applied
    assert topic.chip(R).value == 50
    history = db.session.execute(sa.select(ChipEvent.value, ChipEvent.applied).where(ChipEvent.topic_id == topic.id).order_by(ChipEvent.id)).all()
    assert [tuple(h) for h in history] == [(50, True), (50, True), (30, False)]
    # The very same change again (same time) is a replay: nothing new in the history.
    service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 50), pro, t1 + timedelta(minutes=20))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ChipEvent).where(ChipEvent.topic_id == topic.id)) == 3
    service.set_flag(round_, topic.id, False, t1 + timedelta(minutes=20))
    assert not service.set_flag(round_, topic.id, True, t1 + timedelta(minutes=10)).applied
    assert topic.wants_to_talk is False


def test_a_chip_taken_off_the_board_is_not_put_back_by_an_older_change(open_round):
    round_, pro = open_round
    topic = round_.topics[0]
    t1 = datetime.now(timezone.utc) - timedelta(minutes=30)
    service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 50), pro, t1)
    service.place_chip(round_, ChipChange(topic.id, R, ChipState.NOT_PLACED), pro, t1 + timedelta(minutes=20))
    late = service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 30), pro, t1 + timedelta(minutes=10))
    assert not late.applied and topic.chip(R) is None
    # A change made after the removal does put it back.
    assert service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 70), pro, t1 + timedelta(minutes=25)).applied
    assert topic.chip(R).value == 70


def test_device_times_in_another_time_zone_are_stored_in_utc(open_round):
    round_, pro = open_round
    topic = round_.topics[0]
    amsterdam = timezone(timedelta(hours=1))
    when = datetime.now(amsterdam) - timedelta(minutes=5)
    service.place_chip(round_, ChipChange(topic.id, R, ChipState.PLACED, 50), pro, when)
    db.session.commit()
    db.session.expire_all()
    stored = round_.topics[0].chip(R).placed_at
    # SQLite gives the time back without a zone: it must be the UTC time, not Amsterdam's clock.
    assert abs(as_utc(stored) - when).total_seconds() < 1


def test_saving_the_board_leaves_what_another_device_changed_meanwhile(pro_a, world, app):
    start(pro_a, world.marieke)
    round_id = latest_round(app, world.marieke)
    h, m = topic_ids(app, round_id)["housing"], topic_ids(app, round_id)["money"]
    form = board(pro_a, round_id)  # the page as shown on the tablet
    with app.app_context():  # meanwhile, on the resident's phone
        round_ = db.session.get(Round, round_id)
        phone = db.session.get(User, world.pro_a)
        service.place_chip(round_, ChipChange(m, R, ChipState.PLACED, 15), phone)
        service.set_flag(round_, m, True)
        service.set_notes(round_, m, {"better": "Post"})
        db.session.commit()
    form.submit(pro_a, button="save", **{f"state_{h}_resident": "placed", f"chip_{h}_resident": "80", f"well_{h}": "Buren"})
    assert chips(app, round_id) == {("housing", R): 80, ("money", R): 15}
    with app.app_context():
        money = db.session.get(Topic, m)
        assert money.wants_to_talk and money.note_better == "Post"
        assert db.session.get(Topic, h).note_well == "Buren"


def test_the_board_form_needs_its_snapshot_and_a_position_for_a_placed_chip(pro_a, world, app):
    start(pro_a, world.marieke)
    round_id = latest_round(app, world.marieke)
    h = topic_ids(app, round_id)["housing"]
    form = board(pro_a, round_id)
    response = form.submit(pro_a, button="save", tampered=[("shown", "")], **{f"state_{h}_resident": "placed"})
    assert response.status_code == 422 and "Laad de pagina opnieuw" in response.get_data(as_text=True)
    sent = [pair for pair in form.data("save", **{f"state_{h}_resident": "placed"}) if pair[0] != f"chip_{h}_resident"]
    response = pro_a.post(f"/rounds/{round_id}", data=MultiDict(sent))
    assert response.status_code == 422 and "Zet de fiche op de schaal" in response.get_data(as_text=True)
    assert chips(app, round_id) == {}


def test_a_date_that_cannot_be_read_says_so(pro_a, world, app):
    response = start(pro_a, world.marieke, held_on="2026-13-45")
    assert response.status_code == 422
    assert "Ongeldige datum" in response.get_data(as_text=True)
