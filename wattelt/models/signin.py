"""Signed-in sessions kept on the server.

The session cookie holds only a random token; this row decides whether it still counts. So signing
out, a new password, a deactivated account or "sign out everywhere" end a session at once, also
for a copy of the cookie taken before.
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wattelt.extensions import db
from wattelt.models.organisation import User
from wattelt.models.types import utcnow


class SignIn(db.Model):
    __tablename__ = "sign_in"
    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the token in the cookie; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # The kitchen-table lock: while set, this session reaches only this round (policy.KitchenTable).
    locked_round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("round.id"))

    user: Mapped[User] = relationship(lazy="joined")


class RecoveryCode(db.Model):
    """A one-time code for when the authenticator app is lost; only its hash is stored."""

    __tablename__ = "recovery_code"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class PasswordLink(db.Model):
    """A one-time link with which a new or reset staff account sets its own password; an
    administrator hands it over (no e-mail server needed). Only a hash of its token is stored."""

    __tablename__ = "password_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
