"""What an invited person finds on their own page, one block per grant they hold."""
from dataclasses import dataclass, field

from wattelt import policy
from wattelt.extensions import db
from wattelt.models import Action, Goal, GrantKind, Household, Member, Round, User
from wattelt.rounds.service import rounds_of


@dataclass
class Place:
    """One household as this person may see it."""

    kind: GrantKind
    household: Household
    member: Member | None = None
    rounds: list[Round] = field(default_factory=list)
    # A resident whose household shares boards: the other members.
    others: list[Member] = field(default_factory=list)
    # A helper: the actions they do.
    actions: list[Action] = field(default_factory=list)


def places(user: User) -> list[Place]:
    result = []
    for grant in policy.held_grants(user):
        place = Place(grant.kind, grant.household, grant.member)
        if grant.member is not None:
            place.rounds = rounds_of(user, grant.member)
        if grant.kind is GrantKind.RESIDENT and grant.household.members_share:
            stmt = policy.scope(user, Member).where(Member.household_id == grant.household_id, Member.id != grant.member_id)
            place.others = list(db.session.scalars(stmt.order_by(Member.id)))
        if grant.kind in (GrantKind.HELPER_PLAN, GrantKind.HELPER_ACTIONS):
            place.actions = own_actions(user, grant.household)
        result.append(place)
    return result


def own_actions(user: User, household: Household) -> list[Action]:
    """The actions this person does for the household, open ones first."""
    stmt = policy.scope(user, Action).where(Goal.household_id == household.id, Action.assignee_id == user.id)
    return sorted(db.session.scalars(stmt.order_by(Action.by_when, Action.id)), key=lambda a: a.done)
