"""The kitchen-table board: the whole board on a tablet screen, the phone flow with the keyboard
alone, words for screen readers, focus never under a sticky bar, and two devices at one table."""
import pytest
import sqlalchemy as sa

from tests.browser.conftest import PHONE, SCREENSHOTS, TABLET, TABLET_PORTRAIT, sign_in, start_round, tap, wait_saved, whose
from tests.browser.test_conversation import stored_chips
from wattelt.extensions import db
from wattelt.models import ChipEvent, Topic

ALL_DOMAINS = [
    "Wonen", "Geld", "Werk en dagbesteding", "Leren en ontwikkelen", "Lichamelijke gezondheid", "Hoe ik me voel",
    "Dagelijks leven en zelfzorg", "Gezin en relaties", "Mensen om me heen", "Vrije tijd", "Veiligheid",
    "Wat me energie geeft", "Meedoen in de buurt", "Papieren, regels en instanties",
]


@pytest.mark.parametrize("size", [TABLET, TABLET_PORTRAIT], ids=["1024x768", "810x1080"])
def test_fourteen_domains_fit_on_one_tablet_screen(browser_context, live_server, size):
    watched = browser_context(**size)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    start_round(page, ALL_DOMAINS, naaste=True)
    height = size["viewport"]["height"]
    rows = page.locator(".board-row")
    assert rows.count() == 14
    assert page.evaluate("window.scrollY") == 0
    page.screenshot(path=str(SCREENSHOTS / f"tablet-board-14-{size['viewport']['width']}.png"))
    for index in range(14):
        box = rows.nth(index).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (index, box)
    # Every row shows its pictogram and its label.
    assert page.locator(".board-row .pictogram use").count() == 14
    for label in ALL_DOMAINS:
        assert page.locator(".row-name", has_text=label).is_visible()
    watched.assert_clean()


def test_chips_differ_in_shape_and_the_board_marks_far_apart_views(browser_context, live_server):
    watched = browser_context(**TABLET)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    start_round(page, ["Wonen", "Geld"])
    tap(page, 0, .2)
    tap(page, 1, .5)
    whose(page, "Professional")
    tap(page, 0, .8)
    tap(page, 1, .6)
    rows = page.locator(".topic")
    assert rows.nth(0).locator(".difference").is_visible() and "Verschil" in rows.nth(0).inner_text()
    assert not rows.nth(1).locator(".difference").is_visible()
    resident = page.locator(".marker.p-resident").first.evaluate("m => getComputedStyle(m).borderRadius")
    professional = page.locator(".marker.p-professional").first.evaluate("m => getComputedStyle(m).borderRadius")
    assert resident != professional
    wait_saved(page)
    watched.assert_clean()


