"""The access matrix: every route of the URL map, every method, as every role, on objects the role
may and may not see.

What a role may reach is written down here from the product's rules (DESIGN.md, "Sharing" and "One
policy"), without asking the policy, so the app is measured against the table and not against
itself:

- RULES says per endpoint what its URL argument names and which verb the request needs;
- relation() says what an object is to a role: its own, its household's, another member's (shared
  or not), or another household's or team's;
- EXPECTED says per kind of role and relation which kinds of objects the role may know exist
  (else 404) and which verbs it may do on them (else 403).

Adding a route: give its endpoint a line in RULES, or test_every_route_has_a_rule fails.
- `on("household", "household.view")`: the route's one URL argument is `household_id` and a
  request needs that verb on the household; `post=` when a POST needs another verb than a GET.
  Kinds: own_team (the signed-in person's own, for routes without an argument), installation
  (the deployment as a whole, for administration routes without an argument), household, member,
  round, goal, action, grant, invitation, and of the administration: organisation, team, area, user.
- PUBLIC: shows nothing personal, to anyone; SIGNED_IN: for whoever is signed in, about
  themselves (a list they get is theirs already), and a locked tablet is sent back to its board.
Every answer, allowed or refused, also carries the security headers (a strict CSP and the rest).
A route about a new kind of object needs things of that kind in THINGS (one of household A, one
of household B) and, if the kind hangs differently from the others, a word in relation().
"""
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from tests import factories
from tests.conftest import login
from tests.forms import page_form
from wattelt.extensions import db
from wattelt.admin.service import password_link
from wattelt.security import CHART_POLICY, HEADERS
from wattelt.models import Action, ActionOwner, Area, Grant, GrantKind, Household, Member, SignIn, User
from wattelt.plan.service import add_action

# Each header's value on every answer; a page that draws charts has its own policy.
SECURITY_HEADERS = {name: {value} for name, value in HEADERS.items()} | {
    "Content-Security-Policy": {HEADERS["Content-Security-Policy"], CHART_POLICY},
}

PUBLIC, SIGNED_IN, UNLOCK = "public", "signed in only", "unlock"


@dataclass(frozen=True)
class On:
    kind: str
    get: str
    post: str

    def verb(self, method: str) -> str:
        return self.get if method == "GET" else self.post


def on(kind: str, verb: str, post: str | None = None) -> On:
    return On(kind, verb, post or verb)


