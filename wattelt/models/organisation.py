"""Who works with Wat telt: organisations, teams and the people who sign in."""
import enum
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from wattelt.extensions import db
from wattelt.models.types import enum_column, utcnow


class Role(enum.Enum):
    PROFESSIONAL = "professional"
    TEAMLEAD = "teamlead"
    ADMIN = "admin"
    # People who come in by invitation, without an office account: their rights are grants.
    RESIDENT = "resident"
    NAASTE = "naaste"
    HELPER = "helper"


INVITED_ROLES = (Role.RESIDENT, Role.NAASTE, Role.HELPER)


# The organisation's settings: safe defaults, the range an administrator may choose from.
SETTING_RANGES = {
    "retention_months": (1, 240),
    "min_group_size": (5, 100),
    "idle_minutes": (5, 60),
    "invitation_days": (1, 30),
}
SETTING_DEFAULTS = {"retention_months": 24, "min_group_size": 10, "idle_minutes": 15, "invitation_days": 7}


def _setting(name: str) -> Mapped[int]:
    return mapped_column(default=SETTING_DEFAULTS[name], server_default=str(SETTING_DEFAULTS[name]))


def _setting_checks() -> tuple[sa.CheckConstraint, ...]:
    return tuple(
        sa.CheckConstraint(f"{name} >= {low} AND {name} <= {high}", name=f"{name}_range")
        for name, (low, high) in SETTING_RANGES.items()
    )


class Organisation(db.Model):
    """An organisation whose teams work with the app, and the settings its administrators chose."""

    __tablename__ = "organisation"
    __table_args__ = _setting_checks()
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    archived_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # How long a closed household's data is kept before `flask retention purge` erases it.
    retention_months: Mapped[int] = _setting("retention_months")
    # The smallest number of households a team figure is computed from (k-anonymity).
    min_group_size: Mapped[int] = _setting("min_group_size")
    # Minutes without a request before a staff session ends.
    idle_minutes: Mapped[int] = _setting("idle_minutes")
    invitation_days: Mapped[int] = _setting("invitation_days")
    # Language codes offered to residents, comma-separated; NULL: every language the app has.
    resident_languages: Mapped[str | None] = mapped_column(sa.String(200))
    # Instrument keys the teams may choose from, comma-separated; NULL: the default adult and youth sets.
    offered_instruments: Mapped[str | None] = mapped_column(sa.String(400))
    teams: Mapped[list["Team"]] = relationship(back_populates="organisation", order_by="Team.name")
    areas: Mapped[list["Area"]] = relationship(back_populates="organisation", order_by="Area.name")


class Area(db.Model):
    """A neighbourhood (wijk) a team works in; team figures can be shown per area."""

    __tablename__ = "area"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    archived_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    organisation: Mapped[Organisation] = relationship(back_populates="areas")


class Team(db.Model):
    __tablename__ = "team"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    area_id: Mapped[int | None] = mapped_column(sa.ForeignKey("area.id"), index=True)
    # An archived team takes no new households; its history stays.
    archived_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    organisation: Mapped[Organisation] = relationship(back_populates="teams", lazy="joined")
    area: Mapped[Area | None] = relationship()


class User(UserMixin, db.Model):
    """Someone who signs in: staff with an e-mail address, or an invited person with a login name."""

    __tablename__ = "user_account"
    __table_args__ = (sa.CheckConstraint("email IS NOT NULL OR login_name IS NOT NULL", name="email_or_login_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    login_name: Mapped[str | None] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("team.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Wrong secrets in a row, and until when the account waits after too many.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Two factors (staff): the TOTP secret of their authenticator app, and the last time step used,
    # so a code works once.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(32))
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    # The language this person chose; none chosen: the browser's language decides.
    language: Mapped[str | None] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # Loaded with the user, since pages ask the policy about the user's own team.
    team: Mapped[Team | None] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def invited(self) -> bool:
        """Came in by invitation (a resident, a naaste, a helper), not with an office account."""
        return self.role in INVITED_ROLES

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
