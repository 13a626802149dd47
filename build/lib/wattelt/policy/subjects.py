"""Where each kind of household data hangs: its team, household and member.

Grants are bound to one of these levels. The same question, "which team, household and member
is this about", is answered twice from one table of paths: in SQL to filter lists and lookups,
and in Python on loaded objects to decide about one object without another query.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from wattelt.models import Action, Goal, Household, Member, Round, Team


@dataclass(frozen=True)
class Subject:
    team_id: int | None
    household_id: int | None = None
    member_id: int | None = None


@dataclass(frozen=True)
class Columns:
    """The SQL columns of a statement that hold its rows' team, household and member."""

    team: sa.ColumnElement
    household: sa.ColumnElement | None = None
    member: sa.ColumnElement | None = None


def subject_of(obj) -> Subject:
    """The subject of a loaded object; parents already in the session cost no query."""
    if isinstance(obj, Team):
        return Subject(obj.id)
    if isinstance(obj, Household):
        return Subject(obj.team_id, obj.id)
    if isinstance(obj, Member):
        return Subject(obj.household.team_id, obj.household_id, obj.id)
    if isinstance(obj, Round):
        return subject_of(obj.member)
    if isinstance(obj, Goal):
        return Subject(obj.household.team_id, obj.household_id, obj.member_id)
    if isinstance(obj, Action):
        return subject_of(obj.goal)
    raise TypeError(f"the policy does not know {type(obj).__name__}")


def selectable(model: type) -> tuple[sa.Select, Columns]:
    """A select of the model joined up to its household, and the columns of its subject."""
    if model is Team:
        return sa.select(Team), Columns(Team.id)
    if model is Household:
        return sa.select(Household), Columns(Household.team_id, Household.id)
    member_columns = Columns(Household.team_id, Member.household_id, Member.id)
    if model is Member:
        return sa.select(Member).join(Member.household), member_columns
    if model is Round:
        return sa.select(Round).join(Round.member).join(Member.household), member_columns
    goal_columns = Columns(Household.team_id, Goal.household_id, Goal.member_id)
    if model is Goal:
        return sa.select(Goal).join(Goal.household), goal_columns
    if model is Action:
        return sa.select(Action).join(Action.goal).join(Goal.household), goal_columns
    raise TypeError(f"the policy does not know {model.__name__}")
