"""Transport and headers: HSTS only over HTTPS (also behind a proxy that ends TLS), security.txt."""
from datetime import datetime, timezone

import pytest

from tests.conftest import _teardown, make_app


@pytest.fixture
def app_with(request):
    """An app with these settings, removed afterwards."""
    made = []

    def make(**settings):
        made.append(make_app(**settings))
        return made[-1]

    yield make
    for app in made:
        _teardown(app)


def test_hsts_only_on_answers_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/auth/login").headers
    secure = client.get("/auth/login", base_url="https://wattelt.example")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_behind_a_proxy_that_ends_tls_the_app_knows_it_is_https(app_with):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7", "X-Forwarded-Host": "wattelt.gemeente.example"}
    direct = app_with().test_client().get("/auth/login", headers=forwarded)
    assert "Strict-Transport-Security" not in direct.headers, "without a proxy, such headers are not believed"
    secured = app_with(PROXY_COUNT=1).test_client().get("/auth/login", headers=forwarded)
    assert "Strict-Transport-Security" in secured.headers


def test_security_txt_names_the_contact_and_a_future_expiry(app_with):
    client = app_with(SECURITY_CONTACT="mailto:security@gemeente.example").test_client()
    response = client.get("/.well-known/security.txt", base_url="https://wattelt.gemeente.example")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    fields = dict(line.split(": ", 1) for line in response.get_data(as_text=True).splitlines())
    assert fields["Contact"] == "mailto:security@gemeente.example"
    expires = datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    assert 0 < (expires - datetime.now(timezone.utc)).days <= 366
    assert fields["Canonical"] == "https://wattelt.gemeente.example/.well-known/security.txt"


def test_without_a_contact_there_is_no_security_txt(client):
    assert client.get("/.well-known/security.txt").status_code == 404
