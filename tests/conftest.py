"""Fixtures in the style of Flask's tutorial: app, client, runner, plus a small world of data.

The database comes from WATTELT_TEST_DATABASE_URL (default: in-memory SQLite), so CI runs the
same suite on PostgreSQL too.
"""
import os
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from tests import factories
from tests.config import TestConfig
from tests.forms import page_form
from wattelt import create_app
from wattelt.extensions import db
from wattelt.models import ActionOwner, Area, Grant
from wattelt.plan.service import add_action, add_goal

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def database_url() -> str:
    return os.environ.get("WATTELT_TEST_DATABASE_URL", "sqlite://")


# PostgreSQL databases whose tables this test run made: emptied between tests, not made again.
_MADE_HERE: set[str] = set()


def make_app(url: str | None = None, **overrides):
    url = url or database_url()
    # Start from empty tables: the app checks at start-up that the rounds it finds can be read,
    # and a test run that stopped half-way may have left rounds of a test-only instrument behind.
    _empty(url)
    app = create_app(TestConfig(url, **{"WTF_CSRF_ENABLED": False, **overrides}))
    with app.app_context():
        db.create_all(bind_key=None)  # our tables; a replica bind holds none of its own
    return app


def _empty(url: str) -> None:
    """Drop every table; on a PostgreSQL database whose tables this run made, empty them instead:
    one TRUNCATE (ids starting at 1 again, as in new tables) takes a fraction of dropping and making
    twenty tables with their constraints and triggers, once for every test."""
    engine = sa.create_engine(url)
    try:
        if url in _MADE_HERE:
            tables = ", ".join(engine.dialect.identifier_preparer.format_table(t) for t in db.metadata.sorted_tables)
            with engine.begin() as connection:
                # The logs' append-only triggers refuse TRUNCATE; a replica session fires no triggers.
                connection.execute(sa.text("SET LOCAL session_replication_role = replica"))
                connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            return
        db.metadata.drop_all(engine)
        if engine.dialect.name == "postgresql":
            _MADE_HERE.add(url)
    finally:
        engine.dispose()


def _teardown(app):
    with app.app_context():
        db.session.remove()
        if db.engine.dialect.name != "postgresql":
            db.drop_all(bind_key=None)
        db.engine.dispose()


@pytest.fixture
def app():
    app = make_app()
    yield app
    _teardown(app)


@pytest.fixture
def csrf_app():
    """An app with CSRF protection on, as in production."""
    app = make_app(WTF_CSRF_ENABLED=True)
    yield app
    _teardown(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def world(app):
    return build_world(app)


def build_world(app):
    """Two teams. Team A has a household with two members, two completed rounds and a plan.

    Team B's caseload is made first and of different sizes per table, so that no id of team A's
    data equals an id in another table: a query that mixes up ids then fails a test instead of
    passing because team 1, household 1, member 1 and goal 1 happen to be the same number.
    """
    with app.app_context():
        team_b, team_a = factories.team("Team B"), factories.team("Team A")
        team_a.area = Area(organisation=team_a.organisation, name="Noord")
        admin = factories.user(None, "admin@example.org", role=factories.Role.ADMIN)
        lead_b = factories.user(team_b, "leadb@example.org", role=factories.Role.TEAMLEAD)
        pro_b = factories.user(team_b, "b@example.org")
        pro_a = factories.user(team_a, "a@example.org")
        lead_a = factories.user(team_a, "lead@example.org", role=factories.Role.TEAMLEAD)
        other = factories.household(pro_b, "Familie Smit", members=[("Anouk", 1990), ("Bram", 1988), ("Cas", 2015)])
        padding = [factories.household(pro_b, f"Familie B{i}", members=[("Lid", 1980)]) for i in range(4)]
        b_members = other.members + [m for h in padding for m in h.members]
        b_rounds = [factories.completed_round(pro_b, other.members[0], {"housing": (10, 20)})]
        b_rounds += [factories.open_round(pro_b, b_members[i % len(b_members)], ["housing"]) for i in range(8)]
        b_goals = [add_goal(other, other.members[0].id, "money", f"Doel B{i}", 50) for i in range(11)]
        for i in range(12):
            add_action(b_goals[i % len(b_goals)], f"Actie B{i}", ActionOwner.RESIDENT, None, factories.TODAY)
        db.session.commit()

        household = factories.household(pro_a, members=[("Marieke", 1984), ("Kevin", 2011)])
        marieke, kevin = household.members
        first = factories.completed_round(pro_a, marieke, {"housing": (40, 50), "money": (20, 30)})
        second = factories.completed_round(pro_a, marieke, {"housing": (60, 55), "money": (35, None)})
        goal = factories.goal(household, marieke, "money", hoped_for=70)
        action = factories.action(goal)
        helper = factories.invited(pro_a, household, factories.GrantKind.HELPER_ACTIONS, label="Buurman Kees")
        invitation, _ = factories.invitation(pro_a, household, factories.GrantKind.RESIDENT, member=kevin)
        ids = dict(
            team_a=team_a.id, team_b=team_b.id, admin=admin.id, pro_a=pro_a.id, pro_b=pro_b.id, lead_a=lead_a.id,
            lead_b=lead_b.id, household=household.id, marieke=marieke.id, kevin=kevin.id, first=first.id,
            second=second.id, goal=goal.id, action=action.id, other_household=other.id,
            other_member=other.members[0].id, other_round=b_rounds[0].id, other_goal=b_goals[0].id,
            helper=helper.id, grant=db.session.scalar(sa.select(Grant.id).where(Grant.user_id == helper.id)), invitation=invitation.id,
            organisation_a=team_a.organisation_id, organisation_b=team_b.organisation_id, area_a=team_a.area_id,
        )
    team_a_data = [ids[k] for k in ("team_a", "pro_a", "pro_b", "household", "marieke", "kevin", "first", "second", "goal", "action")]
    assert len(set(team_a_data)) == len(team_a_data), ids
    return SimpleNamespace(**ids)


def login(client, email: str, password: str = factories.PASSWORD):
    """Sign in through the sign-in form as the page renders it."""
    form = page_form(client.get("/auth/login"), action="/auth/login")
    return form.submit(client, email=email, password=password)


def confirm_password(client, password: str = factories.PASSWORD):
    """Type the password again, as the page that asks for it before data leaves the app renders it."""
    form = page_form(client.get("/auth/bevestigen"), action="/auth/bevestigen")
    return form.submit(client, password=password)


@pytest.fixture
def pro_a(client, world):
    login(client, "a@example.org")
    return client


@pytest.fixture
def exporter(pro_a):
    """pro_a, having typed the password again, as the exports ask before anything leaves the app."""
    assert confirm_password(pro_a).status_code == 302
    return pro_a
