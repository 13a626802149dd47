"""Who else may see a household's data, on the household's say: invitations and the grants they give.

A grant is also the record of consent: who was given access, to what, by whom, since when, and when
it was withdrawn.
"""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wattelt.extensions import db
from wattelt.models.household import Household, Member
from wattelt.models.organisation import User
from wattelt.models.types import enum_column, utcnow


class GrantKind(enum.Enum):
    RESIDENT = "resident"          # a member, over their own board and the household plan
    NAASTE = "naaste"              # a partner or carer, over their own chips on one member's rounds
    HELPER_PLAN = "helper_plan"    # a professional of another team or organisation: the plan
    HELPER_ACTIONS = "helper_actions"  # someone from the network: only the actions they do


class Invitation(db.Model):
    """A one-time link. Only a hash of its token is stored; the link is shown once, to hand over."""

    __tablename__ = "invitation"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    kind: Mapped[GrantKind] = mapped_column(enum_column(GrantKind))
    household_id: Mapped[int] = mapped_column(sa.ForeignKey("household.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(sa.ForeignKey("member.id"))
    # For a naaste or helper: the name the household knows them by ("Zus Ellen").
    label: Mapped[str | None] = mapped_column(sa.String(80))
    # Set when the link gives an existing account a new secret (a lost secret).
    for_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    household: Mapped[Household] = relationship()
    member: Mapped[Member | None] = relationship()


class Grant(db.Model):
    __tablename__ = "access_grant"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    kind: Mapped[GrantKind] = mapped_column(enum_column(GrantKind))
    household_id: Mapped[int] = mapped_column(sa.ForeignKey("household.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(sa.ForeignKey("member.id"))
    invitation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invitation.id"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    household: Mapped[Household] = relationship()
    member: Mapped[Member | None] = relationship()
