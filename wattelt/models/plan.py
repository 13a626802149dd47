"""The household's plan: goals in the resident's own words, and the actions towards them."""
import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wattelt.extensions import db
from wattelt.models.household import Household, Member
from wattelt.models.organisation import User
from wattelt.models.types import enum_column, score_check, utcnow


class GoalStatus(enum.Enum):
    OPEN = "open"
    REACHED = "reached"
    STOPPED = "stopped"


class ActionOwner(enum.Enum):
    RESIDENT = "resident"
    NETWORK = "network"
    VOLUNTEER = "volunteer"
    PROFESSIONAL = "professional"
    ORGANISATION = "organisation"


class Goal(db.Model):
    __tablename__ = "goal"
    __table_args__ = (score_check("hoped_for"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(sa.ForeignKey("household.id"), index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id"), index=True)
    domain_key: Mapped[str] = mapped_column(sa.String(40))
    text: Mapped[str] = mapped_column(sa.String(500))
    hoped_for: Mapped[int]
    status: Mapped[GoalStatus] = mapped_column(enum_column(GoalStatus), default=GoalStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # Raised by every change; a save based on an older version is refused (no edit lost).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    household: Mapped[Household] = relationship()
    member: Mapped[Member] = relationship()
    actions: Mapped[list["Action"]] = relationship(
        back_populates="goal", order_by="Action.id", cascade="all, delete-orphan"
    )


class Action(db.Model):
    __tablename__ = "action"
    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(sa.ForeignKey("goal.id"), index=True)
    what: Mapped[str] = mapped_column(sa.String(300))
    who: Mapped[ActionOwner] = mapped_column(enum_column(ActionOwner))
    by_when: Mapped[date | None]
    done: Mapped[bool] = mapped_column(default=False)
    # The invited helper who does this action, if any: they see it and can mark it done.
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # A short word from whoever does it ("done on Tuesday", "waiting for a letter").
    note: Mapped[str | None] = mapped_column(sa.String(300))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    goal: Mapped[Goal] = relationship(back_populates="actions")
    assignee: Mapped["User | None"] = relationship(lazy="joined")
