"""Team figures (/cijfers): checked against a small data set computed by hand, the smallest-group
rule (k) against small groups and against subtracting two overlapping selections, bad input, and
the CSV against the tables on the page.

The city of these tests (k = 5, the smallest the settings allow), all in 2026:
- team Oost-1, first quarter: households h1..h5, one member each, two completed rounds (February
  and June). Housing, resident: 10,20,30,40,50 then 30..70; professional: 20..60 then 30..70.
  Money only for h1..h4 (four households: too few). Work 'not now' for h5. An own domain "Tuin".
  One goal each, h1 and h2 reached; one action each: resident, network, volunteer, professional,
  organisation.
- team Oost-1, second quarter: one household (h6), housing 90 in one round;
- team Oost-2, first quarter: one household (h7), housing 77 then 99.
Both teams are in area Oost. By hand: housing resident 30 → 50 (+20), professional 40 → 50 (+10),
gap +10 → 0 (−10); goals reached 2 of 5 = 40%; actions 20% each, informal 60%, professional 40%.
"""
import csv
import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from werkzeug.datastructures import MultiDict

from tests import factories
from tests.conftest import login
from tests.forms import page_form
from wattelt import spreadsheet
from wattelt.demo import place_positions
from wattelt.extensions import db
from wattelt.figures.cells import combine
from wattelt.figures.periods import Quarter, parse_month
from wattelt.models import ActionOwner, Area, Experience, ExperienceAnswer, GoalStatus, Team
from wattelt.rounds.service import complete_round, start_round

YEAR = "start=2026-01&end=2026-12"
TOO_FEW = "te weinig om te tonen"
OWNERS = [ActionOwner.RESIDENT, ActionOwner.NETWORK, ActionOwner.VOLUNTEER, ActionOwner.PROFESSIONAL, ActionOwner.ORGANISATION]


def _round(pro, member, held_on, positions, own=()):
    round_ = start_round(pro, member, held_on, [k for k in positions if not k.startswith("own:")], list(own), today=factories.TODAY)
    place_positions(round_, pro, positions)
    complete_round(round_)
    return round_


@pytest.fixture
def city(app):
    with app.app_context():
        one = factories.team("Oost-1")
        two = Team(name="Oost-2", organisation=one.organisation)
        area = Area(organisation=one.organisation, name="Oost")
        one.area = two.area = area
        one.organisation.min_group_size = 5
        db.session.add(two)
        db.session.commit()
        pro = factories.user(one, "pro@example.org")
        pro_two = factories.user(two, "pro2@example.org")
        factories.user(one, "lead@example.org", role=factories.Role.TEAMLEAD)
        factories.user(None, "admin@example.org", role=factories.Role.ADMIN)
        for i in range(1, 6):
            household = factories.household(pro, f"H{i}", members=[(f"Lid {i}", 1980)])
            member = household.members[0]
            first = {"housing": (10 * i, 10 * i + 10), "own:tuin": (5, 5)}
            latest = {"housing": (10 * i + 20, 10 * i + 20)}
            if i < 5:
                first["money"], latest["money"] = (50, 50), (60, 60)
            else:
                first["work"] = latest["work"] = (None, None)
            _round(pro, member, date(2026, 2, i), first, own=["Tuin"])
            _round(pro, member, date(2026, 6, i), latest)
            goal = factories.goal(household, member, "housing")
            if i <= 2:
                goal.status = GoalStatus.REACHED
            factories.action(goal, "Iets doen", OWNERS[i - 1])
        late = factories.household(pro, "H6", members=[("Laat", 1980)])
        _round(pro, late.members[0], date(2026, 5, 1), {"housing": (90, 90)})
        other = factories.household(pro_two, "H7", members=[("Ander", 1980)])
        _round(pro_two, other.members[0], date(2026, 2, 1), {"housing": (77, 77)})
        _round(pro_two, other.members[0], date(2026, 6, 1), {"housing": (99, 99)})
        answers = [ExperienceAnswer.YES] * 3 + [ExperienceAnswer.PARTLY, ExperienceAnswer.NO]
        for i, answer in enumerate(answers):
            db.session.add(Experience(team_id=one.id, month=date(2026, 2, 1), taken_seriously=answer,
                                      fits_wishes=None if i == 0 else ExperienceAnswer.YES, fits_needs=ExperienceAnswer.YES,
                                      signal="Meer tijd graag" if i < 2 else None))
        db.session.add(Experience(team_id=one.id, month=date(2026, 4, 1), taken_seriously=ExperienceAnswer.NO))
        db.session.commit()
        return {"one": one.id, "two": two.id, "area": area.id}


