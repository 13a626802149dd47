"""Two factors for staff: setting up the authenticator app, signing in with its code, a code that
works once, recovery codes that work once, and a second step that does not wait for ever."""
import re
import time

import pyotp
import pytest

from tests import factories
from tests.conftest import _teardown, login, make_app
from tests.forms import page_form
from wattelt.config import Config, DemoConfig
from wattelt.extensions import db
from wattelt.models import GrantKind, Household, User


@pytest.fixture
def strict():
    """An app that asks staff for the second step, as production does."""
    app = make_app(TWO_FACTOR_REQUIRED=True)
    with app.app_context():
        pro = factories.user(factories.team("Team"), "a@example.org")
        factories.household(pro)
    yield app
    _teardown(app)


def enter(client, code, path):
    return page_form(client.get(path), action=None).submit(client, code=code)


def enrol(client) -> tuple[str, list[str]]:
    """First sign-in: set up the app; returns the secret and the recovery codes."""
    response = login(client, "a@example.org")
    assert response.headers["Location"].endswith("/auth/instellen")
    page = client.get("/auth/instellen").get_data(as_text=True)
    assert "<svg" in page
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    assert enter(client, "000000", "/auth/instellen").status_code == 422
    done = enter(client, pyotp.TOTP(secret).now(), "/auth/instellen")
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", done.get_data(as_text=True))
    assert len(codes) == 10
    return secret, codes


def test_staff_set_up_the_app_at_the_first_sign_in(strict):
    client = strict.test_client()
    enrol(client)
    assert client.get("/households/").status_code == 200


def test_the_password_alone_does_not_sign_in(strict):
    secret, _ = enrol(strict.test_client())
    client = strict.test_client()
    assert login(client, "a@example.org").headers["Location"].endswith("/auth/code")
    assert client.get("/households/").status_code == 302, "half-way is not signed in"
    # The enrolment used this time step's code; a code works once, so this sign-in uses the next.
    later = pyotp.TOTP(secret).at(time.time() + 30)
    assert enter(client, later, "/auth/code").headers["Location"].endswith("/")
    assert client.get("/households/").status_code == 200
    again = strict.test_client()
    login(again, "a@example.org")
    refused = enter(again, later, "/auth/code")
    assert refused.status_code == 422 and "al gebruikt" in refused.get_data(as_text=True)


def test_an_old_code_is_refused(strict):
    secret, _ = enrol(strict.test_client())
    client = strict.test_client()
    login(client, "a@example.org")
    assert enter(client, pyotp.TOTP(secret).at(time.time() - 120), "/auth/code").status_code == 422
    assert client.get("/households/").status_code == 302


def test_a_code_in_other_digits_is_a_wrong_code_not_an_error(strict):
    """Used to end in a 500: \\d took '١٢٣٤٥٦' as six digits, which hmac.compare_digest cannot compare."""
    first = strict.test_client()
    login(first, "a@example.org")
    assert enter(first, "١٢٣٤٥٦", "/auth/instellen").status_code == 422
    enrol(first)
    client = strict.test_client()
    login(client, "a@example.org")
    refused = enter(client, "１２３４５６", "/auth/code")
    assert refused.status_code == 422 and "Deze code klopt niet" in refused.get_data(as_text=True)


def test_a_recovery_code_works_once(strict):
    _, codes = enrol(strict.test_client())
    first = strict.test_client()
    login(first, "a@example.org")
    assert enter(first, codes[3].upper(), "/auth/code").status_code == 302
    second = strict.test_client()
    login(second, "a@example.org")
    assert enter(second, codes[3], "/auth/code").status_code == 422
    assert enter(second, codes[4], "/auth/code").status_code == 302


def test_the_second_step_does_not_wait_for_ever(strict):
    client = strict.test_client()
    login(client, "a@example.org")
    strict.config["TWO_FACTOR_MINUTES"] = 0
    time.sleep(0.01)
    response = client.get("/auth/instellen")
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/login")
    assert "duurde te lang" in client.get("/auth/login").get_data(as_text=True)


def test_invited_people_sign_in_with_their_secret_alone(strict):
    with strict.app_context():
        pro = db.session.get(User, 1)
        household = db.session.scalar(db.select(Household))
        resident = factories.invited(pro, household, GrantKind.RESIDENT, member=household.members[0])
        login_name = resident.login_name
    client = strict.test_client()
    assert login(client, login_name).headers["Location"].endswith("/")
    assert client.get("/mijn").status_code == 200


def test_only_the_demo_may_skip_the_second_step():
    assert Config.TWO_FACTOR_REQUIRED is True and DemoConfig.TWO_FACTOR_REQUIRED is False


def test_an_administrator_resets_a_lost_second_factor(strict):
    enrol(strict.test_client())
    result = strict.test_cli_runner().invoke(args=["users", "reset-two-factor", "a@example.org"])
    assert result.exit_code == 0
    client = strict.test_client()
    assert login(client, "a@example.org").headers["Location"].endswith("/auth/instellen")


def test_taking_all_data_along_asks_the_password_and_a_fresh_code(strict):
    """Re-authentication before an export: an unlocked laptop with the password typed in is not enough."""
    client = strict.test_client()
    secret, _ = enrol(client)
    with strict.app_context():
        member_id = db.session.scalar(db.select(Household)).members[0].id
        last_step = db.session.scalar(db.select(User.totp_last_step))
    export = f"/members/{member_id}/gegevens.json"
    asked = client.get(export)
    assert "/auth/bevestigen" in asked.headers["Location"]
    form = page_form(client.get(asked.headers["Location"]))
    assert {"password", "code"} <= form.names()
    # The code of the enrolment was used: it does not work twice.
    used = pyotp.TOTP(secret).at(last_step * 30)
    assert form.submit(client, password=factories.PASSWORD, code=used).status_code == 422
    assert client.get(export).status_code == 302, "not confirmed yet"
    fresh = pyotp.TOTP(secret).at((last_step + 1) * 30)
    done = page_form(client.get(asked.headers["Location"])).submit(client, password=factories.PASSWORD, code=fresh)
    assert done.headers["Location"] == f"/members/{member_id}/gegevens"
    assert client.get(export).mimetype == "application/json"


def test_guessing_the_code_at_re_authentication_makes_the_account_wait(strict):
    """The right password does not reset the count of wrong codes: password and code are one attempt."""
    client = strict.test_client()
    enrol(client)
    with strict.app_context():
        member_id = db.session.scalar(db.select(Household)).members[0].id
    confirm = client.get(f"/members/{member_id}/gegevens.json").headers["Location"]
    for _ in range(4):
        wrong = page_form(client.get(confirm)).submit(client, password=factories.PASSWORD, code="000000")
        assert wrong.status_code == 422 and "Het wachtwoord of de code klopt niet" in wrong.get_data(as_text=True)
    waits = page_form(client.get(confirm)).submit(client, password=factories.PASSWORD, code="000000")
    assert "Probeer het over 15 minuten opnieuw" in waits.get_data(as_text=True)
    with strict.app_context():
        assert db.session.scalar(db.select(User.locked_until)) is not None
