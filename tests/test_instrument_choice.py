"""Choosing an instrument (issue 9, part 3): the start form offers the organisation's instruments
with the member's default from the birth year; the household page names each member's board; the
goal form lists only the domains of that member's rounds; progress lines domains up by same_as and
keeps the others apart with the instrument's short name; the board speaks the instrument's words.

The app loads the two example instruments in tests/instruments (not loaded by default).
"""
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests import factories
from tests.conftest import _teardown, login, make_app
from tests.forms import page_form
from tests.test_progress import figures, table_rows
from wattelt.demo import place_positions
from wattelt.extensions import db
from wattelt.models import Goal, GrantKind, Household, Member, Round, Team, User
from wattelt.rounds.service import complete_round, start_round

EXAMPLES = Path(__file__).parent / "instruments"


@pytest.fixture
def app():
    """The app with the example instruments loaded (this module's tests only)."""
    app = make_app(INSTRUMENT_DIRECTORIES=[str(EXAMPLES)])
    yield app
    _teardown(app)


def offer(app, world, value: str | None):
    """Set what team A's organisation offers, as the administrator's page would store it."""
    with app.app_context():
        db.session.get(Team, world.team_a).organisation.offered_instruments = value
        db.session.commit()


def held(app, world, member_id: int, instrument_key: str, positions: dict[str, tuple], held_on=None) -> int:
    """A completed round of this member with this instrument (it must be offered)."""
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        member = db.session.get(Member, member_id)
        earlier = db.session.scalar(sa.select(sa.func.count()).select_from(Round).where(Round.member_id == member_id))
        when = held_on or factories.TODAY - timedelta(days=60 - 7 * earlier)
        round_ = start_round(pro, member, when, list(positions), [], today=factories.TODAY, instrument_key=instrument_key)
        place_positions(round_, pro, positions)
        complete_round(round_, allow_unplaced=True)
        db.session.commit()
        return round_.id


def start_page(client, member_id, board=None):
    return client.get(f"/members/{member_id}/rounds/new" + (f"?bord={board}" if board else ""))


def links(page: str) -> list[str]:
    return re.findall(r'<a href="[^"]*\?bord=(\w+)">', page)


# Starting a round


def test_by_default_the_adult_and_youth_boards_are_offered_with_the_birth_years_one_chosen(pro_a, world):
    page = start_page(pro_a, world.marieke).get_data(as_text=True)
    assert links(page) == ["youth"], "the example files are loaded, but not offered"
    assert re.search(r'<strong aria-current="true">Volwassenen</strong>', page)
    assert 'name="instrument" type="hidden" value="adult"' in page
    kevin = start_page(pro_a, world.kevin).get_data(as_text=True)
    assert links(kevin) == ["adult"] and re.search(r'<strong aria-current="true">Jongeren</strong>', kevin)
    # The one that fits the birth year says so; the other does not.
    assert kevin.count("past bij het geboortejaar") == 1


def test_a_round_with_an_offered_instrument_from_the_link_to_the_board(pro_a, world, app):
    offer(app, world, "adult,youth,zrm")
    page = start_page(pro_a, world.marieke)
    assert links(page.get_data(as_text=True)) == ["youth", "zrm"]
    chosen = start_page(pro_a, world.marieke, "zrm")
    text = chosen.get_data(as_text=True)
    assert re.search(r'<strong aria-current="true">Zelfredzaamheid</strong>', text)
    form = page_form(chosen)
    domains = [c.value for c in form.controls if c.name == "domains"]
    assert len(domains) == 13 and domains[-1] == "justice"
    response = form.submit(pro_a, domains=["finances", "justice"])
    assert response.status_code == 302
    with app.app_context():
        round_ = db.session.scalars(sa.select(Round).where(Round.member_id == world.marieke).order_by(Round.id.desc())).first()
        assert (round_.instrument.key, round_.instrument.version) == ("zrm", 1)
        assert [t.key for t in round_.topics] == ["finances", "justice"]


