"""The figure builders are pure: data in, plotly figure dict out."""
from datetime import date

from wattelt import charts


def test_perspective_radar_has_a_closed_trace_per_perspective():
    figure = charts.perspective_radar(
        ["Wonen", "Geld", "Werk"],
        [("resident", "Bewoner", [40, 20, None]), ("professional", "Professional", [50, 30, 60])],
        "Gesprek 1",
    )
    traces = figure["data"]
    assert [t["name"] for t in traces] == ["Bewoner", "Professional"]
    assert all(t["type"] == "scatterpolar" for t in traces)
    assert traces[0]["r"] == [40, 20, None, 40]  # a gap stays a gap, never 0
    assert traces[0]["theta"] == ["Wonen", "Geld", "Werk", "Wonen"]
    assert traces[0]["line"]["color"] != traces[1]["line"]["color"]
    assert figure["layout"]["polar"]["radialaxis"]["range"] == [0, 100]
    assert figure["config"]["displayModeBar"] is False


def test_rounds_radar_marks_hoped_for_positions():
    figure = charts.rounds_radar(
        ["Wonen", "Geld"], [("Gesprek 1", [40, 20]), ("Gesprek 2", [60, 35])], "Vergeleken", ("Gehoopt", [None, 70])
    )
    names = [t["name"] for t in figure["data"]]
    assert names == ["Gesprek 1", "Gesprek 2", "Gehoopt"]
    assert figure["data"][2]["mode"] == "markers"
    assert figure["data"][2]["r"] == [None, 70]


def test_domain_lines_over_time():
    figure = charts.domain_lines(
        [date(2026, 1, 5), date(2026, 6, 1)], [("resident", "Bewoner", [20, 45])], "Geld", ("Gehoopt", 70)
    )
    line, goal = figure["data"]
    assert line["x"] == ["2026-01-05", "2026-06-01"] and line["y"] == [20, 45]
    assert goal["y"] == [70, 70]
    assert figure["layout"]["yaxis"]["range"] == [0, 100]
