"""Instrument versions and their domains, as rows that rounds can point at.

The texts live in the instrument data files; the database only pins which version and which
domains a round used, so an old round keeps its version when a new one is loaded.
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wattelt.extensions import db
from wattelt.models.types import utcnow


class Instrument(db.Model):
    __tablename__ = "instrument"
    __table_args__ = (sa.UniqueConstraint("key", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(40))
    version: Mapped[int]
    loaded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    domains: Mapped[list["Domain"]] = relationship(
        back_populates="instrument", order_by="Domain.position", cascade="all, delete-orphan"
    )


class Domain(db.Model):
    __tablename__ = "domain"
    __table_args__ = (sa.UniqueConstraint("instrument_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(sa.ForeignKey("instrument.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(40))
    position: Mapped[int]
    instrument: Mapped[Instrument] = relationship(back_populates="domains")
