"""The one place that decides who may see and change which household data.

Every query that reads a household, member, round, goal or action starts here. A professional
works with the households of their own team; other roles hold no caseload (team leads will see
aggregates only). Anything outside a user's scope answers 404, so its existence is not revealed.
"""
import sqlalchemy as sa
from flask import abort

from wattelt.extensions import db
from wattelt.models import Action, Goal, Household, Member, Role, Round, User


def visible_households(user: User) -> sa.Select:
    """A select of the households this user may see; empty for roles without a caseload."""
    stmt = sa.select(Household)
    if not user.is_authenticated or user.role != Role.PROFESSIONAL or user.team_id is None:
        return stmt.where(sa.false())
    return stmt.where(Household.team_id == user.team_id)


def _visible_household_ids(user: User) -> sa.Select:
    return visible_households(user).with_only_columns(Household.id)


def household_or_404(user: User, household_id: int) -> Household:
    return _one_or_404(sa.select(Household).where(Household.id == household_id), Household.id, user)


def member_or_404(user: User, member_id: int) -> Member:
    stmt = sa.select(Member).where(Member.id == member_id)
    return _one_or_404(stmt, Member.household_id, user)


def round_or_404(user: User, round_id: int) -> Round:
    stmt = sa.select(Round).join(Round.member).where(Round.id == round_id)
    return _one_or_404(stmt, Member.household_id, user)


def goal_or_404(user: User, goal_id: int) -> Goal:
    return _one_or_404(sa.select(Goal).where(Goal.id == goal_id), Goal.household_id, user)


def action_or_404(user: User, action_id: int) -> Action:
    stmt = sa.select(Action).join(Action.goal).where(Action.id == action_id)
    return _one_or_404(stmt, Goal.household_id, user)


def _one_or_404(stmt: sa.Select, household_column, user: User):
    found = db.session.scalar(stmt.where(household_column.in_(_visible_household_ids(user))))
    if found is None:
        abort(404)
    return found
