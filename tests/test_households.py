from datetime import date

import sqlalchemy as sa

from wattelt.extensions import db
from wattelt.households.service import board_for
from wattelt.models import Household, Member, User


def test_board_follows_birth_year():
    today = date(2026, 11, 22)
    assert board_for(2012, today) == "youth"
    assert board_for(2008, today) == "adult"
    assert board_for(None, today) == "adult"


def test_create_household_with_members(pro_a, app):
    response = pro_a.post("/households/new", data={
        "name": "Familie De Boer",
        "members-0-name": "Fatima", "members-0-birth_year": "1980",
        "members-1-name": "Sem", "members-1-birth_year": "2014",
        "members-2-name": "", "members-2-birth_year": "",
    })
    assert response.status_code == 302
    page = pro_a.get(response.headers["Location"]).get_data(as_text=True)
    assert "Familie De Boer" in page and "Fatima" in page and "Sem" in page
    assert "Bord voor jongeren" in page
    with app.app_context():
        household = db.session.scalar(sa.select(Household).filter_by(name="Familie De Boer"))
        assert [(m.name, m.instrument_key) for m in household.members] == [("Fatima", "adult"), ("Sem", "youth")]
        # The professional who created it is the contact person until the household chooses.
        assert household.contact_user.email == "a@example.org"


def test_household_needs_a_member_and_writes_nothing_otherwise(pro_a, app):
    response = pro_a.post("/households/new", data={"name": "Leeg"})
    assert response.status_code == 422
    assert "minstens één lid" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Household).filter_by(name="Leeg")) is None


def test_birth_year_out_of_range_gets_a_message(pro_a, world, app):
    response = pro_a.post(f"/households/{world.household}/members/new", data={"name": "Oma", "birth_year": "1700"})
    assert response.status_code == 422
    assert "geboortejaar" in response.get_data(as_text=True).lower()
    with app.app_context():
        assert db.session.scalar(sa.select(Member).filter_by(name="Oma")) is None


def test_add_member(pro_a, world, app):
    response = pro_a.post(f"/households/{world.household}/members/new", data={"name": "Ruud", "birth_year": ""})
    assert response.status_code == 302
    assert "Ruud" in pro_a.get(f"/households/{world.household}").get_data(as_text=True)


def test_contact_person_can_be_informal_or_a_team_professional(pro_a, world, app):
    response = pro_a.post(f"/households/{world.household}/contact", data={"contact_user": "0", "contact_informal": "Zus Ellen"})
    assert response.status_code == 302
    assert "Zus Ellen (naaste)" in pro_a.get(f"/households/{world.household}").get_data(as_text=True)
    response = pro_a.post(f"/households/{world.household}/contact", data={"contact_user": str(world.pro_a), "contact_informal": ""})
    assert response.status_code == 302
    with app.app_context():
        household = db.session.get(Household, world.household)
        assert household.contact_user_id == world.pro_a and household.contact_informal is None


def test_contact_from_another_team_is_refused(pro_a, world, app):
    response = pro_a.post(f"/households/{world.household}/contact", data={"contact_user": str(world.pro_b), "contact_informal": ""})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Household, world.household).contact_user_id == world.pro_a


def test_both_contacts_at_once_is_refused(pro_a, world):
    response = pro_a.post(f"/households/{world.household}/contact", data={"contact_user": str(world.pro_a), "contact_informal": "Zus"})
    assert response.status_code == 422
    assert "niet allebei" in response.get_data(as_text=True)
