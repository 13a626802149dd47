"""A synthetic municipality for benchmarks: made-up households with years of rounds, chips, goals,
actions and experience answers, spread over the teams and areas of a few organisations.

Only `flask synthetic-city` calls this, and only in the benchmark or demo configuration. It writes
with bulk statements instead of the services, since the services take about a millisecond a chip
and a city of 100,000 households has millions of chips; the rows keep every rule the models hold
(check constraints, one topic per domain in a round, one chip per perspective in a topic, a
history event for every chip). On PostgreSQL the rows go in with COPY, elsewhere with executemany.
The same seed gives the same city.
"""
import math
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, time as clock, timedelta, timezone

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import generate_password_hash

from wattelt import instrument
from wattelt.extensions import db
from wattelt.households.service import MAX_MEMBERS, board_for
from wattelt.instrument.service import instrument_row
from wattelt.models import (
    Action, ActionOwner, Area, Chip, ChipEvent, Experience, Goal, Household, Member, Organisation, Role,
    Round, Team, Topic, User,
)
from wattelt.text import own_domain_key, search_key

# The accounts a benchmark signs in with: a professional and a team lead of the first team.
BENCH_EMAIL = "bench@city.example"
BENCH_LEAD_EMAIL = "bench-lead@city.example"
BENCH_PASSWORD = "wattelt-bench"

# About 300 households a team (a large neighbourhood team's caseload), six professionals and one
# team lead each, and at most three organisations.
HOUSEHOLDS_PER_TEAM = 300
PROFESSIONALS_PER_TEAM = 6
ORGANISATIONS = 3
# Defaults that match the size named in issue 10: 100,000 households, 250,000 members, 600,000 rounds.
MEMBERS_PER_HOUSEHOLD = 2.5
ROUNDS_PER_HOUSEHOLD = 6
# The first member of the first household gets this many rounds, so a benchmark finds a long progress page.
LONGEST_HISTORY = 10
YEARS = 3
# Rows per COPY or executemany: large enough to be fast, small enough to keep memory flat.
CHUNK_HOUSEHOLDS = 2000

SURNAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "Yilmaz", "El Amrani", "Kaya", "Öztürk", "Nowak", "Kowalski", "Shevchenko", "Bouzid", "Pinas", "Nguyen",
]
FIRST_NAMES = [
    "Marieke", "Kevin", "Ruud", "Sanne", "Ahmed", "Fatima", "Elif", "Deniz", "Anouk", "Henk", "Petra", "Joost",
    "Noah", "Emma", "Mohammed", "Julia", "Daan", "Sara", "Lucas", "Mila", "Olena", "Piotr", "Zeynep", "Youssef",
]
OWN_DOMAINS = ["Mijn tuin", "Muziek maken", "Mijn hond", "Geloof", "Vrijwilligerswerk", "Koken"]
GOAL_TEXTS = [
    "Ik wil weer overzicht over mijn rekeningen.", "Eén keer per week iets voor mezelf doen.",
    "Een baan vinden die bij me past.", "Beter slapen.", "Vaker mensen zien.", "De schulden afbetalen.",
]
ACTION_TEXTS = [
    "Samen de post ordenen", "Een afspraak maken bij de schuldhulp", "Naar de huisarts gaan",
    "Een vrijwilliger zoeken", "Op woensdag op de kinderen passen", "Een sollicitatiebrief schrijven",
]
NOTES = ["Het gaat beter dan vorig jaar.", "Hier wil ik hulp bij.", "Mijn zus helpt me.", None, None, None]


@dataclass(frozen=True)
class CitySize:
    """What to make; members and rounds follow the households unless given."""

    households: int
    members: int
    rounds: int

    @classmethod
    def of(cls, households: int, members: int | None = None, rounds: int | None = None) -> "CitySize":
        members = round(households * MEMBERS_PER_HOUSEHOLD) if members is None else members
        rounds = households * ROUNDS_PER_HOUSEHOLD if rounds is None else rounds
        if households < 1:
            raise ValueError("--households must be at least 1")
        if not households <= members <= households * MAX_MEMBERS:
            raise ValueError(f"--members must be between the households and {MAX_MEMBERS} times that")
        if rounds < 0:
            raise ValueError("--rounds cannot be negative")
        return cls(households, members, rounds)


