"""Before a session ends for being idle, a calm notice offers to stay signed in."""
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in


def test_a_notice_before_the_idle_end_keeps_the_session_on_request(browser_context, live_server):
    watched = browser_context(**PHONE)
    page = watched.page(live_server.url)
    # The page's own clock runs fast: the organisation's 15 idle minutes pass in a moment, while the
    # server's session, on real time, is still open.
    page.clock.install()
    sign_in(page, live_server.url)
    notice = page.locator(".idle-notice")
    assert notice.count() == 0
    page.clock.fast_forward("12:55")
    assert notice.count() == 0, "not before two minutes are left"
    page.clock.fast_forward("00:10")
    notice.wait_for(timeout=10000)
    assert "Over 2 minuten word je uitgelogd" in notice.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "phone-idle-notice.png"))
    page.get_by_role("button", name="Ingelogd blijven").click(timeout=10000)
    assert notice.count() == 0
    page.reload()
    assert page.get_by_role("heading", name="Huishoudens").is_visible()
    watched.assert_clean()
