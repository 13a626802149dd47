"""A round (one conversation for one member), the domains it covers and the chips placed."""
import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wattelt.extensions import db
from wattelt.models.household import Member
from wattelt.models.instrument import Domain, Instrument
from wattelt.models.organisation import INVITED_ROLES, Role, User
from wattelt.models.types import enum_column, score_check, utcnow


class Perspective(enum.Enum):
    RESIDENT = "resident"
    PROFESSIONAL = "professional"
    NAASTE = "naaste"


class ChipState(enum.Enum):
    """A chip's state as people set it. A chip that is not placed has no Chip row; in the history,
    NOT_PLACED records a chip taken off the board."""

    PLACED = "placed"
    NOT_NOW = "not_now"
    NOT_PLACED = "not_placed"


def prepared_by_resident(with_professional: bool, starter_role: Role | None) -> bool:
    """A round filled in by the resident on their own, waiting to be continued together at the table."""
    return not with_professional and starter_role in INVITED_ROLES


class Round(db.Model):
    """One conversation for one member. Relationships load with the round, so templates never query."""

    __tablename__ = "round"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"), index=True)
    instrument_id: Mapped[int] = mapped_column(sa.ForeignKey("instrument.id"))
    held_on: Mapped[date]
    with_professional: Mapped[bool] = mapped_column(default=True)
    with_naaste: Mapped[bool] = mapped_column(default=False)
    professional_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # Who started it: a professional at the table, or the resident on their own ("prepared by the resident").
    started_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    # Not joined: the policy's look-ups take the member and household from their own joins.
    member: Mapped[Member] = relationship()
    instrument: Mapped[Instrument] = relationship(lazy="joined")
    professional: Mapped[User | None] = relationship(foreign_keys=[professional_id])
    started_by: Mapped[User | None] = relationship(foreign_keys=[started_by_id], lazy="joined")
    topics: Mapped[list["Topic"]] = relationship(
        back_populates="round", order_by="Topic.position", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    @property
    def prepared_by_resident(self) -> bool:
        return prepared_by_resident(self.with_professional, self.started_by.role if self.started_by else None)

    @property
    def perspectives(self) -> list[Perspective]:
        taking_part = [Perspective.RESIDENT]
        if self.with_professional:
            taking_part.append(Perspective.PROFESSIONAL)
        if self.with_naaste:
            taking_part.append(Perspective.NAASTE)
        return taking_part


def line_up_key(domain_key: str | None, own_key: str | None) -> str:
    """What lines a topic up across rounds: its domain's key, or its own domain's."""
    return domain_key if domain_key is not None else f"own:{own_key}"


class Topic(db.Model):
    """A domain the resident chose for this round: one of the instrument's, or an own domain.

    An own domain is known by own_key (see wattelt.text.own_domain_key), so "Tuin" and "tuin "
    are one topic in a round and one axis across rounds.
    """

    __tablename__ = "topic"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "domain_id"),
        sa.UniqueConstraint("round_id", "own_key", name="uq_topic_round_id_own_key"),
        sa.CheckConstraint("(domain_id IS NULL) <> (own_label IS NULL)", name="domain_or_own"),
        sa.CheckConstraint("(own_label IS NULL) = (own_key IS NULL)", name="own_label_has_key"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id"), index=True)
    domain_id: Mapped[int | None] = mapped_column(sa.ForeignKey("domain.id"))
    own_label: Mapped[str | None] = mapped_column(sa.String(80))
    own_key: Mapped[str | None] = mapped_column(sa.String(80))
    position: Mapped[int]
    wants_to_talk: Mapped[bool] = mapped_column(default=False)
    note_well: Mapped[str | None] = mapped_column(sa.String(500))
    note_better: Mapped[str | None] = mapped_column(sa.String(500))
    # Device times of the last change of the flag and of each note: a later change wins, whichever
    # arrives first; each note on its own, since one device may edit one note while another edits the other.
    flag_changed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    note_well_changed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    note_better_changed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    round: Mapped[Round] = relationship(back_populates="topics")
    domain: Mapped[Domain | None] = relationship(lazy="joined")
    chips: Mapped[list["Chip"]] = relationship(back_populates="topic", cascade="all, delete-orphan", lazy="selectin")

    @property
    def key(self) -> str:
        return line_up_key(self.domain.key if self.domain else None, self.own_key)

    def chip(self, perspective: Perspective) -> "Chip | None":
        return next((c for c in self.chips if c.perspective == perspective), None)


class Chip(db.Model):
    """One perspective's current position for one topic; value NULL means 'not now' (never a low score).

    No row means 'not placed'. Every change, also one that lost to a later one, is in ChipEvent.
    """

    __tablename__ = "chip"
    __table_args__ = (sa.UniqueConstraint("topic_id", "perspective"), score_check("value"))
    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(sa.ForeignKey("topic.id"), index=True)
    perspective: Mapped[Perspective] = mapped_column(enum_column(Perspective))
    value: Mapped[int | None]
    placed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # The device's time of the change, bounded by the server's: later device times win.
    placed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    topic: Mapped[Topic] = relationship(back_populates="chips")

    @property
    def not_now(self) -> bool:
        return self.value is None


class ChipEvent(db.Model):
    """Append-only history of chip changes: who did what, when, and whether it became current."""

    __tablename__ = "chip_event"
    __table_args__ = (
        score_check("value"),
        sa.CheckConstraint("(state = 'placed') = (value IS NOT NULL)", name="value_when_placed"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(sa.ForeignKey("topic.id"), index=True)
    perspective: Mapped[Perspective] = mapped_column(enum_column(Perspective))
    state: Mapped[ChipState] = mapped_column(enum_column(ChipState))
    value: Mapped[int | None]
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    device_time: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # False when a change with a later device time was already current: kept, not applied.
    applied: Mapped[bool]