class Tables(HTMLParser):
    """The tables of a page as lists of cell texts (caption first), as a person reads them."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._row = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td", "caption"):
            self._cell = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "caption":
            self.tables[-1].append([self._cell.strip()])
            self._cell = None
        elif tag == "tr":
            self.tables[-1].append(self._row)


def tables_of(response) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(response.get_data(as_text=True))
    return {table[0][0]: table[1:] for table in parser.tables}


def rows(table) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table[1:]}


def figures(client, query: str):
    response = client.get(f"/cijfers?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return tables_of(response)


@pytest.fixture
def lead(client, city):
    login(client, "lead@example.org")
    return client


def test_a_team_lead_starts_on_the_figures_of_their_team(lead):
    assert lead.get("/").headers["Location"].endswith("/cijfers")
    page = lead.get("/cijfers").get_data(as_text=True)
    assert 'href="/cijfers"' in page and "Oost-1" in page


def test_team_figures_match_the_hand_computed_numbers(lead, city):
    shown = figures(lead, f"group=team-{city['one']}&{YEAR}")
    assert rows(shown["Overzicht"]) == {
        "Huishoudens": ["5"], "Afgeronde gesprekken van deze huishoudens": ["10"], "Doelen gehaald": ["40%"],
        "Groepen weggelaten omdat ze te klein zijn (team en kwartaal)": ["1"],
    }
    levels = rows(shown["Gemiddelde plek per onderwerp: Bewoner"])
    # Money rests on four households, work on none (only 'not now'), the own domain is personal.
    assert levels == {"Wonen": ["30", "50"], "Geld": [TOO_FEW, TOO_FEW]}
    assert rows(shown["Verandering per onderwerp: Bewoner"]) == {"Wonen": ["+20"], "Geld": [TOO_FEW]}
    assert rows(shown["Wie doet de acties?"]) == {
        "De bewoner zelf": ["1", "20%"], "Iemand uit het netwerk": ["1", "20%"], "Een vrijwilliger": ["1", "20%"],
        "Een professional": ["1", "20%"], "Een organisatie": ["1", "20%"],
        "Samen: informele hulp (bewoner, netwerk, vrijwilliger)": ["3", "60%"],
        "Samen: professionele hulp (professional, organisatie)": ["2", "40%"],
    }
    assert rows(shown["Ervaring van bewoners"]) == {
        "Ik voelde me serieus genomen": ["60%", "20%", "20%", "5"],
        "De hulp past bij wat ik wil": [TOO_FEW] * 4,  # four answers
        "De hulp past bij wat ik nodig heb": ["100%", "0%", "0%", "5"],
        "Signalen of klachten": ["", "", "", "2"],
    }


def test_the_professional_view_and_the_gap_on_request(lead, city):
    professional = figures(lead, f"group=team-{city['one']}&{YEAR}&perspective=professional")
    assert rows(professional["Gemiddelde plek per onderwerp: Professional"])["Wonen"] == ["40", "50"]
    assert rows(professional["Verandering per onderwerp: Professional"])["Wonen"] == ["+10"]
    gap = figures(lead, f"group=team-{city['one']}&{YEAR}&perspective=gap")
    assert rows(gap["Gemiddelde plek per onderwerp: Verschil: professional min bewoner"])["Wonen"] == ["+10", "0"]
    assert rows(gap["Verandering per onderwerp: Verschil: professional min bewoner"])["Wonen"] == ["-10"]


def test_a_team_with_one_household_shows_no_figure(client, city):
    login(client, "pro2@example.org")
    response = client.get(f"/cijfers?{YEAR}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Te weinig om te tonen" in page
    shown = tables_of(response)
    assert list(shown) == ["Ervaring van bewoners"]
    assert not re.search(r">\s*[+-]?(77|99|1|2)\s*<", page[page.index("<main"):])


def test_an_area_is_not_a_team_plus_one_household(client, city):
    """Area Oost = team Oost-1 plus Oost-2's one household: subtracting the team's figures from the
    area's would give that household's numbers, so its cell does not count."""
    login(client, "admin@example.org")
    team = figures(client, f"group=team-{city['one']}&{YEAR}")
    area = figures(client, f"group=area-{city['area']}&{YEAR}")
    left_out = "Groepen weggelaten omdat ze te klein zijn (team en kwartaal)"
    assert rows(area["Overzicht"]).pop(left_out) == ["2"]
    for caption, table in team.items():
        if caption == "Overzicht":
            assert {k: v for k, v in rows(table).items() if k != left_out} == {k: v for k, v in rows(area["Overzicht"]).items() if k != left_out}
        else:
            assert table == area[caption], caption


def test_two_overlapping_periods_do_not_reveal_a_small_difference(lead, city):
    """The first quarter, and the first half year: the second quarter adds one household (h6), so
    the difference must not show. A period of a few days snaps to its whole quarter."""
    quarter = figures(lead, f"group=team-{city['one']}&start=2026-01&end=2026-03")
    half = figures(lead, f"group=team-{city['one']}&start=2026-01&end=2026-06")
    days = figures(lead, f"group=team-{city['one']}&start=2026-02-15&end=2026-02-20")
    assert rows(quarter["Overzicht"])["Huishoudens"] == rows(half["Overzicht"])["Huishoudens"] == ["5"]
    for caption in quarter:
        if caption not in ("Overzicht", "Ervaring van bewoners"):
            assert quarter[caption] == half[caption] == days[caption], caption
    # The experience answer of April is one answer: it does not count either.
    assert quarter["Ervaring van bewoners"] == half["Ervaring van bewoners"]
    assert "'90'" not in str(half)


def test_a_higher_smallest_group_hides_everything(lead, app, city):
    with app.app_context():
        db.session.get(Team, city["one"]).organisation.min_group_size = 6
        db.session.commit()
    response = lead.get(f"/cijfers?group=team-{city['one']}&{YEAR}")
    assert "vanaf 6 huishoudens" in response.get_data(as_text=True)
    assert "Overzicht" not in tables_of(response)
    assert all(cell == TOO_FEW for row in tables_of(response)["Ervaring van bewoners"][1:] for cell in row[1:] if cell)


def test_a_period_without_data_says_so(lead, city):
    response = lead.get(f"/cijfers?group=team-{city['one']}&start=2024-01&end=2024-12")
    assert response.status_code == 200
    assert "In deze periode begon geen enkel huishouden" in response.get_data(as_text=True)


@pytest.mark.parametrize("query, field, message", [
    ("start=2026-13", "start", "Dit is geen maand"),
    ("start=2026-02-30", "start", "Dit is geen maand"),
    ("start=٢٠٢٦-٠١", "start", "Dit is geen maand"),
    ("start=2026-1-", "start", "Dit is geen maand"),
    ("start=1900-01", "start", "Kies een maand van het jaar 2000 tot en met 2100"),
    ("start=2026-01&end=2999-12", "end", "Kies een maand van het jaar 2000 tot en met 2100"),
    ("start=2026-10&end=2026-01", "end", "ligt vóór"),
    ("start=2000-01&end=2026-01", "end", "hoogstens tien jaar"),
    ("group=area-999999", "group", "Dit team of gebied kennen we niet"),
    ("group=team-abc", "group", "Dit team of gebied kennen we niet"),
    ("perspective=naaste", "perspective", "Kies bewoner, professional"),
])
def test_bad_choices_get_a_clear_message(lead, query, field, message):
    response = lead.get(f"/cijfers?{query}")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and f'id="{field}-error"' in page
    assert "Overzicht" not in tables_of(response)
    assert lead.get(f"/cijfers.csv?{query}").status_code == 422


def test_another_teams_figures_are_not_offered(client, city):
    """A professional sees their own team's figures; another team of the area is no choice."""
    login(client, "pro@example.org")
    page = client.get("/cijfers")
    group = [c for c in page_form(page).controls if c.name == "group"][0]
    assert [value for value, _selected in group.options] == [f"team-{city['one']}", f"area-{city['area']}"]
    assert "Gebied Oost (1 team)" in page.get_data(as_text=True) and "Oost-2" not in page.get_data(as_text=True)
    assert client.get(f"/cijfers?group=team-{city['two']}").status_code == 422
    # The area, for them, is their own team only.
    assert figures(client, f"group=area-{city['area']}&{YEAR}") == figures(client, f"group=team-{city['one']}&{YEAR}")


