"""Data rights (AVG/GDPR): everything stored about a member, as data to take along, and erasure of
a member or a whole household, leaving only the access log's anonymous trace; and retention:
households closed longer than their organisation keeps data are erased.

The export is built from the models' own columns, so a column added later is exported without
anyone having to remember it; tests/test_rights.py checks that every stored field appears.
"""
import calendar
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from sqlalchemy.orm import selectinload

from wattelt import accesslog
from wattelt.admin import audit
from wattelt.admin.service import NO_PASSWORD
from wattelt.extensions import db
from wattelt.models import (
    AccessEvent, Action, Chip, ChipEvent, Domain, Goal, Grant, Household, Invitation, Member, Organisation, Round, SignIn, Team,
    Topic, User, WriteReceipt,
)
from wattelt.models.types import as_utc
from wattelt.names import PERSPECTIVE_NAMES
from wattelt.rounds.scores import cell
from wattelt.rounds.service import board_topics, placed_of


def _row(obj) -> dict:
    """Every column of a row, dates as ISO 8601 and enums as their value."""
    values = {}
    for column in sa.inspect(obj).mapper.column_attrs:
        value = getattr(obj, column.key)
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif hasattr(value, "value"):
            value = value.value
        values[column.key] = value
    return values


def _rows(stmt) -> list[dict]:
    return [_row(obj) for obj in db.session.scalars(stmt)]


def export(member: Member) -> dict:
    """All data stored about this member, and about the household they share it with."""
    rounds = sa.select(Round.id).where(Round.member_id == member.id)
    topics = sa.select(Topic.id).where(Topic.round_id.in_(rounds))
    goals = sa.select(Goal.id).where(Goal.member_id == member.id)
    return {
        "format": "wattelt-member-export/1",
        "member": _row(member),
        "household": _row(member.household),
        "rounds": _rows(sa.select(Round).where(Round.member_id == member.id).order_by(Round.id)),
        "topics": _rows(sa.select(Topic).where(Topic.id.in_(topics)).order_by(Topic.id)),
        # What a topic's domain_id stands for ("housing"), so the file can be read without the app.
        "domains": _rows(sa.select(Domain).where(Domain.id.in_(sa.select(Topic.domain_id).where(Topic.id.in_(topics)))).order_by(Domain.id)),
        "chips": _rows(sa.select(Chip).where(Chip.topic_id.in_(topics)).order_by(Chip.id)),
        "chip_history": _rows(sa.select(ChipEvent).where(ChipEvent.topic_id.in_(topics)).order_by(ChipEvent.id)),
        "goals": _rows(sa.select(Goal).where(Goal.member_id == member.id).order_by(Goal.id)),
        "actions": _rows(sa.select(Action).where(Action.goal_id.in_(goals)).order_by(Action.id)),
        # The consent record: who was given access to what, by whom, since when, withdrawn when.
        "access_given": _rows(sa.select(Grant).where(Grant.household_id == member.household_id).order_by(Grant.id)),
        "invitations": [
            {key: value for key, value in row.items() if key != "token_hash"}
            for row in _rows(sa.select(Invitation).where(Invitation.household_id == member.household_id).order_by(Invitation.id))
        ],
        "access_log": _rows(accesslog.about_member(member).order_by(AccessEvent.id)),
    }


@dataclass(frozen=True)
class RoundSummary:
    round: Round
    columns: list[str]  # a column per perspective that took part
    # Per chosen domain: its label, a cell per perspective (a position or which kind of gap), the topic.
    rows: list[tuple[str, list, Topic]]


@dataclass(frozen=True)
class Summary:
    """The member's data in words, to read or print: the same as the file, but for people."""

    member: Member
    rounds: list[RoundSummary]
    goals: list[Goal]
    access_given: list[Grant]
    access_log: list[AccessEvent]


def summary(member: Member, locale: str) -> Summary:
    rounds = db.session.scalars(sa.select(Round).where(Round.member_id == member.id).order_by(Round.held_on, Round.id))
    summaries = []
    for round_ in rounds:
        scores = {placed.key: placed.scores for placed in placed_of(round_)}
        rows = [(view.label, [cell(scores[view.topic.key], p) for p in round_.perspectives], view.topic)
                for view in board_topics(round_, locale)]
        summaries.append(RoundSummary(round_, [str(PERSPECTIVE_NAMES[p]) for p in round_.perspectives], rows))
    goals = db.session.scalars(
        sa.select(Goal).where(Goal.member_id == member.id).options(selectinload(Goal.actions)).order_by(Goal.id)
    )
    grants = db.session.scalars(sa.select(Grant).where(Grant.household_id == member.household_id).order_by(Grant.created_at, Grant.id))
    return Summary(member, summaries, list(goals), list(grants), accesslog.of_member(member))


