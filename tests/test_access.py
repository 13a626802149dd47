"""Isolation: nothing of one team's households is reachable by another team or by a visitor."""
import pytest

from tests.conftest import login


def household_urls(w):
    get = [
        f"/households/{w.household}",
        f"/households/{w.household}/members/new",
        f"/households/{w.household}/plan",
        f"/members/{w.marieke}/rounds/new",
        f"/members/{w.marieke}/progress",
        f"/members/{w.kevin}/progress",
        f"/rounds/{w.first}",
        f"/rounds/{w.second}",
    ]
    post = [
        (f"/households/{w.household}/contact", {"contact_user": "0", "contact_informal": "Buurvrouw"}),
        (f"/households/{w.household}/members/new", {"name": "Indringer"}),
        (f"/households/{w.household}/plan", {"member": str(w.marieke), "domain": "money", "text": "x", "hoped_for": "50"}),
        (f"/members/{w.marieke}/rounds/new", {"held_on": "2026-11-01", "domains": "housing"}),
        (f"/rounds/{w.first}", {"save": "1"}),
        (f"/goals/{w.goal}/status", {"status": "stopped"}),
        (f"/goals/{w.goal}/actions", {"what": "x", "who": "resident"}),
        (f"/actions/{w.action}/done", {"done": "1"}),
    ]
    return get, post


@pytest.mark.parametrize("email", ["b@example.org", "lead@example.org"])
def test_other_team_and_roles_without_caseload_get_404_everywhere(client, world, app, email):
    login(client, email)
    get, post = household_urls(world)
    for url in get:
        assert client.get(url).status_code == 404, url
    for url, data in post:
        assert client.post(url, data=data).status_code == 404, url
    # Nothing was changed by the attempts.
    from wattelt.extensions import db
    from wattelt.models import Action, Goal, Household, Member

    with app.app_context():
        household = db.session.get(Household, world.household)
        assert household.contact_informal is None
        assert [m.name for m in household.members] == ["Marieke", "Kevin"]
        assert db.session.get(Goal, world.goal).status.value == "open"
        assert db.session.get(Action, world.action).done is False
        assert db.session.query(Member).filter_by(name="Indringer").count() == 0


def test_anonymous_visitor_is_sent_to_sign_in(client, world):
    get, post = household_urls(world)
    for url in get + ["/households/", "/households/new"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/auth/login" in response.headers["Location"]
    for url, data in post:
        response = client.post(url, data=data)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"], url


def test_caseload_lists_only_own_team(client, world):
    login(client, "b@example.org")
    page = client.get("/households/").get_data(as_text=True)
    assert "Anouk" in page
    assert "Marieke" not in page
    client.post("/auth/logout")
    login(client, "a@example.org")
    page = client.get("/households/").get_data(as_text=True)
    assert "Marieke" in page and "Anouk" not in page


def test_team_lead_sees_no_individual_households(client, world):
    login(client, "lead@example.org")
    page = client.get("/households/").get_data(as_text=True)
    assert "Marieke" not in page
    assert "Nieuw huishouden" not in page
