"""Data rights (AVG/GDPR): everything stored about a member, as data to take along, and erasure of
a member or a whole household, leaving only the access log's anonymous trace.

The export is built from the models' own columns, so a column added later is exported without
anyone having to remember it; tests/test_rights.py checks that every stored field appears.
"""
from datetime import date, datetime

import sqlalchemy as sa

from wattelt.extensions import db
from wattelt.models import (
    AccessEvent, Action, Chip, ChipEvent, Goal, Grant, Household, Invitation, Member, Round, SignIn, Topic, User,
    WriteReceipt,
)


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
        "access_log": _rows(sa.select(AccessEvent).where(
            AccessEvent.household_id == member.household_id,
            sa.or_(AccessEvent.member_id == member.id, AccessEvent.member_id.is_(None)),
        ).order_by(AccessEvent.id)),
    }


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
                name="—", login_name=f"gewist-{user_id}", active=False, password_hash="!", language=None,
            ))
            db.session.execute(sa.update(SignIn).where(SignIn.user_id == user_id, SignIn.ended_at.is_(None)).values(ended_at=sa.func.now()))
