"""Progress: the numbers behind every chart, and the tables that show the same numbers.

Reads rounds and plans; nothing imports this module.
"""
from dataclasses import dataclass, field

from flask_babel import format_date, gettext as _, ngettext

from wattelt import charts, instrument, policy
from wattelt.extensions import db
from wattelt.instrument.loader import is_kept_apart
from wattelt.models import Goal, GoalStatus, Member, Perspective, Round, User
from wattelt.names import NOT_NOW, NOT_PLACED, NOT_TAKING_PART, PERSPECTIVE_NAMES, scale_words
from wattelt.rounds.scores import DIFFERENCE_THRESHOLD, cell, spread
from wattelt.rounds.service import Placed, board_topics, placed_in, placed_of, round_number, rounds_of, unplaced


# The latest rounds each get their own chart on the progress page; a chart per round for every
# round made a page of ten rounds draw twelve charts (128 KB). Older rounds are linked instead.
DRAWN_APART = 3


@dataclass(frozen=True)
class ScoreTable:
    """The same numbers as a chart. Cells hold a position (0-100) or a short text such as 'not now'."""

    caption: str
    columns: list[str]
    rows: list[tuple[str, list]]
    row_heading: str | None = None  # what the rows are, when not topics ("Onderwerp")


@dataclass(frozen=True)
class Chart:
    figure: dict
    table: ScoreTable
    summary: str


@dataclass
class Progress:
    rounds: list[Round]
    round_names: dict[int, str]
    picked: list[int]
    perspective: Perspective
    domains: list[tuple[str, str]]
    domain_key: str | None
    overlay: Chart | None = None
    timeline: Chart | None = None
    per_round: list[Chart] = field(default_factory=list)
    # Rounds before those drawn apart: each has its own result page with its chart and table.
    earlier: list[Round] = field(default_factory=list)


def topic_key(round_: Round, topic: Placed) -> str:
    """What lines a topic up across rounds: the domain's comparison key (across instruments, by
    same_as; a domain of a non-default instrument without it stays its own), or the own domain's key."""
    if topic.domain_key is None:
        return topic.key
    return instrument.comparison_key(instrument.of_round(round_), topic.domain_key)


def scores_of(round_: Round, placed: list[Placed]) -> dict[str, dict[Perspective, int | None]]:
    """Per comparison key, per perspective: the position (None for 'not now'; no entry: not placed)."""
    return {topic_key(round_, topic): topic.scores for topic in placed}


def domain_labels(rounds: list[Round], locale: str, placed: dict[int, list[Placed]] | None = None) -> list[tuple[str, str]]:
    """(comparison key, label) of every domain discussed in these rounds, newest wording first, in
    board order: the newest round's instrument's domains, then those only older instruments have,
    then own domains. When the rounds used more than one instrument, a domain that lines up with
    no other carries its instrument's short name: "Justitie (ZRM)". Without placed, the rounds'
    own loaded topics."""
    placed = placed if placed is not None else {r.id: placed_of(r) for r in rounds}
    mixed = len({r.instrument.key for r in rounds}) > 1
    labels: dict[str, str] = {}
    order: dict[str, tuple[bool, int, int]] = {}
    ranks: dict[str, int] = {}
    for round_ in reversed(rounds):
        definition = instrument.of_round(round_)
        rank = ranks.setdefault(definition.key, len(ranks))
        keys = [d.key for d in definition.domains]
        for topic in placed[round_.id]:
            key = topic_key(round_, topic)
            if key in labels:
                continue
            if topic.domain_key is None:
                labels[key] = topic.own_label
                order[key] = (True, 0, topic.position)
            else:
                label = definition.domain(topic.domain_key).text("label", locale)
                labels[key] = instrument.with_short_name(label, definition, locale) if mixed and is_kept_apart(key) else label
                order[key] = (False, rank, keys.index(topic.domain_key))
    return sorted(labels.items(), key=lambda item: order[item[0]])