RULES = {
    "static": PUBLIC, "main.index": PUBLIC, "main.language": PUBLIC, "main.accessibility": PUBLIC,
    "main.security_txt": PUBLIC, "main.csrf_token": PUBLIC, "main.healthz": PUBLIC,
    "pwa.manifest": PUBLIC, "pwa.service_worker": PUBLIC, "pwa.offline": PUBLIC,
    "auth.login": PUBLIC, "auth.second_step": PUBLIC, "auth.enrol": PUBLIC, "invitation.accept": PUBLIC,
    "auth.set_password": PUBLIC,
    # The answers to the three questions after a round: the signed token in the form is what lets
    # them count, and the address names no round, so it shows and asks nothing of a household.
    "experience.give": PUBLIC,
    "experience.done": PUBLIC,
    "auth.logout": SIGNED_IN, "auth.logout_everywhere": SIGNED_IN, "auth.confirm_password": SIGNED_IN,
    # The one page a locked tablet keeps besides its board: the way back to the professional.
    "auth.unlock": UNLOCK,
    "households.index": SIGNED_IN, "residents.home": SIGNED_IN,
    "households.create": on("own_team", "household.create"),
    "households.detail": on("household", "household.view"),
    "households.access_log": on("household", "household.view"),
    "households.contact": on("household", "household.edit"),
    "households.add_member": on("household", "household.edit"),
    "sharing.manage": on("household", "sharing.manage", post="sharing.invite"),
    "sharing.members_share": on("household", "sharing.manage"),
    "plan.plan": on("household", "plan.view", post="plan.edit"),
    "rights.erase_household": on("household", "household.erase"),
    "households.close": on("household", "household.close"),
    "households.reopen": on("household", "household.close"),
    "rounds.start": on("member", "round.start"),
    "progress.member": on("member", "progress.view"),
    "residents.access_log": on("member", "progress.view"),
    "rights.member": on("member", "member.export"),
    "rights.export": on("member", "member.export"),
    "rights.overview": on("member", "member.export"),
    "rights.erase_member": on("member", "member.erase"),
    "sharing.invite_member": on("member", "household.edit"),
    "sharing.invite_naaste": on("member", "household.edit"),
    # An open board is opened to place chips on; who may only look sees the round once it is completed.
    "rounds.board": on("round", "chip.place"),
    "rounds.complete": on("round", "round.complete"),
    "rounds.together": on("round", "round.lead"),
    "rounds.lock": on("round", "round.lead"),
    "experience.hand_over": on("round", "round.lead"),
    "progress.result": on("round", "round.view"),
    # An open board is shown to those taking part, as the board page is.
    "rounds_api.show": on("round", "chip.place"),
    "rounds_api.place_chip": on("round", "chip.place"),
    "rounds_api.set_flag": on("round", "round.edit"),
    "rounds_api.set_notes": on("round", "round.edit"),
    "rounds_api.complete": on("round", "round.complete"),
    "plan.goal_status": on("goal", "goal.edit"),
    "plan.add_action": on("goal", "goal.edit"),
    "plan.action_done": on("action", "action.done"),
    "plan.action_note": on("action", "action.done"),
    "sharing.withdraw": on("grant", "sharing.manage"),
    "sharing.new_secret": on("grant", "sharing.manage"),
    "sharing.revoke": on("invitation", "sharing.manage"),
    # Administration: organisations, teams, areas, people and settings; never household content.
    "admin.index": on("installation", "admin.manage"),
    "admin.create_organisation": on("installation", "admin.manage"),
    "admin.people": on("installation", "admin.manage"),
    "admin.new_person": on("installation", "admin.manage"),
    "admin.log": on("installation", "admin.manage"),
    "admin.signals": on("installation", "admin.manage"),
    "admin.organisation": on("organisation", "admin.manage"),
    "admin.rename_organisation": on("organisation", "admin.manage"),
    "admin.settings": on("organisation", "admin.manage"),
    "admin.add_team": on("organisation", "admin.manage"),
    "admin.add_area": on("organisation", "admin.manage"),
    "admin.archive_organisation": on("organisation", "admin.manage"),
    "admin.update_team": on("team", "admin.manage"),
    "admin.archive_team": on("team", "admin.manage"),
    "admin.rename_area": on("area", "admin.manage"),
    "admin.archive_area": on("area", "admin.manage"),
    "admin.person": on("user", "admin.manage"),
    "admin.move": on("user", "admin.manage"),
    "admin.toggle_active": on("user", "admin.manage"),
    "admin.reset_two_factor": on("user", "admin.manage"),
    "admin.new_link": on("user", "admin.manage"),
    "instrument.index": on("installation", "admin.manage"),
    "instrument.offer": on("organisation", "admin.manage"),
    # Open exports: files for a case-management system and the anonymous story, for the team's
    # professionals only; residents take their own data along at rights.export. The instrument as
    # a FHIR Questionnaire and the chip states' code system name no household.
    "exports.member": on("member", "round.export"),
    "exports.member_csv": on("member", "round.export"),
    "exports.member_fhir": on("member", "round.export"),
    "exports.round_fhir": on("round", "round.export"),
    "exports.story": on("member", "story.export"),
    "fhir.questionnaire": PUBLIC,
    "fhir.state_code_system": PUBLIC,
    # Team figures: aggregates of the teams the person may see figures of (own team; an administrator every team).
    "figures.index": on("own_team", "figures.view"),
    "figures.download": on("own_team", "figures.view"),
}
NO_ARGUMENT = {"own_team", "installation"}
ADMINISTRATION = {"installation", "organisation", "team", "area", "user"}


@dataclass(frozen=True)
class Thing:
    """An object a URL can name, by the facts that decide who may reach it."""

    kind: str
    household: str | None            # "A" (team A, Marieke's) or "B" (team B, Familie Smit)
    member: str | None = None        # whose it is; None for what is the household's as a whole
    naaste: bool = False             # a round Marieke's naaste was invited to
    doer: str | None = None          # an action: who does it