def test_the_form_sends_what_the_page_shows(lead, city):
    form = page_form(lead.get("/cijfers"))
    # A GET form: the browser puts its fields in the address.
    response = lead.get(form.action, query_string=MultiDict(form.data(start="2026-01", end="2026-12", perspective="professional")))
    assert response.status_code == 200
    assert "Gemiddelde plek per onderwerp: Professional" in tables_of(response)


def test_the_csv_holds_exactly_the_tables_shown(lead, city):
    query = f"group=team-{city['one']}&{YEAR}"
    page = lead.get(f"/cijfers?{query}")
    link = re.search(r'href="(/cijfers\.csv\?[^"]+)"', page.get_data(as_text=True)).group(1).replace("&amp;", "&")
    download = lead.get(link)
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert download.headers["Content-Disposition"] == 'attachment; filename="teamcijfers-oost-1-2026-k1-2026-k4-bewoner.csv"'
    raw = download.get_data()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw, "the same file for Dutch Excel as a member's rounds"
    heading, *sections = raw.decode("utf-8-sig").replace("\r\n", "\n").split("\n\n")
    assert heading == re.search(r"<h2>(Oost-1: [^<]+)</h2>", page.get_data(as_text=True)).group(1)
    assert heading == "Oost-1: kwartaal 1 van 2026 tot en met kwartaal 4 van 2026"
    shown = tables_of(page)
    assert len(sections) == len(shown)
    for section, (caption, table) in zip(sections, shown.items()):
        lines = list(csv.reader(io.StringIO(section), delimiter=";"))
        assert lines[0] == [caption]
        assert lines[1:] == table


