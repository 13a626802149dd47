"""The household's plan: goals in the resident's words and the actions towards them."""
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from wattelt.errors import InvalidInput
from wattelt.extensions import db
from wattelt.instrument import registry
from wattelt.models import Action, ActionOwner, Goal, GoalStatus, Household
from wattelt.models.types import SCALE_MAX, SCALE_MIN


def goals(household: Household) -> list[Goal]:
    """The plan: open goals first, then the rest, each with its member and actions."""
    stmt = (
        sa.select(Goal)
        .where(Goal.household_id == household.id)
        .options(selectinload(Goal.actions), selectinload(Goal.member))
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


def domain_label(domain_key: str, instrument_key: str, locale: str) -> str:
    definition = registry().latest(instrument_key)
    domain = definition.domain(domain_key) if definition else None
    return domain.text("label", locale) if domain else domain_key


def add_goal(household: Household, member_id: int, domain_key: str, text: str, hoped_for: int) -> Goal:
    member = next((m for m in household.members if m.id == member_id), None)
    if member is None:
        raise InvalidInput(_l("Kies iemand uit dit huishouden."), field="member")
    definition = registry().latest(member.instrument_key)
    if definition is None or definition.domain(domain_key) is None:
        raise InvalidInput(_l("Kies een leefgebied van het bord van deze persoon."), field="domain")
    _check_position(hoped_for)
    text = text.strip()
    if not text:
        raise InvalidInput(_l("Schrijf het doel op in de woorden van de bewoner."), field="text")
    goal = Goal(household=household, member=member, domain_key=domain_key, text=text, hoped_for=hoped_for)
    db.session.add(goal)
    db.session.commit()
    return goal


def set_goal_status(goal: Goal, status: GoalStatus) -> None:
    goal.status = status
    db.session.commit()


def add_action(goal: Goal, what: str, who: ActionOwner, by_when: date | None) -> Action:
    what = what.strip()
    if not what:
        raise InvalidInput(_l("Schrijf op wat er gaat gebeuren."), field="what")
    action = Action(what=what, who=who, by_when=by_when)
    goal.actions.append(action)
    db.session.commit()
    return action


def set_action_done(action: Action, done: bool) -> None:
    action.done = done
    db.session.commit()


def _check_position(value: int) -> None:
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise InvalidInput(_l("Een plek op de schaal ligt tussen %(lo)s en %(hi)s.", lo=SCALE_MIN, hi=SCALE_MAX))
