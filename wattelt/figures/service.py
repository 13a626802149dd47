"""Team figures: the numbers of a team or an area over whole quarters, added up in SQL per cell.

What is counted (the page says the same in plain words):
- the households of a selection are those whose first completed conversation (any member's, by
  the date it was held) fell in the period; each household sits in one cell: its team and that
  quarter (see cells.py for why);
- completed conversations: all completed rounds of those households, up to now;
- per member the first and the latest completed round (row_number over the member's rounds by
  date); per domain the average position of the chosen perspective in the first and in the latest
  round, 'not now' and not placed left out; the change per domain over members with at least two
  completed rounds (latest minus first, where both have a position); the gap is professional minus
  resident in the same round, where both placed a chip;
- own domains are personal and left out; domains line up across instruments by comparison key;
- the share of goals reached among all goals of those households; who does the actions;
- residents' experience: the answers of the selected teams in the months of the period, per
  question only from cells (team x quarter) with at least k answers to that question.

Every query groups by cell in SQL (a constant number of queries, none per household); cells.combine
then keeps the cells with at least k households behind each figure. The aggregates read through
replica.session(): a PostgreSQL streaming replica when DATABASE_REPLICA_URL is set.
"""
import math
from dataclasses import dataclass, field
import sqlalchemy as sa
from flask_babel import format_decimal, format_percent, gettext as _, lazy_gettext as _l, ngettext
from sqlalchemy.orm import joinedload

from wattelt import charts, instrument, policy, replica
from wattelt.extensions import db
from wattelt.figures.cells import Figure, average, combine, share
from wattelt.figures.periods import Quarter
from wattelt.instrument.loader import DEFAULT_INSTRUMENTS
from wattelt.models import (
    Action, ActionOwner, Chip, Domain, Experience, ExperienceAnswer, Goal, GoalStatus, Household, Instrument, Member,
    Perspective, Round, Team, Topic, User,
)
from wattelt.names import ACTION_OWNER_NAMES, PERSPECTIVE_NAMES

TOO_FEW = _l("te weinig om te tonen")
PERSPECTIVES = {
    "resident": _l("Bewoner"),
    "professional": _l("Professional"),
    "gap": _l("Verschil: professional min bewoner"),
}
INFORMAL = (ActionOwner.RESIDENT, ActionOwner.NETWORK, ActionOwner.VOLUNTEER)
QUESTIONS = {
    "taken_seriously": _l("Ik voelde me serieus genomen"),
    "fits_wishes": _l("De hulp past bij wat ik wil"),
    "fits_needs": _l("De hulp past bij wat ik nodig heb"),
}
ANSWER_NAMES = {ExperienceAnswer.YES: _l("Ja"), ExperienceAnswer.PARTLY: _l("Een beetje"), ExperienceAnswer.NO: _l("Nee")}


# --- what the user may choose ---------------------------------------------------------------------

@dataclass(frozen=True)
class Group:
    """A team, or the teams of an area the user may see figures of."""

    value: str  # "team-12" or "area-3", as the form sends it
    label: str
    teams: tuple[Team, ...]

    @property
    def k(self) -> int:
        return self.teams[0].organisation.min_group_size


def groups(user: User) -> list[Group]:
    """Every team the user may see figures of, then every area with such teams (one query)."""
    stmt = policy.scope(user, Team).options(joinedload(Team.area)).order_by(Team.name, Team.id)
    teams = [t for t in db.session.scalars(stmt).unique() if policy.can(user, "figures.view", t)]
    several = len({t.organisation_id for t in teams}) > 1
    named = lambda name, team: f"{name} ({team.organisation.name})" if several else name  # noqa: E731
    found = [Group(f"team-{t.id}", named(t.name, t), (t,)) for t in teams]
    areas: dict[int, list[Team]] = {}
    for team in teams:
        if team.area is not None:
            areas.setdefault(team.area_id, []).append(team)
    for area_teams in sorted(areas.values(), key=lambda ts: (ts[0].area.name, ts[0].area_id)):
        area = area_teams[0].area
        label = ngettext("Gebied %(name)s (%(num)s team)", "Gebied %(name)s (%(num)s teams)", len(area_teams), name=area.name)
        found.append(Group(f"area-{area.id}", named(label, area_teams[0]), tuple(area_teams)))
    return found


