import json
import re
from datetime import timedelta

import pytest

from tests import factories
from wattelt.extensions import db
from wattelt.models import GoalStatus, Household, Member, User
from wattelt.plan.service import add_goal, set_goal_status


def figures(page: str) -> dict[str, dict]:
    found = re.findall(r'<script type="application/json" id="([^"]+)-data">(.*?)</script>', page, re.S)
    return {name: json.loads(body) for name, body in found}


def table_rows(page: str, caption: str) -> dict[str, list[str]]:
    """The rows of the table with this caption: row label → cells."""
    table = re.search(r"<caption[^>]*>" + re.escape(caption) + r"</caption>(.*?)</table>", page, re.S).group(1)
    return {
        label: re.findall(r"<td[^>]*>(.*?)</td>", row)
        for label, row in re.findall(r'<tr[^>]*><th[^>]* scope="row">(.*?)</th>(.*?)</tr>', table)
    }


def test_round_result_shows_radar_and_table_with_same_numbers(pro_a, world):
    page = pro_a.get(f"/rounds/{world.first}/result").get_data(as_text=True)
    figure = figures(page)["round-chart"]
    assert figure["layout"]["title"]["text"].startswith("Gesprek 1 (")
    second = figures(pro_a.get(f"/rounds/{world.second}/result").get_data(as_text=True))["round-chart"]
    assert second["layout"]["title"]["text"].startswith("Gesprek 2 (")
    assert [t["name"] for t in figure["data"]] == ["Bewoner", "Professional"]
    assert figure["data"][0]["r"] == [40, 20, 40]
    assert "<table" in page and ">40<" in page and ">20<" in page


def test_the_result_table_says_how_far_apart_the_chips_lie(pro_a, world, app):
    """The number a professional reads aloud, with the board's advice once it is 25 or more;
    nothing to compare with one chip."""
    with app.app_context():
        professional = db.session.get(User, world.pro_a)
        round_id = factories.completed_round(professional, db.session.get(Member, world.marieke),
                                             {"housing": (10, 80), "money": (20, 30), "work": (50, None)}).id
    page = pro_a.get(f"/rounds/{round_id}/result").get_data(as_text=True)
    rows = table_rows(page, re.search(r"<caption[^>]*>(Gesprek 3 [^<]*)</caption>", page).group(1))
    assert rows["Wonen"][-1] == "70, praat erover"
    assert rows["Geld"][-1] == "10"
    assert rows["Werk en dagbesteding"][-1] == ""


def test_an_open_rounds_result_is_its_board(pro_a, world, app):
    with app.app_context():
        member = db.session.get(Member, world.marieke)
        open_id = factories.open_round(db.session.get(User, world.pro_a), member, ["housing"]).id
    response = pro_a.get(f"/rounds/{open_id}/result")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/rounds/{open_id}")


def test_not_placed_not_now_and_not_discussed_are_three_different_answers(pro_a, world, app):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        member = db.session.get(Member, world.marieke)
        round_ = factories.open_round(pro, member, ["housing", "work"], held_on=factories.TODAY)
        from wattelt.demo import place_positions
        from wattelt.rounds.service import complete_round

        # Housing: the resident says 'not now', the professional places nothing. Work: only the resident.
        round_.with_professional = True
        place_positions(round_, pro, {"housing": (None,), "work": (70,)})
        complete_round(round_, allow_unplaced=True)
        db.session.commit()
    page = pro_a.get(f"/members/{world.marieke}/progress?perspective=professional").get_data(as_text=True)
    rows = table_rows(page, "Gesprekken vergeleken: Professional")
    # Money was discussed in the first round only; work only in the latest; housing in both.
    assert rows["Geld"] == ["30", "niet besproken", "70"]
    assert rows["Werk en dagbesteding"] == ["niet besproken", "niet gelegd", ""]
    resident = table_rows(pro_a.get(f"/members/{world.marieke}/progress").get_data(as_text=True), "Gesprekken vergeleken: Bewoner")
    assert resident["Wonen"][:2] == ["40", "niet nu"]