def test_an_instrument_not_offered_is_refused_and_an_unknown_link_shows_the_default(pro_a, world, app):
    offer(app, world, "adult,zrm")
    # Kevin's own board (youth) is not offered here: the first offered one is suggested.
    kevin = start_page(pro_a, world.kevin).get_data(as_text=True)
    assert links(kevin) == ["zrm"] and "past bij het geboortejaar" not in kevin
    assert links(start_page(pro_a, world.marieke, "moon").get_data(as_text=True)) == ["zrm"]
    form = page_form(start_page(pro_a, world.marieke))
    response = form.submit(pro_a, domains=["housing"], tampered=[("instrument", "youth")])
    assert response.status_code == 422
    assert "Kies een gespreksbord dat je organisatie aanbiedt." in response.get_data(as_text=True)
    # An organisation that offers only files that are not loaded still has the default sets.
    offer(app, world, "moon")
    assert links(start_page(pro_a, world.marieke).get_data(as_text=True)) == ["youth"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Round).where(Round.member_id == world.marieke)) == 2


def test_a_resident_starting_alone_chooses_the_same_way(app, world):
    offer(app, world, "adult,health_talk")
    with app.app_context():
        household = db.session.get(Household, world.household)
        resident = factories.invited(db.session.get(User, world.pro_a), household, GrantKind.RESIDENT, member=household.members[0])
        login_name = resident.login_name
    client = app.test_client()
    assert login(client, login_name).status_code == 302
    assert links(start_page(client, world.marieke).get_data(as_text=True)) == ["health_talk"]
    form = page_form(start_page(client, world.marieke, "health_talk"))
    assert form.submit(client, domains=["body"]).status_code == 302
    with app.app_context():
        round_ = db.session.scalars(sa.select(Round).order_by(Round.id.desc())).first()
        assert round_.instrument.key == "health_talk" and round_.prepared_by_resident


# The household page and the grants


def test_the_household_page_names_the_board_of_each_members_latest_round(pro_a, world, app):
    def boards():
        page = pro_a.get(f"/households/{world.household}").get_data(as_text=True)
        return re.findall(r"Bord: ([^<\n]+)", page)

    assert boards() == ["Volwassenen", "Jongeren"]
    offer(app, world, "adult,youth,zrm")
    held(app, world, world.kevin, "zrm", {"justice": (50, 50)})
    assert boards() == ["Volwassenen", "Zelfredzaamheid"]
    # The latest held counts, not the latest entered.
    held(app, world, world.marieke, "youth", {"housing": (50, 50)}, held_on=factories.TODAY - timedelta(days=200))
    assert boards() == ["Volwassenen", "Zelfredzaamheid"]
    held(app, world, world.marieke, "youth", {"housing": (50, 50)}, held_on=factories.TODAY)
    assert boards() == ["Jongeren", "Zelfredzaamheid"]


def test_adult_or_not_comes_from_the_birth_year_not_from_the_board(app, world):
    """An adult who used the youth board still decides who sees the plan; a young member with the
    adult board does not."""
    held(app, world, world.marieke, "youth", {"housing": (50, 50)}, held_on=factories.TODAY)
    held(app, world, world.kevin, "adult", {"housing": (50, 50)}, held_on=factories.TODAY)
    with app.app_context():
        household = db.session.get(Household, world.household)
        pro = db.session.get(User, world.pro_a)
        marieke = factories.invited(pro, household, GrantKind.RESIDENT, member=household.members[0]).login_name
        kevin = factories.invited(pro, household, GrantKind.RESIDENT, member=household.members[1]).login_name
    for login_name, status in ((marieke, 200), (kevin, 403)):
        client = app.test_client()
        assert login(client, login_name).status_code == 302
        assert client.get(f"/households/{world.household}/delen").status_code == status, login_name


# The goal form


def goal_groups(page: str) -> dict[str, list[tuple[str, str]]]:
    """The domain select's groups: member name → (value, label) of its options."""
    select = re.search(r'<select[^>]*name="domain"[^>]*>(.*?)</select>', page, re.S).group(1)
    return {
        name: re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', body)
        for name, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    }


def plan(client, world):
    return client.get(f"/households/{world.household}/plan")


