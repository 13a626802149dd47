"""Grants: who holds which rights over which part of the data.

A grant says which kinds of objects its holder may know exist (sees), which of them it covers
(bound to a team, a household, a member or the actions someone does), and which verbs it allows on
them. Staff hold grants by their role and team; people who came in by invitation (a resident, a
naaste, a helper) hold the grants stored for them, which the household can withdraw at once.
"""
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import g

from wattelt.extensions import db
from wattelt.models import Action, Goal, GrantKind, Household, INVITED_ROLES, Member, Organisation, Perspective, Role, Round, Team, User
from wattelt.models import Grant as StoredGrant
from wattelt.policy.subjects import Columns, Installation, Subject

CONVERSATION_VERBS = frozenset({
    "household.create", "household.view", "household.edit", "sharing.manage", "sharing.invite",
    "round.start", "round.lead", "round.view", "chip.place", "round.edit", "round.complete", "progress.view",
    "plan.view", "plan.edit", "goal.edit", "action.done", "member.export", "member.erase", "household.erase",
    "household.close", "round.export", "story.export",
})
# What nobody does in a closed household (support ended) until it is reopened; looking, taking
# data along, withdrawing access and erasing stay possible.
WHILE_OPEN = frozenset({
    "household.edit", "round.start", "round.lead", "chip.place", "round.edit", "round.complete", "plan.edit", "goal.edit",
    "action.done", "sharing.invite",
})

ADMIN_VERBS = frozenset({"admin.manage"})
# Answering the three questions about the help at the end of a round: only the resident whose round
# it was, on their own phone or on the tablet handed to them; never the professional, a naaste or a
# helper. The answer itself is stored without any link to the round (wattelt.experience).
EXPERIENCE_VERBS = frozenset({"experience.give"})


@dataclass(frozen=True)
class Grant:
    sees = frozenset()
    verbs = frozenset()

    def covers(self, subject: Subject, model: type) -> bool:
        raise NotImplementedError

    def condition(self, columns: Columns, model: type) -> sa.ColumnElement:
        raise NotImplementedError

    def allows(self, verb: str, obj, subject: Subject, **context) -> bool:
        """Whether this grant allows verb on obj; context (such as the perspective of a chip) lets a
        grant narrow a verb."""
        if subject.closed and verb in WHILE_OPEN:
            return False
        return verb in self.verbs and self.knows(obj, subject)

    def knows(self, obj, subject: Subject) -> bool:
        return type(obj) in self.sees and self.covers(subject, type(obj))


@dataclass(frozen=True)
class TeamGrant(Grant):
    team_id: int

    def covers(self, subject: Subject, model: type) -> bool:
        return subject.team_id == self.team_id

    def condition(self, columns: Columns, model: type) -> sa.ColumnElement:
        return columns.team == self.team_id


@dataclass(frozen=True)
class Caseload(TeamGrant):
    """A professional: every household of their team, the whole conversation at the kitchen table,
    where the tablet goes round and every perspective's chip is placed on it; and their own team's
    figures, the same aggregates their team lead sees."""

    sees = frozenset({Team, Household, Member, Round, Goal, Action})
    verbs = CONVERSATION_VERBS | {"figures.view"}


@dataclass(frozen=True)
class TeamFigures(TeamGrant):
    """A team lead: the team's aggregate figures only, never an individual household."""

    sees = frozenset({Team})
    verbs = frozenset({"figures.view"})


@dataclass(frozen=True)
class Administration(Grant):
    """An administrator: manages organisations, teams, areas, people, settings and instruments, and
    sees the figures of every team (aggregates only); never household content."""

    sees = frozenset({Installation, Organisation, Team})
    verbs = ADMIN_VERBS | {"figures.view"}

    def covers(self, subject: Subject, model: type) -> bool:
        return True

    def condition(self, columns: Columns, model: type) -> sa.ColumnElement:
        return sa.true()


@dataclass(frozen=True)
class ResidentGrant(Grant):
    """A member of the household: their own board, and the household plan as far as it is theirs.
    Other members' boards and goals only when the household agreed to share them. An adult decides
    who else sees the plan; a young member's parent or carer does that."""

    household_id: int
    member_id: int
    adult: bool
    sees = frozenset({Household, Member, Round, Goal, Action})
    verbs = frozenset({"round.view", "round.start", "chip.place", "round.edit", "progress.view", "plan.view", "action.done",
                       "sharing.manage", "sharing.invite", "member.export", "experience.give"})
    OWN_ONLY = frozenset({"round.start", "chip.place", "round.edit", "action.done", "member.export", "experience.give"})

    def covers(self, subject: Subject, model: type) -> bool:
        return subject.household_id == self.household_id and (
            model is Household or subject.member_id == self.member_id or subject.shared
        )

    def condition(self, columns: Columns, model: type) -> sa.ColumnElement:
        if model is Household:
            return columns.household == self.household_id
        return sa.and_(columns.household == self.household_id, sa.or_(columns.member == self.member_id, columns.shared))

    def allows(self, verb: str, obj, subject: Subject, perspective=None, **context) -> bool:
        if not super().allows(verb, obj, subject):
            return False
        if verb in ("sharing.manage", "sharing.invite"):
            return self.adult
        if verb in self.OWN_ONLY and subject.member_id != self.member_id:
            return False
        if verb == "chip.place":
            return perspective in (None, Perspective.RESIDENT)
        if verb == "action.done":
            return obj.who.value == "resident"
        return True