def test_progress_compares_first_and_latest_with_goal_marks(pro_a, world):
    page = pro_a.get(f"/members/{world.marieke}/progress").get_data(as_text=True)
    charts = figures(page)
    overlay = charts["overlay-chart"]["data"]
    assert [t["r"][:2] for t in overlay[:2]] == [[40, 20], [60, 35]]
    assert overlay[2]["mode"] == "markers" and overlay[2]["r"] == [None, 70]
    timeline = charts["timeline-chart"]["data"]
    assert timeline[0]["y"] == [40, 60]
    # Every chart has its table.
    assert page.count("<table") == len(charts)
    assert re.search(r'src="/static/vendor/plotly/plotly-polar\.min\.js\?v=[0-9a-f]{16}"', page)


def test_the_latest_round_is_the_latest_held_and_completed(pro_a, world, app):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        member = db.session.get(Member, world.marieke)
        # Entered now but held long ago: it is the first round. An open round is never the latest.
        early = factories.completed_round(pro, member, {"housing": (5, 5)}, held_on=factories.TODAY - timedelta(days=400)).id
        factories.open_round(pro, member, ["housing"], held_on=factories.TODAY)
    page = pro_a.get(f"/members/{world.marieke}/progress").get_data(as_text=True)
    overlay = figures(page)["overlay-chart"]["data"]
    assert [t["r"][0] for t in overlay[:2]] == [5, 60]
    assert overlay[0]["name"].startswith("Gesprek 1") and overlay[1]["name"].startswith("Gesprek 3")
    assert early


def test_only_open_goals_of_this_member_are_drawn(pro_a, world, app):
    with app.app_context():
        household = db.session.get(Household, world.household)
        reached = add_goal(household, world.marieke, "housing", "Gehaald", 90)
        set_goal_status(reached, GoalStatus.REACHED)
        add_goal(household, world.kevin, "housing", "Van Kevin", 95)
        other = db.session.get(Household, world.other_household)
        add_goal(other, world.other_member, "housing", "Van een ander huishouden", 99)
        db.session.commit()
    overlay = figures(pro_a.get(f"/members/{world.marieke}/progress").get_data(as_text=True))["overlay-chart"]["data"]
    assert overlay[2]["r"] == [None, 70]


def test_own_domains_come_after_the_instruments_domains(app, world):
    from wattelt.progress.service import domain_labels

    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        member = db.session.get(Member, world.marieke)
        # The own domain is chosen first on the form, but the board keeps the instrument's order first.
        round_ = factories.open_round(pro, member, ["meaning", "housing"], own=["Zwemmen"])
        assert [key for key, _label in domain_labels([round_], "nl")] == ["housing", "meaning", "own:zwemmen"]


def test_the_timeline_draws_the_hoped_for_line_only_where_there_is_an_open_goal(pro_a, world):
    money = figures(pro_a.get(f"/members/{world.marieke}/progress?domain=money").get_data(as_text=True))["timeline-chart"]
    assert money["data"][-1]["name"] == "Gehoopte plek (open doel)" and money["data"][-1]["y"] == [70, 70]
    housing = figures(pro_a.get(f"/members/{world.marieke}/progress?domain=housing").get_data(as_text=True))["timeline-chart"]
    assert all(trace["name"] != "Gehoopte plek (open doel)" for trace in housing["data"])


def test_progress_can_show_the_professional_view_and_one_domain(pro_a, world):
    page = pro_a.get(f"/members/{world.marieke}/progress?rounds={world.second}&perspective=professional&domain=money").get_data(as_text=True)
    charts = figures(page)
    overlay = charts["overlay-chart"]["data"]
    assert len([t for t in overlay if t["mode"] != "markers"]) == 1
    assert overlay[0]["r"][:2] == [55, None]
    assert charts["timeline-chart"]["data"][1]["y"] == [30, None]
    assert "niet nu" in page


@pytest.mark.parametrize("query", ["rounds=²", "rounds=٣", "rounds=-1", "rounds=99999999999999999999", "perspective=x&domain=%00"])
def test_odd_query_values_are_ignored_not_a_500(pro_a, world, query):
    response = pro_a.get(f"/members/{world.marieke}/progress?{query}")
    assert response.status_code == 200
    assert figures(response.get_data(as_text=True))["overlay-chart"]["data"][0]["r"][0] == 40