def default_group(user: User, found: list[Group]) -> Group | None:
    """The user's own team when they may see its figures, else the first team or area."""
    own = next((g for g in found if g.value == f"team-{user.team_id}"), None)
    return own or (found[0] if found else None)


# --- the numbers ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    """What a table shows, cell by cell as text: rows[i][0] is the row's header. The CSV is these."""

    caption: str
    head: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    figure: dict
    summary: str
    table: Table


@dataclass
class Figures:
    group: Group
    first: Quarter
    last: Quarter
    perspective: str
    k: int
    households: int = 0  # 0: nothing to show (no data, or every cell too small)
    any_data: bool = False
    left_out: int = 0
    overview: Table | None = None
    levels: Chart | None = None  # first and latest round: a radar, or dots for the gap
    change: Chart | None = None
    actions: Table | None = None
    experience: Table | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """What the figures are of: the team or area and the period (the page's heading, the file's first line)."""
        return f"{self.group.label}: " + _("%(first)s tot en met %(last)s", first=self.first.name(), last=self.last.name())

    @property
    def tables(self) -> list[Table]:
        """Every table on the page, in the order shown: what the CSV holds."""
        charts_ = [c.table for c in (self.levels, self.change) if c is not None]
        return [t for t in [self.overview, *charts_, self.actions, self.experience] if t is not None]


def _quarter(column) -> sa.ColumnElement:
    """Quarter.index of a date column, in SQL that SQLite and PostgreSQL both run."""
    year = sa.cast(sa.extract("year", column), sa.Integer)
    month = sa.cast(sa.extract("month", column), sa.Integer)
    return year * 4 + (month - 1) // 3


def _comparison_key() -> tuple[sa.ColumnElement, list[str]]:
    """A topic's comparison key in SQL, straight from topic.domain_id: the domain rows are few (one
    small query), and the page then joins no domain or instrument row per topic. The SQL gives the
    key's number in the list returned with it (a number sorts and groups faster than a text);
    NULL for an own domain."""
    loaded = instrument.registry()
    keys: dict[str, list[int]] = {}
    for domain_id, instrument_key, version, domain_key in replica.session().execute(
        sa.select(Domain.id, Instrument.key, Instrument.version, Domain.key).join(Instrument, Domain.instrument_id == Instrument.id)
    ):
        definition = loaded.get(instrument_key, version)
        if definition is not None and definition.domain(domain_key) is not None:
            keys.setdefault(instrument.comparison_key(definition, domain_key), []).append(domain_id)
    names = list(keys)
    if not names:
        return sa.null(), names
    return sa.case(*((Topic.domain_id.in_(ids), number) for number, ids in enumerate(keys.values()))), names


def _completed(team_ids: list[int]):
    """Every completed round of the teams' households, numbered per member by date, with the number
    of the member's completed rounds and the date of the household's first one."""
    return (
        sa.select(
            Round.id.label("round_id"), Round.member_id, Member.household_id, Household.team_id,
            sa.func.row_number().over(partition_by=Round.member_id, order_by=(Round.held_on, Round.completed_at, Round.id)).label("nth"),
            sa.func.count().over(partition_by=Round.member_id).label("of"),
            sa.func.min(Round.held_on).over(partition_by=Member.household_id).label("started"),
        )
        .join(Member, Round.member_id == Member.id)
        .join(Household, Member.household_id == Household.id)
        .where(Household.team_id.in_(team_ids), Round.completed_at.is_not(None))
        .cte("completed")
    )


