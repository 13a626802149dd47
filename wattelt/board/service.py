"""Rounds: start a conversation, place chips per domain and perspective, complete it."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from wattelt.errors import InvalidInput
from wattelt.extensions import db
from wattelt.instrument import InstrumentDef, registry
from wattelt.instrument.service import instrument_row
from wattelt.models import Chip, Household, Member, Perspective, Round, Topic, User
from wattelt.models.types import SCALE_MAX, SCALE_MIN, utcnow

MAX_OWN_DOMAINS = 3


@dataclass(frozen=True)
class TopicView:
    """What the board shows for one chosen domain, in the user's language."""

    topic: Topic
    label: str
    question: str
    description: str
    icon: str


@dataclass(frozen=True)
class TopicEntry:
    """One domain's answers from the board form. chips: perspective → position, or None for 'not now'."""

    topic_id: int
    chips: dict[Perspective, int | None]
    wants_to_talk: bool = False
    note_well: str | None = None
    note_better: str | None = None


def current_instrument(member: Member) -> InstrumentDef:
    definition = registry().latest(member.instrument_key)
    if definition is None:
        raise InvalidInput(_l("Er is geen gespreksbord voor deze persoon geladen."))
    return definition


def instrument_of(round_: Round) -> InstrumentDef:
    """The exact version this round was held with, even after a newer version was loaded."""
    definition = registry().get(round_.instrument.key, round_.instrument.version)
    if definition is None:
        raise RuntimeError(f"instrument {round_.instrument.key} v{round_.instrument.version} is no longer loaded")
    return definition


def start_round(
    user: User,
    member: Member,
    held_on: date,
    domain_keys: list[str],
    own_labels: list[str],
    with_professional: bool = True,
    with_naaste: bool = False,
) -> Round:
    definition = current_instrument(member)
    known = [d.key for d in definition.domains]
    unknown = sorted(set(domain_keys) - set(known))
    if unknown:
        raise InvalidInput(_l("Onbekend leefgebied: %(keys)s", keys=", ".join(unknown)), field="domains")
    own = list(dict.fromkeys(label.strip() for label in own_labels if label and label.strip()))
    if len(own) > MAX_OWN_DOMAINS:
        raise InvalidInput(_l("Kies hoogstens %(n)s eigen leefgebieden.", n=MAX_OWN_DOMAINS), field="own_domains")
    if not domain_keys and not own:
        raise InvalidInput(_l("Kies minstens één leefgebied om over te praten."), field="domains")
    row = instrument_row(definition)
    domain_rows = {d.key: d for d in row.domains}
    chosen = [key for key in known if key in domain_keys]
    round_ = Round(
        member=member,
        instrument=row,
        held_on=held_on,
        with_professional=with_professional,
        with_naaste=with_naaste,
        professional_id=user.id if with_professional else None,
    )
    round_.topics = [Topic(domain=domain_rows[key], position=i) for i, key in enumerate(chosen)] + [
        Topic(own_label=label, position=len(chosen) + i) for i, label in enumerate(own)
    ]
    db.session.add(round_)
    db.session.commit()
    return round_


def board_topics(round_: Round, locale: str) -> list[TopicView]:
    definition = instrument_of(round_)
    views = []
    for topic in round_.topics:
        if topic.domain is None:
            views.append(TopicView(topic, topic.own_label, "", "", "star"))
            continue
        domain = definition.domain(topic.domain.key)
        views.append(
            TopicView(
                topic,
                domain.text("label", locale),
                domain.text("question", locale),
                domain.text("description", locale),
                domain.icon,
            )
        )
    return views


def save_board(round_: Round, entries: list[TopicEntry]) -> None:
    """Store every entry or none: a bad value anywhere leaves the round as it was."""
    if round_.completed:
        raise InvalidInput(_l("Dit gesprek is afgerond en kan niet meer veranderen."))
    topics = {t.id: t for t in round_.topics}
    for entry in entries:
        if entry.topic_id not in topics:
            raise InvalidInput(_l("Dit leefgebied hoort niet bij dit gesprek."))
        for perspective, value in entry.chips.items():
            if perspective not in round_.perspectives:
                raise InvalidInput(_l("Deze persoon doet niet mee aan dit gesprek."))
            if value is not None and not SCALE_MIN <= value <= SCALE_MAX:
                raise InvalidInput(_l("Een plek op de schaal ligt tussen %(lo)s en %(hi)s.", lo=SCALE_MIN, hi=SCALE_MAX))
    for entry in entries:
        topic = topics[entry.topic_id]
        for perspective, value in entry.chips.items():
            chip = topic.chip(perspective)
            if chip is None:
                topic.chips.append(Chip(perspective=perspective, value=value))
            else:
                chip.value = value
        topic.wants_to_talk = entry.wants_to_talk
        topic.note_well = (entry.note_well or "").strip() or None
        topic.note_better = (entry.note_better or "").strip() or None
    db.session.commit()


def complete_round(round_: Round) -> None:
    if not round_.completed:
        round_.completed_at = utcnow()
        db.session.commit()


def rounds_by_member(household: Household) -> dict[int, list[Round]]:
    """Every round of the household's members, oldest first, in one query."""
    stmt = (
        sa.select(Round)
        .join(Round.member)
        .where(Member.household_id == household.id)
        .order_by(Round.held_on, Round.id)
    )
    grouped: dict[int, list[Round]] = defaultdict(list)
    for round_ in db.session.scalars(stmt):
        grouped[round_.member_id].append(round_)
    return grouped


def rounds_of(member: Member, completed_only: bool = False) -> list[Round]:
    stmt = (
        sa.select(Round)
        .where(Round.member_id == member.id)
        .order_by(Round.held_on, Round.id)
    )
    if completed_only:
        stmt = stmt.where(Round.completed_at.is_not(None))
    return list(db.session.scalars(stmt))