def round_name(index: int, round_: Round) -> str:
    return _("Gesprek %(n)s (%(date)s)", n=index + 1, date=format_date(round_.held_on, "short"))


def difference(values: dict) -> int | str:
    """How far apart the placed chips lie, with the board's advice to talk when it is large; empty
    with fewer than two placed, as there is nothing to compare."""
    gap = spread(values)
    if gap is None:
        return ""
    return _("%(n)s, praat erover", n=gap) if gap >= DIFFERENCE_THRESHOLD else gap


def round_chart(round_: Round, placed: list[Placed], name: str, locale: str) -> Chart:
    scores = scores_of(round_, placed)
    domains = domain_labels([round_], locale, {round_.id: placed})
    labels = [label for _key, label in domains]
    perspectives = [
        (p.value, str(PERSPECTIVE_NAMES[p]), [scores[key].get(p) for key, _label in domains])
        for p in round_.perspectives
    ]
    rows = []
    for key, label in domains:
        cells = [cell(scores[key], p) for p in round_.perspectives]
        cells.append(difference(scores[key]))
        rows.append((label, cells))
    columns = [str(PERSPECTIVE_NAMES[p]) for p in round_.perspectives] + [_("Verschil")]
    words = scale_words(instrument.of_round(round_), locale)
    if words.own:
        summary = _(
            "Grafiek van %(name)s: %(n)s onderwerpen, een lijn per deelnemer. De tabel eronder toont dezelfde getallen (0 is %(low)s, 100 is %(high)s).",
            name=name, n=len(domains), low=words.low, high=words.high,
        )
    else:
        summary = _(
            "Grafiek van %(name)s: %(n)s onderwerpen, een lijn per deelnemer. De tabel eronder toont dezelfde getallen (0 is niet tevreden, 100 is heel tevreden).",
            name=name, n=len(domains),
        )
    cells = [c for _label, row in rows for c in row]
    # Counted by identity: comparing a number with a lazy text translates the text, every cell.
    not_now, not_placed = (sum(c is gap for c in cells) for gap in (NOT_NOW, NOT_PLACED))
    if not_now or not_placed:
        # A gap in the outline can mean either; the summary and the table tell which.
        summary += " " + _(
            "Niet in de kaart: %(not_now)s keer 'niet nu' en %(not_placed)s keer 'niet gelegd'.",
            not_now=not_now, not_placed=not_placed,
        )
    return Chart(
        figure=charts.perspective_radar(labels, perspectives, name),
        table=ScoreTable(caption=name, columns=columns, rows=rows),
        summary=summary,
    )


@dataclass(frozen=True)
class RoundResult:
    chart: Chart
    views: list
    unplaced: int


def round_result(user: User, round_: Round, locale: str) -> RoundResult:
    """A completed round: its chart named by its place among the member's rounds, and what was said."""
    name = round_name(round_number(user, round_) - 1, round_)
    return RoundResult(round_chart(round_, placed_of(round_), name, locale), board_topics(round_, locale), unplaced(round_))


def open_goal_positions(user: User, member: Member) -> dict[str, int]:
    """Hoped-for position per domain of the member's open goals (the highest, if several)."""
    stmt = policy.scope(user, Goal).where(Goal.member_id == member.id, Goal.status == GoalStatus.OPEN)
    hoped: dict[str, int] = {}
    for goal in db.session.scalars(stmt):
        hoped[goal.domain_key] = max(goal.hoped_for, hoped.get(goal.domain_key, goal.hoped_for))
    return hoped


