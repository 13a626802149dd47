"""The one policy: who may know what exists (else 404) and who may do what (else 403).

A table of every role, verb and kind of object; a walk over the URL map that fails for a route that
does not ask the policy; and the same isolation seen from outside, over HTTP.
"""
import pytest
import sqlalchemy as sa
from flask import request_finished
from werkzeug.exceptions import HTTPException

from tests.conftest import login
from tests.forms import page_form
from wattelt import policy
from wattelt.extensions import db
from wattelt.models import Action, Goal, Household, Member, Organisation, Round, Team, User
from wattelt.policy.subjects import INSTALLATION
from wattelt.models.conversation import Perspective

VERB_OBJECT = {
    "household.create": Team, "figures.view": Team,
    "household.view": Household, "household.edit": Household, "household.close": Household, "sharing.invite": Household, "sharing.manage": Household, "household.erase": Household, "plan.view": Household, "plan.edit": Household,
    "round.start": Member, "round.lead": Member, "member.export": Member, "member.erase": Member, "progress.view": Member,
    "round.export": Member, "story.export": Member,
    "round.view": Round, "chip.place": Round, "round.edit": Round, "round.complete": Round, "experience.give": Round,
    "goal.edit": Goal, "action.done": Action, "admin.manage": Organisation,
}
OBJECT_ID = {Team: "team_a", Household: "household", Member: "marieke", Round: "first", Goal: "goal", Action: "action",
             Organisation: "organisation_a"}
HOUSEHOLD_CONTENT = {Household, Member, Round, Goal, Action}


def expected(role: str, verb: str, model: type) -> int:
    """200 allowed, 403 known but not allowed, 404 not known to exist."""
    if role == "administrator":
        return 200 if verb in ("admin.manage", "figures.view") else (404 if model in HOUSEHOLD_CONTENT else 403)
    if model is Organisation:
        return 404  # only administrators know organisations as such
    if role == "professional of the team":
        # The whole caseload and the team's figures; only the resident answers the questions about the help.
        return 403 if verb == "experience.give" else 200
    if role == "team lead of the team":
        return 404 if model in HOUSEHOLD_CONTENT else (200 if verb == "figures.view" else 403)
    return 404  # another team's professional or team lead, a deactivated account


ROLES = {
    "professional of the team": "pro_a",
    "team lead of the team": "lead_a",
    "administrator": "admin",
    "professional of another team": "pro_b",
    "team lead of another team": "lead_b",
    "deactivated professional of the team": "pro_a",
}


def test_every_verb_is_in_the_table():
    assert set(VERB_OBJECT) == policy.VERBS


@pytest.mark.parametrize("role", list(ROLES))
def test_policy_table(app, world, role):
    """For one role, every verb on its kind of object: allowed, 403 or 404, and scope() agrees."""
    outcomes, wanted = {}, {}
    with app.test_request_context():
        user = db.session.get(User, getattr(world, ROLES[role]))
        if role.startswith("deactivated"):
            user.active = False
        for verb, model in VERB_OBJECT.items():
            ident = getattr(world, OBJECT_ID[model]) if model is not Organisation else db.session.get(Team, world.team_a).organisation_id
            obj = db.session.get(model, ident)
            context = {"perspective": Perspective.NAASTE} if verb == "chip.place" else {}
            try:
                policy.require(user, verb, obj, **context)
                outcome = 200
            except HTTPException as refused:
                outcome = refused.code
            assert policy.can(user, verb, obj, **context) is (outcome == 200), verb
            # A user can look up exactly what they may know exists.
            found = db.session.scalar(policy.scope(user, model).where(model.id == obj.id))
            assert (found is not None) is (outcome != 404), verb
            outcomes[verb], wanted[verb] = outcome, expected(role, verb, model)
    assert outcomes == wanted


@pytest.mark.parametrize("role", list(ROLES))
def test_only_administrators_know_the_installation(app, world, role):
    with app.test_request_context():
        user = db.session.get(User, getattr(world, ROLES[role]))
        if role.startswith("deactivated"):
            user.active = False
        allowed = policy.can(user, "admin.manage", INSTALLATION)
        assert allowed is (role == "administrator")
        if not allowed:
            with pytest.raises(HTTPException) as refused:
                policy.require(user, "admin.manage", INSTALLATION)
            assert refused.value.code == 404


