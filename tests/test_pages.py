"""What every page promises: language, no inline script or style, security headers, clear errors."""
import re

import pytest

from tests import factories
from tests.conftest import login
from tests.forms import page_form
from wattelt.extensions import db
from wattelt.models import Member, User
from wattelt.security import CHART_POLICY, CONTENT_SECURITY_POLICY

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")


def all_pages(world, open_round):
    return [
        "/households/", "/households/new", f"/households/{world.household}", f"/households/{world.household}/plan",
        f"/households/{world.household}/members/new", f"/members/{world.marieke}/rounds/new",
        f"/members/{world.marieke}/progress", f"/rounds/{world.first}/result", f"/rounds/{open_round}",
        f"/rounds/{open_round}/complete",
    ]


@pytest.fixture
def open_round(app, world):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        return factories.open_round(pro, db.session.get(Member, world.kevin), ["housing", "money"], naaste=True).id


def test_every_page_declares_language_and_has_no_inline_script_or_style(pro_a, world, open_round):
    for url in all_pages(world, open_round):
        response = pro_a.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert '<html lang="nl"' in html, url
        assert not INLINE_SCRIPT.search(html), url
        assert " style=" not in html and "<style" not in html, url
        assert not re.search(r'(src|href)="(https?:)?//', html), url
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"


def test_only_pages_that_draw_charts_allow_plotlys_two_styles(pro_a, world, open_round):
    """A page without charts allows no inline style at all; a chart page exactly plotly's two."""
    board = pro_a.get(f"/rounds/{open_round}")
    assert "plotly" not in board.get_data(as_text=True)
    assert board.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY and "style-src 'self';" in CONTENT_SECURITY_POLICY
    progress = pro_a.get(f"/members/{world.marieke}/progress")
    assert "plotly-polar.min.js" in progress.get_data(as_text=True)
    assert progress.headers["Content-Security-Policy"] == CHART_POLICY and CHART_POLICY.count("'sha256-") == 2
    assert pro_a.get("/households/").headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, "the next page is strict again"


def test_every_form_field_has_a_label(pro_a, world, open_round):
    for url in all_pages(world, open_round):
        html = pro_a.get(url).get_data(as_text=True)
        ids = re.findall(r'<(?:input|select|textarea)(?![^>]*type="(?:hidden|submit)")[^>]*\bid="([^"]+)"', html)
        for field_id in ids:
            assert f'for="{field_id}"' in html, (url, field_id)


def choose_language(client, page_url: str, code: str):
    """Pick a language in the header's list on this page, as a person does."""
    form = page_form(client.get(page_url), action="/taal")
    return form.submit(client, language=code)


def test_no_page_repeats_an_id(pro_a, world, open_round):
    """A repeated id makes a label point at another goal's field."""
    for url in all_pages(world, open_round):
        ids = re.findall(r'\bid="([^"]+)"', pro_a.get(url).get_data(as_text=True))
        assert len(ids) == len(set(ids)), (url, sorted({i for i in ids if ids.count(i) > 1}))


def test_language_switch_is_remembered(client, world):
    response = choose_language(client, "/auth/login", "en")
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/login")
    page = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="en" dir="ltr"' in page
    assert "Password" in page and "Wachtwoord" not in page
    login(client, "a@example.org")
    page = client.get(f"/rounds/{world.first}/result").get_data(as_text=True)
    assert "Resident" in page and "Housing" in page


def test_a_signed_in_persons_language_follows_them_to_another_device(app, pro_a, world):
    choose_language(pro_a, f"/households/{world.household}", "ar")
    other_device = app.test_client()
    login(other_device, "a@example.org")
    page = other_device.get(f"/households/{world.household}").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in page


