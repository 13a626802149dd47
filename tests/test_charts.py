"""The figure builders are pure: data in, plotly figure dict out, valid by plotly's own rules."""
from datetime import date

import plotly.graph_objects as go
import pytest

from wattelt import charts

MARKUP = '<a href="https://evil.example">x</a><br>'


def valid(figure: dict) -> dict:
    """plotly's Python package checks every property name and value of the plain dict."""
    go.Figure(data=figure["data"], layout=figure["layout"])
    return figure


def test_perspective_radar_has_a_closed_trace_per_perspective():
    figure = valid(charts.perspective_radar(
        ["Wonen", "Geld", "Werk"],
        [("resident", "Bewoner", [40, 20, None]), ("professional", "Professional", [50, 30, 60])],
        "Gesprek 1",
    ))
    traces = figure["data"]
    assert [t["name"] for t in traces] == ["Bewoner", "Professional"]
    assert all(t["type"] == "scatterpolar" for t in traces)
    assert traces[0]["r"] == [40, 20, None, 40]  # a gap stays a gap, never 0
    assert traces[0]["theta"] == ["Wonen", "Geld", "Werk", "Wonen"]
    assert figure["layout"]["polar"]["radialaxis"]["range"] == [0, 100]
    assert figure["config"]["displayModeBar"] is False
    assert "template" not in figure["layout"]


def test_perspectives_and_rounds_differ_in_colour_shape_and_dash():
    for styles in (list(charts.PERSPECTIVE_STYLES.values()), charts.ROUND_STYLES):
        for aspect in ("color", "symbol", "dash"):
            assert len({style[aspect] for style in styles}) == len(styles), aspect
    figure = valid(charts.perspective_radar(["A"], [("resident", "B", [1]), ("naaste", "N", [2])], "G"))
    assert figure["data"][0]["marker"]["symbol"] != figure["data"][1]["marker"]["symbol"]
    assert figure["data"][0]["line"]["dash"] != figure["data"][1]["line"]["dash"]


def test_rounds_radar_marks_hoped_for_positions():
    figure = valid(charts.rounds_radar(
        ["Wonen", "Geld"], [("Gesprek 1", [40, 20]), ("Gesprek 2", [60, 35])], "Vergeleken", ("Gehoopt", [None, 70])
    ))
    assert [t["name"] for t in figure["data"]] == ["Gesprek 1", "Gesprek 2", "Gehoopt"]
    assert figure["data"][2]["mode"] == "markers"
    assert figure["data"][2]["r"] == [None, 70]
    assert figure["data"][2]["theta"] == ["Wonen", "Geld"]


def test_domain_lines_over_time():
    figure = valid(charts.domain_lines(
        [date(2026, 1, 5), date(2026, 6, 1)], [("resident", "Bewoner", [20, 45])], "Geld", ("Gehoopt", 70)
    ))
    line, goal = figure["data"]
    assert line["x"] == ["2026-01-05", "2026-06-01"] and line["y"] == [20, 45]
    assert goal["y"] == [70, 70]
    assert figure["layout"]["yaxis"]["range"] == [0, 100]
    # The dates as the page writes them elsewhere, in its language.
    named = valid(charts.domain_lines([date(2026, 8, 6)], [("resident", "Bewoner", [20])], "Geld", date_labels=["8/6/26"]))
    assert named["layout"]["xaxis"]["ticktext"] == ["8/6/26"] and "tickformat" not in named["layout"]["xaxis"]


@pytest.mark.parametrize("label, shown", [
    ("Wonen", "Wonen"),
    ("Werk en dagbesteding", "Werk en<br>dagbesteding"),
    ("Lichamelijke gezondheid", "Lichamelijke<br>gezondheid"),
    ("Mensen om me heen", "Mensen om me<br>heen"),
    ("Zelfstandigheidsbevordering", "Zelfstandigheidsbevordering"),  # one long word is never cut
])
def test_long_labels_wrap_on_words_instead_of_being_cut_off(label, shown):
    assert charts.perspective_radar([label], [("resident", "Bewoner", [50])], "G")["data"][0]["theta"][0] == shown


def test_every_text_that_reaches_a_figure_is_escaped():
    radar = valid(charts.rounds_radar([MARKUP, "Geld"], [(MARKUP, [1, 2])], MARKUP, (MARKUP, [None, 3])))
    lines = valid(charts.domain_lines([date(2026, 1, 5)], [("resident", MARKUP, [20])], MARKUP, (MARKUP, 70)))
    texts = [radar["layout"]["title"]["text"], lines["layout"]["title"]["text"]]
    texts += [t["name"] for t in radar["data"] + lines["data"]]
    texts += [label.replace("<br>", " ") for label in radar["data"][0]["theta"] + radar["data"][1]["theta"]]
    assert all("<" not in text and "&lt;a" in text for text in texts if text != "Geld"), texts
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


def test_change_bars_run_from_zero_and_a_missing_change_is_no_bar():
    figure = valid(charts.change_bars(["Wonen", "Geld", "Werk"], [20, None, -7], "Verandering"))
    bars = figure["data"][0]
    assert bars["type"] == "scatter" and bars["mode"] == "lines"
    assert bars["x"] == [0, 20, None, 0, 0, None, 0, -7, None]
    assert bars["y"] == ["Wonen", "Wonen", None, "Geld", "Geld", None, "Werk", "Werk", None]
    # Every topic keeps its row, in the given order, top to bottom; the axis is symmetric around zero.
    assert figure["layout"]["yaxis"]["categoryarray"] == ["Wonen", "Geld", "Werk"]
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"
    assert figure["layout"]["xaxis"]["range"] == [-20, 20]


def test_dot_plot_has_a_series_per_round_and_an_axis_that_fits_every_value():
    figure = valid(charts.dot_plot(["Wonen", "Geld"], [("Eerste", [10, -34]), ("Laatste", [0, None])], "Verschil"))
    assert [t["name"] for t in figure["data"]] == ["Eerste", "Laatste"]
    assert figure["data"][1]["x"] == [0, None]
    assert figure["data"][0]["marker"]["symbol"] != figure["data"][1]["marker"]["symbol"]
    assert figure["layout"]["xaxis"]["range"] == [-40, 40]
    assert charts.dot_plot(["Wonen"], [("Eerste", [None])], "Leeg")["layout"]["xaxis"]["range"] == [-10, 10]


def test_row_charts_escape_their_labels():
    figure = charts.change_bars([MARKUP], [5], MARKUP)
    assert "<a" not in str(figure["data"]) and "<a" not in figure["layout"]["title"]["text"]