@dataclass
class _Ids:
    """The next free id per table, so the city can be added to a database that has rows already."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        self.next[table] += 1
        return self.next[table]


# Columns written per table, in the order of the generated tuples.
COLUMNS = {
    Household: ["id", "team_id", "name", "name_key", "contact_user_id", "members_share", "created_at"],
    Member: ["id", "household_id", "name", "birth_year", "instrument_key", "created_at"],
    Round: ["id", "member_id", "instrument_id", "held_on", "with_professional", "with_naaste", "professional_id",
            "started_by_id", "created_at", "completed_at"],
    Topic: ["id", "round_id", "domain_id", "own_label", "own_key", "position", "wants_to_talk", "note_well", "note_better"],
    Chip: ["id", "topic_id", "perspective", "value", "placed_by_id", "placed_at", "updated_at"],
    ChipEvent: ["id", "topic_id", "perspective", "state", "value", "user_id", "device_time", "recorded_at", "applied"],
    Goal: ["id", "household_id", "member_id", "domain_key", "text", "hoped_for", "status", "created_at", "version"],
    Action: ["id", "goal_id", "what", "who", "by_when", "done", "version"],
    Experience: ["id", "team_id", "month", "taken_seriously", "fits_wishes", "fits_needs"],
}
# Parents before children: foreign keys are checked per statement.
ORDER = [Household, Member, Round, Topic, Chip, ChipEvent, Goal, Action, Experience]


class _Writer:
    """Buffers rows per table and writes them in bulk inside the command's one transaction."""

    def __init__(self, connection: sa.Connection):
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        self.rows: dict[type, list[tuple]] = {model: [] for model in ORDER}
        self.counts: dict[type, int] = {model: 0 for model in ORDER}

    def flush(self) -> None:
        for model in ORDER:
            rows, columns = self.rows[model], COLUMNS[model]
            if not rows:
                continue
            table = model.__table__
            if self.postgres:
                # psycopg 3's COPY: the fastest way in, about ten times executemany.
                raw = self.connection.connection.driver_connection
                with raw.cursor() as cursor:
                    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
            else:
                self.connection.execute(table.insert(), [dict(zip(columns, row)) for row in rows])
            self.counts[model] += len(rows)
            rows.clear()


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, clock(hour), tzinfo=timezone.utc)


def _spread(rng: random.Random, total: int, bins: int, cap: int | None, start: list[int]) -> list[int]:
    """Add total items to bins at random (each bin at most cap)."""
    counts = list(start)
    for _ in range(total):
        while True:
            b = rng.randrange(bins)
            if cap is None or counts[b] < cap:
                counts[b] += 1
                break
    return counts


