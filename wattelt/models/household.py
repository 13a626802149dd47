"""The household: the unit of support, its members and its chosen contact person."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wattelt.extensions import db
from wattelt.text import search_key
from wattelt.models.organisation import Team, User
from wattelt.models.types import utcnow


def _name_key(context) -> str:
    return search_key(context.get_current_parameters()["name"])


class Household(db.Model):
    __tablename__ = "household"
    # The caseload: a team's households in the order of their names, a page at a time.
    __table_args__ = (sa.Index("ix_household_team_id_name_key", "team_id", "name_key", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id"))
    name: Mapped[str] = mapped_column(sa.String(80))
    # The name as search and sorting compare it (wattelt.text.search_key); set with the name, which
    # does not change afterwards. Text: folding can make a name longer ("ß" becomes "ss").
    name_key: Mapped[str] = mapped_column(sa.Text, default=_name_key)
    # The contact person the household chose: a professional, or an informal person by name.
    contact_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    contact_informal: Mapped[str | None] = mapped_column(sa.String(80))
    # Whether the members see each other's boards; the household decides, and no one does by default.
    members_share: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # Support ended: the data is kept for the organisation's retention period after this, then erased.
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True), index=True)

    team: Mapped[Team] = relationship()
    contact_user: Mapped[User | None] = relationship(lazy="joined")
    members: Mapped[list["Member"]] = relationship(
        back_populates="household", order_by="Member.id", cascade="all, delete-orphan", lazy="selectin"
    )


class Member(db.Model):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(sa.ForeignKey("household.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    birth_year: Mapped[int | None]
    # The board that fitted the birth year when the member was added ("adult" or "youth"). Each round
    # names its own instrument (chosen among those the organisation offers); adult or not, and the
    # board suggested for a new round, come from the birth year (households.service).
    instrument_key: Mapped[str] = mapped_column(sa.String(40))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    # Not joined: the policy's look-ups take the household from their own join (contains_eager), and
    # a member loaded with its household's members finds it in the session without a query.
    household: Mapped[Household] = relationship(back_populates="members")