def team_figures(group: Group, first: Quarter, last: Quarter, perspective: str, locale: str) -> Figures:
    team_ids = [t.id for t in group.teams]
    k = group.k
    result = Figures(group, first, last, perspective, k)
    completed = _completed(team_ids)
    c = completed.c
    in_period = sa.and_(c.started >= first.first_day, c.started <= last.last_day)
    quarter = _quarter(c.started).label("quarter")

    cells = replica.session().execute(
        sa.select(c.team_id, quarter, sa.func.count(sa.distinct(c.household_id)), sa.func.count())
        .where(in_period).group_by(c.team_id, quarter)
    ).all()
    result.any_data = bool(cells)
    base = combine(((n, (rounds,)) for _t, _q, n, rounds in cells), k)
    result.households, result.left_out = base.households, base.left_out
    if not base.shown:
        result.experience = _experience(team_ids, first, last, k)
        return result

    households = sa.select(c.team_id, c.household_id, quarter).where(in_period).distinct().subquery("households")
    goals = _goals(households, k)
    result.overview = _overview(base, goals, k)
    domains = _domains(completed, in_period, quarter, perspective, k, locale)
    result.levels, result.change = _domain_charts(domains, perspective)
    result.actions = _actions(households, k)
    result.experience = _experience(team_ids, first, last, k)
    return result


def _domains(completed, in_period, quarter, perspective: str, k: int, locale: str) -> list[tuple[str, Figure, Figure, Figure]]:
    """Per domain: the figure of the first round, of the latest round and of the change."""
    c = completed.c
    first, latest = c.nth == 1, c.nth == c.of

    def position(which, who: Perspective):
        return sa.func.max(sa.case((sa.and_(which, Chip.perspective == who), Chip.value)))

    key_number, key_names = _comparison_key()
    key = key_number.label("key")
    # Grouped by member and domain only (team, household and quarter follow from the member): a
    # shorter sort key for the largest step of the page.
    per_member = (
        sa.select(
            sa.func.max(c.team_id).label("team_id"), sa.func.max(c.household_id).label("household_id"),
            sa.func.max(quarter).label("quarter"), key,
            position(first, Perspective.RESIDENT).label("first_resident"),
            position(first, Perspective.PROFESSIONAL).label("first_professional"),
            position(latest, Perspective.RESIDENT).label("latest_resident"),
            position(latest, Perspective.PROFESSIONAL).label("latest_professional"),
            sa.func.max(c.of).label("rounds"),
        )
        .select_from(completed)
        .join(Topic, Topic.round_id == c.round_id)
        .join(Chip, Chip.topic_id == Topic.id)
        # Own domains have no domain_id: they are personal and left out.
        .where(in_period, sa.or_(first, latest), Topic.domain_id.is_not(None), Chip.value.is_not(None),
               Chip.perspective.in_([Perspective.RESIDENT, Perspective.PROFESSIONAL]))
        .group_by(c.member_id, key)
        .subquery("per_member")
    )
    m = per_member.c
    if perspective == "gap":
        at_first, at_latest = m.first_professional - m.first_resident, m.latest_professional - m.latest_resident
    else:
        at_first, at_latest = getattr(m, f"first_{perspective}"), getattr(m, f"latest_{perspective}")
    change = sa.case((m.rounds > 1, at_latest - at_first))

    def measure(value):
        return (sa.func.count(sa.distinct(sa.case((value.is_not(None), m.household_id)))), sa.func.sum(value), sa.func.count(value))

    rows = replica.session().execute(
        sa.select(m.key, *measure(at_first), *measure(at_latest), *measure(change)).group_by(m.key, m.team_id, m.quarter)
    ).all()
    by_key: dict[int, list] = {}
    for row in rows:
        by_key.setdefault(row[0], []).append(row[1:])
    found = []
    for number, cells in by_key.items():
        if number is None:
            continue  # a domain of an instrument file that is not loaded (start-up refuses rounds of one)
        figures = [combine(((cell[i], cell[i + 1:i + 3]) for cell in cells), k) for i in (0, 3, 6)]
        found.append((key_names[number], *figures))
    order = _domain_order()
    found.sort(key=lambda item: (order.get(item[0], len(order)), item[0]))
    return [(instrument.comparison_label(key, locale), *figures) for key, *figures in found]