def test_the_suppression_rule_on_its_own():
    assert combine([(5, (10, 2)), (4, (100, 1)), (0, (None, 0))], 5).values == (10, 2)
    figure = combine([(5, (10, 2)), (4, (100, 1))], 5)
    assert (figure.households, figure.left_out, figure.shown) == (5, 1, True)
    assert not combine([(4, (1,))], 5).shown
    assert combine([(6, (None, 3)), (5, (2, None))], 5).values == (2, 3)


def test_periods_are_whole_quarters():
    assert Quarter.of(date(2026, 2, 15)).first_day == date(2026, 1, 1)
    assert Quarter.of(date(2026, 12, 31)).last_day == date(2026, 12, 31)
    assert Quarter.of(date(2026, 5, 1)).last_day == date(2026, 6, 30)
    assert parse_month("2026-03") == date(2026, 3, 1) and parse_month("2026-03-31") == date(2026, 3, 31)
    assert parse_month("2026-7") == date(2026, 7, 1), "as people type it"
    assert parse_month("１２３４-01") is None and parse_month("1999-01") is None and parse_month("2026-00") is None


def test_the_page_makes_the_same_few_queries_however_many_households(lead, app, city):
    """Aggregated in SQL: the user, the teams, the cells, goals, the domain rows, domains, actions,
    experience."""
    import sqlalchemy as sa

    with app.app_context():
        engine = db.engine
    statements = []
    record = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    url = f"/cijfers?group=team-{city['one']}&{YEAR}"
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        assert "Huishoudens" in lead.get(url).get_data(as_text=True)
        counted = len(statements)
        with app.app_context():
            pro = db.session.scalar(sa.select(factories.User).where(factories.User.email == "pro@example.org"))
            for i in range(3):
                household = factories.household(pro, f"Meer {i}", members=[("A", 1980), ("B", 1990)])
                for member in household.members:
                    _round(pro, member, date(2026, 3, 1), {"housing": (50, 50), "money": (40, 40)})
                factories.action(factories.goal(household, household.members[0], "money"), "Nog iets", ActionOwner.NETWORK)
            db.session.commit()
        statements.clear()
        assert rows(tables_of(lead.get(url))["Overzicht"])["Huishoudens"] == ["8"]
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert len(statements) == counted == 8, statements


@pytest.mark.parametrize("cell, sent", [
    ("+20", "+20"), ("-10", "-10"), ("0", "0"), ("-2,5", "-2,5"), ("+40%", "+40%"), (TOO_FEW, TOO_FEW),
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("@SUM(A1)", "'@SUM(A1)"), ("+A1", "'+A1"), ("-A1", "'-A1"),
    ("-5+A1", "'-5+A1"), ("+1 uur", "'+1 uur"), ("\tx", "'\tx"),
])
def test_a_csv_cell_never_runs_as_a_formula(cell, sent):
    assert spreadsheet.safe(cell) == sent
