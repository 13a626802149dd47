"""The household's plan: goals in the resident's words and the actions towards them."""
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from wattelt import policy, text
from wattelt.dates import check_date
from wattelt.errors import InvalidInput
from wattelt.extensions import db
from wattelt.instrument import registry
from wattelt.models import Action, ActionOwner, Goal, GoalStatus, Household, User
from wattelt.models.types import SCALE_MAX, SCALE_MIN

GOAL_LENGTH = 500
ACTION_LENGTH = 300
NOTE_LENGTH = 300
# An action may have been due a while ago when it is written down, but not in another era.
EARLIEST_ACTION = timedelta(days=365)
LATEST_ACTION = timedelta(days=5 * 365)


def goals(user: User, household: Household) -> list[Goal]:
    """The plan as this user may see it: open goals first, then the rest, each with its actions."""
    stmt = (
        policy.scope(user, Goal)
        .where(Goal.household_id == household.id)
        .options(selectinload(Goal.actions))
        .order_by(Goal.created_at, Goal.id)
    )
    found = list(db.session.scalars(stmt))
    return sorted(found, key=lambda g: g.status != GoalStatus.OPEN)


def domain_choices(household: Household, locale: str) -> list[tuple[str, str]]:
    """(key, label) of the domains on the current boards of the household's members."""
    choices: dict[str, str] = {}
    for key in dict.fromkeys(m.instrument_key for m in household.members):
        definition = registry().latest(key)
        for domain in definition.domains if definition else ():
            choices.setdefault(domain.key, domain.text("label", locale))
    return list(choices.items())


def add_goal(household: Household, member_id: int, domain_key: str, words: str, hoped_for: int) -> Goal:
    member = next((m for m in household.members if m.id == member_id), None)
    if member is None:
        raise InvalidInput(_l("Kies iemand uit dit huishouden."), field="member")
    definition = registry().latest(member.instrument_key)
    if definition is None or definition.domain(domain_key) is None:
        raise InvalidInput(_l("Kies een onderwerp van het bord van deze persoon."), field="domain")
    if not SCALE_MIN <= hoped_for <= SCALE_MAX:
        raise InvalidInput(
            _l("Een plek op de schaal ligt tussen %(lo)s en %(hi)s.", lo=SCALE_MIN, hi=SCALE_MAX), field="hoped_for"
        )
    words = text.clean(words, field="text", multiline=True, max_length=GOAL_LENGTH)
    if not words:
        raise InvalidInput(_l("Schrijf het doel op in de woorden van de bewoner."), field="text")
    goal = Goal(household=household, member=member, domain_key=domain_key, text=words, hoped_for=hoped_for)
    db.session.add(goal)
    db.session.flush()
    return goal


def set_goal_status(goal: Goal, status: GoalStatus) -> None:
    goal.status = status
    db.session.flush()


def add_action(
    goal: Goal, what: str, who: ActionOwner, by_when: date | None, today: date, assignee: User | None = None,
) -> Action:
    """assignee: one of the household's invited helpers (sharing.service.helpers), or None."""
    what = text.clean(what, field="what", max_length=ACTION_LENGTH)
    if not what:
        raise InvalidInput(_l("Schrijf op wat er gaat gebeuren."), field="what")
    if by_when is not None:
        check_date(by_when, today - EARLIEST_ACTION, today + LATEST_ACTION, "by_when")
    action = Action(what=what, who=who, by_when=by_when, assignee=assignee)
    goal.actions.append(action)
    db.session.flush()
    return action


def set_action_done(action: Action, done: bool) -> None:
    action.done = done
    db.session.flush()


def set_action_note(action: Action, note: str | None) -> None:
    action.note = text.clean(note, field="note", max_length=NOTE_LENGTH) or None
    db.session.flush()
