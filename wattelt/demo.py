"""Demo data: a realistic caseload for a local demo. Never created outside the demo configuration."""
from datetime import date, timedelta

import sqlalchemy as sa

from wattelt.extensions import db
from wattelt.households.service import MemberInput, create_household
from wattelt.models import ActionOwner, Area, ChipState, Grant, GrantKind, Organisation, Role, Round, Team, User
from wattelt.plan.service import add_action, add_goal, set_action_done
from wattelt.rounds.service import ChipChange, complete_round, place_chip, set_flag, start_round

DEMO_PASSWORD = "wattelt-demo"


def has_data() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) > 0


def create_demo_data(today: date) -> None:
    organisation = Organisation(name="Buurtteams Demostad")
    north = Team(organisation=organisation, name="Buurtteam Noord", area=Area(organisation=organisation, name="Noord"))
    south = Team(organisation=organisation, name="Buurtteam Zuid", area=Area(organisation=organisation, name="Zuid"))
    demo = _user("demo@wattelt.example", "Sanne de Vries", Role.PROFESSIONAL, north)
    colleague = _user("collega@wattelt.example", "Ahmed El Amrani", Role.PROFESSIONAL, north)
    _user("teamlead@wattelt.example", "Joost Hendriks", Role.TEAMLEAD, north)
    _user("admin@wattelt.example", "Functioneel beheer", Role.ADMIN, None)
    other = _user("other@wattelt.example", "Petra Visser", Role.PROFESSIONAL, south)
    db.session.add(organisation)
    db.session.flush()

    jansen = create_household(
        demo, north, "Familie Jansen",
        [MemberInput("Marieke", today.year - 41), MemberInput("Kevin", today.year - 15), MemberInput("Ruud", today.year - 44)],
        today,
    )
    marieke, kevin = jansen.members[0], jansen.members[1]
    topics = ["housing", "money", "mental_health", "network", "free_time", "work"]
    first = start_round(demo, marieke, today - timedelta(days=120), topics, ["Mijn tuin"], today=today, with_naaste=True)
    place_positions(first, demo, {"housing": (55, 60, 50), "money": (15, 30, 20), "mental_health": (30, 35, None), "network": (40, None, 45), "free_time": (25, 30, 35), "work": (None, 40, None), "own:mijn tuin": (85, 80, 90)}, talk={"money", "mental_health"})
    complete_round(first)
    goal = add_goal(jansen, marieke.id, "money", "Ik wil weer overzicht over mijn rekeningen, zodat ik 's nachts kan slapen.", 70)
    sorting = add_action(goal, "Samen met de vrijwilliger van de thuisadministratie de post ordenen", ActionOwner.VOLUNTEER, today - timedelta(days=60), today)
    add_action(goal, "Een afspraak maken bij de schuldhulp van de gemeente", ActionOwner.RESIDENT, today + timedelta(days=14), today)
    set_action_done(sorting, True)
    rest = add_goal(jansen, marieke.id, "free_time", "Eén keer per week iets voor mezelf doen, zoals zwemmen.", 65)
    # Marieke and her sister look along on their own phones, as if they accepted an invitation.
    ellen = _invited("ellen-demo", "Zus Ellen", Role.HELPER, GrantKind.HELPER_ACTIONS, jansen)
    _invited("marieke-demo", "Marieke", Role.RESIDENT, GrantKind.RESIDENT, jansen, marieke)
    add_action(rest, "Op woensdag op Kevin passen", ActionOwner.NETWORK, today + timedelta(days=7), today, assignee=ellen)
    second = start_round(demo, marieke, today - timedelta(days=14), topics, ["Mijn tuin"], today=today)
    place_positions(second, demo, {"housing": (60, 60), "money": (45, 45), "mental_health": (50, 45), "network": (55, 50), "free_time": (45, 40), "work": (None, 45), "own:mijn tuin": (90, 85)})
    complete_round(second)
    youth = start_round(colleague, kevin, today - timedelta(days=30), ["work", "network", "free_time", "family"], [], today=today)
    place_positions(youth, colleague, {"work": (35, 40), "network": (75, 70), "free_time": (80, 75), "family": (50, 55)})
    complete_round(youth)

    bakker = create_household(demo, north, "Meneer Bakker", [MemberInput("Henk", today.year - 72)], today)
    start_round(demo, bakker.members[0], today, ["physical_health", "network", "daily_life"], [], today=today)
    create_household(demo, north, "Yilmaz", [MemberInput("Elif", today.year - 34), MemberInput("Deniz", today.year - 9)], today)

    _figures_households(colleague, north, today)

    smit = create_household(other, south, "Familie Smit", [MemberInput("Anouk", today.year - 29)], today)
    own = start_round(other, smit.members[0], today - timedelta(days=10), ["housing", "money"], [], today=today)
    place_positions(own, other, {"housing": (20, 25), "money": (40, 35)})
    complete_round(own)


