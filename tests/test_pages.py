"""What every page promises: language, no inline script or style, security headers, clear errors."""
import re

from tests.conftest import login

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")


def all_pages(world):
    return [
        "/households/", "/households/new", f"/households/{world.household}", f"/households/{world.household}/plan",
        f"/households/{world.household}/members/new", f"/members/{world.marieke}/rounds/new",
        f"/members/{world.marieke}/progress", f"/rounds/{world.first}",
    ]


def test_every_page_declares_language_and_has_no_inline_script_or_style(pro_a, world, client):
    pages = all_pages(world)
    client.post(f"/members/{world.kevin}/rounds/new", data={"held_on": "2026-11-20", "domains": ["housing"]})
    for url in pages + ["/households/"]:
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


def test_every_form_field_has_a_label(pro_a, world):
    for url in all_pages(world):
        html = pro_a.get(url).get_data(as_text=True)
        ids = re.findall(r'<(?:input|select|textarea)(?![^>]*type="(?:hidden|submit)")[^>]*\bid="([^"]+)"', html)
        for field_id in ids:
            assert f'for="{field_id}"' in html, (url, field_id)


def test_language_switch_is_remembered(client, world):
    response = client.post("/taal", data={"language": "en", "next": "/auth/login"})
    assert response.status_code == 302
    page = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="en"' in page
    assert "Password" in page and "Wachtwoord" not in page
    login(client, "a@example.org")
    page = client.get(f"/rounds/{world.first}").get_data(as_text=True)
    assert "Resident" in page and "Housing" in page


def test_unknown_language_is_a_clear_400(client):
    response = client.post("/taal", data={"language": "xx"})
    assert response.status_code == 400
    assert "Dit verzoek klopt niet" in response.get_data(as_text=True)


def test_not_found_page_is_in_the_users_language(pro_a):
    response = pro_a.get("/households/999999")
    assert response.status_code == 404
    assert "Niet gevonden" in response.get_data(as_text=True)
    pro_a.post("/taal", data={"language": "en"})
    assert "Not found" in pro_a.get("/rounds/999999").get_data(as_text=True)


def test_missing_csrf_token_is_refused_and_nothing_written(csrf_app):
    from tests import factories
    from wattelt.extensions import db
    from wattelt.models import Household

    with csrf_app.app_context():
        pro = factories.user(factories.team("Team C"), "c@example.org")
        household_id = factories.household(pro).id
    client = csrf_app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/auth/login", data={"email": "c@example.org", "password": factories.PASSWORD, "csrf_token": token}).status_code == 302
    response = client.post(f"/households/{household_id}/contact", data={"contact_user": "0", "contact_informal": "Buurman"})
    assert response.status_code == 400
    assert "niets bewaard" in response.get_data(as_text=True)
    with csrf_app.app_context():
        assert db.session.get(Household, household_id).contact_informal is None


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
