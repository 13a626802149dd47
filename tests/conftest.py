"""Fixtures in the style of Flask's tutorial: app, client, runner, plus a small world of data.

The database comes from WATTELT_TEST_DATABASE_URL (default: in-memory SQLite), so CI runs the
same suite on PostgreSQL too.
"""
import os
from types import SimpleNamespace

import pytest

from tests import factories
from wattelt import create_app
from wattelt.config import TestConfig
from wattelt.extensions import db

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def database_url() -> str:
    return os.environ.get("WATTELT_TEST_DATABASE_URL", "sqlite://")


def make_app(url: str | None = None, **overrides):
    app = create_app(TestConfig(url or database_url(), **{"WTF_CSRF_ENABLED": False, **overrides}))
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def _teardown(app):
    with app.app_context():
        db.session.remove()
        db.drop_all()
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
    """Two teams. Team A has a household with two members, a completed round and a plan."""
    with app.app_context():
        team_a, team_b = factories.team("Team A"), factories.team("Team B")
        pro_a = factories.user(team_a, "a@example.org")
        pro_b = factories.user(team_b, "b@example.org")
        lead_a = factories.user(team_a, "lead@example.org", role=factories.Role.TEAMLEAD)
        household = factories.household(pro_a, members=[("Marieke", 1984), ("Kevin", 2011)])
        marieke, kevin = household.members
        first = factories.completed_round(pro_a, marieke, {"housing": (40, 50), "money": (20, 30)})
        second = factories.completed_round(pro_a, marieke, {"housing": (60, 55), "money": (35, None)})
        goal = factories.goal(household, marieke, "money", hoped_for=70)
        action = factories.action(goal)
        own_household = factories.household(pro_b, members=[("Anouk", 1990)])
        return SimpleNamespace(
            pro_a=pro_a.id, pro_b=pro_b.id, lead_a=lead_a.id, household=household.id, marieke=marieke.id,
            kevin=kevin.id, first=first.id, second=second.id, goal=goal.id, action=action.id,
            other_household=own_household.id,
        )


def login(client, email: str, password: str = factories.PASSWORD):
    return client.post("/auth/login", data={"email": email, "password": password})


@pytest.fixture
def pro_a(client, world):
    login(client, "a@example.org")
    return client
