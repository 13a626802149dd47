"""Guessing is slow: sign-in and invitation attempts are limited per address and per account, in
memory or, shared by several app processes, in Redis. The person is told how long to wait."""
import os

import pytest
import redis

from tests import factories
from tests.conftest import _teardown, confirm_password, login, make_app
from tests.forms import page_form
from wattelt.extensions import db
from wattelt.models import GrantKind, User

# A database of its own on the machine's Redis, emptied by the test that uses it.
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def app_with():
    made = []

    def make(**settings):
        made.append(make_app(**settings))
        with made[-1].app_context():
            factories.user(factories.team("Team"), "a@example.org")
        return made[-1]

    yield make
    for app in made:
        _teardown(app)


def try_sign_in(client, name, address="192.0.2.1", password="not the secret"):
    form = page_form(client.get("/auth/login", environ_base={"REMOTE_ADDR": address}), action="/auth/login")
    data = dict(form.data(email=name, password=password))
    return client.post("/auth/login", data=data, environ_base={"REMOTE_ADDR": address})


def test_too_many_tries_from_one_address_wait_and_say_how_long(app_with):
    client = app_with(LOGIN_LIMIT_PER_ADDRESS="3 per 15 minutes").test_client()
    for name in ("een@example.org", "twee@example.org", "drie@example.org"):
        assert try_sign_in(client, name).status_code == 422
    refused = try_sign_in(client, "a@example.org", password=factories.PASSWORD)
    assert refused.status_code == 429
    assert "Probeer het over 15 minuten opnieuw" in refused.get_data(as_text=True)
    assert int(refused.headers["Retry-After"]) > 800
    assert try_sign_in(client, "a@example.org", address="192.0.2.99", password=factories.PASSWORD).status_code == 302


def test_too_many_tries_at_one_account_wait_from_every_address(app_with):
    client = app_with(LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes", LOGIN_ATTEMPTS=99).test_client()
    for address in ("192.0.2.1", "192.0.2.2"):
        assert try_sign_in(client, "A@example.org ", address=address).status_code == 422
    assert try_sign_in(client, "a@example.org", address="192.0.2.3", password=factories.PASSWORD).status_code == 429
    assert try_sign_in(client, "b@example.org", address="192.0.2.3").status_code == 422, "other accounts are not held up"


def test_guessing_an_invitation_link_is_limited_too(app_with):
    app = app_with(INVITATION_LIMIT_PER_ADDRESS="2 per 15 minutes")
    with app.app_context():
        pro = db.session.get(User, 1)
        household = factories.household(pro)
        _, token = factories.invitation(pro, household, GrantKind.RESIDENT, member=household.members[0])
    client = app.test_client()
    for _ in range(2):
        assert client.post(f"/uitnodiging/{token}x", data={}).status_code == 410
    refused = client.post(f"/uitnodiging/{token}", data={})
    assert refused.status_code == 429 and "te vaak geprobeerd" in refused.get_data(as_text=True)
    assert client.get(f"/uitnodiging/{token}").status_code == 200, "opening the page is not a guess"


def test_with_redis_every_app_process_counts_together(app_with):
    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("Redis must listen on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings = {"RATELIMIT_STORAGE_URI": REDIS_URL, "LOGIN_LIMIT_PER_ADDRESS": "2 per 15 minutes"}
    first = app_with(**settings)
    assert try_sign_in(first.test_client(), "een@example.org").status_code == 422
    second = app_with(**settings)  # another process, the same Redis
    assert try_sign_in(second.test_client(), "twee@example.org").status_code == 422
    assert try_sign_in(second.test_client(), "drie@example.org").status_code == 429
    assert redis.Redis.from_url(REDIS_URL).keys("*192.0.2.1*"), "the count is kept in Redis"


def test_without_redis_each_process_still_counts_and_people_can_sign_in(app_with):
    """Redis down: sign-in keeps working and is still limited, counted in this process's memory."""
    client = app_with(RATELIMIT_STORAGE_URI="redis://127.0.0.1:9/0", LOGIN_LIMIT_PER_ADDRESS="2 per 15 minutes").test_client()
    assert [try_sign_in(client, "a@example.org").status_code for _ in range(3)] == [422, 422, 429]
    signed_in = try_sign_in(client, "a@example.org", address="192.0.2.9", password=factories.PASSWORD)
    assert signed_in.status_code == 302


def test_typing_the_password_again_is_limited_per_person_not_per_office(app_with):
    """A team office behind one address confirms exports all day; a wrong guess at one's own
    password (or, at the kitchen table, at the professional's) still waits."""
    app = app_with(LOGIN_LIMIT_PER_ADDRESS="2 per 15 minutes", LOGIN_LIMIT_PER_ACCOUNT="2 per 15 minutes", LOGIN_ATTEMPTS=99)
    with app.app_context():
        factories.user(factories.team("Buren"), "b@example.org")
    a, b = app.test_client(), app.test_client()
    for client, email in ((a, "a@example.org"), (b, "b@example.org")):
        login(client, email)
    assert [confirm_password(a, "not the secret").status_code for _ in range(2)] == [422, 422]
    refused = confirm_password(a)
    assert refused.status_code == 429 and "te vaak geprobeerd" in refused.get_data(as_text=True)
    assert [confirm_password(b).status_code for _ in range(2)] == [302, 302], "the colleague at the same address goes on"