THINGS = {
    "own team": Thing("own_team", None),
    "the installation": Thing("installation", None),
    "organisation of team A": Thing("organisation", "A"),
    "organisation of team B": Thing("organisation", "B"),
    "team A": Thing("team", "A"),
    "team B": Thing("team", "B"),
    "area of team A": Thing("area", "A"),
    "area in team B's organisation": Thing("area", "B"),
    "a professional of team A": Thing("user", "A"),
    "a professional of team B": Thing("user", "B"),
    "household A": Thing("household", "A"),
    "household B": Thing("household", "B"),
    "Marieke": Thing("member", "A", "marieke"),
    "Kevin": Thing("member", "A", "kevin"),
    "Anouk": Thing("member", "B", "anouk"),
    "Marieke's open round with her naaste": Thing("round", "A", "marieke", naaste=True),
    "Marieke's first round": Thing("round", "A", "marieke"),
    "Kevin's open round": Thing("round", "A", "kevin"),
    "Anouk's open round": Thing("round", "B", "anouk"),
    "Marieke's goal": Thing("goal", "A", "marieke"),
    "Kevin's goal": Thing("goal", "A", "kevin"),
    "Anouk's goal": Thing("goal", "B", "anouk"),
    "a volunteer's action on Marieke's goal": Thing("action", "A", "marieke"),
    "Marieke's own action": Thing("action", "A", "marieke", doer="marieke"),
    "Kees's action": Thing("action", "A", "marieke", doer="kees"),
    "Joyce's action": Thing("action", "A", "marieke", doer="joyce"),
    "an action on Kevin's goal": Thing("action", "A", "kevin"),
    "Anouk's own action": Thing("action", "B", "anouk", doer="anouk"),
    "Kees's grant": Thing("grant", "A"),
    "a grant in household B": Thing("grant", "B"),
    "Kevin's invitation": Thing("invitation", "A"),
    "an invitation in household B": Thing("invitation", "B"),
}
LOCKED_ROUND = "Marieke's open round with her naaste"
# Arguments of routes that name no household data; the matrix fixture makes the invitation's token.
VALUES = {"filename": "css/app.css", "token": None, "link": None, "questionnaire_id": "wattelt-adult-1"}


@dataclass(frozen=True)
class Role:
    kind: str
    household: str | None = None     # a professional's team, an invited person's household
    member: str | None = None        # a resident's or naaste's member
    name: str | None = None          # as Thing.doer
    shares: bool = False             # household A lets its members see each other's boards
    account: str | None = None       # who signs in: an e-mail address, or a key of the matrix's logins


ROLES = {
    "anonymous": Role("anonymous"),
    "resident of household A": Role("resident", "A", "marieke", "marieke", account="marieke"),
    "resident of household A, which shares boards": Role("resident", "A", "marieke", "marieke", shares=True, account="marieke"),
    "naaste of Marieke": Role("naaste", "A", "marieke", account="naaste"),
    "resident of household B": Role("resident", "B", "anouk", "anouk", account="anouk"),
    "network person": Role("network", "A", name="kees", account="kees"),
    "professional of another organisation": Role("plan helper", "A", name="joyce", account="joyce"),
    "professional of team A": Role("professional", "A", account="a@example.org"),
    "professional of team B": Role("professional", "B", account="b@example.org"),
    "team lead of team A": Role("team lead", "A", account="lead@example.org"),
    "administrator": Role("administrator", account="admin@example.org"),
    "locked kitchen tablet": Role("tablet", "A", account="a@example.org"),
}
STAFF = {"professional", "team lead", "administrator"}

OWN, HOUSEHOLD, OTHER = "own", "same household", "other household or team"
SHARED, PRIVATE = "another member, shared", "another member, not shared"


def relation(role: Role, thing: Thing) -> str:
    """What the thing is to the role, from the facts alone."""
    if thing.kind == "own_team":
        return OWN  # /households/new names no team: it is about the signed-in person's own
    if thing.kind in ADMINISTRATION:
        return OWN if role.kind == "administrator" else OTHER  # an administrator manages every organisation
    if role.household is None or thing.household != role.household:
        return OTHER
    if role.kind in STAFF:
        return OWN  # the team's caseload
    if role.kind == "tablet":
        return OWN if thing == THINGS[LOCKED_ROUND] else HOUSEHOLD
    if thing.kind == "action" and thing.doer is not None and thing.doer == role.name:
        return OWN
    if thing.member is None or role.member is None:
        return HOUSEHOLD  # the household itself, its sharing and its plan; for a helper, everything of it
    if thing.member == role.member:
        if thing.kind == "action":
            return HOUSEHOLD  # on their goal, but someone else's to do
        if thing.kind == "round" and role.kind == "naaste" and not thing.naaste:
            return PRIVATE  # a round of their member they were not asked to
        return OWN
    return SHARED if role.shares else PRIVATE