def test_the_goal_form_lists_only_the_domains_of_each_members_rounds(pro_a, world, app):
    groups = goal_groups(plan(pro_a, world).get_data(as_text=True))
    assert list(groups) == ["Marieke", "Kevin"]
    # Marieke's rounds used the adult board; Kevin has none yet: the board of his birth year.
    assert len(groups["Marieke"]) == 14 and groups["Marieke"][0] == ("housing", "Wonen")
    assert len(groups["Kevin"]) == 14 and groups["Kevin"][0] == ("housing", "Thuis")
    offer(app, world, "adult,youth,zrm")
    held(app, world, world.kevin, "zrm", {"justice": (50, 50)})
    kevin = goal_groups(plan(pro_a, world).get_data(as_text=True))["Kevin"]
    # Only the ZRM now: its domains, by the keys that line them up (same_as), one instrument, no short names.
    assert len(kevin) == 13
    assert kevin[:3] == [("money", "Financiën"), ("work", "Werk en opleiding"), ("zrm.time_use", "Tijdsbesteding")]
    assert kevin[-1] == ("zrm.justice", "Justitie")
    held(app, world, world.kevin, "youth", {"housing": (50, 50)})
    kevin = dict(goal_groups(plan(pro_a, world).get_data(as_text=True))["Kevin"])
    # Youth (newest) first; a ZRM domain that lines up with a youth one is listed once, with the
    # newest wording; the ones kept apart carry the short name: 14 + 3.
    assert len(kevin) == 17
    assert (kevin["money"], kevin["zrm.justice"], kevin["zrm.substance_use"]) == ("Geld en zakgeld", "Justitie (ZRM)", "Middelengebruik (ZRM)")


def test_a_goal_is_for_one_of_the_members_own_domains(pro_a, world, app):
    offer(app, world, "adult,youth,zrm")
    held(app, world, world.kevin, "zrm", {"justice": (50, 50)})
    form = page_form(plan(pro_a, world), action=f"/households/{world.household}/plan")
    response = form.submit(pro_a, member=str(world.kevin), domain="zrm.justice", text="Mijn boete afbetalen", hoped_for="80")
    assert response.status_code == 302
    page = plan(pro_a, world).get_data(as_text=True)
    assert "Kevin · Justitie (ZRM)" in page
    # Another member's domain: offered in Kevin's group, refused for Marieke, and nothing written.
    form = page_form(plan(pro_a, world), action=f"/households/{world.household}/plan")
    refused = form.submit(pro_a, member=str(world.marieke), domain="zrm.justice", text="Niet van mij", hoped_for="80")
    assert refused.status_code == 422
    assert "Kies een onderwerp van het bord van deze persoon." in refused.get_data(as_text=True)
    with app.app_context():
        goals = db.session.scalars(sa.select(Goal).where(Goal.household_id == world.household).order_by(Goal.id)).all()
        assert [(g.member_id, g.domain_key) for g in goals] == [(world.marieke, "money"), (world.kevin, "zrm.justice")]


# Progress across instruments, against numbers worked out by hand


def test_progress_lines_domains_up_by_same_as_and_keeps_the_rest_apart(pro_a, world, app):
    """Marieke's rounds: (1) adult housing 40/50, money 20/30; (2) adult housing 60/55, money 35/not
    now (the world); (3) adult physical health 30/40; (4) ZRM finances (same_as adult.money) 75/50,
    physical health (same_as adult.physical_health) 25/25, justice (no same_as) 0/25. Her open goal:
    money, hoped for 70."""
    offer(app, world, "adult,zrm")
    third = held(app, world, world.marieke, "adult", {"physical_health": (30, 40)})
    fourth = held(app, world, world.marieke, "zrm", {"finances": (75, 50), "physical_health": (25, 25), "justice": (0, 25)})
    page = pro_a.get(f"/members/{world.marieke}/progress?rounds={third}&rounds={fourth}").get_data(as_text=True)
    rows = table_rows(page, "Gesprekken vergeleken: Bewoner")
    # One row per comparison key, the newest wording, the newest instrument's order first.
    assert list(rows) == ["Financiën", "Lichamelijke gezondheid", "Justitie (ZRM)", "Wonen"]
    assert rows == {
        "Financiën": ["niet besproken", "75", "70"],
        "Lichamelijke gezondheid": ["30", "25", ""],
        "Justitie (ZRM)": ["niet besproken", "0", ""],
        "Wonen": ["niet besproken", "niet besproken", ""],
    }
    overlay = figures(page)["overlay-chart"]["data"]
    assert [trace["r"] for trace in overlay[:2]] == [[None, 30, None, None, None], [75, 25, 0, None, 75]]
    assert overlay[2]["r"] == [70, None, None, None]
    # Money over all four rounds: the adult "Geld" and the ZRM "Financiën" are one line.
    page = pro_a.get(f"/members/{world.marieke}/progress?domain=money").get_data(as_text=True)
    timeline = figures(page)["timeline-chart"]["data"]
    assert [t["y"] for t in timeline[:2]] == [[20, 35, None, 75], [30, None, None, 50]]
    cells = list(table_rows(page, "Financiën in de tijd").values())
    assert cells == [["20", "30"], ["35", "niet nu"], ["niet besproken", "niet besproken"], ["75", "50"]]
    assert [key for key, _label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', page.split('id="domain"')[1].split("</select>")[0])] == [
        "money", "physical_health", "zrm.justice", "housing",
    ]


