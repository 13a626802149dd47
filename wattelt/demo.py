"""Demo data: a realistic caseload for a local demo. Never created outside the demo configuration."""
from datetime import date, timedelta

import sqlalchemy as sa

from wattelt.board.service import complete_round, save_board, start_round
from wattelt.board.service import TopicEntry
from wattelt.extensions import db
from wattelt.households.service import MemberInput, create_household
from wattelt.models import ActionOwner, Organisation, Perspective, Role, Team, User
from wattelt.plan.service import add_action, add_goal

DEMO_PASSWORD = "wattelt-demo"
R, P, N = Perspective.RESIDENT, Perspective.PROFESSIONAL, Perspective.NAASTE


def has_data() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) > 0


def create_demo_data(today: date) -> None:
    organisation = Organisation(name="Buurtteams Demostad")
    north = Team(organisation=organisation, name="Buurtteam Noord")
    south = Team(organisation=organisation, name="Buurtteam Zuid")
    demo = _user("demo@wattelt.example", "Sanne de Vries", Role.PROFESSIONAL, north)
    colleague = _user("collega@wattelt.example", "Ahmed El Amrani", Role.PROFESSIONAL, north)
    _user("teamlead@wattelt.example", "Joost Hendriks", Role.TEAMLEAD, north)
    _user("admin@wattelt.example", "Functioneel beheer", Role.ADMIN, None)
    other = _user("other@wattelt.example", "Petra Visser", Role.PROFESSIONAL, south)
    db.session.add(organisation)
    db.session.flush()

    jansen = create_household(
        demo, "Familie Jansen",
        [MemberInput("Marieke", today.year - 41), MemberInput("Kevin", today.year - 15), MemberInput("Ruud", today.year - 44)],
        today,
    )
    marieke, kevin = jansen.members[0], jansen.members[1]
    first = start_round(demo, marieke, today - timedelta(days=120), ["housing", "money", "mental_health", "network", "free_time", "work"], ["Mijn tuin"], with_naaste=True)
    _place(first, {"housing": (55, 60, 50), "money": (15, 30, 20), "mental_health": (30, 35, None), "network": (40, None, 45), "free_time": (25, 30, 35), "work": (None, 40, None), "own:mijn tuin": (85, 80, 90)}, talk={"money", "mental_health"})
    complete_round(first)
    goal = add_goal(jansen, marieke.id, "money", "Ik wil weer overzicht over mijn rekeningen, zodat ik 's nachts kan slapen.", 70)
    add_action(goal, "Samen met de vrijwilliger van de thuisadministratie de post ordenen", ActionOwner.VOLUNTEER, today - timedelta(days=60))
    add_action(goal, "Een afspraak maken bij de schuldhulp van de gemeente", ActionOwner.RESIDENT, today + timedelta(days=14))
    goal.actions[0].done = True
    rest = add_goal(jansen, marieke.id, "free_time", "Eén keer per week iets voor mezelf doen, zoals zwemmen.", 65)
    add_action(rest, "Vragen of zus Ellen op woensdag op Kevin past", ActionOwner.NETWORK, None)
    second = start_round(demo, marieke, today - timedelta(days=14), ["housing", "money", "mental_health", "network", "free_time", "work"], ["Mijn tuin"])
    _place(second, {"housing": (60, 60), "money": (45, 45), "mental_health": (50, 45), "network": (55, 50), "free_time": (45, 40), "work": (None, 45), "own:mijn tuin": (90, 85)})
    complete_round(second)
    youth = start_round(colleague, kevin, today - timedelta(days=30), ["work", "network", "free_time", "family"], [])
    _place(youth, {"work": (35, 40), "network": (75, 70), "free_time": (80, 75), "family": (50, 55)})
    complete_round(youth)

    bakker = create_household(demo, "Meneer Bakker", [MemberInput("Henk", today.year - 72)], today)
    start_round(demo, bakker.members[0], today, ["physical_health", "network", "daily_life"], [])
    create_household(demo, "Yilmaz", [MemberInput("Elif", today.year - 34), MemberInput("Deniz", today.year - 9)], today)

    visser = create_household(other, "Familie Smit", [MemberInput("Anouk", today.year - 29)], today)
    own = start_round(other, visser.members[0], today - timedelta(days=10), ["housing", "money"], [])
    _place(own, {"housing": (20, 25), "money": (40, 35)})
    complete_round(own)
    db.session.commit()


def _user(email: str, name: str, role: Role, team: Team | None) -> User:
    user = User(email=email, name=name, role=role, team=team)
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    return user


def _place(round_, positions: dict[str, tuple], talk: set[str] = frozenset()) -> None:
    entries = []
    for topic in round_.topics:
        values = positions[topic.key]
        chips = {p: v for p, v in zip(round_.perspectives, values)}
        entries.append(TopicEntry(topic.id, chips, wants_to_talk=topic.key in talk))
    save_board(round_, entries)