def build_city(size: CitySize, seed: int, today: date, progress=lambda message: None) -> dict[str, int]:
    """Write the city in the current transaction; returns the number of rows per kind."""
    rng = random.Random(seed)
    started = time.perf_counter()
    connection = db.session.connection()
    if db.session.scalar(sa.select(User.id).where(User.email == BENCH_EMAIL)) is not None:
        raise ValueError("This database already has a synthetic city: make it in an empty database.")

    # Organisations, areas, teams and staff through the ORM: a few thousand rows at most.
    team_count = max(1, math.ceil(size.households / HOUSEHOLDS_PER_TEAM))
    organisations = [Organisation(name=f"Buurtteams Synthetische Stad {i + 1}") for i in range(min(ORGANISATIONS, team_count))]
    password_hash = generate_password_hash(BENCH_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"])
    teams, professionals = [], []
    for t in range(team_count):
        organisation = organisations[t % len(organisations)]
        area = Area(organisation=organisation, name=f"Wijk {t + 1}")
        team = Team(organisation=organisation, name=f"Buurtteam {t + 1}", area=area)
        teams.append(team)
        staff = []
        for p in range(PROFESSIONALS_PER_TEAM):
            email = BENCH_EMAIL if (t, p) == (0, 0) else f"pro-{t + 1}-{p + 1}@city.example"
            staff.append(User(email=email, name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}", role=Role.PROFESSIONAL,
                              team=team, password_hash=password_hash))
        lead_email = BENCH_LEAD_EMAIL if t == 0 else f"lead-{t + 1}@city.example"
        db.session.add(User(email=lead_email, name=f"Teamleider {t + 1}", role=Role.TEAMLEAD, team=team, password_hash=password_hash))
        db.session.add_all(staff)
        professionals.append(staff)
    db.session.add_all(organisations)
    db.session.flush()
    team_ids = [team.id for team in teams]
    staff_ids = [[user.id for user in staff] for staff in professionals]

    boards = {}
    for key in ("adult", "youth"):
        row = instrument_row(instrument.registry().latest(key))
        boards[key] = (row.id, [(d.id, d.key) for d in row.domains])

    ids = _Ids({model.__tablename__: db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(model.id), 0)))
                for model in ORDER if model is not Experience})

    # How many members each household has and how many rounds each member had, drawn up front so the
    # totals are exactly what was asked. The first household is a family with a long history.
    first_family = min(3, size.members - size.households + 1)
    member_counts = _spread(rng, size.members - size.households - (first_family - 1), size.households, MAX_MEMBERS,
                            [first_family] + [1] * (size.households - 1))
    longest = min(LONGEST_HISTORY, size.rounds)
    round_counts = _spread(rng, size.rounds - longest, size.members, None, [longest] + [0] * (size.members - 1))

    writer = _Writer(connection)
    if writer.postgres and db.session.scalar(sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")):
        # Foreign keys are checked by a trigger per row, which halves the speed of COPY; the rows are
        # made parents first with the ids just given, and tests/test_synthetic.py checks every key.
        # Only for this transaction; check constraints and unique indexes still hold.
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    first_day = today - timedelta(days=365 * YEARS)
    member_index = 0
    for h in range(size.households):
        team_index = h % team_count
        staff = staff_ids[team_index]
        household_id = ids.take("household")
        since = first_day + timedelta(days=rng.randrange(30))
        name = f"Familie {rng.choice(SURNAMES)}"
        # COPY fills no Python-side default: the name key for search and sorting is written here.
        writer.rows[Household].append((
            household_id, team_ids[team_index], name, search_key(name), rng.choice(staff),
            rng.random() < 0.2, _at(since, 9),
        ))
        goal_options = []
        for m in range(member_counts[h]):
            birth_year = rng.randint(1940, 2004) if m == 0 or rng.random() < 0.5 else rng.randint(today.year - 17, today.year - 4)
            board = board_for(birth_year, today)
            member_id = ids.take("member")
            writer.rows[Member].append((member_id, household_id, rng.choice(FIRST_NAMES), birth_year, board, _at(since, 9)))
            domains = _member_rounds(writer, ids, rng, member_id, boards[board], round_counts[member_index], since, today,
                                     rng.choice(staff), team_ids[team_index])
            if domains:
                goal_options.append((member_id, domains))
            member_index += 1
        _plan(writer, ids, rng, household_id, goal_options, since, today)
        if (h + 1) % CHUNK_HOUSEHOLDS == 0 or h + 1 == size.households:
            writer.flush()
            progress(f"{h + 1:,} of {size.households:,} households ({time.perf_counter() - started:.0f} s)")

    if writer.postgres:
        # Ids were given, not drawn: move each sequence past them; fresh statistics for the planner.
        for model in ORDER:
            if model is not Experience:
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{model.__tablename__}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {model.__tablename__}))"
                )
        for model in (User, Organisation, Area, Team, *ORDER):
            connection.exec_driver_sql(f"ANALYZE {model.__tablename__}")
    counts = {
        "organisations": len(organisations), "teams": team_count, "staff": team_count * (PROFESSIONALS_PER_TEAM + 1),
        **{model.__tablename__: writer.counts[model] for model in ORDER},
    }
    return counts