@dataclass(frozen=True)
class Reach:
    known: frozenset   # kinds of objects the role may know exist
    allowed: frozenset  # verbs it may do on them


def reach(known: str, allowed: str = "") -> Reach:
    return Reach(frozenset(known.split()), frozenset(allowed.split()))


EVERY_KIND = "own_team household member round goal action grant invitation"
EVERY_VERB = " ".join({rule.verb(m) for rule in RULES.values() if isinstance(rule, On) for m in ("GET", "POST")})
# A relation missing from a role's row: the role may not know such objects exist.
EXPECTED = {
    # The whole conversation of the team's households, at the kitchen table too.
    "professional": {OWN: reach(EVERY_KIND, EVERY_VERB)},
    # Aggregate figures only; no individual household.
    "team lead": {OWN: reach("own_team", "figures.view")},
    # Manages organisations, teams, areas, people and settings, and sees every team's figures; never household content.
    "administrator": {OWN: reach("own_team " + " ".join(ADMINISTRATION), "admin.manage figures.view")},
    "resident": {
        OWN: reach("own_team member round goal action",
                   "round.view round.start chip.place round.edit progress.view action.done member.export"),
        # The plan is the household's; an adult decides who else sees it.
        HOUSEHOLD: reach("household goal action grant invitation", "plan.view sharing.manage sharing.invite"),
        # Another member's board to look at, never to fill in.
        SHARED: reach("member round goal action", "round.view progress.view"),
    },
    # Only their own chips, on the rounds of one member they were asked to.
    "naaste": {OWN: reach("own_team member round", "round.view chip.place")},
    # Only the actions they do.
    "network": {OWN: reach("own_team action", "action.done")},
    # The household's plan as far as it is shared, and the actions they do.
    "plan helper": {
        OWN: reach("own_team action", "action.done"),
        HOUSEHOLD: reach("household goal action grant invitation", "plan.view"),
    },
}
# A tablet handed to the resident: the locked round's board and its JSON door, the resident's chips.
TABLET_VERBS = {"round.view", "chip.place", "round.edit"}

ALLOWED, FORBIDDEN, NOT_FOUND, LOGIN, BOARD = "allowed", "403", "404", "sign in first", "back to the board"


def expected(role: Role, rule, method: str, thing: Thing | None) -> str:
    if rule == PUBLIC:
        return ALLOWED
    if role.kind == "anonymous":
        return LOGIN
    if role.kind == "tablet":
        on_its_board = isinstance(rule, On) and relation(role, thing) == OWN and rule.verb(method) in TABLET_VERBS
        return ALLOWED if rule == UNLOCK or on_its_board else BOARD
    if not isinstance(rule, On):
        return ALLOWED
    can = EXPECTED[role.kind].get(relation(role, thing))
    if can is None or thing.kind not in can.known:
        return NOT_FOUND
    return ALLOWED if rule.verb(method) in can.allowed else FORBIDDEN


def outcome_matches(outcome: str, response, url: str, locked_url: str | None) -> bool:
    status, to = response.status_code, urlsplit(response.headers.get("Location", "")).path
    api = url.startswith("/api/")
    if outcome == ALLOWED:
        # A form sent empty may be refused as incomplete (400, 422), a completed round as closed
        # (409), and a link as no longer working (410) once closing its household ended it.
        return status < 400 or status in (400, 409, 410, 422)
    if outcome == LOGIN:
        return status == 401 if api else (status == 302 and to == "/auth/login")
    if outcome == BOARD:
        return status == 403 if api else (status == 302 and to == locked_url)
    return str(status) == outcome


# The world of the matrix: conftest's world, plus the people and objects the roles need.

