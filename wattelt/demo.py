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

    smit = create_household(other, south, "Familie Smit", [MemberInput("Anouk", today.year - 29)], today)
    own = start_round(other, smit.members[0], today - timedelta(days=10), ["housing", "money"], [], today=today)
    place_positions(own, other, {"housing": (20, 25), "money": (40, 35)})
    complete_round(own)


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
