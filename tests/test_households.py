import re
from datetime import date

import pytest
import sqlalchemy as sa

from tests import factories
from tests.conftest import login
from tests.forms import page_form
from wattelt.errors import InvalidInput
from wattelt.extensions import db
from wattelt.households import service
from wattelt.households.service import MemberInput, board_for
from wattelt.models import GrantKind, Household, Member, User


@pytest.mark.parametrize("birth_year, board", [(2012, "youth"), (2009, "youth"), (2008, "adult"), (None, "adult")])
def test_board_follows_birth_year(birth_year, board):
    # 17 in 2026 is still young; 18 is an adult.
    assert board_for(birth_year, date(2026, 11, 22)) == board


def new_household_form(client):
    return page_form(client.get("/households/new"))


def test_create_household_with_members(pro_a, app):
    response = new_household_form(pro_a).submit(pro_a, **{
        "name": "Familie De Boer",
        "members-0-name": "Fatima", "members-0-birth_year": "1980",
        "members-1-name": " Sem ", "members-1-birth_year": "2014",
    })
    assert response.status_code == 302
    page = pro_a.get(response.headers["Location"]).get_data(as_text=True)
    assert "Familie De Boer" in page and "Fatima" in page and "Sem" in page
    assert "Bord: Jongeren" in page and "Bord: Volwassenen" in page
    with app.app_context():
        household = db.session.scalar(sa.select(Household).filter_by(name="Familie De Boer"))
        assert [(m.name, m.instrument_key) for m in household.members] == [("Fatima", "adult"), ("Sem", "youth")]
        # The professional who created it is the contact person until the household chooses.
        assert household.contact_user.email == "a@example.org"
        assert household.team.name == "Team A"


def test_household_needs_a_member_and_writes_nothing_otherwise(pro_a, app):
    response = new_household_form(pro_a).submit(pro_a, name="Leeg")
    assert response.status_code == 422
    assert "minstens één lid" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Household).filter_by(name="Leeg")) is None


@pytest.mark.parametrize("tampered, message", [
    ([(f"members-{i}-name", f"Lid {i}") for i in range(3, 9)], "hoogstens 8 leden"),
    ([("members-²-name", "Lid")], "Dit formulier klopt niet"),
])
def test_extra_or_malformed_member_rows_get_a_message(pro_a, app, tampered, message):
    response = new_household_form(pro_a).submit(pro_a, name="Groot", tampered=tampered, **{"members-0-name": "Een"})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Household).filter_by(name="Groot")) is None


@pytest.mark.parametrize("name", ["Piet\x00", "Piet\x1b[31m", "\u202eteiP", "Piet\u2066"])
def test_control_characters_and_direction_overrides_are_refused(pro_a, world, app, name):
    form = page_form(pro_a.get(f"/households/{world.household}/members/new"))
    response = form.submit(pro_a, name=name)
    assert response.status_code == 422
    assert "onzichtbaar teken" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Member).where(Member.household_id == world.household)) == 2


@pytest.mark.parametrize("year", ["1700", "2999", "²⁰²⁰"])
def test_birth_year_out_of_range_gets_a_message(pro_a, world, app, year):
    form = page_form(pro_a.get(f"/households/{world.household}/members/new"))
    response = form.submit(pro_a, name="Oma", birth_year=year)
    assert response.status_code == 422
    assert "geboortejaar" in response.get_data(as_text=True).lower() or "getal" in response.get_data(as_text=True).lower()
    with app.app_context():
        assert db.session.scalar(sa.select(Member).filter_by(name="Oma")) is None


def test_this_years_birth_year_is_accepted(pro_a, world, app):
    form = page_form(pro_a.get(f"/households/{world.household}/members/new"))
    assert form.submit(pro_a, name="Baby", birth_year=str(date.today().year)).status_code == 302


def test_add_member(pro_a, world, app):
    form = page_form(pro_a.get(f"/households/{world.household}/members/new"))
    assert form.submit(pro_a, name="Ruud").status_code == 302
    assert "Ruud" in pro_a.get(f"/households/{world.household}").get_data(as_text=True)


def contact_form(client, household_id):
    return page_form(client.get(f"/households/{household_id}"), action=f"/households/{household_id}/contact")


def test_contact_person_can_be_informal_or_a_team_professional(pro_a, world, app):
    response = contact_form(pro_a, world.household).submit(pro_a, contact_user="0", contact_informal="Zus Ellen")
    assert response.status_code == 302
    assert "Zus Ellen (naaste)" in pro_a.get(f"/households/{world.household}").get_data(as_text=True)
    response = contact_form(pro_a, world.household).submit(pro_a, contact_user=str(world.pro_a), contact_informal="")
    assert response.status_code == 302
    with app.app_context():
        household = db.session.get(Household, world.household)
        assert household.contact_user_id == world.pro_a and household.contact_informal is None


def test_contact_from_another_team_is_not_offered_nor_accepted(pro_a, world, app):
    form = contact_form(pro_a, world.household)
    offered = {value for control in form.controls if control.name == "contact_user" for value, _ in control.options}
    assert str(world.pro_b) not in offered and str(world.lead_a) not in offered
    response = form.submit(pro_a, tampered=[("contact_user", str(world.pro_b))])
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Household, world.household).contact_user_id == world.pro_a


def test_both_contacts_at_once_is_refused(pro_a, world):
    response = contact_form(pro_a, world.household).submit(pro_a, contact_user=str(world.pro_a), contact_informal="Zus")
    assert response.status_code == 422
    assert "niet allebei" in response.get_data(as_text=True)


