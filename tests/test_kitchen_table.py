"""The kitchen-table lock: the professional hands the tablet to the resident; until it is unlocked
with the professional's secret, only that round's board is reachable, with the resident's chips."""
import re

import pytest
import sqlalchemy as sa

from tests import factories
from tests.forms import page_form
from wattelt.extensions import db
from wattelt.models import Goal, Member, User


@pytest.fixture
def open_round(app, world):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        return factories.open_round(pro, db.session.get(Member, world.marieke), ["housing", "money"]).id


@pytest.fixture
def locked(pro_a, open_round):
    form = page_form(pro_a.get(f"/rounds/{open_round}"), action=f"/rounds/{open_round}/vergrendelen")
    response = form.submit(pro_a)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/rounds/{open_round}")
    return pro_a


def test_a_locked_tablet_shows_the_board_with_the_residents_chips_only(locked, open_round):
    board = locked.get(f"/rounds/{open_round}").get_data(as_text=True)
    assert "Alleen dit bord is open" in board and "Geef de tablet terug aan a" in board and "/mijn" not in board
    assert re.search(r'name="state_\d+_resident"', board) and not re.search(r'name="state_\d+_professional"', board)
    assert "Bewaren en gesprek afronden" not in board and "Huishoudens" not in board and "/auth/ontgrendelen" in board
    assert "Familie Test" not in board.split("<main", 1)[1].split("<h1", 1)[0], "no way back to the household"


def test_no_escape_by_typed_address_or_the_json_door(app, locked, world, open_round):
    for url in ["/households/", f"/households/{world.household}", f"/households/{world.household}/plan",
                f"/members/{world.marieke}/progress", f"/rounds/{world.first}/result", f"/rounds/{world.second}",
                f"/households/{world.other_household}", "/", "/mijn", f"/households/{world.household}/delen"]:
        response = locked.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/rounds/{open_round}"), url
    assert locked.get(f"/api/rounds/{world.first}").status_code == 403
    assert locked.get(f"/api/rounds/{open_round}").status_code == 200
    goals_before = _count(app, Goal)
    locked.post(f"/households/{world.household}/plan", data={"member": str(world.marieke), "domain": "money", "text": "x", "hoped_for": "50"})
    assert _count(app, Goal) == goals_before
    assert locked.post("/auth/logout").status_code == 302 and locked.get("/households/").status_code == 302


def test_unlocking_needs_the_professionals_secret(locked, world, open_round):
    form = page_form(locked.get("/auth/ontgrendelen"))
    wrong = form.submit(locked, password="geraden")
    assert wrong.status_code == 422 and "niet het goede wachtwoord" in wrong.get_data(as_text=True)
    assert locked.get("/households/").status_code == 302
    right = page_form(locked.get("/auth/ontgrendelen")).submit(locked, password=factories.PASSWORD)
    assert right.status_code == 302 and right.headers["Location"].endswith(f"/rounds/{open_round}")
    assert locked.get("/households/").status_code == 200
    board = locked.get(f"/rounds/{open_round}").get_data(as_text=True)
    assert re.search(r'name="state_\d+_professional"', board), "the professional's chips are back"


def test_the_resident_chooses_a_language_for_the_tablet_not_for_the_professionals_account(app, locked, world, open_round):
    page_form(locked.get(f"/rounds/{open_round}"), action="/taal").submit(locked, language="tr")
    assert '<html lang="tr"' in locked.get(f"/rounds/{open_round}").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, world.pro_a).language is None


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))
