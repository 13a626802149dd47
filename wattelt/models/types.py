"""Column helpers shared by the models."""
import enum
from datetime import datetime, timezone

import sqlalchemy as sa


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes for timezone-aware columns; all our times are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def enum_column(enum_cls: type[enum.Enum], name: str | None = None) -> sa.Enum:
    """Store an enum by its value as a short string with a CHECK constraint (portable, readable).
    A table with two columns of one enum names each, since the CHECK constraints take the name."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        name=name or enum_cls.__name__.lower(),
        validate_strings=True,
    )


def score_check(column: str) -> sa.CheckConstraint:
    """Positions on the scale are whole numbers 0-100; NULL means 'not now'."""
    return sa.CheckConstraint(f"{column} IS NULL OR ({column} >= 0 AND {column} <= 100)", name=f"{column}_range")


SCALE_MIN, SCALE_MAX = 0, 100


APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION wattelt_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only'; END $$
"""


def append_only_ddl(table: str, dialect: str) -> list[str]:
    """Statements that make the database itself refuse to change or delete rows of table, so not
    even a bulk statement or a mistaken migration can rewrite a log."""
    if dialect == "postgresql":
        return [
            APPEND_ONLY_FUNCTION,
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION wattelt_append_only()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION wattelt_append_only()",
        ]
    return [
        f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        for event in ("UPDATE", "DELETE")
    ]


def append_only_triggers(table: str, dialect: str) -> list[str]:
    """The names of the triggers append_only_ddl makes (a restored backup is checked for them)."""
    if dialect == "postgresql":
        return [f"{table}_append_only", f"{table}_no_truncate"]
    return [f"{table}_no_{event}" for event in ("update", "delete")]


def undo_append_only_ddl(table: str, dialect: str) -> list[str]:
    on = f" ON {table}" if dialect == "postgresql" else ""
    return [f"DROP TRIGGER IF EXISTS {name}{on}" for name in append_only_triggers(table, dialect)]


# The tables made append-only, by their models.
APPEND_ONLY_TABLES: list[str] = []


def append_only(model: type) -> None:
    """Make a log model append-only: the ORM refuses a change or delete of a loaded row with a plain
    Python error, and the database's triggers refuse every other way (created with the table by
    create_all, in tests and the demo; the migrations create the same)."""
    table = model.__table__
    APPEND_ONLY_TABLES.append(table.name)
    for dialect in ("postgresql", "sqlite"):
        for statement in append_only_ddl(table.name, dialect):
            sa.event.listen(table, "after_create", sa.DDL(statement).execute_if(dialect=dialect))

    def refuse(mapper, connection, target):
        raise PermissionError(f"{table.name} is append-only")

    sa.event.listen(model, "before_update", refuse)
    sa.event.listen(model, "before_delete", refuse)
