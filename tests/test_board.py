"""A round: choose domains, place chips per perspective, 'not now', notes, complete."""
import sqlalchemy as sa

from wattelt.extensions import db
from wattelt.models import Chip, Perspective, Round, Topic


def start(client, member_id, **extra):
    data = {"held_on": "2026-11-20", "domains": ["housing", "money"], "with_professional": "y", **extra}
    return client.post(f"/members/{member_id}/rounds/new", data=data)


def latest_round(app, member_id) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Round.id).where(Round.member_id == member_id).order_by(Round.id.desc()))


def topic_ids(app, round_id) -> dict[str, int]:
    with app.app_context():
        return {t.key: t.id for t in db.session.get(Round, round_id).topics}


def test_start_round_with_chosen_and_own_domains(pro_a, world, app):
    response = start(pro_a, world.kevin, **{"own_domains-0": "Gamen met vrienden", "with_naaste": "y"})
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
        assert round_.perspectives == [Perspective.RESIDENT, Perspective.PROFESSIONAL, Perspective.NAASTE]


def test_unknown_domain_key_is_refused_and_nothing_written(pro_a, world, app):
    before = latest_round(app, world.marieke)
    response = start(pro_a, world.marieke, domains=["housing", "moon_travel"])
    assert response.status_code == 422
    assert "moon_travel" in response.get_data(as_text=True)
    assert latest_round(app, world.marieke) == before


def test_a_round_needs_at_least_one_domain(pro_a, world, app):
    response = start(pro_a, world.marieke, domains=[])
    assert response.status_code == 422
    assert "minstens één leefgebied" in response.get_data(as_text=True)


def test_place_chips_not_now_notes_and_complete(pro_a, world, app):
    start(pro_a, world.marieke)
    round_id = latest_round(app, world.marieke)
    topics = topic_ids(app, round_id)
    h, m = topics["housing"], topics["money"]
    response = pro_a.post(f"/rounds/{round_id}", data={
        f"chip_{h}_resident": "72", f"chip_{h}_professional": "64",
        f"chip_{m}_resident": "50", f"notnow_{m}_resident": "y", f"chip_{m}_professional": "30",
        f"talk_{m}": "y", f"well_{h}": "Fijne buren", f"better_{m}": "Post stapelt op",
        "save": "Bewaren",
    })
    assert response.status_code == 302
    with app.app_context():
        chips = {(c.topic_id, c.perspective): c.value for c in db.session.scalars(sa.select(Chip))}
        assert chips[(h, Perspective.RESIDENT)] == 72
        assert chips[(h, Perspective.PROFESSIONAL)] == 64
        # 'Not now' is stored as not discussed, never as a low score.
        assert chips[(m, Perspective.RESIDENT)] is None
        money = db.session.get(Topic, m)
        assert money.wants_to_talk and money.note_better == "Post stapelt op"
    response = pro_a.post(f"/rounds/{round_id}", data={f"chip_{h}_resident": "72", f"chip_{h}_professional": "64", f"chip_{m}_resident": "40", f"chip_{m}_professional": "30", "finish": "1"})
    assert response.status_code == 302
    page = pro_a.get(f"/rounds/{round_id}").get_data(as_text=True)
    assert "afgerond" in page
    assert 'type="application/json"' in page
    with app.app_context():
        assert db.session.get(Round, round_id).completed


def test_score_out_of_range_is_refused_and_nothing_written(pro_a, world, app):
    start(pro_a, world.marieke)
    round_id = latest_round(app, world.marieke)
    h = topic_ids(app, round_id)["housing"]
    response = pro_a.post(f"/rounds/{round_id}", data={f"chip_{h}_resident": "150", f"chip_{h}_professional": "20", "save": "1"})
    assert response.status_code == 422
    assert "100" in response.get_data(as_text=True)
    response = pro_a.post(f"/rounds/{round_id}", data={f"chip_{h}_resident": "veel", "save": "1"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Chip).where(Chip.topic_id == h)) == 0


def test_over_long_note_is_refused(pro_a, world, app):
    start(pro_a, world.marieke)
    round_id = latest_round(app, world.marieke)
    h = topic_ids(app, round_id)["housing"]
    response = pro_a.post(f"/rounds/{round_id}", data={f"chip_{h}_resident": "50", f"well_{h}": "x" * 501, "save": "1"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Topic, h).note_well is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Chip).where(Chip.topic_id == h)) == 0


def test_completed_round_cannot_change(pro_a, world, app):
    topics = topic_ids(app, world.first)
    response = pro_a.post(f"/rounds/{world.first}", data={f"chip_{topics['housing']}_resident": "99", "save": "1"})
    assert response.status_code == 200
    with app.app_context():
        chip = db.session.scalar(sa.select(Chip).where(Chip.topic_id == topics["housing"], Chip.perspective == Perspective.RESIDENT))
        assert chip.value == 40


def test_database_refuses_a_position_outside_the_scale(app, world):
    import pytest
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        topic = db.session.scalar(sa.select(Topic))
        db.session.add(Chip(topic=topic, perspective=Perspective.NAASTE, value=101))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
