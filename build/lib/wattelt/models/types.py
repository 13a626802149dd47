"""Column helpers shared by the models."""
import enum
from datetime import datetime, timezone

import sqlalchemy as sa


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes for timezone-aware columns; all our times are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def enum_column(enum_cls: type[enum.Enum]) -> sa.Enum:
    """Store an enum by its value as a short string with a CHECK constraint (portable, readable)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        name=enum_cls.__name__.lower(),
        validate_strings=True,
    )


def score_check(column: str) -> sa.CheckConstraint:
    """Positions on the scale are whole numbers 0-100; NULL means 'not now'."""
    return sa.CheckConstraint(f"{column} IS NULL OR ({column} >= 0 AND {column} <= 100)", name=f"{column}_range")


SCALE_MIN, SCALE_MAX = 0, 100