# Households that make the team lead's figures real (at least the smallest group of 10 in one
# quarter), with positions from a fixed rule, so every demo start shows the same numbers.
FIGURES_SURNAMES = [
    "De Boer", "Mulder", "Bos", "Vos", "Peters", "Dekker", "Brouwer", "Van Dijk", "Kaya", "Öztürk", "Bouzid", "Nowak",
]
FIGURES_DOMAINS = ["housing", "money", "mental_health", "network", "free_time", "work"]
OWNERS = list(ActionOwner)


def _figures_households(by: User, team: Team, today: date) -> None:
    """Each household: one member, a first round in the previous quarter and a later one in this
    quarter, one goal and one action; a few experience answers for the team."""
    from wattelt.figures.periods import Quarter
    from wattelt.models import Experience, ExperienceAnswer, GoalStatus

    previous = Quarter(Quarter.of(today).index - 1)
    this_quarter = Quarter.of(today).first_day
    for i, surname in enumerate(FIGURES_SURNAMES):
        household = create_household(by, team, f"Familie {surname}", [MemberInput(f"Bewoner {surname}", today.year - 30 - i)], today)
        member = household.members[0]
        first_on = previous.first_day + timedelta(days=3 * i)
        later_on = max(this_quarter, today - timedelta(days=i % 7))
        rounds = [(first_on, 0), (later_on, 1)] if i else [(first_on, 0)]  # one household with one conversation so far
        for held_on, step in rounds:
            round_ = start_round(by, member, held_on, FIGURES_DOMAINS, [], today=today)
            positions = {}
            for d, key in enumerate(FIGURES_DOMAINS):
                resident = (17 * i + 23 * d) % 60 + 10 + step * ((7 * i + 3 * d) % 25)
                positions[key] = (None if (i + d) % 13 == 0 else min(resident, 100), min(resident + (i + d) % 11 - 3, 100))
            _chips_at_once(round_, by, {k: (r, max(p, 0)) for k, (r, p) in positions.items()})
        goal = add_goal(household, member.id, FIGURES_DOMAINS[i % len(FIGURES_DOMAINS)], "Een stap vooruit", 70)
        if i % 3 == 0:
            goal.status = GoalStatus.REACHED
        add_action(goal, "Een afspraak maken", OWNERS[i % len(OWNERS)], None, today)
    answers = list(ExperienceAnswer)
    for i in range(12):
        db.session.add(Experience(
            team_id=team.id, month=previous.first_day, taken_seriously=answers[0 if i % 4 else 1],
            fits_wishes=answers[i % 3 if i % 2 else 0], fits_needs=answers[(i // 5) % 3],
            signal="De wachttijd was lang." if i in (2, 7) else None,
        ))


def _chips_at_once(round_: Round, by: User, positions: dict[str, tuple]) -> None:
    """Chips and their history added as rows and the round completed, without a query per chip
    (place_chip checks each change one by one, which made the demo start seconds slower)."""
    from wattelt.models import Chip, ChipEvent
    from wattelt.models.types import utcnow

    now = utcnow()
    for topic in round_.topics:
        for perspective, value in zip(round_.perspectives, positions[topic.key]):
            state = ChipState.NOT_NOW if value is None else ChipState.PLACED
            db.session.add(Chip(topic_id=topic.id, perspective=perspective, value=value, placed_by_id=by.id, placed_at=now))
            db.session.add(ChipEvent(topic_id=topic.id, perspective=perspective, state=state, value=value, user_id=by.id,
                                     device_time=now, applied=True))
    round_.completed_at = now


def place_positions(round_: Round, by: User, positions: dict[str, tuple], talk: set[str] = frozenset()) -> None:
    """Place chips by topic key: a tuple with a position per perspective taking part, None for 'not now'."""
    for topic in round_.topics:
        for perspective, value in zip(round_.perspectives, positions[topic.key]):
            state = ChipState.NOT_NOW if value is None else ChipState.PLACED
            place_chip(round_, ChipChange(topic.id, perspective, state, value), by)
        if topic.key in talk:
            set_flag(round_, topic.id, True)


def _invited(login_name: str, name: str, role: Role, kind: GrantKind, household, member=None) -> User:
    user = User(login_name=login_name, name=name, role=role)
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    db.session.flush()
    db.session.add(Grant(user_id=user.id, kind=kind, household_id=household.id, member_id=member.id if member else None))
    return user


def _user(email: str, name: str, role: Role, team: Team | None) -> User:
    user = User(email=email, name=name, role=role, team=team)
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    return user