def test_the_services_refuse_what_the_forms_refuse(app, world):
    today = date(2026, 11, 22)
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        household = db.session.get(Household, world.household)
        with pytest.raises(InvalidInput, match="naam"):
            service.create_household(pro, pro.team, "  ", [MemberInput("A")], today)
        with pytest.raises(InvalidInput, match="hoogstens 8"):
            service.create_household(pro, pro.team, "Groot", [MemberInput(f"L{i}") for i in range(9)], today)
        with pytest.raises(InvalidInput, match="geboortejaar"):
            service.add_member(household, MemberInput("Oma", 1899), today)
        with pytest.raises(InvalidInput, match="geboortejaar"):
            service.add_member(household, MemberInput("Kind", 2027), today)
        with pytest.raises(InvalidInput, match="onzichtbaar"):
            service.set_contact(household, None, "Zus\x00")
        assert service.add_member(household, MemberInput(" Opa ", 1900), today).name == "Opa"
        for i in range(5):
            service.add_member(household, MemberInput(f"L{i}"), today)
        assert len(household.members) == 8
        with pytest.raises(InvalidInput, match="hoogstens 8"):
            service.add_member(household, MemberInput("Negen"), today)
        db.session.rollback()


# --- the caseload: a page at a time, with a search by name -----------------------------------------

def caseload_page(client, **query):
    response = client.get("/households/", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def listed(page: str) -> list[str]:
    return re.findall(r'<h2 class="card-title"><a href="/households/\d+">([^<]+)</a>', page)


def current_page(page: str) -> str | None:
    found = re.search(r'aria-current="page"><span class="visually-hidden">Pagina </span>(\d+)</a>', page)
    return found and found.group(1)


@pytest.fixture
def many_households(app, world):
    """Team A: the world's "Familie Test" and 29 more, 30 in all (two pages)."""
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        for i in range(29):
            factories.household(pro, f"Familie {i:02d}", members=[(f"Lid {i}", 1980)])


def test_the_caseload_shows_a_page_of_households_by_name_with_links_to_the_others(pro_a, many_households):
    first = caseload_page(pro_a)
    assert listed(first) == [f"Familie {i:02d}" for i in range(service.CASELOAD_PAGE)]
    assert "30 huishoudens, op naam." in first and "Pagina 1 van 2" in first and current_page(first) == "1"
    assert 'href="/households/?page=2"' in first and "Vorige" not in first
    second = caseload_page(pro_a, page="2")
    assert listed(second) == [f"Familie {i:02d}" for i in range(25, 29)] + ["Familie Test"]
    assert current_page(second) == "2" and 'href="/households/?page=1" rel="prev"' in second and "Volgende" not in second


@pytest.mark.parametrize("sent, shown", [("0", "1"), ("-1", "1"), ("abc", "1"), ("²", "1"), ("1.5", "1"), ("", "1"),
                                         ("3", "2"), ("99999999999999999999999999", "2")])
def test_a_page_number_that_is_no_page_shows_the_first_or_the_last(pro_a, many_households, sent, shown):
    assert current_page(caseload_page(pro_a, page=sent)) == shown


def test_the_search_finds_part_of_a_name_whatever_the_case_or_accents(pro_a, app, world):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        factories.household(pro, "Familie Özdemir", members=[("Elif", 1979)])
        factories.household(pro, "Fam. Ozturk 100%", members=[("Emre", 1979)])
    for typed in ("özdemir", "OZDEMIR", " Özdem "):
        page = caseload_page(pro_a, q=typed)
        assert listed(page) == ["Familie Özdemir"]
        assert "1 huishouden gevonden met" in page and f'value="{typed.strip()}"' in page
    assert listed(caseload_page(pro_a, q="100%")) == ["Fam. Ozturk 100%"]
    assert listed(caseload_page(pro_a, q="%")) == ["Fam. Ozturk 100%"], "a % is a letter to look for, not a wildcard"
    assert listed(caseload_page(pro_a, q="familie")) == ["Familie Özdemir", "Familie Test"]


def test_the_search_stays_within_the_caseload_and_says_when_it_finds_nothing(pro_a, world):
    page = caseload_page(pro_a, q="Smit")  # a household of team B
    assert listed(page) == []
    assert "Geen huishouden gevonden met ‘Smit’ in de naam." in page
    assert '<a href="/households/">Alle huishoudens</a>' in page
    # Invisible characters in a search find nothing extra and break nothing.
    assert listed(caseload_page(pro_a, q="Te\x00st\u202e")) == []
    page = caseload_page(pro_a, q="\x00")
    assert listed(page) == ["Familie Test"] and "1 huishouden, op naam." in page


@pytest.mark.parametrize("kind", [GrantKind.RESIDENT, GrantKind.NAASTE, GrantKind.HELPER_PLAN])
def test_someone_invited_who_opens_the_caseload_lands_on_their_own_page(app, world, kind):
    """A naaste typing /households/ met a text about staff roles and team leads; there is no
    caseload for them, so they go to their own page."""
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        invited = factories.invited(pro, db.session.get(Household, world.household), kind,
                                    member=db.session.get(Member, world.marieke) if kind is not GrantKind.HELPER_PLAN else None,
                                    label=None if kind is GrantKind.RESIDENT else "Ellen")
        name = invited.login_name
    client = app.test_client()
    login(client, name)
    answer = client.get("/households/")
    assert answer.status_code == 302 and answer.headers["Location"] == "/mijn"
    assert "Je rol heeft geen eigen huishoudens" not in client.get("/mijn").get_data(as_text=True)
