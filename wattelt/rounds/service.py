"""Rounds: start a conversation, place chips, set flags and notes, complete it.

These operations serve both doors (HTML forms and the JSON API). They check the data's own rules,
flush and never commit: the request commits once. Who may call them is the policy's question,
asked by the routes.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from flask_babel import lazy_gettext as _l, lazy_ngettext
from sqlalchemy.orm import aliased, joinedload, raiseload, selectinload

from wattelt import instrument, policy, text
from wattelt.dates import check_date
from wattelt.errors import Conflict, InvalidInput
from wattelt.extensions import db
from wattelt.households.service import board_for
from wattelt.transaction import flush_or_conflict
from wattelt.instrument.service import instrument_row
from wattelt.models import (
    Chip, ChipEvent, ChipState, Domain, Household, Instrument, Member, Perspective, Role, Round, Topic, User, line_up_key,
    prepared_by_resident,
)
from wattelt.models.types import SCALE_MAX, SCALE_MIN, as_utc, utcnow

MAX_OWN_DOMAINS = 3
# A neutral pictogram for a domain named in the resident's own words (static/icons/domains.svg).
OWN_DOMAIN_ICON = "own"
OWN_LABEL_LENGTH = 80
NOTE_LENGTH = 500
# A round may be entered afterwards, but not for a date that cannot be right.
EARLIEST_ROUND = timedelta(days=10 * 365)
LATEST_ROUND = timedelta(days=31)


@dataclass(frozen=True)
class TopicView:
    """What the board shows for one chosen domain, in the user's language."""

    topic: Topic
    label: str
    question: str
    description: str
    icon: str


@dataclass(frozen=True)
class ChipChange:
    """One chip as someone set it: placed at a value, 'not now', or taken off the board (not placed)."""

    topic_id: int
    perspective: Perspective
    state: ChipState
    value: int | None = None


@dataclass(frozen=True)
class TopicEntry:
    """What the person changed on one domain of the board form: the chips, the flag (None: left as
    it was) and the notes they changed ('well', 'better')."""

    topic_id: int
    chips: list[ChipChange]
    wants_to_talk: bool | None = None
    notes: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """Whether a change became current (False: a change with a later device time already was)."""

    applied: bool
    topic: Topic


@dataclass(frozen=True)
class BoardRights:
    """What one person does on one board: whose chips they see and place, whether they see and
    change the flags and notes, and whether they may finish the conversation. A resident on their
    own places their own chip; a naaste places theirs and reads nothing else."""

    perspectives: list[Perspective]
    notes: bool
    finish: bool


def board_rights(user: User, round_: Round) -> BoardRights:
    """What user may do on the board of an open round. Who may do nothing on it (such as a member
    the household shares boards with) is refused: an open board is a conversation still going on,
    seen by those taking part, on the page and through the JSON door alike."""
    rights = BoardRights(
        [p for p in round_.perspectives if policy.can(user, "chip.place", round_, perspective=p)],
        policy.can(user, "round.edit", round_),
        policy.can(user, "round.complete", round_),
    )
    if not round_.completed and not rights.perspectives and not rights.notes:
        policy.require(user, "round.edit", round_)
    return rights


class RoundClosed(Conflict):
    def __init__(self):
        super().__init__(_l("Dit gesprek is afgerond en kan niet meer veranderen."))


class UnplacedChips(Conflict):
    def __init__(self, count: int):
        super().__init__(
            lazy_ngettext(
                "Er ligt nog %(num)s fiche niet op het bord. Wil je het gesprek toch afronden?",
                "Er liggen nog %(num)s fiches niet op het bord. Wil je het gesprek toch afronden?",
                count,
            ),
            unplaced=count,
        )
        self.count = count


def instrument_choices(member: Member) -> list[instrument.InstrumentDef]:
    """The instruments a round of this member can use: those the organisation of the household's
    team offers (the newest version of each)."""
    return instrument.offered(member.household.team.organisation)


def default_instrument(member: Member, choices: list[instrument.InstrumentDef], today: date) -> instrument.InstrumentDef:
    """The instrument suggested for a new round: the board that fits the member's birth year, if offered."""
    return instrument.suggested(choices, board_for(member.birth_year, today))