def _domain_order() -> dict[str, int]:
    """Board order: the adult board's domains, then the youth board's others."""
    order: dict[str, int] = {}
    for key in DEFAULT_INSTRUMENTS:
        definition = instrument.registry().latest(key)
        for domain in definition.domains if definition else ():
            order.setdefault(instrument.comparison_key(definition, domain.key), len(order))
    return order


def _avg(figure: Figure) -> float | None:
    return average(*figure.values) if figure.shown else None


def _whole(value: float) -> int:
    """Half up, as people round (Python's round() takes 2.5 to 2)."""
    return math.floor(value + 0.5)


def _number(value: float | None) -> str:
    return str(TOO_FEW) if value is None else format_decimal(_whole(value), format="#,##0")


def _signed(value: float | None) -> str:
    """A change with its sign: +5, -3, and no sign for 0."""
    if value is None:
        return str(TOO_FEW)
    return format_decimal(_whole(value), format="+#,##0;-#,##0") if _whole(value) else "0"


def _percent(value: float | None) -> str:
    return str(TOO_FEW) if value is None else format_percent(value, format="#,##0%")


def _domain_charts(domains, perspective: str) -> tuple[Chart | None, Chart | None]:
    if not domains:
        return None, None
    who = str(PERSPECTIVES[perspective])
    labels = [label for label, *_f in domains]
    at_first = [_avg(f) for _l, f, _x, _c in domains]
    at_latest = [_avg(x) for _l, _f, x, _c in domains]
    changes = [_avg(c) for _l, _f, _x, c in domains]
    first_name, latest_name = _("Eerste gesprek"), _("Laatste gesprek")
    shown = lambda values: [None if v is None else _whole(v) for v in values]  # noqa: E731
    format_ = _signed if perspective == "gap" else _number
    title = _("Gemiddelde plek per onderwerp: %(who)s", who=who)
    table = Table(title, [_("Onderwerp"), first_name, latest_name],
                  [[label, format_(a), format_(b)] for label, a, b in zip(labels, at_first, at_latest)])
    if perspective == "gap":
        figure = charts.dot_plot(labels, [(first_name, shown(at_first)), (latest_name, shown(at_latest))], title)
        summary = _("Grafiek van het verschil per onderwerp tussen de professional en de bewoner, in het eerste en het laatste gesprek. Meer dan nul: de professional legde de fiche hoger. De tabel eronder toont dezelfde getallen.")
    else:
        figure = charts.rounds_radar(labels, [(first_name, shown(at_first)), (latest_name, shown(at_latest))], title)
        summary = _("Grafiek van de gemiddelde plek per onderwerp (%(who)s), in het eerste en het laatste gesprek; 0 is niet tevreden, 100 is heel tevreden. De tabel eronder toont dezelfde getallen.", who=who)
    levels = Chart(figure, summary, table)
    change_title = _("Verandering per onderwerp: %(who)s", who=who)
    change_table = Table(change_title, [_("Onderwerp"), _("Verandering")], [[label, _signed(v)] for label, v in zip(labels, changes)])
    change = Chart(
        charts.change_bars(labels, shown(changes), change_title),
        _("Staafgrafiek van de gemiddelde verandering per onderwerp tussen het eerste en het laatste gesprek, bij wie minstens twee gesprekken had. Naar rechts: hoger op de schaal. De tabel eronder toont dezelfde getallen."),
        change_table,
    )
    return levels, change


def _goals(households, k: int) -> Figure:
    h = households.c
    rows = replica.session().execute(
        sa.select(sa.func.count(sa.distinct(Goal.household_id)), sa.func.count(Goal.id),
                  sa.func.sum(sa.case((Goal.status == GoalStatus.REACHED, 1), else_=0)))
        .select_from(households).join(Goal, Goal.household_id == h.household_id).group_by(h.team_id, h.quarter)
    ).all()
    return combine(((n, (goals, reached)) for n, goals, reached in rows), k)