def test_unknown_verbs_are_a_programming_error(app, world):
    with app.test_request_context():
        user = db.session.get(User, world.pro_a)
        with pytest.raises(ValueError):
            policy.can(user, "household.delete", db.session.get(Household, world.household))


def test_scope_lists_only_what_a_grant_covers(app, world):
    with app.test_request_context():
        for key, households in [("pro_a", {world.household}), ("lead_a", set()), ("admin", set())]:
            user = db.session.get(User, getattr(world, key))
            assert set(db.session.scalars(policy.scope(user, Household).with_only_columns(Household.id))) == households, key
        pro_b = db.session.get(User, world.pro_b)
        seen = set(db.session.scalars(policy.scope(pro_b, Household).with_only_columns(Household.id)))
        assert world.other_household in seen and world.household not in seen
        assert set(db.session.scalars(policy.scope(db.session.get(User, world.admin), Team).with_only_columns(Team.id))) == {world.team_a, world.team_b}


# Every route asks the policy, unless it shows nothing of a household and says so (policy.public).

URL_VALUES = {"household_id": "household", "member_id": "marieke", "round_id": "first", "goal_id": "goal", "action_id": "action",
              "grant_id": "grant", "invitation_id": "invitation", "organisation_id": "organisation_a", "team_id": "team_a",
              "area_id": "area_a", "user_id": "pro_b"}


@pytest.mark.parametrize("who", ["a@example.org", "admin@example.org"])
def test_every_route_asks_the_policy(app, client, world, who):
    """As a professional and as an administrator: some routes only reach the policy for a role that
    gets past the sign-in (the administration pages refuse everyone else in the policy, too)."""
    login(client, who)
    decided = {}

    def record(sender, response, **extra):
        from flask import g, request

        decided[(request.endpoint, request.method)] = bool(g.get("policy_decisions"))

    request_finished.connect(record, app)
    try:
        for rule in app.url_map.iter_rules():
            view = app.view_functions[rule.endpoint]
            if rule.endpoint == "static" or getattr(view, "policy_public", False):
                continue
            unknown = set(rule.arguments) - set(URL_VALUES)
            assert not unknown, f"{rule}: tell this test which id to use for {unknown}"
            url = rule.rule
            for argument in rule.arguments:
                url = url.replace(f"<int:{argument}>", str(getattr(world, URL_VALUES[argument])))
            for method in rule.methods & {"GET", "POST"}:
                client.open(url, method=method, json={} if rule.rule.startswith("/api/") and method == "POST" else None)
                assert decided.get((rule.endpoint, method)), f"{method} {rule.rule} does not ask the policy"
                if rule.endpoint == "experience.hand_over":
                    # Handing the tablet over locked this device to the round: the rest is asked on another.
                    client = app.test_client()
                    login(client, who)
    finally:
        request_finished.disconnect(record, app)


def test_public_routes_show_nothing_of_a_household(app):
    """The routes that skip the policy, by their own declaration: none of them reads household data."""
    public = sorted(r.endpoint for r in app.url_map.iter_rules() if getattr(app.view_functions[r.endpoint], "policy_public", False))
    assert public == ["auth.confirm_password", "auth.enrol", "auth.login", "auth.logout", "auth.logout_everywhere", "auth.second_step", "auth.set_password", "auth.unlock", "experience.done", "experience.give", "fhir.questionnaire", "fhir.state_code_system", "invitation.accept", "main.accessibility", "main.csrf_token", "main.healthz", "main.index", "main.language", "main.security_txt", "pwa.manifest", "pwa.offline", "pwa.service_worker"]


# The same, seen from outside: other teams and roles without a caseload get 404 everywhere.

