"""The kitchen-table lock in a real browser: the back button and a typed address lead to the board."""
from tests.browser.conftest import SCREENSHOTS, TABLET, sign_in, start_round
from tests import factories


def test_the_back_button_and_a_typed_address_stay_on_the_locked_board(browser_context, live_server):
    watched = browser_context(**TABLET)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    start_round(page, ["Wonen", "Geld"])
    board = page.url
    page.get_by_role("button", name="Geef de tablet aan de bewoner").click()
    page.get_by_role("link", name="Ontgrendelen").wait_for()
    assert page.locator(".marker.p-professional").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "tablet-locked-board.png"))
    for _ in range(3):
        page.go_back()
        page.wait_for_load_state()
        assert page.url.split("?")[0] == board
    page.goto(f"{live_server.url}/households/")
    assert page.url == board and page.get_by_role("link", name="Huishoudens").count() == 0
    page.get_by_role("link", name="Ontgrendelen").click()
    page.get_by_label("Je wachtwoord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Ontgrendelen").click()
    page.locator(".marker.p-professional").first.wait_for(state="attached")
    assert page.locator(".marker.p-professional").count() == 2 and page.url == board
    watched.assert_clean()
