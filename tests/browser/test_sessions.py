"""Before a session ends for being idle, a calm notice offers to stay signed in."""
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in


def test_a_notice_before_the_idle_end_keeps_the_session_on_request(browser_context, live_server):
    # 2 minutes and 3 seconds: the notice comes 3 seconds after the page.
    live_server.app.config["SESSION_IDLE_MINUTES"] = 2.05
    watched = browser_context(**PHONE)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    notice = page.locator(".idle-notice")
    notice.wait_for(timeout=10000)
    assert "Over 2 minuten word je uitgelogd" in notice.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "phone-idle-notice.png"))
    page.get_by_role("button", name="Ingelogd blijven").click(timeout=10000)
    assert notice.count() == 0
    page.reload()
    assert page.get_by_role("heading", name="Huishoudens").is_visible()
    watched.assert_clean()
