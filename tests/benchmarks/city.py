"""What the city benchmarks share: the database of a synthetic city and the pages to measure in it."""
import os
import sys
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from wattelt.extensions import db
from wattelt.models import Household, Member, Round, User
from wattelt.synthetic import BENCH_EMAIL, BENCH_LEAD_EMAIL, BENCH_PASSWORD

HOW_TO_MAKE = (
    "Make a city first, for example:\n"
    "  createdb -h 127.0.0.1 -U postgres city_perf\n"
    "  export WATTELT_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/city_perf\n"
    "  WATTELT_CONFIG=benchmark DATABASE_URL=$WATTELT_BENCH_DATABASE_URL .venv/bin/flask --app wattelt db upgrade\n"
    "  WATTELT_CONFIG=benchmark DATABASE_URL=$WATTELT_BENCH_DATABASE_URL .venv/bin/flask --app wattelt synthetic-city --households 100000"
)


def database_url(argv: list[str]) -> str:
    url = argv[0] if argv else os.environ.get("WATTELT_BENCH_DATABASE_URL", "")
    if not url:
        sys.exit("Give the database of a synthetic city as an argument or in WATTELT_BENCH_DATABASE_URL.\n" + HOW_TO_MAKE)
    return url


@dataclass
class Sample:
    """The objects the pages are about: the bench professional's team and its longest history."""

    households: int
    team_households: int
    household: int
    member: int
    rounds_of_member: int
    completed_round: int
    open_round: int | None


def sample() -> Sample:
    """Inside an app context. The city's first household has the member with the most rounds."""
    pro = db.session.scalar(sa.select(User).where(User.email == BENCH_EMAIL))
    if pro is None:
        sys.exit("This database has no synthetic city.\n" + HOW_TO_MAKE)
    household = db.session.scalar(sa.select(Household).where(Household.team_id == pro.team_id).order_by(Household.id))
    member = household.members[0]
    rounds = db.session.scalars(sa.select(Round.id).where(Round.member_id == member.id, Round.completed_at.is_not(None)).order_by(Round.held_on, Round.id)).all()
    open_round = db.session.scalar(
        sa.select(Round.id).join(Member).join(Household)
        .where(Household.team_id == pro.team_id, Round.completed_at.is_(None)).order_by(Round.id).limit(1)
    )
    count = lambda stmt: db.session.scalar(sa.select(sa.func.count()).select_from(stmt))  # noqa: E731
    return Sample(
        households=count(Household),
        team_households=count(sa.select(Household.id).where(Household.team_id == pro.team_id).subquery()),
        household=household.id,
        member=member.id,
        rounds_of_member=len(rounds),
        completed_round=rounds[-1],
        open_round=open_round,
    )


def city_pages(app, city: Sample) -> list[tuple[str, str | None, str]]:
    """(name, address, who asks) of the pages measured; no address for a page this version lacks."""
    return [
        ("caseload", "/households/", BENCH_EMAIL),
        ("household", f"/households/{city.household}", BENCH_EMAIL),
        ("board (open round)", f"/rounds/{city.open_round}" if city.open_round else None, BENCH_EMAIL),
        ("round result", f"/rounds/{city.completed_round}/result", BENCH_EMAIL),
        (f"progress ({city.rounds_of_member} rounds)", f"/members/{city.member}/progress", BENCH_EMAIL),
        # The team figures over the city's whole history: a household counts in the quarter of its
        # first conversation, and the city's households all began three years ago, so the default
        # (the last four quarters) would show nothing and measure only the refusal.
        ("team figures (3 years)", f"/cijfers?start={date.today().year - 3}-01&end={date.today():%Y-%m}"
         if "figures.index" in app.view_functions else None, BENCH_LEAD_EMAIL),
    ]


def signed_in(app, email: str):
    """A test client of the app, signed in as this account of the city."""
    client = app.test_client()
    answer = client.post("/auth/login", data={"email": email, "password": BENCH_PASSWORD})
    assert answer.status_code in (302, 303), (email, answer.status_code)
    return client


def machine() -> str:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    except OSError:
        pass
    # Other work on the machine shows in every figure: the load average says how much there was.
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores{', ' + model if model else ''}, load average {load:.1f}"
