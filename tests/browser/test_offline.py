"""Offline at the kitchen table: saves wait on the device and are sent once the connection is back;
the app shell starts without a network; at sign-out the device keeps nothing."""
import re

import sqlalchemy as sa

from tests.browser.conftest import PHONE, SCREENSHOTS, TABLET, sign_in, start_round, tap, wait_saved
from tests.browser.test_conversation import stored_chips
from wattelt.extensions import db
from wattelt.models import ChipEvent, WriteReceipt

QUEUED = "window.WatTelt.queue.count()"


def test_saves_made_offline_are_stored_once_with_the_last_value(browser_context, live_server):
    watched = browser_context(**TABLET)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    start_round(page, ["Wonen", "Geld", "Werk en dagbesteding", "Vrije tijd", "Veiligheid"])
    board = page.url
    watched.context.set_offline(True)
    for row, share in enumerate([.2, .4, .6, .8, 1.0]):
        tap(page, row, share)
    tap(page, 0, .55)  # changed her mind: the last word counts
    page.locator("[data-save-status]", has_text="Wacht op verbinding").wait_for()
    assert page.evaluate(QUEUED) == 6
    page.reload()
    assert page.get_by_role("heading", name="Geen verbinding").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "tablet-offline-with-queue.png"))
    watched.context.set_offline(False)
    wait_saved(page)  # the offline page sends what the board kept, as soon as it can
    assert page.evaluate(QUEUED) == 0
    chips, round_id = stored_chips(live_server)
    assert chips == {
        ("housing", "resident"): 55, ("money", "resident"): 40, ("work", "resident"): 60,
        ("free_time", "resident"): 80, ("safety", "resident"): 100,
    }
    with live_server.app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ChipEvent)) == 6
        assert db.session.scalar(sa.select(sa.func.count()).select_from(WriteReceipt)) == 6
    page.goto(board)
    assert page.locator(".marker.p-resident").first.get_attribute("aria-valuenow") == "55"
    watched.assert_clean(offline=True)


def test_the_app_shell_works_offline_and_keeps_nothing_personal(browser_context, live_server):
    watched = browser_context(**PHONE)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    watched.context.set_offline(True)
    page.goto(f"{live_server.url}/households/")
    assert page.get_by_role("heading", name="Geen verbinding").is_visible()
    # The page is styled from the kept shell, not bare HTML.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") != "rgba(0, 0, 0, 0)"
    watched.context.set_offline(False)
    kept = page.evaluate("""caches.keys().then(async (names) => {
        const urls = [];
        for (const name of names) { for (const request of await (await caches.open(name)).keys()) { urls.push(request.url); } }
        return urls;
    })""")
    assert any("/static/css/app.css" in url for url in kept) and any(url.endswith("/offline") for url in kept)
    assert any("/static/icons/domains.svg" in url for url in kept)
    assert not [url for url in kept if any(part in url for part in ("/households", "/rounds", "/members", "/api"))]
    page.screenshot(path=str(SCREENSHOTS / "phone-offline.png"))
    watched.assert_clean(offline=True)


def test_sign_out_leaves_no_saves_on_the_device(browser_context, live_server):
    watched = browser_context(**TABLET)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    start_round(page, ["Wonen"])
    tap(page, 0, .5)
    wait_saved(page)
    watched.context.set_offline(True)
    tap(page, 0, .9)
    page.locator("[data-save-status]", has_text="Wacht op verbinding").wait_for()
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name=re.compile(r"^Uitloggen")).click()
    page.get_by_role("heading", name="Geen verbinding").wait_for()
    # Asked first, since the change would be lost; then nothing is left on the device.
    assert asked and "1 wijzigingen niet verstuurd" in asked[0]
    assert page.evaluate(QUEUED) == 0
    watched.context.set_offline(False)
    page.goto(f"{live_server.url}/households/")
    page.get_by_role("button", name=re.compile(r"^Uitloggen")).click()  # nothing unsent now: no question
    page.get_by_role("heading", name="Inloggen").wait_for()
    assert len(asked) == 1
    chips, _ = stored_chips(live_server)
    assert chips == {("housing", "resident"): 50}
    watched.assert_clean(offline=True)


def test_a_server_error_keeps_the_change_and_it_is_sent_later(browser_context, live_server):
    watched = browser_context(**TABLET)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    start_round(page, ["Wonen"])
    broken = lambda route: route.fulfill(status=502, content_type="text/html", body="<h1>Bad gateway</h1>")  # noqa: E731
    page.route("**/api/rounds/*/chips", broken)
    tap(page, 0, .7)
    page.locator("[data-save-status]", has_text="Wacht op verbinding").wait_for()
    assert page.evaluate(QUEUED) == 1
    assert stored_chips(live_server)[0] == {}
    page.unroute("**/api/rounds/*/chips", broken)
    wait_saved(page)
    assert stored_chips(live_server)[0] == {("housing", "resident"): 70}
    # The browser logs the 502 it got; nothing else went wrong.
    assert [p for p in watched.problems if "502" not in p] == [] and watched.foreign == []


def test_saves_of_one_person_are_never_sent_in_another_persons_session(browser_context, live_server):
    from tests import factories
    from wattelt.models import Team

    with live_server.app.app_context():
        factories.user(db.session.scalar(sa.select(Team)), "collega@example.org", name="Ahmed")
    watched = browser_context(**TABLET)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    start_round(page, ["Wonen"])
    watched.context.set_offline(True)
    tap(page, 0, .3)
    page.locator("[data-save-status]", has_text="Wacht op verbinding").wait_for()
    # Keep the change from going out first (set before the connection returns, or the queue may
    # send it at once, without a session: a 401 the test did not mean).
    page.route("**/api/rounds/*/chips", lambda route: route.abort())
    watched.context.set_offline(False)
    # The session ends before the change could be sent; a colleague signs in on the same tablet.
    watched.context.clear_cookies()
    sign_in(page, live_server.url, "collega@example.org")
    page.unroute("**/api/rounds/*/chips")
    assert page.evaluate("window.WatTelt.queue.idle()") is True
    assert page.evaluate(QUEUED) == 0
    assert stored_chips(live_server)[0] == {}
    # Only the failures the test itself caused: the lost connection and the requests it stopped.
    assert [p for p in watched.problems if "ERR_INTERNET_DISCONNECTED" not in p and "ERR_FAILED" not in p] == []
