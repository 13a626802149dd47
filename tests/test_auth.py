from tests.conftest import login
from tests.forms import page_form


def test_sign_in_and_out(client, world):
    response = login(client, "a@example.org")
    assert response.status_code == 302
    assert client.get("/households/").status_code == 200
    response = client.post("/auth/logout", follow_redirects=True)
    assert "Je bent uitgelogd" in response.get_data(as_text=True)
    assert client.get("/households/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, world):
    response = login(client, "a@example.org", "wrong password")
    assert response.status_code == 422
    assert "horen niet bij elkaar" in response.get_data(as_text=True)
    assert client.get("/households/").status_code == 302


def test_unknown_address_gets_the_same_message(client, world):
    response = login(client, "nobody@example.org")
    assert response.status_code == 422
    assert "horen niet bij elkaar" in response.get_data(as_text=True)


def test_email_is_matched_without_case(client, world):
    assert login(client, "A@Example.org").status_code == 302


def test_next_only_redirects_within_the_site(client, world):
    response = client.post("/auth/login?next=https://evil.example/", data={"email": "a@example.org", "password": "correct horse battery"})
    assert response.headers["Location"] == "/"
    client.post("/auth/logout")
    response = client.post(f"/auth/login?next=/households/{world.household}", data={"email": "a@example.org", "password": "correct horse battery"})
    assert response.headers["Location"] == f"/households/{world.household}"


def test_a_next_address_with_a_line_break_is_not_followed(client, world):
    """Used to end in a 500: a line break cannot go into the Location header."""
    language = page_form(client.get("/auth/login"), action="/taal")
    assert language.submit(client, tampered=[("next", "/households/\n")]).headers["Location"] == "/"
    signed_in = page_form(client.get("/auth/login?next=/households/%0D%0ASet-Cookie:%20x=1"), action="/auth/login")
    response = signed_in.submit(client, email="a@example.org", password="correct horse battery")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_password_is_stored_hashed(app, world):
    from wattelt.extensions import db
    from wattelt.models import User

    with app.app_context():
        user = db.session.get(User, world.pro_a)
        assert "correct horse" not in user.password_hash
        assert user.check_password("correct horse battery")
