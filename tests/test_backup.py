"""`flask backup create` and `flask backup restore`: a copy of the whole database that comes back
as it was, logs that stay append-only, and clear refusals that change nothing."""
import shutil
import sqlite3

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from tests import factories
from tests.config import TestConfig
from tests.conftest import build_world, login
from tests.test_migrations import POSTGRES_SERVER, drop_postgres, postgres_or_skip
from wattelt import create_app
from wattelt.extensions import db
from wattelt.models import AccessEvent, Household, Member
from wattelt.models.types import APPEND_ONLY_TABLES
from wattelt.paths import resource_dir


def migrated_app(url: str, revision: str = "head"):
    """An app on a database made as production makes it: by the migrations, not by create_all."""
    app = create_app(TestConfig(url, WTF_CSRF_ENABLED=False))
    with app.app_context():
        upgrade(revision=revision)
    return app


def fill(app):
    """The test world, a look at a household (an access-log row) and a new password (a row in the
    administrators' log): every table has rows, the logs too."""
    world = build_world(app)
    client = app.test_client()
    login(client, "a@example.org")
    assert client.get(f"/households/{world.household}").status_code == 200
    assert app.test_cli_runner().invoke(args=["users", "set-password", "b@example.org", "--password-stdin"], input="een nieuw wachtwoord\n").exit_code == 0
    assert all(counts(app)[table] for table in APPEND_ONLY_TABLES)
    return world


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory):
    """Made once: migrating and filling takes seconds, copying a file does not."""
    path = tmp_path_factory.mktemp("template") / "live.sqlite"
    app = migrated_app(f"sqlite:///{path}")
    world = fill(app)
    with app.app_context():
        db.engine.dispose()
    return path, world


@pytest.fixture(params=["sqlite", "postgresql"])
def live(request, tmp_path):
    """A database made by the migrations with the filled world in it, and its app."""
    name = None
    if request.param == "sqlite":
        template, world = request.getfixturevalue("sqlite_template")
        shutil.copy(template, tmp_path / "live.sqlite")
        app = create_app(TestConfig(f"sqlite:///{tmp_path / 'live.sqlite'}", WTF_CSRF_ENABLED=False))
    else:
        if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
            pytest.skip("pg_dump and pg_restore are not installed on this machine")
        name = postgres_or_skip()
        app = migrated_app(f"{POSTGRES_SERVER}/{name}")
        world = fill(app)
    yield app, world
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if name:
        drop_postgres(name)


def backup(app, *args):
    return app.test_cli_runner().invoke(args=["backup", *map(str, args)])


def counts(app) -> dict[str, int]:
    with app.app_context():
        with db.engine.connect() as connection:
            return {t.name: connection.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def test_round_trip_brings_every_row_back_and_keeps_the_logs_append_only(live, tmp_path):
    app, world = live
    path = tmp_path / "wattelt.backup"
    before = counts(app)
    assert before["access_log"] >= 1 and before["round"] >= 2

    made = backup(app, "create", path)
    assert made.exit_code == 0, made.output
    head = ScriptDirectory(str(resource_dir("migrations"))).get_current_head()
    assert "Backup written to" in made.output and f"revision {head}" in made.output

    # After the backup: a household renamed, one added, a member renamed.
    with app.app_context():
        db.session.get(Household, world.household).name = "Andere naam"
        db.session.get(Member, world.kevin).name = "Iemand anders"
        factories.household(db.session.get(factories.User, world.pro_a), "Familie Na de backup")
    assert counts(app) != before

    put_back = backup(app, "restore", path, "--yes")
    assert put_back.exit_code == 0, put_back.output
    assert "The database is back" in put_back.output and "db upgrade" not in put_back.output
    assert counts(app) == before
    with app.app_context():
        assert db.session.get(Household, world.household).name == "Familie Test"
        assert db.session.get(Member, world.kevin).name == "Kevin"
        assert db.session.scalar(sa.select(Household).filter_by(name="Familie Na de backup")) is None
        # The logs still refuse to be rewritten, by the database itself.
        for table in APPEND_ONLY_TABLES:
            for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):
                with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.engine.begin() as connection:
                    connection.execute(sa.text(statement))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessEvent)) == before["access_log"]
    # The app works on what came back.
    client = app.test_client()
    login(client, "a@example.org")
    assert "Marieke" in client.get(f"/households/{world.household}").get_data(as_text=True)


