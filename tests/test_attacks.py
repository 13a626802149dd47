"""Attempts an attacker makes with cookies and tokens: refused with a clear answer, noted in the
security log (what and where, never a name, an address or a token), and never a 500."""
import logging

import pytest
import sqlalchemy as sa
from flask.sessions import SecureCookieSessionInterface

from tests.conftest import login
from tests.forms import page_form
from wattelt.extensions import db
from wattelt.models import Household

COOKIE = "session"


@pytest.fixture
def app(csrf_app):
    """CSRF protection on, as in production: forms are sent as the page rendered them, token included."""
    return csrf_app


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.WARNING, logger="wattelt.security")
    return caplog


def serializer(app):
    """What signs session cookies with the app's own key, as if someone had the key."""
    return SecureCookieSessionInterface().get_signing_serializer(app)


def test_a_forged_cookie_is_no_sign_in_and_is_noted(client, world, security_log):
    client.set_cookie(COOKIE, "eyJfdXNlcl9pZCI6IjEifQ.forged.signature")
    response = client.get(f"/households/{world.household}")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    # The cookie is read before the address is matched: the log names the part of the site.
    assert "session cookie with a wrong signature at households" in security_log.text


def test_a_cookie_signed_with_the_key_but_no_sign_in_of_ours_is_refused(app, client, world, security_log):
    """Even with the secret key, a cookie needs a session row: a made-up token opens nothing."""
    login(client, "a@example.org")
    session = serializer(app).loads(client.get_cookie(COOKIE).value)
    client.set_cookie(COOKIE, serializer(app).dumps({**session, "sign_in": "made-up-token"}))
    response = client.get(f"/households/{world.household}")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert "session cookie that no sign-in made" in security_log.text
    assert "made-up-token" not in security_log.text


def test_a_csrf_token_of_another_session_is_refused_and_nothing_is_written(app, world, security_log):
    attacker, victim = app.test_client(), app.test_client()
    assert login(attacker, "b@example.org").status_code == 302
    assert login(victim, "a@example.org").status_code == 302
    # The attacker's own, valid token, sent with the victim's cookie (as a forged form would).
    token = page_form(attacker.get("/households/"), action="/auth/logout").data()[0][1]
    response = victim.post(f"/households/{world.household}/contact", data={"csrf_token": token, "contact_user": "0", "contact_informal": "Indringer"})
    assert response.status_code == 400 and "Er is niets bewaard" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Household.contact_informal).where(Household.id == world.household)) is None
    assert "request without a valid CSRF token at households.contact" in security_log.text


def test_a_wrong_password_is_noted_without_the_name_tried(client, world, security_log):
    assert login(client, "a@example.org", "not the password").status_code == 422
    assert "wrong secret or code at auth.login" in security_log.text
    assert "a@example.org" not in security_log.text and "not the password" not in security_log.text