def _member_rounds(writer, ids, rng, member_id, board, count, since, today, professional_id, team_id) -> list[str]:
    """The member's rounds over the years, oldest first; returns the domain keys of their last round."""
    if not count:
        return []
    instrument_id, domains = board
    # A member keeps talking about much the same domains, with an own domain now and then.
    usual = sorted(rng.sample(range(len(domains)), rng.randint(8, 10)))
    own = rng.choice(OWN_DOMAINS) if rng.random() < 0.15 else None
    base = {i: rng.randint(10, 70) for i in usual}
    span = max(1, (today - since).days)
    days = sorted(rng.sample(range(span), min(count, span)))
    days += [days[-1]] * (count - len(days))
    open_last = count > 1 and rng.random() < 0.05
    topic_rows, chip_rows, event_rows = writer.rows[Topic], writer.rows[Chip], writer.rows[ChipEvent]
    last_keys = []
    for n, offset in enumerate(days):
        held_on = since + timedelta(days=offset)
        completed = not (open_last and n == count - 1)
        with_naaste = rng.random() < 0.1
        round_id = ids.take("round")
        writer.rows[Round].append((
            round_id, member_id, instrument_id, held_on, True, with_naaste, professional_id, professional_id,
            _at(held_on, 10), _at(held_on, 11) if completed else None,
        ))
        chosen = sorted(rng.sample(usual, rng.randint(6, min(8, len(usual)))))
        topics = [(domains[i][0], None, base[i] + 4 * n) for i in chosen]
        if own:
            topics.append((None, own, 75))
        placed_at = _at(held_on, 10)
        perspectives = ("resident", "professional", "naaste") if with_naaste else ("resident", "professional")
        rand = rng.random  # the inner loop runs for every chip: random() is several times faster than randint()
        for position, (domain_id, own_label, centre) in enumerate(topics):
            topic_id = ids.take("topic")
            topic_rows.append((
                topic_id, round_id, domain_id, own_label, own_domain_key(own_label) if own_label else None, position,
                rand() < 0.2, rng.choice(NOTES), None,
            ))
            for perspective in perspectives:
                chance = rand()
                if chance < 0.05 or (not completed and chance < 0.5):
                    continue  # not placed: no row
                value = None if chance > 0.92 else max(0, min(100, centre + int(rand() * 31) - 15))
                chip_id = ids.take("chip")
                chip_rows.append((chip_id, topic_id, perspective, value, professional_id, placed_at, placed_at))
                event_rows.append((
                    ids.take("chip_event"), topic_id, perspective, "not_now" if value is None else "placed", value,
                    professional_id, placed_at, placed_at, True,
                ))
        if completed and rng.random() < 0.5:
            answers = [rng.choices(["yes", "partly", "no", None], weights=[6, 3, 1, 1])[0] for _ in range(3)]
            writer.rows[Experience].append(("%032x" % rng.getrandbits(128), team_id, held_on.replace(day=1), *answers))
        last_keys = [domains[i][1] for i in chosen]
    return last_keys


def _plan(writer, ids, rng, household_id, options, since, today) -> None:
    """One or two goals on domains the members talked about, each with one to three actions."""
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3]) if options else 0):
        member_id, keys = rng.choice(options)
        goal_id = ids.take("goal")
        status = rng.choices(["open", "reached", "stopped"], weights=[6, 3, 1])[0]
        writer.rows[Goal].append((goal_id, household_id, member_id, rng.choice(keys), rng.choice(GOAL_TEXTS),
                                  rng.randint(50, 90), status, _at(since, 12), 1))
        for _ in range(rng.randint(1, 3)):
            by_when = since + timedelta(days=rng.randrange(max(1, (today - since).days + 60)))
            writer.rows[Action].append((ids.take("action"), goal_id, rng.choice(ACTION_TEXTS),
                                        rng.choice(list(ActionOwner)).value, by_when, rng.random() < 0.5, 1))
