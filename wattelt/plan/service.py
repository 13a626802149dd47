"""The household's plan: goals in the resident's words and the actions towards them."""
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from wattelt import policy, text
from wattelt.dates import check_date
from wattelt.errors import Conflict, InvalidInput
from wattelt.extensions import db
from wattelt.households.service import board_for
from wattelt.instrument import comparison_key, comparison_label, registry, with_short_name
from wattelt.instrument.loader import DomainDef, InstrumentDef, is_kept_apart
from wattelt.models import Action, ActionOwner, Goal, GoalStatus, Household, Instrument, Member, Round, User
from wattelt.models.types import SCALE_MAX, SCALE_MIN
from wattelt.names import GOAL_STATUS_NAMES

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


def domain_choices(user: User, household: Household, locale: str, today: date) -> dict[int, list[tuple[str, str]]]:
    """Per member: (comparison key, label) of the domains a goal can be about, in one query."""
    versions = _instrument_versions(policy.scope(user, Round).where(Member.household_id == household.id))
    return {
        member.id: _labelled(_goal_domains(member, versions.get(member.id, []), today), locale)
        for member in household.members
    }


def goal_domain_keys(member: Member, today: date) -> set[str]:
    """The comparison keys a goal of this member can be about (see domain_choices)."""
    versions = _instrument_versions(sa.select(Round).where(Round.member_id == member.id))
    return {key for key, _domain, _definition in _goal_domains(member, versions.get(member.id, []), today)}


def _instrument_versions(rounds: sa.Select) -> dict[int, list[InstrumentDef]]:
    """Per member, the instrument versions of these rounds, the most recently held first."""
    last = sa.func.max(Round.held_on)
    stmt = (
        rounds.join(Instrument, Instrument.id == Round.instrument_id)
        .with_only_columns(Round.member_id, Instrument.key, Instrument.version)
        .group_by(Round.member_id, Instrument.key, Instrument.version)
        .order_by(last.desc(), Instrument.key, Instrument.version.desc())
    )
    loaded = registry()
    found: dict[int, list[InstrumentDef]] = {}
    for member_id, key, version in db.session.execute(stmt):
        found.setdefault(member_id, []).append(loaded.get(key, version))
    return found


def _goal_domains(member: Member, definitions: list[InstrumentDef], today: date) -> list[tuple[str, DomainDef, InstrumentDef]]:
    """The domains of the instruments of the member's rounds (newest first), one per comparison
    key; a member without rounds: those of the board that fits their birth year."""
    if not definitions:
        default = registry().latest(board_for(member.birth_year, today))
        definitions = [default] if default else []
    found: dict[str, tuple[str, DomainDef, InstrumentDef]] = {}
    for definition in definitions:
        for domain in definition.domains:
            key = comparison_key(definition, domain.key)
            found.setdefault(key, (key, domain, definition))
    return list(found.values())


def _labelled(domains: list[tuple[str, DomainDef, InstrumentDef]], locale: str) -> list[tuple[str, str]]:
    """Labels; beside another instrument's domains, one kept apart carries its instrument's short name."""
    mixed = len({definition.key for _key, _domain, definition in domains}) > 1
    return [
        (key, with_short_name(domain.text("label", locale), definition, locale) if mixed and is_kept_apart(key) else domain.text("label", locale))
        for key, domain, definition in domains
    ]


def goal_label(goal: Goal, locale: str) -> str:
    """A goal's domain in words: its domain key is a comparison key (instrument.comparison_label)."""
    return comparison_label(goal.domain_key, locale, prefer=board_for(goal.member.birth_year, date.today()))


def add_goal(household: Household, member_id: int, domain_key: str, words: str, hoped_for: int) -> Goal:
    """domain_key: a comparison key of the member's domains (goal_domain_keys), so goals line up
    with progress across instruments."""
    member = next((m for m in household.members if m.id == member_id), None)
    if member is None:
        raise InvalidInput(_l("Kies iemand uit dit huishouden."), field="member")
    if domain_key not in goal_domain_keys(member, date.today()):
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


def set_goal_status(goal: Goal, status: GoalStatus, seen: int | None = None) -> None:
    """seen: the version the person saw; None when no person's page is involved."""
    _unchanged_since(goal, seen, _l("Iemand anders zette de stand van dit doel intussen op '%(status)s'. Kijk of je hem nog wilt veranderen.",
                                    status=GOAL_STATUS_NAMES[goal.status]))
    goal.status = status
    _flush(goal)


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


def set_action_done(action: Action, done: bool, seen: int | None = None) -> None:
    _unchanged_since(action, seen, _l("Iemand anders heeft deze actie intussen op '%(state)s' gezet.",
                                      state=_l("gedaan") if action.done else _l("nog niet gedaan")))
    action.done = done
    _flush(action)


def set_action_note(action: Action, note: str | None, seen: int | None = None) -> None:
    _unchanged_since(action, seen, _l("Iemand anders heeft deze actie intussen veranderd. De notitie is nu: '%(note)s'. Je eigen notitie is niet bewaard: kijk of je hem nog wilt toevoegen.",
                                      note=action.note or _l("(leeg)")))
    action.note = text.clean(note, field="note", max_length=NOTE_LENGTH) or None
    _flush(action)


def _unchanged_since(row: Goal | Action, seen: int | None, message) -> None:
    """Refuse a change made on a page that showed an older version of this row, saying what is there now."""
    if seen is not None and seen != row.version:
        raise Conflict(message)


def _flush(row: Goal | Action) -> None:
    """Two saves at the same moment: the database refuses the second (version_id_col)."""
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(_l("Iemand anders veranderde dit op hetzelfde moment. Laad de pagina opnieuw en kijk wat er nu staat.")) from None
