"""The schema comes from the migrations: upgrading an empty database gives exactly the models."""
import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from wattelt import create_app
from wattelt.config import TestConfig
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
