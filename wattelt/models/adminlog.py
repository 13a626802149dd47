"""The administrators' log: every change to organisations, teams, areas, people and settings, with
who made it and when. Written in the same transaction as the change, never changed or deleted."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wattelt.extensions import db
from wattelt.models.organisation import User
from wattelt.models.types import append_only, utcnow


class AdminEvent(db.Model):
    __tablename__ = "admin_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    # NULL: a command run on the server (`flask users ...`), not a person in the app.
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    object_kind: Mapped[str] = mapped_column(sa.String(20))
    object_id: Mapped[int]
    # What changed, as JSON: names and settings, never a password, a token or household content.
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    user: Mapped[User | None] = relationship(lazy="joined")


append_only(AdminEvent)
