"""A read replica for the team figures (DATABASE_REPLICA_URL): the figures' aggregates read there,
who may see which team is decided on the primary, and no other page touches the replica.

The replica here is the test database itself, reached through a second engine, as a streaming
replica holds the same rows: SQLite in a file (two engines cannot share an in-memory database),
PostgreSQL as the suite runs it."""
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from tests.conftest import _teardown, database_url, login, make_app
from tests.test_figures import YEAR, city, lead, rows, tables_of  # noqa: F401 (fixtures)
from wattelt.config import Config
from wattelt.extensions import db


@pytest.fixture
def app(request, tmp_path):
    """The replica is the test database, or with the parameter "out of reach" an address where no
    database answers."""
    url = database_url()
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'wattelt.sqlite'}"
    replica = url
    if getattr(request, "param", None) == "out of reach":
        replica = (f"sqlite:///{tmp_path / 'no such folder' / 'replica.sqlite'}" if url.startswith("sqlite")
                   else "postgresql+psycopg://postgres@127.0.0.1:9/wattelt?connect_timeout=2")
    app = make_app(url, SQLALCHEMY_BINDS={"replica": replica})
    yield app
    with app.app_context():
        db.engines["replica"].dispose()
    _teardown(app)


@contextmanager
def recorded(engine):
    statements = []
    record = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def test_the_team_figures_read_their_aggregates_from_the_replica(lead, app, city):
    with app.app_context():
        primary, replica = db.engine, db.engines["replica"]
    assert primary is not replica
    with recorded(primary) as on_primary, recorded(replica) as on_replica:
        page = lead.get(f"/cijfers?group=team-{city['one']}&{YEAR}")
    # The same hand-computed numbers as tests/test_figures.py shows from the primary.
    assert rows(tables_of(page)["Overzicht"])["Huishoudens"] == ["5"]
    # First whether it is current, then the cells, goals, domain rows, domains, actions and
    # experience: reads only.
    assert len(on_replica) == 7 and all(s.lstrip().upper().startswith(("SELECT", "WITH")) for s in on_replica), on_replica
    # The person and the teams they may see figures of, asked of the policy on the primary.
    assert [s.split("\nFROM ", 1)[1].split()[0] for s in on_primary] == ["sign_in", "team"], on_primary
    # The request gave its replica connection back.
    assert replica.pool.checkedout() == 0


def test_other_pages_never_touch_the_replica(app, city, client):
    with app.app_context():
        replica = db.engines["replica"]
    login(client, "pro@example.org")
    with recorded(replica) as on_replica:
        assert client.get("/households/").status_code == 200
        household = client.get("/households/").get_data(as_text=True)
    assert on_replica == [] and "Huishoudens" in household


def test_the_replica_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgresql+psycopg://reader@replica.internal/wattelt")
    assert Config().SQLALCHEMY_BINDS == {"replica": "postgresql+psycopg://reader@replica.internal/wattelt"}
    monkeypatch.delenv("DATABASE_REPLICA_URL")
    assert Config().SQLALCHEMY_BINDS == {}


def figures_from_primary(app, lead, city, caplog):
    with app.app_context():
        primary = db.engine
    with recorded(primary) as on_primary, caplog.at_level("WARNING", logger="wattelt.replica"):
        page = lead.get(f"/cijfers?group=team-{city['one']}&{YEAR}")
    assert page.status_code == 200 and rows(tables_of(page)["Overzicht"])["Huishoudens"] == ["5"]
    assert len(on_primary) == 2 + 6, "the policy's two questions and the six aggregates"
    return [record.getMessage() for record in caplog.records if record.name == "wattelt.replica"]


@pytest.mark.parametrize("app", ["out of reach"], indirect=True)
def test_a_replica_out_of_reach_leaves_the_figures_to_the_primary(app, lead, city, caplog):
    (message,) = figures_from_primary(app, lead, city, caplog)
    assert message.startswith("replica out of reach (")


def test_a_replica_too_far_behind_is_passed_over(app, lead, city, caplog):
    app.config["REPLICA_MAX_LAG_SECONDS"] = -1
    assert figures_from_primary(app, lead, city, caplog) == ["replica 0 s behind: the figures read from the primary"]