@pytest.fixture
def matrix(app, world):
    # So the public security.txt has something to serve.
    app.config["SECURITY_CONTACT"] = "mailto:security@example.org"
    with app.app_context():
        pro_a, pro_b = db.session.get(User, world.pro_a), db.session.get(User, world.pro_b)
        household, other = db.session.get(Household, world.household), db.session.get(Household, world.other_household)
        marieke, kevin, anouk = (db.session.get(Member, i) for i in (world.marieke, world.kevin, world.other_member))
        kees = db.session.get(User, world.helper)
        people = {
            "marieke": factories.invited(pro_a, household, GrantKind.RESIDENT, member=marieke),
            "naaste": factories.invited(pro_a, household, GrantKind.NAASTE, member=marieke, label="Zus Ellen"),
            "anouk": factories.invited(pro_b, other, GrantKind.RESIDENT, member=anouk),
            "joyce": factories.invited(pro_a, household, GrantKind.HELPER_PLAN, label="Joyce van de schuldhulp"),
            "kees": kees,
        }
        els = factories.invited(pro_b, other, GrantKind.HELPER_ACTIONS, label="Buurvrouw Els")
        goal = db.session.get(Action, world.action).goal
        kevin_goal = factories.goal(household, kevin, "money", text="Zakgeld sparen")
        area_b = Area(organisation_id=world.organisation_b, name="Zuid")
        db.session.add(area_b)
        db.session.flush()
        ids = {
            "own team": None, "the installation": None, "household A": world.household, "household B": world.other_household,
            "organisation of team A": world.organisation_a, "organisation of team B": world.organisation_b,
            "team A": world.team_a, "team B": world.team_b, "area of team A": world.area_a, "area in team B's organisation": area_b.id,
            "a professional of team A": world.pro_a, "a professional of team B": world.pro_b,
            "Marieke": world.marieke, "Kevin": world.kevin, "Anouk": world.other_member,
            "Marieke's open round with her naaste": factories.open_round(pro_a, marieke, ["housing", "money"], naaste=True).id,
            "Marieke's first round": world.first,
            "Kevin's open round": factories.open_round(pro_a, kevin, ["housing"]).id,
            "Anouk's open round": factories.open_round(pro_b, anouk, ["housing"]).id,
            "Marieke's goal": world.goal, "Kevin's goal": kevin_goal.id, "Anouk's goal": world.other_goal,
            "a volunteer's action on Marieke's goal": world.action,
            "Marieke's own action": factories.action(goal, "Zelf de bank bellen", ActionOwner.RESIDENT).id,
            "Kees's action": add_action(goal, "Boodschappen doen", ActionOwner.NETWORK, None, factories.TODAY, kees).id,
            "Joyce's action": add_action(
                goal, "Betalingsregeling maken", ActionOwner.ORGANISATION, None, factories.TODAY, people["joyce"]
            ).id,
            "an action on Kevin's goal": factories.action(kevin_goal, "Spaarpot kopen").id,
            "Anouk's own action": db.session.scalar(sa.select(sa.func.min(Action.id)).where(Action.goal_id == world.other_goal)),
            "Kees's grant": world.grant,
            "a grant in household B": db.session.scalar(sa.select(Grant.id).where(Grant.user_id == els.id)),
            "Kevin's invitation": world.invitation,
            "an invitation in household B": factories.invitation(pro_b, other, GrantKind.RESIDENT, member=other.members[1])[0].id,
        }
        _, token = factories.invitation(pro_a, household, GrantKind.NAASTE, member=kevin, label="Opa")
        link = password_link(pro_b)
        db.session.commit()
        logins = {key: person.login_name for key, person in people.items()}
    assert set(ids) == set(THINGS)
    return dict(ids=ids, logins=logins, values={**VALUES, "token": token, "link": link})


class Device:
    """A role's browser. An allowed request may end its session (signing out) or lock it (handing
    the tablet over): then it signs in again, so every request is asked as the same role."""

    def __init__(self, app, login_name: str | None, locked_round: int | None = None):
        self.app, self.login_name, self.locked_round = app, login_name, locked_round
        self.client = app.test_client()
        if login_name is not None:
            self.sign_in()

    def sign_in(self) -> None:
        self.client = self.app.test_client()
        assert login(self.client, self.login_name).status_code == 302
        if self.locked_round is not None:
            board = f"/rounds/{self.locked_round}"
            lock = page_form(self.client.get(board), action=f"{board}/vergrendelen")
            assert lock.submit(self.client).status_code == 302
        with self.app.app_context():
            self.sign_in_id = db.session.scalar(sa.select(sa.func.max(SignIn.id)))

    def open(self, url: str, method: str):
        body = {"json": {}} if url.startswith("/api/") else {"data": {}}
        return self.client.open(url, method=method, **(body if method == "POST" else {}))

    def renew_if_changed(self) -> bool:
        """Sign in again if the last request ended or locked this session; whether it did."""
        if self.login_name is None:
            return False
        with self.app.app_context():
            row = db.session.get(SignIn, self.sign_in_id)
            unchanged = row.ended_at is None and row.locked_round_id == self.locked_round
        if not unchanged:
            self.sign_in()
        return not unchanged