def test_without_a_choice_the_browser_language_decides(client):
    page = client.get("/auth/login", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="pl"' in page
    page = client.get("/auth/login", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).get_data(as_text=True)
    assert '<html lang="nl"' in page, "a language we do not have falls back to Dutch"


def test_unknown_language_is_a_clear_400(client):
    form = page_form(client.get("/auth/login"), action="/taal")
    response = form.submit(client, tampered=[("language", "xx")])
    assert response.status_code == 400
    assert "Deze taal kennen we niet" in response.get_data(as_text=True)


def test_not_found_page_is_in_the_users_language(pro_a):
    response = pro_a.get("/households/999999")
    assert response.status_code == 404
    assert "Niet gevonden" in response.get_data(as_text=True)
    choose_language(pro_a, "/households/", "en")
    assert "Not found" in pro_a.get("/rounds/999999").get_data(as_text=True)


def test_forms_work_with_csrf_on_and_a_missing_token_is_refused(csrf_app):
    from wattelt.models import Household

    with csrf_app.app_context():
        pro = factories.user(factories.team("Team C"), "c@example.org")
        household_id = factories.household(pro).id
    client = csrf_app.test_client()
    assert login(client, "c@example.org").status_code == 302
    form = page_form(client.get(f"/households/{household_id}"), action=f"/households/{household_id}/contact")
    assert form.submit(client, contact_user="0", contact_informal="Zus").status_code == 302
    response = form.submit(client, contact_user="0", contact_informal="Buurman", tampered=[("csrf_token", "")])
    assert response.status_code == 400
    assert "niets bewaard" in response.get_data(as_text=True)
    with csrf_app.app_context():
        assert db.session.get(Household, household_id).contact_informal == "Zus"


def test_too_large_request_gets_413_page(pro_a, world):
    response = pro_a.post(f"/households/{world.household}/contact", data={"contact_informal": "x" * 300_000})
    assert response.status_code == 413
    assert "Te veel tekst" in response.get_data(as_text=True)


def test_unexpected_error_gives_a_friendly_500(app, client, world, monkeypatch):
    from wattelt.households import service

    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(service, "caseload", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    login(client, "a@example.org")
    response = client.get("/households/")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Er ging iets mis" in body and "database on fire" not in body


def test_ids_too_large_for_the_database_are_a_plain_404(pro_a, world):
    # On PostgreSQL such an id used to end in "integer out of range", a 500.
    for url in ["/households/99999999999999999999", "/rounds/2147483648", "/api/rounds/99999999999999999999", f"/members/{2**40}/progress", "/households/0"]:
        assert pro_a.get(url).status_code == 404, url
    assert pro_a.get("/rounds/2147483647").status_code == 404


def test_static_addresses_that_lead_nowhere_are_a_404(client):
    for url in ["/static/nope.css", "/static/nope.css?v=abc", "/static/js", "/static/js?v=abc"]:
        assert client.get(url).status_code == 404, url
    outside = client.get("/static/x?v=1", environ_overrides={"PATH_INFO": "/static/../../../../../etc/hostname"})
    assert outside.status_code == 404


def test_pages_and_json_are_sent_compressed(pro_a, world):
    page = pro_a.get(f"/members/{world.marieke}/progress", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] == "br" and "Accept-Encoding" in page.headers["Vary"]
    assert page.headers["Cache-Control"] == "no-store"
    api = pro_a.get(f"/api/rounds/{world.first}", headers={"Accept-Encoding": "gzip"})
    assert api.headers["Content-Encoding"] == "gzip"


def test_sign_out_clears_the_device_and_json_answers_are_not_stored(pro_a, world):
    api = pro_a.get(f"/api/rounds/{world.first}")
    assert api.headers["Cache-Control"] == "no-store"
    token = pro_a.get("/api/csrf-token").json
    assert token["user"] == world.pro_a and token["token"]
    response = pro_a.post("/auth/logout")
    assert response.headers["Clear-Site-Data"] == '"storage"'
    assert pro_a.get("/api/csrf-token").json["user"] is None


def test_the_accessibility_statement_is_open_to_everyone(client):
    page = client.get("/toegankelijkheid").get_data(as_text=True)
    assert "<h1>Toegankelijkheid</h1>" in page and "WCAG 2.2" in page and "gedeeltelijk" in page
    assert 'href="/toegankelijkheid"' in client.get("/auth/login").get_data(as_text=True), "linked from every page"