def household_urls(w):
    get = [
        f"/households/{w.household}", f"/households/{w.household}/members/new", f"/households/{w.household}/plan",
        f"/members/{w.marieke}/rounds/new", f"/members/{w.marieke}/progress", f"/members/{w.kevin}/progress",
        f"/rounds/{w.first}", f"/rounds/{w.second}/result", f"/rounds/{w.first}/complete", f"/api/rounds/{w.first}",
    ]
    post = [
        (f"/households/{w.household}/contact", {"contact_user": "0", "contact_informal": "Buurvrouw"}),
        (f"/households/{w.household}/members/new", {"name": "Indringer"}),
        (f"/households/{w.household}/plan", {"member": str(w.marieke), "domain": "money", "text": "x", "hoped_for": "50"}),
        (f"/members/{w.marieke}/rounds/new", {"held_on": "2026-11-01", "domains": "housing"}),
        (f"/rounds/{w.first}", {"save": "1"}),
        (f"/rounds/{w.first}/complete", {}),
        (f"/goals/{w.goal}/status", {f"goal-{w.goal}-status": "stopped"}),
        (f"/goals/{w.goal}/actions", {f"action-{w.goal}-what": "x", f"action-{w.goal}-who": "resident"}),
        (f"/actions/{w.action}/done", {"done": "1"}),
    ]
    return get, post


@pytest.mark.parametrize("email", ["b@example.org", "lead@example.org", "admin@example.org"])
def test_other_team_and_roles_without_caseload_get_404_everywhere(client, world, app, email):
    login(client, email)
    get, post = household_urls(world)
    for url in get:
        assert client.get(url).status_code == 404, url
    for url, data in post:
        assert client.post(url, data=data).status_code == 404, url
    with app.app_context():
        household = db.session.get(Household, world.household)
        assert household.contact_informal is None
        assert [m.name for m in household.members] == ["Marieke", "Kevin"]
        assert db.session.get(Goal, world.goal).status.value == "open"
        assert db.session.get(Action, world.action).done is False
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Member).where(Member.name == "Indringer")) == 0


@pytest.mark.parametrize("email", ["lead@example.org", "admin@example.org"])
def test_team_lead_and_administrator_cannot_create_a_household(client, world, app, email):
    login(client, email)
    page = client.get("/households/")
    assert "Nieuw huishouden" not in page.get_data(as_text=True)
    assert client.get("/households/new").status_code == 403
    data = {"name": "Familie Indringer", "members-0-name": "Iemand", "members-0-birth_year": ""}
    response = client.post("/households/new", data=data)
    assert response.status_code == 403
    assert "Geen toegang" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Household).where(Household.name == "Familie Indringer")) is None


def test_a_deactivated_account_loses_its_caseload_at_once(client, world, app):
    login(client, "a@example.org")
    assert client.get(f"/households/{world.household}").status_code == 200
    with app.app_context():
        db.session.get(User, world.pro_a).active = False
        db.session.commit()
    # The session no longer counts as signed in: back to the sign-in page, with nothing shown.
    response = client.get(f"/households/{world.household}")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert "Marieke" not in client.get("/households/", follow_redirects=True).get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_sign_in(client, world):
    get, post = household_urls(world)
    for url in get + ["/households/", "/households/new"]:
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 401, url
            continue
        assert response.status_code == 302, url
        assert "/auth/login?next=" in response.headers["Location"]
    for url, data in post:
        response = client.post(url, data=data)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"], url


def test_sign_in_returns_to_the_page_asked_for(client, world):
    response = client.get(f"/households/{world.household}")
    assert response.headers["Location"].endswith(f"/auth/login?next=/households/{world.household}")
    form = page_form(client.get(response.headers["Location"]), action="/auth/login")
    done = form.submit(client, email="a@example.org", password="correct horse battery")
    assert done.headers["Location"] == f"/households/{world.household}"


def test_caseload_lists_only_own_team(client, world):
    login(client, "b@example.org")
    page = client.get("/households/").get_data(as_text=True)
    assert "Familie Smit" in page and "Marieke" not in page
    client.post("/auth/logout")
    login(client, "a@example.org")
    page = client.get("/households/").get_data(as_text=True)
    assert "Marieke" in page and "Familie Smit" not in page


def test_team_lead_sees_no_individual_households(client, world):
    login(client, "lead@example.org")
    page = client.get("/households/").get_data(as_text=True)
    assert "Marieke" not in page and "Familie" not in page
    assert "Nieuw huishouden" not in page