def erase_member(member: Member) -> None:
    """Remove the member's boards, history, plan, invitations and access; the access log keeps its
    rows, which name no one once the member is gone (only ids)."""
    rounds = sa.select(Round.id).where(Round.member_id == member.id)
    topics = sa.select(Topic.id).where(Topic.round_id.in_(rounds))
    goals = sa.select(Goal.id).where(Goal.member_id == member.id)
    db.session.execute(sa.update(SignIn).where(SignIn.locked_round_id.in_(rounds)).values(locked_round_id=None))
    db.session.execute(sa.delete(WriteReceipt).where(WriteReceipt.round_id.in_(rounds)))
    db.session.execute(sa.delete(ChipEvent).where(ChipEvent.topic_id.in_(topics)))
    db.session.execute(sa.delete(Chip).where(Chip.topic_id.in_(topics)))
    db.session.execute(sa.delete(Topic).where(Topic.id.in_(topics)))
    db.session.execute(sa.delete(Round).where(Round.id.in_(rounds)))
    db.session.execute(sa.delete(Action).where(Action.goal_id.in_(goals)))
    db.session.execute(sa.delete(Goal).where(Goal.id.in_(goals)))
    _erase_access(Grant.member_id == member.id, Invitation.member_id == member.id)
    db.session.execute(sa.delete(Member).where(Member.id == member.id))
    db.session.expunge_all()


def erase_household(household: Household) -> None:
    for member in list(household.members):
        erase_member(db.session.get(Member, member.id))
    household = db.session.get(Household, household.id)
    _erase_access(Grant.household_id == household.id, Invitation.household_id == household.id)
    db.session.execute(sa.delete(Household).where(Household.id == household.id))
    db.session.expunge_all()


def _erase_access(grants, invitations) -> None:
    """Grants and invitations go; the accounts that held only these grants are closed and renamed,
    since an invited person's account exists only for this household."""
    holders = [row.user_id for row in db.session.execute(sa.select(Grant.user_id).where(grants))]
    db.session.execute(sa.delete(Grant).where(grants))
    db.session.execute(sa.update(Action).where(Action.assignee_id.in_(holders)).values(assignee_id=None))
    db.session.execute(sa.delete(Invitation).where(invitations))
    for user_id in holders:
        if db.session.scalar(sa.select(sa.func.count()).select_from(Grant).where(Grant.user_id == user_id)) == 0:
            db.session.execute(sa.update(User).where(User.id == user_id).values(
                name="—", login_name=f"gewist-{user_id}", active=False, password_hash=NO_PASSWORD, language=None,
            ))
            db.session.execute(sa.update(SignIn).where(SignIn.user_id == user_id, SignIn.ended_at.is_(None)).values(ended_at=sa.func.now()))


def add_months(moment: datetime, months: int) -> datetime:
    """The same moment so many calendar months later (or earlier); the 31st becomes the month's last day."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def retention_ends(household: Household) -> date | None:
    """The day a closed household's data is erased; None while support goes on."""
    if household.closed_at is None:
        return None
    return add_months(as_utc(household.closed_at), household.team.organisation.retention_months).date()


@dataclass(frozen=True)
class Purged:
    household_id: int
    organisation: str
    closed_on: date
    retention_months: int


def due_for_erasure(now: datetime) -> list[Purged]:
    """Households closed longer ago than their organisation's retention period, oldest first."""
    due = []
    for organisation in db.session.scalars(sa.select(Organisation).order_by(Organisation.id)):
        cutoff = add_months(now, -organisation.retention_months)
        rows = db.session.execute(
            sa.select(Household.id, Household.closed_at).join(Household.team)
            .where(Team.organisation_id == organisation.id, Household.closed_at < cutoff)
            .order_by(Household.closed_at, Household.id)
        )
        due += [Purged(ident, organisation.name, as_utc(closed).date(), organisation.retention_months) for ident, closed in rows]
    return due


def purge(now: datetime) -> list[Purged]:
    """Erase every household due; each erasure leaves a row in the administrators' log (no names)."""
    due = due_for_erasure(now)
    for item in due:
        household = db.session.get(Household, item.household_id)
        audit.record(None, "household.purged", household, closed_on=item.closed_on.isoformat(), retention_months=item.retention_months)
        erase_household(household)
    return due
