"""The access log, in the style of NEN 7513: who looked at or changed which household data, when,
in which role and on whose behalf. Written in the same transaction as the request it records, and
never changed or deleted through the app."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wattelt.extensions import db
from wattelt.models.organisation import User
from wattelt.models.types import append_only, utcnow


class AccessEvent(db.Model):
    __tablename__ = "access_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    # On whose behalf: the professional's team, or the kitchen tablet handed to the resident.
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("team.id"))
    kitchen_table: Mapped[bool] = mapped_column(default=False)
    action: Mapped[str] = mapped_column(sa.String(10))  # view or change
    verb: Mapped[str] = mapped_column(sa.String(30))
    household_id: Mapped[int] = mapped_column(index=True)
    member_id: Mapped[int | None] = mapped_column(index=True)
    object_kind: Mapped[str] = mapped_column(sa.String(20))
    object_id: Mapped[int]
    # The route by name (never its address with ids or a query, never personal data).
    endpoint: Mapped[str] = mapped_column(sa.String(60))

    user: Mapped[User] = relationship(lazy="joined")


append_only(AccessEvent)
