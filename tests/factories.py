"""Small factories for test data; each builds through the services, as the app does."""
from datetime import date, timedelta

from wattelt.board.service import TopicEntry, complete_round, save_board, start_round
from wattelt.extensions import db
from wattelt.households.service import MemberInput, create_household
from wattelt.models import ActionOwner, Organisation, Role, Team, User
from wattelt.plan.service import add_action, add_goal

PASSWORD = "correct horse battery"
TODAY = date(2026, 11, 22)
__all__ = ["Role"]


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
    return create_household(owner, name, [MemberInput(n, y) for n, y in members], TODAY)


_round_count = 0


def completed_round(owner: User, member, positions: dict[str, tuple], held_on: date | None = None, naaste=False):
    """A completed round; positions: domain key → (resident, professional[, naaste]) with None for 'not now'."""
    global _round_count
    _round_count += 1
    round_ = start_round(
        owner, member, held_on or TODAY - timedelta(days=100 - _round_count), list(positions), [], with_naaste=naaste
    )
    save_board(round_, [
        TopicEntry(t.id, dict(zip(round_.perspectives, positions[t.key]))) for t in round_.topics
    ])
    complete_round(round_)
    return round_


def goal(household, member, domain_key: str, hoped_for: int = 70, text: str = "Overzicht over mijn geld"):
    return add_goal(household, member.id, domain_key, text, hoped_for)


def action(goal, what: str = "Post ordenen met een vrijwilliger", who: ActionOwner = ActionOwner.VOLUNTEER):
    return add_action(goal, what, who, None)
