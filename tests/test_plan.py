from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tests.forms import page_form
from wattelt.errors import InvalidInput
from wattelt.extensions import db
from wattelt.models import AccessEvent, Action, ActionOwner, Goal, GoalStatus, Household, User
from wattelt.plan import service


def plan_page(client, household_id):
    return client.get(f"/households/{household_id}/plan")


def goal_form(client, household_id):
    return page_form(plan_page(client, household_id), action=f"/households/{household_id}/plan")


def test_goal_with_two_actions_and_progress(pro_a, world, app):
    response = goal_form(pro_a, world.household).submit(
        pro_a, member=str(world.marieke), domain="housing", text="Ik wil een rustige slaapkamer", hoped_for="80"
    )
    assert response.status_code == 302
    with app.app_context():
        goal = db.session.scalar(sa.select(Goal).filter_by(text="Ik wil een rustige slaapkamer"))
        goal_id = goal.id
        assert goal.hoped_for == 80 and goal.status == GoalStatus.OPEN
    for what, who in [("Verf kopen", "resident"), ("Broer helpt schilderen", "network")]:
        form = page_form(plan_page(pro_a, world.household), action=f"/goals/{goal_id}/actions")
        response = form.submit(pro_a, **{f"action-{goal_id}-what": what, f"action-{goal_id}-who": who, f"action-{goal_id}-by_when": "2026-12-31"})
        assert response.status_code == 302
    page = plan_page(pro_a, world.household).get_data(as_text=True)
    assert "Ik wil een rustige slaapkamer" in page and "Verf kopen" in page and "Broer helpt schilderen" in page
    assert "Iemand uit het netwerk" in page
    with app.app_context():
        action_id = db.session.scalar(sa.select(Action.id).filter_by(what="Verf kopen"))
    done = page_form(plan_page(pro_a, world.household), action=f"/actions/{action_id}/done")
    assert done.submit(pro_a).status_code == 302
    status = page_form(plan_page(pro_a, world.household), action=f"/goals/{goal_id}/status")
    assert status.submit(pro_a, **{f"goal-{goal_id}-status": "reached"}).status_code == 302
    with app.app_context():
        assert db.session.get(Action, action_id).done is True
        assert db.session.get(Goal, goal_id).status == GoalStatus.REACHED
    # The done button toggles back.
    page_form(plan_page(pro_a, world.household), action=f"/actions/{action_id}/done").submit(pro_a)
    with app.app_context():
        assert db.session.get(Action, action_id).done is False


def test_every_id_on_the_plan_page_is_unique(pro_a, world, app):
    import re

    with app.app_context():
        household = db.session.get(Household, world.household)
        second = service.add_goal(household, world.marieke, "housing", "Rust in huis", 60).id
        db.session.commit()
    page = plan_page(pro_a, world.household).get_data(as_text=True)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert f'for="action-{second}-what"' in page and f'for="action-{world.goal}-what"' in page


def test_goal_for_a_domain_not_on_the_board_is_refused(pro_a, world, app):
    response = goal_form(pro_a, world.household).submit(
        pro_a, member=str(world.marieke), text="x", hoped_for="50", tampered=[("domain", "moon_travel")]
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Goal).where(Goal.household_id == world.household)) == 1


def test_hoped_for_position_outside_the_scale_is_refused(pro_a, world, app):
    response = goal_form(pro_a, world.household).submit(pro_a, member=str(world.marieke), domain="money", text="Meer rust", hoped_for="-5")
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(sa.select(Goal).filter_by(text="Meer rust")) is None


def test_action_without_text_shows_a_message_on_its_goal(pro_a, world, app):
    form = page_form(plan_page(pro_a, world.household), action=f"/goals/{world.goal}/actions")
    response = form.submit(pro_a, **{f"action-{world.goal}-who": "resident"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Er klopt nog iets niet" in page
    # The failed form is the one shown open, with its message next to its field.
    assert f'id="action-{world.goal}-what-error"' in page
    with app.app_context():
        assert len(db.session.get(Goal, world.goal).actions) == 1


@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31"])
def test_impossible_action_dates_are_refused(pro_a, world, app, when):
    form = page_form(plan_page(pro_a, world.household), action=f"/goals/{world.goal}/actions")
    response = form.submit(pro_a, **{f"action-{world.goal}-what": "Bellen", f"action-{world.goal}-by_when": when})
    assert response.status_code == 422
    assert "Kies een datum tussen" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Action).filter_by(what="Bellen")) is None


def test_unknown_status_is_refused(pro_a, world, app):
    form = page_form(plan_page(pro_a, world.household), action=f"/goals/{world.goal}/status")
    assert form.submit(pro_a, tampered=[(f"goal-{world.goal}-status", "forgotten")]).status_code == 422
    with app.app_context():
        assert db.session.get(Goal, world.goal).status == GoalStatus.OPEN


def test_a_refused_note_writes_nothing_not_even_to_the_access_log(pro_a, world, app):
    """The note form answers a refusal with the plan and a message; the access log said "changed the plan"."""
    form = page_form(plan_page(pro_a, world.household), action=f"/actions/{world.action}/note")
    response = form.submit(pro_a, **{f"note-{world.action}-note": "Gebeld\x00"})
    assert response.status_code == 302
    assert "onzichtbaar teken" in pro_a.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Action, world.action).note is None
        assert db.session.scalars(sa.select(AccessEvent.verb).where(AccessEvent.action == "change")).all() == []