def start_round(
    user: User,
    member: Member,
    held_on: date,
    domain_keys: list[str],
    own_labels: list[str],
    *,
    today: date,
    with_professional: bool = True,
    with_naaste: bool = False,
    instrument_key: str | None = None,
) -> Round:
    """instrument_key: one of the instruments offered (instrument_choices); None: the suggested one."""
    choices = instrument_choices(member)
    if instrument_key is None:
        definition = default_instrument(member, choices, today)
    else:
        definition = next((d for d in choices if d.key == instrument_key), None)
        if definition is None:
            raise InvalidInput(_l("Kies een gespreksbord dat je organisatie aanbiedt."))
    known = [d.key for d in definition.domains]
    unknown = sorted(set(domain_keys) - set(known))
    if unknown:
        raise InvalidInput(_l("Onbekend onderwerp: %(keys)s", keys=", ".join(unknown)), field="domains")
    own = _own_domains(own_labels)
    if not domain_keys and not own:
        raise InvalidInput(_l("Kies minstens één onderwerp om over te praten."), field="domains")
    check_date(held_on, today - EARLIEST_ROUND, today + LATEST_ROUND, "held_on")
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
        started_by_id=user.id,
    )
    round_.topics = [Topic(domain=domain_rows[key], position=i) for i, key in enumerate(chosen)] + [
        Topic(own_label=label, own_key=key, position=len(chosen) + i) for i, (key, label) in enumerate(own.items())
    ]
    db.session.add(round_)
    db.session.flush()
    return round_


def _own_domains(labels: list[str]) -> dict[str, str]:
    """Own domains by their identity; the first wording of each is kept."""
    own: dict[str, str] = {}
    for label in labels:
        label = text.clean(label, field="own_domains", max_length=OWN_LABEL_LENGTH)
        if label:
            own.setdefault(text.own_domain_key(label), label)
    if len(own) > MAX_OWN_DOMAINS:
        raise InvalidInput(_l("Kies hoogstens %(n)s eigen onderwerpen.", n=MAX_OWN_DOMAINS), field="own_domains")
    return own


def continue_together(round_: Round, professional: User) -> None:
    """A round the resident prepared on their own, continued at the table: the professional's chips join."""
    _check_open(round_)
    round_.with_professional = True
    round_.professional_id = professional.id
    db.session.flush()


def board_topics(round_: Round, locale: str) -> list[TopicView]:
    definition = instrument.of_round(round_)
    views = []
    for topic in round_.topics:
        if topic.domain is None:
            views.append(TopicView(topic, topic.own_label, "", "", OWN_DOMAIN_ICON))
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


def place_chip(round_: Round, change: ChipChange, by: User, device_time: datetime | None = None) -> Outcome:
    """Set one chip. The change with the latest device time wins; every change is kept in the history."""
    _check_open(round_)
    topic = _topic(round_, change.topic_id)
    if change.perspective not in round_.perspectives:
        raise InvalidInput(_l("Deze persoon doet niet mee aan dit gesprek."), field="perspective")
    value = _position(change)
    chip = topic.chip(change.perspective)
    when = _device_time(device_time, round_)
    latest = _latest_change(topic, change.perspective, chip, device_time)
    later = latest is None or when >= latest
    if state_of(chip) == (change.state, value):
        # Said again: nothing moves, but a later time is kept, so an older change that arrives
        # afterwards cannot undo what was said last.
        if chip is not None and when > latest:
            chip.placed_at, chip.placed_by_id = when, by.id
            _record(topic, change, value, by, when, applied=True)
        return Outcome(True, topic)
    _record(topic, change, value, by, when, applied=later)
    if later:
        if change.state is ChipState.NOT_PLACED:
            topic.chips.remove(chip)
        elif chip is None:
            topic.chips.append(Chip(perspective=change.perspective, value=value, placed_by_id=by.id, placed_at=when))
        else:
            chip.value, chip.placed_by_id, chip.placed_at = value, by.id, when
    flush_or_conflict(_l("Deze fiche is net ook op een ander apparaat gelegd. Probeer het nog eens."))
    return Outcome(later, topic)


def _latest_change(topic: Topic, perspective: Perspective, chip: Chip | None, device_time: datetime | None) -> datetime | None:
    """The device time of the change that is current. A chip taken off the board has no row, so
    its time is read from the history; a change made now is later than any of it (no query)."""
    if chip is not None:
        return as_utc(chip.placed_at)
    if device_time is None:
        return None
    removed = db.session.scalar(
        sa.select(sa.func.max(ChipEvent.device_time)).where(
            ChipEvent.topic_id == topic.id, ChipEvent.perspective == perspective,
            ChipEvent.state == ChipState.NOT_PLACED, ChipEvent.applied.is_(True),
        )
    )
    return as_utc(removed) if removed is not None else None


def _record(topic: Topic, change: ChipChange, value: int | None, by: User, when: datetime, applied: bool) -> None:
    db.session.add(ChipEvent(
        topic_id=topic.id, perspective=change.perspective, state=change.state, value=value,
        user_id=by.id, device_time=when, applied=applied,
    ))


