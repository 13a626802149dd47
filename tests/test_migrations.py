"""The schema comes from the migrations: upgrading an empty database gives exactly the models."""
import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from wattelt import create_app
from tests.config import TestConfig
from wattelt.extensions import db

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


def postgres_or_skip() -> str:
    """A fresh PostgreSQL database; skipped without a server, except in CI where that is a failure."""
    try:
        engine = sa.create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            name = f"wattelt_migrations_{uuid.uuid4().hex[:8]}"
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL must run in CI: {error}")
        pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432")
    return name


def drop_postgres(name: str) -> None:
    engine = sa.create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    name = postgres_or_skip()
    yield f"{POSTGRES_SERVER}/{name}"
    drop_postgres(name)


def test_upgrade_from_empty_matches_the_models_and_downgrades(empty_database):
    app = create_app(TestConfig(empty_database))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), db.metadata)
        assert differences == []
        assert "chip" in sa.inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert "chip" not in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_upgrade_keeps_the_skeletons_data(empty_database):
    """Rows written by the walking skeleton (revision 0001) survive 0002 and read as before."""
    app = create_app(TestConfig(empty_database))
    with app.app_context():
        upgrade(revision="0001")
        then = "2026-06-01 10:00:00+00:00"
        statements = [
            "INSERT INTO organisation (id, name) VALUES (1, 'Gemeente')",
            "INSERT INTO team (id, organisation_id, name) VALUES (1, 1, 'Noord')",
            "INSERT INTO user_account (id, email, name, password_hash, role, team_id, active, created_at) "
            f"VALUES (1, 'a@example.org', 'A', 'x', 'professional', 1, true, '{then}')",
            f"INSERT INTO household (id, team_id, name, created_at) VALUES (1, 1, 'Familie', '{then}')",
            f"INSERT INTO member (id, household_id, name, birth_year, instrument_key, created_at) VALUES (1, 1, 'Marieke', 1984, 'adult', '{then}')",
            f"INSERT INTO instrument (id, key, version, loaded_at) VALUES (1, 'adult', 1, '{then}')",
            "INSERT INTO domain (id, instrument_id, key, position) VALUES (1, 1, 'housing', 0)",
            "INSERT INTO round (id, member_id, instrument_id, held_on, with_professional, with_naaste, professional_id, created_at, completed_at) "
            f"VALUES (1, 1, 1, '2026-06-01', true, false, 1, '{then}', '{then}')",
            "INSERT INTO topic (id, round_id, domain_id, own_label, position, wants_to_talk) VALUES (1, 1, 1, NULL, 0, false)",
            "INSERT INTO topic (id, round_id, domain_id, own_label, position, wants_to_talk) VALUES (2, 1, NULL, 'Tuin', 1, false)",
            "INSERT INTO topic (id, round_id, domain_id, own_label, position, wants_to_talk) VALUES (3, 1, NULL, 'tuin ', 2, false)",
            "INSERT INTO topic (id, round_id, domain_id, own_label, position, wants_to_talk) VALUES (4, 1, NULL, 'Tuin #2', 3, false)",
            f"INSERT INTO chip (id, topic_id, perspective, value, updated_at) VALUES (1, 1, 'resident', 70, '{then}')",
            f"INSERT INTO chip (id, topic_id, perspective, value, updated_at) VALUES (2, 1, 'professional', NULL, '{then}')",
            f"INSERT INTO chip (id, topic_id, perspective, value, updated_at) VALUES (3, 2, 'resident', 40, '{then}')",
            f"INSERT INTO chip (id, topic_id, perspective, value, updated_at) VALUES (4, 3, 'resident', 90, '{then}')",
        ]
        with db.engine.begin() as connection:
            for statement in statements:
                connection.execute(sa.text(statement))
        upgrade()
        with db.engine.connect() as connection:
            chips = connection.execute(sa.text("SELECT id, value, placed_at, placed_by_id FROM chip ORDER BY id")).all()
            events = connection.execute(sa.text("SELECT topic_id, perspective, state, value, applied FROM chip_event ORDER BY topic_id, perspective")).all()
            keys = connection.execute(sa.text("SELECT id, own_key FROM topic ORDER BY id")).all()
        assert [(c.id, c.value, c.placed_by_id) for c in chips] == [(1, 70, None), (2, None, None), (3, 40, None), (4, 90, None)]
        assert all(c.placed_at is not None for c in chips)
        assert [tuple(e) for e in events] == [
            (1, "professional", "not_now", None, True), (1, "resident", "placed", 70, True),
            (2, "resident", "placed", 40, True), (3, "resident", "placed", 90, True),
        ]
        # "Tuin" and "tuin " were two topics of one round: both stay, so no chip is lost; a label that
        # happens to read like the numbered key gets a number of its own.
        assert [tuple(k) for k in keys] == [(1, None), (2, "tuin"), (3, "tuin #2"), (4, "tuin #2 #2")]
        downgrade(revision="0001")
        with db.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM chip")).scalar() == 4
        db.engine.dispose()


def test_invited_people_can_be_stored_after_0003(empty_database):
    """The role check and the e-mail column changed in 0003: an invited resident fits, nonsense does not."""
    app = create_app(TestConfig(empty_database))
    with app.app_context():
        upgrade()
        now = "2026-06-01 10:00:00+00:00"
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO user_account (email, login_name, name, password_hash, role, active, created_at) "
                f"VALUES (NULL, 'marieke-4821', 'Marieke', 'x', 'resident', true, '{now}')"
            ))
        for values in ["(NULL, NULL, 'Niemand', 'x', 'resident', true, '{now}')", "('x@example.org', NULL, 'X', 'x', 'king', true, '{now}')"]:
            with pytest.raises(sa.exc.IntegrityError):
                with db.engine.begin() as connection:
                    connection.execute(sa.text(
                        "INSERT INTO user_account (email, login_name, name, password_hash, role, active, created_at) "
                        "VALUES " + values.format(now=now)
                    ))
        downgrade(revision="0002")
        upgrade()
        db.engine.dispose()
