"""The administrator's page of instruments (issue 9, part 2): every loaded instrument and version
with the rounds that use it, and per organisation the instruments its teams choose from; every
change is in the administrators' log. Others do not know the page exists."""
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests import factories
from tests.conftest import _teardown, login, make_app
from tests.forms import page_form
from wattelt.extensions import db
from wattelt.models import AdminEvent, Member, Organisation, Team, User

EXAMPLES = Path(__file__).parent / "instruments"
PAGE = "/beheer/instrumenten/"


@pytest.fixture
def app():
    app = make_app(INSTRUMENT_DIRECTORIES=[str(EXAMPLES)])
    yield app
    _teardown(app)


@pytest.fixture
def admin(client, world):
    login(client, "admin@example.org")
    return client


def versions(page: str) -> dict[str, list[str]]:
    """The cards of loaded versions: card id → its title and facts."""
    return {
        card_id: [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<(?:h3|dd)[^>]*>(.*?)</(?:h3|dd)>", body, re.S)]
        for card_id, body in re.findall(r'<li class="card" id="version-([\w-]+)">(.*?)</li>', page, re.S)
    }


def offer_form(client, organisation_id):
    return page_form(client.get(PAGE), action=f"/beheer/instrumenten/organisaties/{organisation_id}")


def test_the_administrator_sees_every_loaded_version_with_the_rounds_that_use_it(admin, world, app):
    with app.app_context():
        factories.open_round(db.session.get(User, world.pro_a), db.session.get(Member, world.kevin), ["housing"])
    page = admin.get(PAGE).get_data(as_text=True)
    # The world: team B holds nine rounds, one of them of a young member (Cas); team A two adult
    # rounds, and one youth round was just started.
    assert versions(page) == {
        "adult-1": ["Volwassenen (adult)", "Volwassenen", "1", "14", "Nederlands, English, العربية, Türkçe, Polski, Українська", "10"],
        "youth-1": ["Jongeren (youth)", "Jongeren", "1", "14", "Nederlands, English, العربية, Türkçe, Polski, Українська", "2"],
        "health_talk-1": ["Gezondheidsgesprek (health_talk)", "Gezondheid", "1", "6", "Nederlands, English", "0"],
        "zrm-1": ["Zelfredzaamheid (zrm)", "ZRM", "1", "13", "Nederlands, English", "0"],
    }
    assert '<a href="/beheer/instrumenten/" aria-current="page">Gespreksborden</a>' in page, "in the administration's menu"


def test_the_rounds_per_version_are_counted_in_one_query(app, world):
    from wattelt.instrument.service import rounds_per_version

    with app.app_context():
        statements = []
        record = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
        sa.event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert rounds_per_version() == {("adult", 1): 10, ("youth", 1): 1}
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", record)
        assert len(statements) == 1


def test_an_organisation_offers_what_the_administrator_ticks_and_the_log_says_so(admin, world, app):
    with app.app_context():
        organisation_id = db.session.get(Team, world.team_a).organisation_id
        admin_id = db.session.scalar(sa.select(User.id).where(User.email == "admin@example.org"))
    form = offer_form(admin, organisation_id)
    field = f"org-{organisation_id}-instruments"
    # NULL in the database: the default sets are ticked.
    assert [c.value for c in form.controls if c.name == field and c.checked] == ["adult", "youth"]
    response = form.submit(admin, **{field: ["adult", "zrm"]})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#organisation-{organisation_id}")
    page = admin.get(PAGE).get_data(as_text=True)
    assert "De keuze van gespreksborden voor Organisatie van Team A is bewaard." in page
    with app.app_context():
        assert db.session.get(Organisation, organisation_id).offered_instruments == "adult,zrm"
        events = db.session.scalars(sa.select(AdminEvent)).all()
        assert [(e.user_id, e.action, e.object_kind, e.object_id, e.details) for e in events] == [(
            admin_id, "organisation.instruments", "Organisation", organisation_id,
            {"offered_instruments": [["adult", "youth"], ["adult", "zrm"]]},
        )]
    # Saved again unchanged: nothing new in the log.
    assert offer_form(admin, organisation_id).submit(admin).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AdminEvent)) == 1
    # The organisation's professionals can now choose the ZRM, and no longer the youth board.
    login(client := app.test_client(), "a@example.org")
    start = client.get(f"/members/{world.marieke}/rounds/new").get_data(as_text=True)
    assert re.findall(r'\?bord=(\w+)"', start) == ["zrm"]


def test_at_least_one_instrument_remains_and_nothing_is_written_otherwise(admin, world, app):
    with app.app_context():
        organisation_id = db.session.get(Team, world.team_a).organisation_id
        other_id = db.session.get(Team, world.team_b).organisation_id
    field = f"org-{organisation_id}-instruments"
    response = offer_form(admin, organisation_id).submit(admin, **{field: []})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Kies minstens één gespreksbord. Zonder bord kan een team geen gesprek beginnen." in page
    # The other organisation's form still shows what it has.
    other = page_form(response, action=f"/beheer/instrumenten/organisaties/{other_id}")
    assert [c.value for c in other.controls if c.name == f"org-{other_id}-instruments" and c.checked] == ["adult", "youth"]
    refused = offer_form(admin, organisation_id).submit(admin, tampered=[(field, "moon")])
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.get(Organisation, organisation_id).offered_instruments is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AdminEvent)) == 0


def test_the_service_refuses_unknown_and_empty_choices(app, world):
    from wattelt.errors import InvalidInput
    from wattelt.instrument.service import set_offered

    with app.test_request_context():
        admin = db.session.scalar(sa.select(User).where(User.email == "admin@example.org"))
        organisation = db.session.get(Team, world.team_a).organisation
        for keys, message in ((["moon"], "niet geladen: moon"), ([], "Kies minstens één gespreksbord")):
            with pytest.raises(InvalidInput, match=message):
                set_offered(admin, organisation, keys)
        # Keys are kept in the page's order, once each.
        set_offered(admin, organisation, ["zrm", "adult", "zrm"])
        assert organisation.offered_instruments == "adult,zrm"


@pytest.mark.parametrize("email", ["a@example.org", "lead@example.org"])
def test_others_do_not_know_the_page_exists(client, world, app, email):
    login(client, email)
    with app.app_context():
        organisation_id = db.session.get(Team, world.team_a).organisation_id
    assert client.get(PAGE).status_code == 404
    response = client.post(f"/beheer/instrumenten/organisaties/{organisation_id}", data={f"org-{organisation_id}-instruments": "zrm"})
    assert response.status_code == 404
    assert "Gespreksborden" not in client.get("/households/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Organisation, organisation_id).offered_instruments is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AdminEvent)) == 0


def test_every_id_on_the_page_is_unique(admin, world):
    page = admin.get(PAGE).get_data(as_text=True)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