def state_of(chip: Chip | None) -> tuple[ChipState, int | None]:
    """A chip's state and position; no chip is 'not placed'."""
    if chip is None:
        return ChipState.NOT_PLACED, None
    return (ChipState.NOT_NOW, None) if chip.not_now else (ChipState.PLACED, chip.value)


def topic_state(topic: Topic, perspectives: list[Perspective], notes: bool = True) -> dict:
    """A domain's chips (of the perspectives given), flag and notes (when notes) as plain data, for
    the JSON door and the board's script."""
    chips = {}
    for perspective in perspectives:
        chip = topic.chip(perspective)
        state, value = state_of(chip)
        chips[perspective.value] = {"state": state.value, "value": value}
        if chip is not None:
            chips[perspective.value].update(placed_at=as_utc(chip.placed_at).isoformat(), placed_by=chip.placed_by_id)
    state = {"id": topic.id, "key": topic.key, "chips": chips}
    if notes:
        state.update(wants_to_talk=topic.wants_to_talk, note_well=topic.note_well, note_better=topic.note_better)
    return state


def _position(change: ChipChange) -> int | None:
    if change.state is not ChipState.PLACED:
        return None
    if change.value is None or not SCALE_MIN <= change.value <= SCALE_MAX:
        raise InvalidInput(
            _l("Een plek op de schaal ligt tussen %(lo)s en %(hi)s.", lo=SCALE_MIN, hi=SCALE_MAX), field="value"
        )
    return change.value


def set_flag(round_: Round, topic_id: int, wants_to_talk: bool, device_time: datetime | None = None) -> Outcome:
    """The 'I want to talk about this' flag; a later device time wins."""
    _check_open(round_)
    topic = _topic(round_, topic_id)
    applied = _set_if_later(topic, "wants_to_talk", "flag_changed_at", wants_to_talk, _device_time(device_time, round_))
    db.session.flush()
    return Outcome(applied, topic)


def set_notes(round_: Round, topic_id: int, notes: dict[str, str | None], device_time: datetime | None = None) -> Outcome:
    """One or both notes of a domain, keyed 'well' (what goes well) and 'better' (what could be
    better); each note keeps its own time, and a later device time wins."""
    _check_open(round_)
    topic = _topic(round_, topic_id)
    when = _device_time(device_time, round_)
    cleaned = {
        which: text.clean(words, field=f"note_{which}", multiline=True, max_length=NOTE_LENGTH)
        for which, words in notes.items()
    }
    applied = [_set_if_later(topic, f"note_{which}", f"note_{which}_changed_at", words, when) for which, words in cleaned.items()]
    db.session.flush()
    return Outcome(all(applied), topic)


def _set_if_later(topic: Topic, field: str, stamp: str, value, when: datetime) -> bool:
    """Set a field of the topic unless a change with a later device time is already there.

    stamp names the column with the time of the field's last change; saying the same again with a
    later time moves that time on."""
    last = getattr(topic, stamp)
    later = last is None or when >= as_utc(last)
    if later:
        setattr(topic, field, value)
        setattr(topic, stamp, when)
    return later or getattr(topic, field) == value


def save_board(round_: Round, entries: list[TopicEntry], by: User) -> None:
    """The changes made on the board form. A refusal anywhere undoes all of them (the request rolls back)."""
    for entry in entries:
        for change in entry.chips:
            place_chip(round_, change, by)
        if entry.wants_to_talk is not None:
            set_flag(round_, entry.topic_id, entry.wants_to_talk)
        if entry.notes:
            set_notes(round_, entry.topic_id, entry.notes)


def unplaced(round_: Round) -> int:
    """How many chips of the perspectives taking part are not on the board ('not now' is placed)."""
    taking_part = set(round_.perspectives)
    return sum(len(taking_part - {c.perspective for c in topic.chips}) for topic in round_.topics)


def complete_round(round_: Round, allow_unplaced: bool = False) -> None:
    _check_open(round_)
    missing = unplaced(round_)
    if missing and not allow_unplaced:
        raise UnplacedChips(missing)
    round_.completed_at = utcnow()
    db.session.flush()


def _check_open(round_: Round) -> None:
    if round_.completed:
        raise RoundClosed()


def _topic(round_: Round, topic_id: int) -> Topic:
    topic = next((t for t in round_.topics if t.id == topic_id), None)
    if topic is None:
        raise InvalidInput(_l("Dit onderwerp hoort niet bij dit gesprek."), field="topic")
    return topic


def _device_time(device_time: datetime | None, round_: Round) -> datetime:
    """The device's time of a change in UTC, kept between the round's start and the server's clock."""
    now = utcnow()
    if device_time is None:
        return now
    return min(max(as_utc(device_time).astimezone(timezone.utc), as_utc(round_.created_at)), now)