def test_the_plan_shows_this_households_goals_only_open_first(pro_a, world, app):
    with app.app_context():
        household = db.session.get(Household, world.household)
        reached = service.add_goal(household, world.marieke, "housing", "Eerst gehaald", 60)
        service.set_goal_status(reached, GoalStatus.REACHED)
        later = service.add_goal(household, world.marieke, "housing", "Later open", 60)
        db.session.commit()
        listed = [g.text for g in service.goals(db.session.get(User, world.pro_a), household)]
    assert listed == ["Overzicht over mijn geld", "Later open", "Eerst gehaald"]
    page = plan_page(pro_a, world.household).get_data(as_text=True)
    assert "Doel B0" not in page  # team B's goals, of another household
    assert later


def test_the_plan_services_refuse_bad_input(app, world):
    today = date(2026, 11, 22)
    with app.app_context():
        household = db.session.get(Household, world.household)
        goal = db.session.get(Goal, world.goal)
        with pytest.raises(InvalidInput, match="iemand uit dit huishouden"):
            service.add_goal(household, world.other_member, "money", "x", 50)
        with pytest.raises(InvalidInput, match="onderwerp"):
            service.add_goal(household, world.marieke, "moon_travel", "x", 50)
        for position in (-1, 101):
            with pytest.raises(InvalidInput, match="tussen 0 en 100"):
                service.add_goal(household, world.marieke, "money", "x", position)
        assert service.add_goal(household, world.marieke, "money", "Bovenaan", 100).hoped_for == 100
        assert service.add_goal(household, world.marieke, "money", "Onderaan", 0).hoped_for == 0
        with pytest.raises(InvalidInput, match="woorden van de bewoner"):
            service.add_goal(household, world.marieke, "money", "   ", 50)
        assert service.add_goal(household, world.marieke, "money", "Rust.\nEn slapen.", 50).text == "Rust.\nEn slapen."
        assert len(service.add_goal(household, world.marieke, "money", "x" * 500, 50).text) == 500
        with pytest.raises(InvalidInput, match="hoogstens 500"):
            service.add_goal(household, world.marieke, "money", "x" * 501, 50)
        assert len(service.add_action(goal, "y" * 300, ActionOwner.RESIDENT, None, today).what) == 300
        with pytest.raises(InvalidInput, match="hoogstens 300"):
            service.add_action(goal, "y" * 301, ActionOwner.RESIDENT, None, today)
        with pytest.raises(InvalidInput, match="wat er gaat gebeuren"):
            service.add_action(goal, " ", ActionOwner.RESIDENT, None, today)
        for when, ok in [(today - timedelta(days=365), True), (today - timedelta(days=366), False),
                         (today + timedelta(days=5 * 365), True), (today + timedelta(days=5 * 365 + 1), False)]:
            if ok:
                assert service.add_action(goal, "Op tijd", ActionOwner.RESIDENT, when, today).by_when == when
            else:
                with pytest.raises(InvalidInput, match="Kies een datum"):
                    service.add_action(goal, "Te ver", ActionOwner.RESIDENT, when, today)
        db.session.rollback()


@pytest.fixture
def colleague(app, world):
    """A second professional of team A, on another device."""
    from tests import factories
    from tests.conftest import login
    from wattelt.models import Team

    with app.app_context():
        factories.user(db.session.get(Team, world.team_a), "collega@example.org")
    other = app.test_client()
    login(other, "collega@example.org")
    return other


def test_a_note_saved_on_an_outdated_page_is_refused_and_shows_the_newer_note(app, pro_a, colleague, world):
    note = f"/actions/{world.action}/note"
    mine, theirs = page_form(plan_page(pro_a, world.household), action=note), page_form(plan_page(colleague, world.household), action=note)
    assert mine.submit(pro_a, **{f"note-{world.action}-note": "Gebeld op dinsdag"}).status_code == 302
    refused = theirs.submit(colleague, **{f"note-{world.action}-note": "Brief gestuurd"})
    assert refused.status_code == 409
    assert "Gebeld op dinsdag" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Action, world.action).note == "Gebeld op dinsdag"
    fresh = page_form(plan_page(colleague, world.household), action=note)
    assert fresh.submit(colleague, **{f"note-{world.action}-note": "Brief gestuurd"}).status_code == 302


def test_a_goal_status_or_done_from_an_outdated_page_is_refused(app, pro_a, colleague, world):
    status, done = f"/goals/{world.goal}/status", f"/actions/{world.action}/done"
    stale_status = page_form(plan_page(colleague, world.household), action=status)
    stale_done = page_form(plan_page(colleague, world.household), action=done)
    assert page_form(plan_page(pro_a, world.household), action=status).submit(pro_a, **{f"goal-{world.goal}-status": "reached"}).status_code == 302
    refused = stale_status.submit(colleague, **{f"goal-{world.goal}-status": "stopped"})
    assert refused.status_code == 409 and "Gehaald" in refused.get_data(as_text=True)
    assert page_form(plan_page(pro_a, world.household), action=done).submit(pro_a).status_code == 302
    assert stale_done.submit(colleague).status_code == 409
    with app.app_context():
        assert db.session.get(Goal, world.goal).status == GoalStatus.REACHED
        assert db.session.get(Action, world.action).done is True
