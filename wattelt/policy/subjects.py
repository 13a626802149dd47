"""Where each kind of household data hangs: its team, household and member, and the few facts
about it that grants depend on (whether members share their boards, whether a naaste was invited to
a round, who does an action).

The same question is answered twice from one table of paths: in SQL to filter lists and lookups,
and in Python on loaded objects to decide about one object without another query.
"""
from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from wattelt.models import Action, Goal, Household, Member, Organisation, Round, Team, User


class Installation:
    """The deployment as a whole: what belongs to no single organisation (the list of
    organisations, administrators' accounts). Only administrators know it."""

    id = 0


INSTALLATION = Installation()


@dataclass(frozen=True)
class Subject:
    team_id: int | None
    household_id: int | None = None
    member_id: int | None = None
    shared: bool = False           # the household's members see each other's boards
    naaste_invited: bool = False   # a round to which a naaste was invited
    assignee_id: int | None = None  # an action's helper
    round_id: int | None = None    # a round itself (the kitchen-table lock holds one)
    closed: bool = False           # the household's support has ended


@dataclass(frozen=True)
class Columns:
    """The SQL columns of a statement that hold the same facts for its rows."""

    team: sa.ColumnElement
    household: sa.ColumnElement | None = None
    member: sa.ColumnElement | None = None
    shared: sa.ColumnElement | None = None
    naaste_invited: sa.ColumnElement | None = None
    assignee: sa.ColumnElement | None = None
    round: sa.ColumnElement | None = None


def subject_of(obj) -> Subject:
    """The subject of a loaded object; parents already in the session cost no query."""
    if isinstance(obj, Team):
        return Subject(obj.id)
    if isinstance(obj, (Organisation, Installation)):
        return Subject(None)
    if isinstance(obj, Household):
        return Subject(obj.team_id, obj.id, shared=obj.members_share, closed=obj.closed_at is not None)
    if isinstance(obj, Member):
        return replace(subject_of(obj.household), member_id=obj.id)
    if isinstance(obj, Round):
        return replace(subject_of(obj.member), naaste_invited=obj.with_naaste, round_id=obj.id)
    if isinstance(obj, Goal):
        return replace(subject_of(obj.household), member_id=obj.member_id)
    if isinstance(obj, Action):
        return replace(subject_of(obj.goal), assignee_id=obj.assignee_id)
    raise TypeError(f"the policy does not know {type(obj).__name__}")


def _contact(household_path):
    """A household's contact person is shown by name only: loaded without their team and
    organisation, two joins less in every look-up of members and rounds."""
    return household_path.joinedload(Household.contact_user).lazyload(User.team)


def selectable(model: type) -> tuple[sa.Select, Columns]:
    """A select of the model joined up to its household, and the columns of its subject."""
    if model is Team:
        return sa.select(Team), Columns(Team.id)
    if model is Organisation:
        return sa.select(Organisation), Columns(sa.null())
    if model is Household:
        return sa.select(Household), Columns(Household.team_id, Household.id, shared=Household.members_share)
    member_columns = Columns(Household.team_id, Member.household_id, Member.id, Household.members_share)
    if model is Member:
        return sa.select(Member).join(Member.household).options(_contact(contains_eager(Member.household))), member_columns
    if model is Round:
        return (
            sa.select(Round).join(Round.member).join(Member.household)
            .options(_contact(contains_eager(Round.member).contains_eager(Member.household))),
            Columns(Household.team_id, Member.household_id, Member.id, Household.members_share, Round.with_naaste, round=Round.id),
        )
    goal_columns = Columns(Household.team_id, Goal.household_id, Goal.member_id, Household.members_share)
    if model is Goal:
        return sa.select(Goal).join(Goal.household), goal_columns
    if model is Action:
        return (
            sa.select(Action).join(Action.goal).join(Goal.household),
            Columns(Household.team_id, Goal.household_id, Goal.member_id, Household.members_share, assignee=Action.assignee_id),
        )
    raise TypeError(f"the policy does not know {model.__name__}")