def test_restore_asks_for_yes_and_changes_nothing_without_it(live, tmp_path):
    app, world = live
    path = tmp_path / "wattelt.backup"
    assert backup(app, "create", path).exit_code == 0
    with app.app_context():
        db.session.get(Household, world.household).name = "Na de backup"
        db.session.commit()
    refused = backup(app, "restore", path)
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "replaces everything" in refused.output and "--yes" in refused.output
    with app.app_context():
        assert db.session.get(Household, world.household).name == "Na de backup"


@pytest.mark.parametrize("live", ["sqlite"], indirect=True)
def test_a_backup_never_overwrites_a_file(live, tmp_path):
    app, _ = live
    path = tmp_path / "taken"
    path.write_text("earlier backup")
    result = backup(app, "create", path)
    assert result.exit_code == 1 and "exists already" in result.output
    assert path.read_text() == "earlier backup"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("taken")] == ["taken"]


def sqlite_file(path, *statements):
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return path


# The file is refused before any database is touched: on SQLite alone.
@pytest.mark.parametrize("live", ["sqlite"], indirect=True)
@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp / "nowhere.backup", "There is no file"),
    (lambda tmp: (tmp / "notes.txt").write_text("boodschappen") and tmp / "notes.txt", "not a backup of Wat telt"),
    (lambda tmp: sqlite_file(tmp / "other.sqlite", "CREATE TABLE things (id INTEGER)"), "not one of Wat telt"),
    (lambda tmp: sqlite_file(tmp / "new.sqlite", "CREATE TABLE alembic_version (version_num VARCHAR(32))",
                             "INSERT INTO alembic_version VALUES ('9999')"), "newer release"),
])
def test_restore_refuses_a_missing_or_wrong_file_with_a_message(live, tmp_path, make, message):
    app, world = live
    result = backup(app, "restore", make(tmp_path), "--yes")
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    with app.app_context():
        assert db.session.get(Household, world.household).name == "Familie Test"


def test_a_backup_of_an_earlier_release_comes_back_and_says_to_upgrade(tmp_path):
    old = migrated_app(f"sqlite:///{tmp_path / 'old.sqlite'}", revision="0009")
    assert backup(old, "create", tmp_path / "old.backup").exit_code == 0
    result = backup(old, "restore", tmp_path / "old.backup", "--yes")
    assert result.exit_code == 0, result.output
    assert "revision 0009" in result.output and "flask db upgrade" in result.output


def test_sqlite_backup_is_consistent_while_another_connection_writes(request, tmp_path):
    """The online backup copies what is committed; a write still in progress is not half in it."""
    app = create_app(TestConfig(f"sqlite:///{tmp_path / 'live.sqlite'}"))
    shutil.copy(request.getfixturevalue("sqlite_template")[0], tmp_path / "live.sqlite")
    writer = sqlite3.connect(tmp_path / "live.sqlite", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE household SET name = 'Halverwege'")
    try:
        assert backup(app, "create", tmp_path / "during.backup").exit_code == 0
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    copy = sqlite3.connect(tmp_path / "during.backup")
    assert copy.execute("SELECT count(*) FROM household WHERE name = 'Halverwege'").fetchone() == (0,)
    assert copy.execute("SELECT count(*) FROM household").fetchone()[0] >= 6
    copy.close()


@pytest.mark.parametrize("live", ["postgresql"], indirect=True)
def test_a_backup_of_one_kind_does_not_go_into_the_other(live, sqlite_template, tmp_path):
    app, world = live
    result = backup(app, "restore", sqlite_template[0], "--yes")
    assert result.exit_code == 1 and "backup of an sqlite database; this app uses postgresql" in result.output
    with app.app_context():
        assert db.session.get(Household, world.household).name == "Familie Test"


@pytest.mark.parametrize("live", ["postgresql"], indirect=True)
def test_without_the_client_programs_the_commands_are_given_by_hand(live, tmp_path, monkeypatch):
    app, _ = live
    monkeypatch.setenv("PATH", str(tmp_path))
    result = backup(app, "create", tmp_path / "x.dump")
    assert result.exit_code == 1 and "pg_dump is not installed" in result.output
    assert "pg_dump --format=custom --file=" in result.output and "pg_restore --clean --if-exists" in result.output
    assert not list(tmp_path.glob("x.dump*"))


def test_an_in_memory_database_has_nothing_to_back_up(tmp_path):
    app = create_app(TestConfig("sqlite://"))
    result = backup(app, "create", tmp_path / "x")
    assert result.exit_code == 1 and "in memory" in result.output
