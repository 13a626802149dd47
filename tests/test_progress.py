import json
import re


def figures(page: str) -> dict[str, dict]:
    found = re.findall(r'<script type="application/json" id="([^"]+)-data">(.*?)</script>', page, re.S)
    return {name: json.loads(body) for name, body in found}


def test_round_result_shows_radar_and_table_with_same_numbers(pro_a, world):
    page = pro_a.get(f"/rounds/{world.first}").get_data(as_text=True)
    figure = figures(page)["round-chart"]
    assert [t["name"] for t in figure["data"]] == ["Bewoner", "Professional"]
    assert figure["data"][0]["r"] == [40, 20, 40]
    assert "<table" in page and ">40<" in page and ">20<" in page


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
    assert '/vendor/plotly.min.js' in page


def test_progress_can_show_the_professional_view_and_one_domain(pro_a, world):
    page = pro_a.get(f"/members/{world.marieke}/progress?rounds={world.second}&perspective=professional&domain=money").get_data(as_text=True)
    charts = figures(page)
    overlay = charts["overlay-chart"]["data"]
    assert len([t for t in overlay if t["mode"] != "markers"]) == 1
    assert overlay[0]["r"][:2] == [55, None]
    assert charts["timeline-chart"]["data"][1]["y"] == [30, None]
    assert "niet nu" in page


def test_progress_without_rounds_says_so(pro_a, world):
    page = pro_a.get(f"/members/{world.kevin}/progress").get_data(as_text=True)
    assert "nog geen afgerond gesprek" in page
    assert "plotly" not in page


def test_pages_without_charts_load_no_chart_library(pro_a, world):
    for url in ["/households/", f"/households/{world.household}", f"/households/{world.household}/plan"]:
        assert "plotly" not in pro_a.get(url).get_data(as_text=True), url


def test_plotly_is_served_by_the_app(client):
    response = client.get("/vendor/plotly.min.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert b"plotly.js" in response.data[:200]