def test_a_whole_round_on_a_phone_with_the_keyboard_alone(browser_context, live_server):
    watched = browser_context(**PHONE)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    start_round(page, ["Wonen", "Geld", "Vrije tijd"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.get_by_text("1 van 3").is_visible()
    spoken = []
    for step in range(3):
        marker = page.locator(".topic:not([hidden]) .marker.p-resident")
        marker.focus()
        assert marker.get_attribute("aria-valuetext") == "nog niet gelegd"
        page.keyboard.press("End" if step == 0 else "ArrowRight")
        page.keyboard.press("PageDown")
        spoken.append(marker.get_attribute("aria-valuetext"))
        if step == 1:
            page.keyboard.press("Tab")  # to "Niet nu": this one the resident leaves for now
            page.keyboard.press("Enter")
            spoken[-1] = marker.get_attribute("aria-valuetext")
        page.get_by_role("button", name="Volgende").focus()
        page.keyboard.press("Enter")
    # The slider speaks words, never a bare number.
    assert spoken == ["heel tevreden", "niet nu", "een beetje tevreden"]
    assert page.get_by_role("heading", name="Overzicht").is_visible()
    summary = page.locator(".summary-list").inner_text()
    assert "Bewoner: heel tevreden" in summary and "Professional: nog niet gelegd" in summary
    page.screenshot(path=str(SCREENSHOTS / "phone-summary.png"), full_page=True)
    wait_saved(page)
    chips, round_id = stored_chips(live_server)
    assert chips == {("housing", "resident"): 90, ("money", "resident"): None, ("free_time", "resident"): 40}
    page.get_by_role("button", name="Gesprek afronden").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Er liggen nog 3 fiches niet op het bord.").wait_for()
    page.get_by_role("button", name="Toch afronden").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#round-chart .main-svg")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    watched.assert_clean()


def test_no_focus_stop_is_covered_by_the_sticky_bar(browser_context, live_server):
    watched = browser_context(viewport={"width": 1024, "height": 500})
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    start_round(page, ALL_DOMAINS[:10])
    page.locator(".whose input").first.focus()
    covered = []
    for _ in range(60):
        page.keyboard.press("Tab")
        hidden = page.evaluate("""() => {
            const focused = document.activeElement, bar = document.querySelector('.board-bar');
            if (!focused || bar.contains(focused) || !focused.closest('.board')) { return null; }
            const a = focused.getBoundingClientRect(), b = bar.getBoundingClientRect();
            return a.top < b.bottom && a.bottom > b.top ? focused.outerHTML.slice(0, 80) : null;
        }""")
        if hidden:
            covered.append(hidden)
    assert covered == []
    watched.assert_clean()


def test_two_devices_change_the_same_chip_and_the_later_change_wins(browser_context, live_server):
    tablet, phone = browser_context(**TABLET), browser_context(**PHONE)
    first, second = tablet.page(live_server.url), phone.page(live_server.url)
    sign_in(first, live_server.url)
    start_round(first, ["Wonen", "Geld"])
    board = first.url
    sign_in(second, live_server.url)
    second.goto(board)
    # The tablet loses its connection and places a chip; the phone places the same chip later.
    tablet.context.set_offline(True)
    tap(first, 0, .3)
    first.locator("[data-save-status]", has_text="Wacht op verbinding").wait_for()
    first.wait_for_timeout(50)
    tap(second, 0, .8)
    wait_saved(second)
    tablet.context.set_offline(False)
    wait_saved(first)
    # The later change stays; the tablet is told, and shows it.
    first.locator(".board-notice", has_text="Op een ander apparaat is dit later veranderd").wait_for()
    assert first.locator(".marker.p-resident").first.get_attribute("aria-valuenow") == "80"
    chips, _ = stored_chips(live_server)
    assert chips[("housing", "resident")] == 80
    with live_server.app.app_context():
        history = db.session.execute(
            sa.select(ChipEvent.value, ChipEvent.applied).join(Topic).order_by(ChipEvent.device_time)
        ).all()
    assert [tuple(event) for event in history] == [(30, False), (80, True)]
    tablet.assert_clean(offline=True)
    phone.assert_clean()


@pytest.mark.parametrize("size, way", [
    (PHONE, "touch"), ({"viewport": {"width": 320, "height": 568}, "is_mobile": True, "has_touch": True}, "touch"),
    (TABLET_PORTRAIT, "touch"), (TABLET, "keyboard"), (TABLET_PORTRAIT, "keyboard"),
], ids=["phone-touch", "320-touch", "810-touch", "1024-keyboard", "810-keyboard"])
def test_complete_a_round_at_every_size(browser_context, live_server, size, way):
    watched = browser_context(**size)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    start_round(page, ["Wonen", "Geld"])
    width = size["viewport"]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    stepped = width <= 480
    for perspective in ("Bewoner", "Professional"):
        whose(page, perspective)
        for row in range(2):
            if stepped:
                page.locator(".topic:not([hidden]) .track").wait_for()
            if way == "touch":
                track = page.locator(".topic:not([hidden]) .track").first if stepped else page.locator(".track").nth(row)
                track.scroll_into_view_if_needed()
                box = track.bounding_box()
                page.touchscreen.tap(box["x"] + box["width"] * .75, box["y"] + box["height"] / 2)
            else:
                page.locator(".marker.is-active").nth(row).focus()
                page.keyboard.press("End")
                page.keyboard.press("PageDown")
                page.keyboard.press("Tab")  # moving on saves the chip at once
            if stepped:
                page.get_by_role("button", name="Volgende").click()
        if stepped:
            page.get_by_role("button", name="Vorige").click()
            page.get_by_role("button", name="Vorige").click()
    if stepped:
        page.get_by_role("button", name="Volgende").click()
        page.get_by_role("button", name="Volgende").click()
    wait_saved(page)
    chips, _ = stored_chips(live_server)
    assert len(chips) == 4 and all(value is not None and value >= 60 for value in chips.values())
    page.get_by_role("button", name="Gesprek afronden").click()
    page.wait_for_selector("#round-chart .main-svg")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    watched.assert_clean()


def test_a_queued_save_refused_later_is_said_and_not_retried(browser_context, live_server):
    from wattelt.models import Round
    from wattelt.rounds.service import complete_round

    watched = browser_context(**TABLET)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    start_round(page, ["Wonen"])
    watched.context.set_offline(True)
    tap(page, 0, .5)
    page.locator("[data-save-status]", has_text="Wacht op verbinding").wait_for()
    _, round_id = stored_chips(live_server)
    with live_server.app.app_context():  # meanwhile the round was completed on another device
        complete_round(db.session.get(Round, round_id), allow_unplaced=True)
        db.session.commit()
    watched.context.set_offline(False)
    wait_saved(page)
    page.locator(".board-notice", has_text="Dit gesprek is afgerond en kan niet meer veranderen.").wait_for()
    assert page.evaluate("window.WatTelt.queue.count()") == 0
    chips, _ = stored_chips(live_server, round_id)
    assert chips == {}
    watched.assert_clean(offline=True, refused=True)


def test_a_tap_in_the_tray_places_nothing_and_keys_are_kept_when_leaving(browser_context, live_server):
    watched = browser_context(**TABLET)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    start_round(page, ["Wonen", "Geld"])
    page.locator(".marker.p-resident.is-active").first.click()  # the dashed chip waiting in its tray
    wait_saved(page)
    assert stored_chips(live_server)[0] == {}
    marker = page.locator(".marker.p-resident").nth(1)
    marker.focus()
    page.keyboard.press("End")
    page.goto(f"{live_server.url}/households/")  # at once, before the pause that saves
    page.get_by_role("heading", name="Huishoudens").wait_for()
    assert page.evaluate("window.WatTelt.queue.idle()") is True
    # Sent from the page that went away (a request that outlives it) or from the queue it kept.
    for _ in range(50):
        if stored_chips(live_server)[0]:
            break
        page.wait_for_timeout(100)
    assert stored_chips(live_server)[0] == {("money", "resident"): 100}
    watched.assert_clean()


def test_finishing_does_not_undo_a_note_written_meanwhile_on_another_device(browser_context, live_server):
    from wattelt.models import Round, Topic, User
    from wattelt.rounds import service

    watched = browser_context(**TABLET)
    page = watched.page(live_server.url)
    sign_in(page, live_server.url)
    start_round(page, ["Wonen"])
    page.get_by_role("button", name="Notitie").click()
    page.get_by_label("Wat gaat goed?").fill("Van de tablet")
    page.get_by_label("Wat gaat goed?").blur()
    whose(page, "Bewoner")
    tap(page, 0, .5)
    whose(page, "Professional")
    tap(page, 0, .6)
    wait_saved(page)
    _, round_id = stored_chips(live_server)
    with live_server.app.app_context():  # later, on the phone
        round_ = db.session.get(Round, round_id)
        service.set_notes(round_, round_.topics[0].id, {"well": "Van de telefoon, later"})
        db.session.commit()
    page.get_by_role("button", name="Gesprek afronden").click()
    page.wait_for_selector("#round-chart .main-svg")
    with live_server.app.app_context():
        assert db.session.get(Round, round_id).completed
        assert db.session.scalar(sa.select(Topic.note_well).where(Topic.round_id == round_id)) == "Van de telefoon, later"
    watched.assert_clean()
