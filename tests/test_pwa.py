"""The installable app: manifest, service worker and the offline page, none of them personal."""
import re

from tests.conftest import login


def test_the_manifest_has_what_browsers_need_to_install_the_app(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = response.json
    assert manifest["name"] == manifest["short_name"] == "Wat telt"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    assert manifest["lang"] == "nl" and manifest["theme_color"].startswith("#")
    icons = {(icon["sizes"], icon["purpose"]): icon["src"] for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= set(icons)
    for src in icons.values():
        assert client.get(src).status_code == 200, src
    client.post("/taal", data={"language": "en"})
    assert client.get("/manifest.webmanifest").json["lang"] == "en"


def test_every_page_links_the_manifest_and_registers_the_service_worker(pro_a, world):
    page = pro_a.get(f"/households/{world.household}").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    script = re.search(r'<script src="(/static/js/app\.js\?v=[0-9a-f]+)"', page).group(1)
    assert 'register("/sw.js", { scope: "/" })' in pro_a.get(script).get_data(as_text=True)


def test_the_service_worker_keeps_only_the_data_free_shell(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    shell = re.search(r"const SHELL = (\[.*?\]);", body).group(1)
    assert "/offline" in shell and "app.css?v=" in shell and "domains.svg?v=" in shell
    # The chart library is kept once a chart is shown, not downloaded at install.
    assert "plotly" not in shell
    # Nothing with a household, a round or a person in it is ever kept.
    assert not re.search(r"/households|/rounds|/members|/api", shell)
    for address in re.findall(r'"(/static/[^"]+)"', shell):
        assert client.get(address).status_code == 200, address


def test_the_offline_page_holds_nothing_of_the_person_signed_in(client, world):
    login(client, "a@example.org")
    page = client.get("/offline")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Geen verbinding" in html
    assert "csrf" not in html and "Uitloggen" not in html and "a@example.org" not in html
    assert page.headers["Cache-Control"] == "no-cache"


def test_what_the_service_worker_fetches_never_rewrites_the_session(csrf_app):
    """Fetched at any moment, also while a sign-in is on its way: an older session in its answer
    would sign the person out again (a race seen in the browser tests)."""
    client = csrf_app.test_client()
    client.get("/auth/login")  # an anonymous session with a CSRF token, as before signing in
    for address in ["/sw.js", "/offline", "/manifest.webmanifest"]:
        cookies = client.get(address).headers.getlist("Set-Cookie")
        assert not [cookie for cookie in cookies if cookie.startswith("session=")], address
