"""Small factories for test data; each builds through the services, as the app does, and commits."""
from datetime import date, timedelta

import sqlalchemy as sa

from wattelt.demo import place_positions
from wattelt.extensions import db
from wattelt.households.service import MemberInput, create_household
from wattelt.models import ActionOwner, GrantKind, Organisation, Role, Round, Team, User
from wattelt.plan.service import add_action, add_goal
from wattelt.rounds.service import complete_round, start_round
from wattelt.sharing.service import accept, create_invitation

PASSWORD = "correct horse battery"
TODAY = date(2026, 11, 22)
__all__ = ["GrantKind", "Role"]


def team(name: str) -> Team:
    created = Team(name=name, organisation=Organisation(name=f"Organisatie van {name}"))
    db.session.add(created)
    db.session.commit()
    return created


def user(team: Team | None, email: str, role: Role = Role.PROFESSIONAL, name: str | None = None) -> User:
    created = User(email=email, name=name or email.split("@")[0], role=role, team=team)
    created.set_password(PASSWORD)
    db.session.add(created)
    db.session.commit()
    return created


def household(owner: User, name: str = "Familie Test", members=(("Marieke", 1984),)):
    created = create_household(owner, owner.team, name, [MemberInput(n, y) for n, y in members], TODAY)
    db.session.commit()
    return created


def open_round(owner: User, member, domains, held_on: date | None = None, naaste=False, own=()):
    """An open round, by default held a week after the member's previous one."""
    earlier = db.session.scalar(sa.select(sa.func.count()).select_from(Round).where(Round.member_id == member.id))
    round_ = start_round(
        owner, member, held_on or TODAY - timedelta(days=100 - 7 * earlier), list(domains), list(own),
        today=TODAY, with_naaste=naaste,
    )
    db.session.commit()
    return round_


def completed_round(owner: User, member, positions: dict[str, tuple], held_on: date | None = None, naaste=False):
    """A completed round; positions: domain key → (resident, professional[, naaste]) with None for 'not now'."""
    round_ = open_round(owner, member, positions, held_on, naaste)
    place_positions(round_, owner, positions)
    complete_round(round_)
    db.session.commit()
    return round_


def goal(household, member, domain_key: str, hoped_for: int = 70, text: str = "Overzicht over mijn geld"):
    created = add_goal(household, member.id, domain_key, text, hoped_for)
    db.session.commit()
    return created


def action(goal, what: str = "Post ordenen met een vrijwilliger", who: ActionOwner = ActionOwner.VOLUNTEER):
    created = add_action(goal, what, who, None, TODAY)
    db.session.commit()
    return created


def invitation(by: User, household, kind: GrantKind, member=None, label: str | None = None, days: int = 7):
    """An open invitation and its token (the link's last part)."""
    created, token = create_invitation(by, household, kind, timedelta(days=days), member=member, label=label)
    db.session.commit()
    return created, token


def invited(by: User, household, kind: GrantKind, member=None, label: str | None = None) -> User:
    """Someone who accepted an invitation, with PASSWORD as their secret."""
    created, _ = create_invitation(by, household, kind, timedelta(days=7), member=member, label=label)
    person = accept(created, PASSWORD)
    db.session.commit()
    return person
