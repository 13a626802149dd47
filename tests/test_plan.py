import sqlalchemy as sa

from wattelt.extensions import db
from wattelt.models import Action, Goal, GoalStatus


def test_goal_with_two_actions_and_progress(pro_a, world, app):
    response = pro_a.post(f"/households/{world.household}/plan", data={
        "member": str(world.marieke), "domain": "housing", "text": "Ik wil een rustige slaapkamer", "hoped_for": "80",
    })
    assert response.status_code == 302
    with app.app_context():
        goal = db.session.scalar(sa.select(Goal).filter_by(text="Ik wil een rustige slaapkamer"))
        goal_id = goal.id
        assert goal.hoped_for == 80 and goal.status == GoalStatus.OPEN
    for what, who in [("Verf kopen", "resident"), ("Broer helpt schilderen", "network")]:
        response = pro_a.post(f"/goals/{goal_id}/actions", data={"what": what, "who": who, "by_when": "2026-12-31"})
        assert response.status_code == 302
    page = pro_a.get(f"/households/{world.household}/plan").get_data(as_text=True)
    assert "Ik wil een rustige slaapkamer" in page and "Verf kopen" in page and "Broer helpt schilderen" in page
    assert "Iemand uit het netwerk" in page
    with app.app_context():
        action_id = db.session.scalar(sa.select(Action.id).filter_by(what="Verf kopen"))
    assert pro_a.post(f"/actions/{action_id}/done", data={"done": "1"}).status_code == 302
    assert pro_a.post(f"/goals/{goal_id}/status", data={"status": "reached"}).status_code == 302
    with app.app_context():
        assert db.session.get(Action, action_id).done is True
        assert db.session.get(Goal, goal_id).status == GoalStatus.REACHED


def test_goal_for_a_domain_not_on_the_board_is_refused(pro_a, world, app):
    response = pro_a.post(f"/households/{world.household}/plan", data={
        "member": str(world.marieke), "domain": "moon_travel", "text": "x", "hoped_for": "50",
    })
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Goal)) == 1


def test_hoped_for_position_outside_the_scale_is_refused(pro_a, world, app):
    response = pro_a.post(f"/households/{world.household}/plan", data={
        "member": str(world.marieke), "domain": "money", "text": "Meer rust", "hoped_for": "-5",
    })
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(sa.select(Goal).filter_by(text="Meer rust")) is None


def test_action_without_text_shows_a_message_on_its_goal(pro_a, world, app):
    response = pro_a.post(f"/goals/{world.goal}/actions", data={"what": "", "who": "resident"})
    assert response.status_code == 422
    assert "Er klopt nog iets niet" in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.get(Goal, world.goal).actions) == 1


def test_unknown_status_is_refused(pro_a, world, app):
    assert pro_a.post(f"/goals/{world.goal}/status", data={"status": "forgotten"}).status_code == 422
    with app.app_context():
        assert db.session.get(Goal, world.goal).status == GoalStatus.OPEN