# A round as its board and result show it: its topics with their chips in one query, not two, and
# who started it (only their role matters: prepared by the resident) without their team and organisation.
WITH_POSITIONS = (selectinload(Round.topics).joinedload(Topic.chips), joinedload(Round.started_by).lazyload(User.team))


@dataclass(frozen=True)
class Listed:
    """A round as a list of rounds shows it: a row of one query, not a round object with its member,
    household, contact person, instrument and starter, each read by the ORM for every round."""

    id: int
    member_id: int
    held_on: date
    completed_at: datetime | None
    with_professional: bool
    starter_role: Role | None
    instrument_key: str
    instrument_version: int

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    @property
    def prepared_by_resident(self) -> bool:
        return prepared_by_resident(self.with_professional, self.starter_role)


def rounds_by_member(user: User, household: Household) -> dict[int, list[Listed]]:
    """The rounds this user may see of the household's members, oldest first, in one query."""
    starter = aliased(User)
    stmt = (
        policy.scope(user, Round).where(Member.household_id == household.id)
        .with_only_columns(Round.id, Round.member_id, Round.held_on, Round.completed_at, Round.with_professional,
                           starter.role, Instrument.key, Instrument.version)
        .join(Instrument, Instrument.id == Round.instrument_id).outerjoin(starter, starter.id == Round.started_by_id)
        .order_by(Round.held_on, Round.id)
    )
    grouped: dict[int, list[Listed]] = defaultdict(list)
    for row in db.session.execute(stmt):
        grouped[row.member_id].append(Listed(*row))
    return grouped


def round_number(user: User, round_: Round) -> int:
    """The round's place (1, 2, ...) among the member's completed rounds, by the date held:
    counted in the database, not by loading every round of the member."""
    held_before = sa.or_(Round.held_on < round_.held_on, sa.and_(Round.held_on == round_.held_on, Round.id <= round_.id))
    stmt = (
        policy.scope(user, Round)
        .where(Round.member_id == round_.member_id, Round.completed_at.is_not(None), held_before)
        .with_only_columns(sa.func.count(Round.id))
    )
    return db.session.scalar(stmt)


def rounds_of(user: User, member: Member, completed_only: bool = False, positions_only: bool = False) -> list[Round]:
    """The member's rounds this user may see, in the order they were held (not the order entered).
    positions_only: for charts, which take the positions from placed_in; the rounds come without
    their topics and without who started them (together a third of the progress page's time)."""
    stmt = policy.scope(user, Round).where(Round.member_id == member.id).order_by(Round.held_on, Round.id)
    if completed_only:
        stmt = stmt.where(Round.completed_at.is_not(None))
    if positions_only:
        stmt = stmt.options(raiseload(Round.topics), raiseload(Round.started_by))
    return list(db.session.scalars(stmt))


@dataclass(frozen=True)
class Placed:
    """A topic as a chart needs it: its domain's key (None for an own domain), its own domain, its
    place on the board, and each perspective's position (None for 'not now'; a perspective without
    a chip is left out, so 'not placed' stays apart)."""

    domain_key: str | None
    own_label: str | None
    own_key: str | None
    position: int
    scores: dict[Perspective, int | None]

    @property
    def key(self) -> str:
        return line_up_key(self.domain_key, self.own_key)


def placed_of(round_: Round) -> list[Placed]:
    """The positions of a round whose topics are loaded."""
    return [
        Placed(t.domain.key if t.domain else None, t.own_label, t.own_key, t.position, {c.perspective: c.value for c in t.chips})
        for t in round_.topics
    ]


def placed_in(rounds: list[Round]) -> dict[int, list[Placed]]:
    """The positions of these rounds, by round id, in board order: one flat query instead of topics
    and chips as objects (13 rounds took 8 ms of CPU as objects, 1.3 ms as rows). The rounds came
    through the policy's scope, so their topics may be read."""
    found: dict[int, list[Placed]] = {r.id: [] for r in rounds}
    if not found:
        return found
    rows = db.session.execute(
        sa.select(Topic.round_id, Topic.id, Domain.key, Topic.own_label, Topic.own_key, Topic.position, Chip.perspective, Chip.value)
        .outerjoin(Domain, Domain.id == Topic.domain_id).outerjoin(Chip, Chip.topic_id == Topic.id)
        .where(Topic.round_id.in_(found)).order_by(Topic.round_id, Topic.position, Topic.id)
    )
    topic_id, placed = None, None
    for round_id, row_topic, domain_key, own_label, own_key, position, perspective, value in rows:
        if row_topic != topic_id:
            topic_id, placed = row_topic, Placed(domain_key, own_label, own_key, position, {})
            found[round_id].append(placed)
        if perspective is not None:
            placed.scores[perspective] = value
    return found
