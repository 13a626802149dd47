"""What residents said about the help, kept apart from everything else so that no one can trace an
answer back to a person."""
import enum
import secrets
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from wattelt.extensions import db
from wattelt.models.types import enum_column


class ExperienceAnswer(enum.Enum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


def _random_id() -> str:
    return secrets.token_hex(16)


class Experience(db.Model):
    """A resident's answers to the three questions at the end of a round, and a signal or complaint.

    Only the team and the month are kept: no household, member, round or user, no time of day, and
    a random id, so neither a column nor the order of the rows leads back to a round. A question
    not answered is NULL. These rows are read only as counts over at least the organisation's
    smallest group (wattelt.figures).
    """

    __tablename__ = "experience"
    # On SQLite a table with a text key still has a hidden rowid that counts up with every insert:
    # without it, not even the file's order says which answer came after which.
    __table_args__ = {"sqlite_with_rowid": False}
    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=_random_id)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id"), index=True)
    # The first day of the month the round ended in.
    month: Mapped[date]
    taken_seriously: Mapped[ExperienceAnswer | None] = mapped_column(enum_column(ExperienceAnswer, "taken_seriously"))
    fits_wishes: Mapped[ExperienceAnswer | None] = mapped_column(enum_column(ExperienceAnswer, "fits_wishes"))
    fits_needs: Mapped[ExperienceAnswer | None] = mapped_column(enum_column(ExperienceAnswer, "fits_needs"))
    signal: Mapped[str | None] = mapped_column(sa.String(1000))


class ExperienceFormUsed(db.Model):
    """The forms of the three questions that were sent: a digest of each form's random number and
    nothing else, so one form counts once. It names no round, team, person or time, and no answer
    (a digest tells neither which experience row it gave nor whether it was sent at all: a form
    skipped is not kept, and neither is one sent empty)."""

    __tablename__ = "experience_form_used"
    __table_args__ = {"sqlite_with_rowid": False}
    digest: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
