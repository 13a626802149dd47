"""Grants: who holds which rights over which part of the data.

A grant says which kinds of objects its holder may know exist (sees), which of them it covers
(bound to a team, later also to a household or a member), and which verbs it allows on them.
Today grants follow from a user's role and team; the residents issue adds grants for a
resident's household, a naaste's member and an invited helper's actions.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from wattelt.models import Action, Goal, Household, Member, Role, Round, Team, User
from wattelt.policy.subjects import Columns, Subject

CONVERSATION_VERBS = frozenset({
    "household.create", "household.view", "household.edit",
    "round.start", "round.view", "chip.place", "round.edit", "round.complete", "progress.view",
    "plan.view", "plan.edit", "goal.edit", "action.done",
})


@dataclass(frozen=True)
class Grant:
    sees = frozenset()
    verbs = frozenset()

    def covers(self, subject: Subject) -> bool:
        raise NotImplementedError

    def condition(self, columns: Columns) -> sa.ColumnElement:
        raise NotImplementedError

    def allows(self, verb: str, obj, subject: Subject, **context) -> bool:
        """Whether this grant allows verb on obj. context (such as the perspective of a chip) lets a
        grant narrow a verb; the grants of today allow every perspective at the kitchen table."""
        return verb in self.verbs and self.knows(obj, subject)

    def knows(self, obj, subject: Subject) -> bool:
        return type(obj) in self.sees and self.covers(subject)


@dataclass(frozen=True)
class TeamGrant(Grant):
    team_id: int

    def covers(self, subject: Subject) -> bool:
        return subject.team_id == self.team_id

    def condition(self, columns: Columns) -> sa.ColumnElement:
        return columns.team == self.team_id


@dataclass(frozen=True)
class Caseload(TeamGrant):
    """A professional: every household of their team, the whole conversation at the kitchen table,
    where the tablet goes round and every perspective's chip is placed on it."""

    sees = frozenset({Team, Household, Member, Round, Goal, Action})
    verbs = CONVERSATION_VERBS


@dataclass(frozen=True)
class TeamFigures(TeamGrant):
    """A team lead: the team's aggregate figures only, never an individual household."""

    sees = frozenset({Team})
    verbs = frozenset({"figures.view"})


@dataclass(frozen=True)
class Administration(Grant):
    """An administrator: knows every team (to manage them), never household content."""

    sees = frozenset({Team})

    def covers(self, subject: Subject) -> bool:
        return True

    def condition(self, columns: Columns) -> sa.ColumnElement:
        return sa.true()


def grants_of(user: User) -> tuple[Grant, ...]:
    # Flask-Login counts a user as signed in only while active: a deactivated account and a visitor
    # who is not signed in both hold no grants.
    if not user.is_authenticated:
        return ()
    if user.role == Role.ADMIN:
        return (Administration(),)
    if user.team_id is None:
        return ()
    if user.role == Role.PROFESSIONAL:
        return (Caseload(user.team_id),)
    if user.role == Role.TEAMLEAD:
        return (TeamFigures(user.team_id),)
    return ()