@dataclass(frozen=True)
class NaasteGrant(Grant):
    """A partner or informal carer: only their own chips, on the rounds of one member they were invited to."""

    household_id: int
    member_id: int
    sees = frozenset({Member, Round})
    verbs = frozenset({"round.view", "chip.place"})

    def covers(self, subject: Subject, model: type) -> bool:
        return subject.member_id == self.member_id and (model is not Round or subject.naaste_invited)

    def condition(self, columns: Columns, model: type) -> sa.ColumnElement:
        own = columns.member == self.member_id
        return sa.and_(own, columns.naaste_invited) if model is Round else own

    def allows(self, verb: str, obj, subject: Subject, perspective=None, **context) -> bool:
        if verb == "chip.place" and perspective not in (None, Perspective.NAASTE):
            return False
        return super().allows(verb, obj, subject)


@dataclass(frozen=True)
class HelperGrant(Grant):
    """Someone the household invited to help: a professional of another team or organisation sees
    the plan (plan=True); someone from the network sees only the actions they do. Either can mark
    their own actions done."""

    household_id: int
    user_id: int
    plan: bool
    verbs = frozenset({"plan.view", "action.done"})

    @property
    def sees(self):
        return frozenset({Household, Goal, Action}) if self.plan else frozenset({Action})

    def covers(self, subject: Subject, model: type) -> bool:
        return subject.household_id == self.household_id and (self.plan or subject.assignee_id == self.user_id)

    def condition(self, columns: Columns, model: type) -> sa.ColumnElement:
        mine = columns.household == self.household_id
        return mine if self.plan else sa.and_(mine, columns.assignee == self.user_id)

    def allows(self, verb: str, obj, subject: Subject, **context) -> bool:
        if verb == "action.done" and subject.assignee_id != self.user_id:
            return False
        return super().allows(verb, obj, subject)


@dataclass(frozen=True)
class KitchenTable(Grant):
    """A professional's tablet handed to the resident: this one round only, the resident's own chips
    and notes, nothing else, until the professional unlocks it with their secret."""

    round_id: int
    sees = frozenset({Round})
    verbs = frozenset({"round.view", "chip.place", "round.edit", "experience.give"})

    def covers(self, subject: Subject, model: type) -> bool:
        return subject.round_id == self.round_id

    def condition(self, columns: Columns, model: type) -> sa.ColumnElement:
        return columns.round == self.round_id

    def allows(self, verb: str, obj, subject: Subject, perspective=None, **context) -> bool:
        if verb == "chip.place" and perspective not in (None, Perspective.RESIDENT):
            return False
        return super().allows(verb, obj, subject)


def grants_of(user: User) -> tuple[Grant, ...]:
    # Flask-Login counts a user as signed in only while active: a deactivated account and a visitor
    # who is not signed in both hold no grants.
    if not user.is_authenticated:
        return ()
    locked = g.get("kitchen_lock")
    if locked and locked[0] == user.id:
        return (KitchenTable(locked[1]),)
    if user.role in INVITED_ROLES:
        return _stored_grants(user)
    if user.role == Role.ADMIN:
        return (Administration(),)
    if user.team_id is None:
        return ()
    if user.role == Role.PROFESSIONAL:
        return (Caseload(user.team_id),)
    if user.role == Role.TEAMLEAD:
        return (TeamFigures(user.team_id),)
    return ()


def _stored_grants(user: User) -> tuple[Grant, ...]:
    """The grants an invited person holds now, read once per request (a withdrawn one counts at once)."""
    cache = g.setdefault("stored_grants", {})
    if user.id not in cache:
        cache[user.id] = tuple(_from_row(row) for row in stored_rows(user))
    return cache[user.id]


def stored_rows(user: User) -> list[StoredGrant]:
    """The rows of the grants an invited person holds now, oldest first."""
    stmt = sa.select(StoredGrant).where(StoredGrant.user_id == user.id, StoredGrant.revoked_at.is_(None))
    return list(db.session.scalars(stmt.order_by(StoredGrant.created_at)))


def _from_row(row: StoredGrant) -> Grant:
    if row.kind is GrantKind.RESIDENT:
        # Adult or not by the birth year, not by the board a round used (a board may fit any age).
        from wattelt.households.service import is_adult

        return ResidentGrant(row.household_id, row.member_id, adult=is_adult(row.member.birth_year, date.today()))
    if row.kind is GrantKind.NAASTE:
        return NaasteGrant(row.household_id, row.member_id)
    return HelperGrant(row.household_id, row.user_id, plan=row.kind is GrantKind.HELPER_PLAN)
