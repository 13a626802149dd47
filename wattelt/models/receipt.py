"""Receipts of writes made with a client-made id, so a repeated request is stored once and answered the same."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from wattelt.extensions import db
from wattelt.models.types import utcnow


class WriteReceipt(db.Model):
    __tablename__ = "write_receipt"
    __table_args__ = (sa.UniqueConstraint("user_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    key: Mapped[str] = mapped_column(sa.String(64))
    # The round the write changed: its answers may quote notes, so erasing the round erases them too.
    round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("round.id"), index=True)
    # A hash of the request, so the same id sent with another change is refused, not answered wrongly.
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[int]
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