def _overview(base: Figure, goals: Figure, k: int) -> Table:
    reached = share(goals.values[1], goals.values[0]) if goals.shown else None
    rows = [
        [_("Huishoudens"), _number(base.households)],
        [_("Afgeronde gesprekken van deze huishoudens"), _number(base.values[0])],
        [_("Doelen gehaald"), _percent(reached)],
        [_("Groepen weggelaten omdat ze te klein zijn (team en kwartaal)"), _number(base.left_out)],
    ]
    return Table(_("Overzicht"), [_("Wat"), _("Aantal")], rows)


def _actions(households, k: int) -> Table:
    h = households.c
    counts = [sa.func.sum(sa.case((Action.who == owner, 1), else_=0)) for owner in ActionOwner]
    rows = replica.session().execute(
        sa.select(sa.func.count(sa.distinct(Goal.household_id)), *counts)
        .select_from(households).join(Goal, Goal.household_id == h.household_id).join(Action, Action.goal_id == Goal.id)
        .group_by(h.team_id, h.quarter)
    ).all()
    figure = combine(((row[0], tuple(row[1:])) for row in rows), k)
    owners = dict(zip(ActionOwner, figure.values)) if figure.shown else {}
    total = sum(owners.values())
    informal = sum(owners.get(owner, 0) for owner in INFORMAL)

    def row(label, count):
        return [label, _number(count if figure.shown else None), _percent(share(count, total) if figure.shown else None)]

    body = [row(str(ACTION_OWNER_NAMES[owner]), owners.get(owner, 0)) for owner in ActionOwner]
    body.append(row(_("Samen: informele hulp (bewoner, netwerk, vrijwilliger)"), informal))
    body.append(row(_("Samen: professionele hulp (professional, organisatie)"), total - informal))
    return Table(_("Wie doet de acties?"), [_("Wie"), _("Acties"), _("Aandeel")], body)


def _experience(team_ids: list[int], first: Quarter, last: Quarter, k: int) -> Table:
    """Per question the shares of the answers, from the cells with at least k answers to it."""
    quarter = _quarter(Experience.month)
    columns = [sa.func.count(), sa.func.count(Experience.signal)]
    for name in QUESTIONS:
        column = getattr(Experience, name)
        columns.append(sa.func.count(column))
        columns += [sa.func.sum(sa.case((column == answer, 1), else_=0)) for answer in ANSWER_NAMES]
    rows = replica.session().execute(
        sa.select(*columns)
        .where(Experience.team_id.in_(team_ids), Experience.month >= first.first_day, Experience.month <= last.last_day)
        .group_by(Experience.team_id, quarter)
    ).all()
    body = []
    for i, label in enumerate(QUESTIONS.values()):
        at = 2 + 4 * i
        figure = combine(((row[at], tuple(row[at + 1:at + 4])) for row in rows), k)
        body.append([str(label)] + [_percent(share(v, figure.households) if figure.shown else None) for v in (figure.values or (0, 0, 0))]
                    + [_number(figure.households if figure.shown else None)])
    signals = combine(((row[0], (row[1],)) for row in rows), k)
    body.append([_("Signalen of klachten"), "", "", "", _number(signals.values[0] if signals.shown else None)])
    head = [_("Vraag")] + [str(name) for name in ANSWER_NAMES.values()] + [_("Aantal")]
    return Table(_("Ervaring van bewoners"), head, body)


def as_csv_rows(figures: Figures) -> list[list[str]]:
    """What the page shows: its heading, then the tables one after the other (a caption line, the
    header, the rows), each after a blank line."""
    rows: list[list[str]] = [[figures.heading], []]
    for table in figures.tables:
        rows += [[table.caption], table.head, *table.rows, []]
    return rows[:-1]


__all__ = ["Figures", "Group", "PERSPECTIVES", "TOO_FEW", "as_csv_rows", "default_group", "groups", "team_figures"]