def snapshot(app) -> dict[str, list]:
    """Every row of every table, but sessions: any request may note when its session was last seen."""
    with app.app_context():
        return {
            table.name: db.session.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            for table in db.metadata.sorted_tables if table.name != SignIn.__tablename__
        }


@dataclass(frozen=True)
class Case:
    endpoint: str
    method: str
    url: str
    about: str  # the verb and object, for the message
    outcome: str


def rule_of(endpoint: str):
    assert endpoint in RULES, f"{endpoint} has no line in RULES; this file's docstring says how to add one"
    return RULES[endpoint]


def cases(app, role: Role, matrix) -> list[Case]:
    adapter = app.url_map.bind("localhost")
    found = []
    for route in app.url_map.iter_rules():
        rule = rule_of(route.endpoint)
        for method in sorted(route.methods & {"GET", "POST"}):
            if not isinstance(rule, On):
                url = adapter.build(route.endpoint, {a: matrix["values"][a] for a in route.arguments})
                found.append(Case(route.endpoint, method, url, rule, expected(role, rule, method, None)))
                continue
            for name, thing in THINGS.items():
                if thing.kind != rule.kind:
                    continue
                url = adapter.build(route.endpoint, {a: matrix["ids"][name] for a in route.arguments})
                about = f"{rule.verb(method)} on {name}, {relation(role, thing)}"
                found.append(Case(route.endpoint, method, url, about, expected(role, rule, method, thing)))
    # Refusals first, on untouched data; then what is allowed, looks before changes: a change sent
    # empty may still do something (close a round, stop sharing) that a later request would meet.
    return sorted(found, key=lambda case: (case.outcome == ALLOWED, case.method == "POST"))


def test_every_route_has_a_rule(app):
    routes = list(app.url_map.iter_rules())
    missing = sorted({r.endpoint for r in routes} - set(RULES))
    assert not missing, f"routes without a line in RULES (this file's docstring says how to add one): {missing}"
    gone = sorted(set(RULES) - {r.endpoint for r in routes})
    assert not gone, f"RULES names endpoints the app no longer has: {gone}"
    for route in routes:
        rule = RULES[route.endpoint]
        if not isinstance(rule, On):
            unknown = set(route.arguments) - set(VALUES)
            assert not unknown, f"{route.rule}: give VALUES a value for {sorted(unknown)}"
            continue
        wanted = set() if rule.kind in NO_ARGUMENT else {f"{rule.kind}_id"}
        assert set(route.arguments) == wanted, f"{route.rule}: its arguments {sorted(route.arguments)} do not fit {rule}"
        households = {thing.household for thing in THINGS.values() if thing.kind == rule.kind}
        assert rule.kind in NO_ARGUMENT or households == {"A", "B"}, f"{route.rule}: THINGS needs a {rule.kind} in household A and in B"


@pytest.mark.parametrize("name", ROLES)
def test_access_matrix(app, matrix, name):
    role = ROLES[name]
    if role.shares:
        with app.app_context():
            db.session.get(Household, matrix["ids"]["household A"]).members_share = True
            db.session.commit()
    locked = matrix["ids"][LOCKED_ROUND] if role.kind == "tablet" else None
    device = Device(app, matrix["logins"].get(role.account, role.account), locked)
    board = f"/rounds/{locked}" if locked else None
    failures, before = [], None
    all_cases = cases(app, role, matrix)
    for case in all_cases:
        refused = case.outcome != ALLOWED
        if refused and before is None:
            before = snapshot(app)
        response = device.open(case.url, case.method)
        shown = f"{case.method} {case.url} ({case.endpoint}: {case.about})"
        if not outcome_matches(case.outcome, response, case.url, board):
            failures.append(f"{shown}: expected {case.outcome}, got {response.status_code} {response.headers.get('Location', '')}")
        missing = [name for name, values in SECURITY_HEADERS.items() if response.headers.get(name) not in values]
        if missing:
            failures.append(f"{shown}: without the security headers {missing}")
        renewed = device.renew_if_changed()
        if refused:
            after = snapshot(app)
            changed = [table for table in before if before[table] != after[table]]
            if changed:
                failures.append(f"{shown}: refused, yet changed {changed}")
            before = after
        if renewed or not refused:
            before = None
    assert all_cases
    assert not failures, f"{len(failures)} of {len(all_cases)} requests as {name}:\n" + "\n".join(failures)