def test_three_instruments_line_up_and_only_the_rounds_own_board_goes_without_short_names(pro_a, world, app):
    offer(app, world, "adult,zrm,health_talk")
    zrm = held(app, world, world.kevin, "zrm", {"physical_health": (20, 20), "justice": (40, 40)})
    talk = held(app, world, world.kevin, "health_talk", {"body": (60, 50), "quality_of_life": (80, 70)})
    page = pro_a.get(f"/members/{world.kevin}/progress?rounds={zrm}&rounds={talk}").get_data(as_text=True)
    rows = table_rows(page, "Gesprekken vergeleken: Bewoner")
    assert rows == {
        "Je lichaam": ["20", "60", ""],
        "Kwaliteit van leven (Gezondheid)": ["niet besproken", "80", ""],
        "Justitie (ZRM)": ["40", "niet besproken", ""],
    }
    # A round on its own needs no short names.
    result = pro_a.get(f"/rounds/{zrm}/result").get_data(as_text=True)
    assert list(table_rows(result, re.search(r"<caption[^>]*>(Gesprek 1 [^<]*)</caption>", result).group(1))) == [
        "Lichamelijke gezondheid", "Justitie",
    ]
    assert "(0 is Acute zorgen, 100 is Lukt helemaal zelf)" in result


# The board in the instrument's words


def test_the_board_shows_the_instruments_end_words_and_named_steps_never_numbers(pro_a, world, app):
    offer(app, world, "adult,zrm,health_talk")
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        marieke = db.session.get(Member, world.marieke)
        zrm = start_round(pro, marieke, factories.TODAY, ["justice"], [], today=factories.TODAY, instrument_key="zrm").id
        talk = start_round(pro, marieke, factories.TODAY, ["body"], [], today=factories.TODAY, instrument_key="health_talk").id
        adult = start_round(pro, marieke, factories.TODAY, ["housing"], [], today=factories.TODAY).id
        db.session.commit()
    page = pro_a.get(f"/rounds/{zrm}").get_data(as_text=True)
    steps = re.search(r'<ol class="scale-steps"[^>]*>(.*?)</ol>', page, re.S).group(1)
    assert re.findall(r"<li>([^<]+)</li>", steps) == [
        "Acute zorgen", "Lukt niet zelf", "Lukt een deel zelf", "Lukt genoeg zelf", "Lukt helemaal zelf",
    ]
    assert "Aan het begin van de lijn staat: Acute zorgen. Aan het eind staat: Lukt helemaal zelf." in page
    assert '<span>Acute zorgen</span><span>Lukt helemaal zelf</span>' in page
    assert "tevreden" not in page
    words = json.loads(re.search(r'<script type="application/json" id="board-data">(.*?)</script>', page, re.S).group(1))["words"]
    assert words["ends"] == ["Acute zorgen", "Lukt helemaal zelf"]
    assert words["bands"] == [[0, "Acute zorgen"], [13, "Lukt niet zelf"], [38, "Lukt een deel zelf"], [63, "Lukt genoeg zelf"], [88, "Lukt helemaal zelf"]]
    page = pro_a.get(f"/rounds/{talk}").get_data(as_text=True)
    assert "scale-steps" not in page and "tevreden" not in page
    assert "Het begin van de lijn is: gaat helemaal niet goed. Het eind is: gaat heel goed." in page
    # A board without words of its own keeps the app's words.
    page = pro_a.get(f"/rounds/{adult}").get_data(as_text=True)
    assert "Aan het begin van de lijn is niet tevreden" in page and "<span>Niet tevreden</span><span>Heel tevreden</span>" in page
    # In English, the file's English words.
    page_form(pro_a.get(f"/rounds/{zrm}"), action="/taal").submit(pro_a, language="en")
    assert "Urgent worries" in pro_a.get(f"/rounds/{zrm}").get_data(as_text=True)
