"""/healthz: what a load balancer asks every few seconds, to send people only to app processes
that can reach the database."""
import pytest
import sqlalchemy as sa

from tests.config import TestConfig
from tests.conftest import database_url, login
from wattelt import create_app
from wattelt.extensions import db


def test_healthz_says_ok_without_a_cookie_or_a_cache(client, world):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_healthz_for_someone_signed_in_sets_no_cookie_either(client, world):
    login(client, "a@example.org")
    response = client.get("/healthz")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_healthz_is_never_rate_limited(client, world):
    assert {client.get("/healthz").status_code for _ in range(60)} == {200}


def unreachable_database(tmp_path) -> str:
    """A database that is really not there: a closed port for PostgreSQL, a folder that does not
    exist for SQLite."""
    if database_url().startswith("postgresql"):
        return "postgresql+psycopg://postgres@127.0.0.1:9/wattelt?connect_timeout=2"
    return f"sqlite:///{tmp_path / 'gone' / 'wattelt.sqlite'}"


def test_healthz_fails_when_the_database_is_down_and_tells_nothing_more(tmp_path):
    # The app starts without its database (start-up leaves that to the commands that set it up).
    app = create_app(TestConfig(unreachable_database(tmp_path)))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        db.engine.dispose()


def test_healthz_comes_back_after_the_database_dropped_its_connections(app, client):
    """After a database restart the pool holds connections that are closed: the first check uses a
    fresh one instead of taking a healthy process out of the load balancer."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("only a database server drops its connections")
        assert client.get("/healthz").status_code == 200
        # From outside the app's pool, as a restarted server would: every connection of the pool ends.
        outside = sa.create_engine(db.engine.url)
        with outside.connect() as connection:
            ended = connection.exec_driver_sql(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).scalar()
        outside.dispose()
        assert ended >= 1
        assert client.get("/healthz").status_code == 200