def member_progress(
    user: User,
    member: Member,
    locale: str,
    picked: list[int] | None = None,
    perspective: Perspective = Perspective.RESIDENT,
    domain_key: str | None = None,
) -> Progress:
    rounds = rounds_of(user, member, completed_only=True, positions_only=True)
    placed = placed_in(rounds)
    names = {r.id: round_name(i, r) for i, r in enumerate(rounds)}
    ids = [r.id for r in rounds]
    picked = [i for i in dict.fromkeys(picked or []) if i in ids]
    if not picked and ids:
        picked = list(dict.fromkeys([ids[0], ids[-1]]))  # default: first and latest
    domains = domain_labels(rounds, locale, placed)
    keys = [key for key, _label in domains]
    domain_key = domain_key if domain_key in keys else (keys[0] if keys else None)
    progress = Progress(rounds, names, picked, perspective, domains, domain_key)
    if not rounds:
        return progress
    progress.per_round = [round_chart(r, placed[r.id], names[r.id], locale) for r in rounds[-DRAWN_APART:]]
    progress.earlier = rounds[:-DRAWN_APART]
    hoped = open_goal_positions(user, member)
    scores = {r.id: scores_of(r, placed[r.id]) for r in rounds}
    progress.overlay = _overlay(picked, scores, names, domains, perspective, hoped)
    progress.timeline = _timeline(rounds, scores, names, domains, domain_key, hoped)
    return progress


def _overlay(picked, scores, names, domains, perspective, hoped) -> Chart:
    labels = [label for _key, label in domains]
    series = [
        (names[rid], [scores[rid].get(key, {}).get(perspective) for key, _label in domains]) for rid in picked
    ]
    goal_name = _("Gehoopte plek (open doel)")
    hoped_values = [hoped.get(key) for key, _label in domains]
    title = _("Gesprekken vergeleken: %(who)s", who=PERSPECTIVE_NAMES[perspective])
    rows = [
        (label, [cell(scores[rid].get(key), perspective) for rid in picked] + [hoped.get(key, "")])
        for key, label in domains
    ]
    return Chart(
        figure=charts.rounds_radar(labels, series, title, (goal_name, hoped_values) if hoped else None),
        table=ScoreTable(caption=title, columns=[names[rid] for rid in picked] + [goal_name], rows=rows),
        summary=ngettext(
            "Grafiek van %(num)s gesprek, gezien door: %(who)s. Sterren tonen de gehoopte plek van open doelen. De tabel eronder toont dezelfde getallen.",
            "Grafiek met %(num)s gesprekken over elkaar, gezien door: %(who)s. Sterren tonen de gehoopte plek van open doelen. De tabel eronder toont dezelfde getallen.",
            len(picked), who=PERSPECTIVE_NAMES[perspective],
        ),
    )


def _timeline(rounds, scores_by_round, names, domains, domain_key, hoped) -> Chart:
    label = dict(domains)[domain_key]
    scores = [scores_by_round[r.id].get(domain_key) for r in rounds]
    perspectives = [p for p in Perspective if any(p in r.perspectives for r in rounds)]
    lines = [
        (p.value, str(PERSPECTIVE_NAMES[p]), [(s or {}).get(p) for s in scores]) for p in perspectives
    ]
    goal_name = _("Gehoopte plek (open doel)")
    title = _("%(domain)s in de tijd", domain=label)
    rows = [(names[r.id], [cell(s, p) if p in r.perspectives else NOT_TAKING_PART for p in perspectives]) for r, s in zip(rounds, scores)]
    return Chart(
        figure=charts.domain_lines(
            [r.held_on for r in rounds], lines, title,
            (goal_name, hoped[domain_key]) if domain_key in hoped else None,
            [format_date(r.held_on, "short") for r in rounds],
        ),
        table=ScoreTable(caption=title, columns=[str(PERSPECTIVE_NAMES[p]) for p in perspectives], rows=rows, row_heading=_("Gesprek")),
        summary=ngettext(
            "Grafiek van %(domain)s bij %(num)s gesprek, een kleur per deelnemer. De tabel eronder toont dezelfde getallen.",
            "Grafiek van %(domain)s over %(num)s gesprekken, een lijn per deelnemer. De tabel eronder toont dezelfde getallen.",
            len(rounds), domain=label,
        ),
    )