def test_markup_in_an_own_domain_is_shown_as_typed(pro_a, world, app):
    label = '<a href="https://evil.example">Tuin</a><br><b>!</b>'
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        member = db.session.get(Member, world.kevin)
        round_ = factories.open_round(pro, member, [], own=[label])
        from wattelt.demo import place_positions
        from wattelt.rounds.service import complete_round

        place_positions(round_, pro, {round_.topics[0].key: (60, 50)})
        complete_round(round_)
        db.session.commit()
        round_id = round_.id
    page = pro_a.get(f"/rounds/{round_id}/result").get_data(as_text=True)
    theta = figures(page)["round-chart"]["data"][0]["theta"]
    # Escaped; the one <br> is ours, wrapping the long label between its words.
    assert theta[0] == "&lt;a<br>href=\"https://evil.example\"&gt;Tuin&lt;/a&gt;&lt;br&gt;&lt;b&gt;!&lt;/b&gt;"
    assert "<a href=\"https://evil.example\">" not in page


def test_progress_without_rounds_says_so(pro_a, world):
    page = pro_a.get(f"/members/{world.kevin}/progress").get_data(as_text=True)
    assert "nog geen afgerond gesprek" in page
    assert "plotly" not in page


def test_pages_without_charts_load_no_chart_library(pro_a, world):
    for url in ["/households/", f"/households/{world.household}", f"/households/{world.household}/plan"]:
        assert "plotly" not in pro_a.get(url).get_data(as_text=True), url


def test_the_chart_library_is_served_compressed_at_a_versioned_address(client, pro_a, world):
    page = pro_a.get(f"/rounds/{world.first}/result").get_data(as_text=True)
    address = re.search(r'src="(/static/vendor/plotly/plotly-polar\.min\.js\?v=[0-9a-f]+)"', page).group(1)
    response = client.get(address, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert response.mimetype in ("text/javascript", "application/javascript")
    assert "max-age=31536000" in response.headers["Cache-Control"] and "immutable" in response.headers["Cache-Control"]
    # A polar-and-line build: about a quarter of the full bundle, and less again compressed.
    assert len(response.data) < 400_000
    import brotli

    assert b"scatterpolar" in brotli.decompress(response.data)
    gzipped = client.get(address, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    # The same file at an address without the current version is not kept for a year.
    plain = client.get(address.split("?")[0], headers={"Accept-Encoding": "br"})
    assert "max-age=31536000" not in plain.headers.get("Cache-Control", "")
    # Asked again with its ETag, it is not sent again.
    again = client.get(address, headers={"Accept-Encoding": "br", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304

def test_the_timeline_says_who_did_not_take_part(pro_a, world, app):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        member = db.session.get(Member, world.marieke)
        factories.completed_round(pro, member, {"housing": (70, 60, 65)}, naaste=True, held_on=factories.TODAY)
    page = pro_a.get(f"/members/{world.marieke}/progress?domain=housing").get_data(as_text=True)
    rows = list(table_rows(page, "Wonen in de tijd").values())
    assert rows[0] == ["40", "50", "deed niet mee"] and rows[-1] == ["70", "60", "65"]


def test_a_goal_hoping_for_the_very_bottom_is_drawn_there(pro_a, world, app):
    with app.app_context():
        household = db.session.get(Household, world.household)
        add_goal(household, world.marieke, "housing", "Eerst rust", 0)
        db.session.commit()
    overlay = figures(pro_a.get(f"/members/{world.marieke}/progress").get_data(as_text=True))["overlay-chart"]["data"]
    assert overlay[2]["r"] == [0, 70]


def test_the_latest_three_rounds_are_drawn_apart_and_earlier_ones_are_linked(pro_a, world, app):
    with app.app_context():
        pro = db.session.get(User, world.pro_a)
        member = db.session.get(Member, world.marieke)
        later = [factories.completed_round(pro, member, {"housing": (10 * n, 50)}).id for n in range(1, 4)]
    page = pro_a.get(f"/members/{world.marieke}/progress").get_data(as_text=True)
    apart = [name for name in figures(page) if name.startswith("round-chart")]
    assert len(apart) == 3
    assert [figures(page)[name]["data"][0]["r"][0] for name in apart] == [10, 20, 30]
    assert "Hier staan de laatste 3 gesprekken apart." in page
    for round_id, number in ((world.first, 1), (world.second, 2)):
        assert re.search(rf'<a href="/rounds/{round_id}/result">Gesprek {number} \(', page)
    assert f'href="/rounds/{later[0]}/result"' not in page
    # The timeline still follows every round.
    assert len(figures(page)["timeline-chart"]["data"][0]["y"]) == 5
