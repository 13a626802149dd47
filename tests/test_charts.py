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


def test_every_text_that_reaches_a_figure_is_escaped():
    markup = '<a href="https://evil.example">x</a><br>'
    radar = charts.rounds_radar([markup, "Geld"], [(markup, [1, 2])], markup, (markup, [None, 3]))
    lines = charts.domain_lines([date(2026, 1, 5)], [("resident", markup, [20])], markup, (markup, 70))
    texts = [radar["layout"]["title"]["text"], lines["layout"]["title"]["text"]]
    texts += [t["name"] for t in radar["data"] + lines["data"]] + radar["data"][0]["theta"] + radar["data"][1]["theta"]
    assert all("<" not in text and "&lt;a href" in text for text in texts if text != "Geld"), texts
    assert "<extra>" in radar["data"][0]["hovertemplate"] and "&lt;a href" in radar["data"][0]["hovertemplate"]


def test_gaps_stay_gaps_and_the_scale_has_no_numbers():
    radar = charts.perspective_radar(["Wonen", "Geld"], [("resident", "Bewoner", [40, None])], "Gesprek")
    lines = charts.domain_lines([date(2026, 1, 5), date(2026, 2, 5)], [("resident", "Bewoner", [20, None])], "Geld")
    assert all(trace["connectgaps"] is False for trace in radar["data"] + lines["data"])
    assert radar["layout"]["polar"]["radialaxis"]["showticklabels"] is False
    assert lines["layout"]["yaxis"]["showticklabels"] is False
    assert radar["layout"]["showlegend"] is True


def test_quotes_in_a_title_are_shown_as_typed():
    # plotly does not turn &quot; back into a quote, so quotes must not be escaped.
    figure = charts.perspective_radar(["Wonen"], [("resident", "Bewoner", [40])], 'Gesprek "thuis" & buiten')
    assert figure["layout"]["title"]["text"] == 'Gesprek "thuis" &amp; buiten'
