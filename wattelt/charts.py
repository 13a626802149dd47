"""Plotly figures as plain data: pure functions, data in, figure dict out. No database, no request.

The dicts are what plotly's Python objects would produce, built directly (much cheaper per page);
the tests check them with plotly's own validation. Every builder takes labels already translated,
so the same function serves every language. A missing value (domain not discussed, 'not now' or not
placed) is None: a gap, never a zero. Plotly draws a few HTML tags in its texts (<b>, <br>,
<a href>): every text that reaches a figure is escaped first, so an own domain called "<a href=...>"
is shown as those characters; the only tag we add ourselves is <br>, to wrap long labels.
"""
import html
from collections.abc import Sequence
from datetime import date

SCALE_RANGE = [0, 100]
# Okabe-Ito colours: distinguishable with the common forms of colour blindness. Each perspective and
# each round also has its own marker shape and line dash, so colour is never the only difference.
PERSPECTIVE_STYLES = {
    "resident": {"color": "#0072B2", "symbol": "circle", "dash": "solid"},
    "professional": {"color": "#D55E00", "symbol": "square", "dash": "dash"},
    "naaste": {"color": "#009E73", "symbol": "diamond", "dash": "dot"},
}
ROUND_STYLES = [
    {"color": "#6E6E6E", "symbol": "circle-open", "dash": "dot"},
    {"color": "#0072B2", "symbol": "circle", "dash": "solid"},
    {"color": "#CC79A7", "symbol": "square", "dash": "dash"},
    {"color": "#E69F00", "symbol": "diamond", "dash": "dashdot"},
    {"color": "#56B4E9", "symbol": "triangle-up", "dash": "longdash"},
    {"color": "#009E73", "symbol": "cross", "dash": "longdashdot"},
]
GOAL_COLOUR = "#000000"
# Lines marked "presentation" hold sizes, margins and grid lines: the mutation run leaves them alone.
PLOT_CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}  # presentation
LABEL_WIDTH = 14  # presentation


def _plain(text: str) -> str:
    """Escape a text so plotly shows it as typed. Quotes stay: plotly would show &quot; as such."""
    return html.escape(text, quote=False)


def _label(text: str) -> str:
    """An axis label, escaped and wrapped on words so it is never cut off ("Werk en d")."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > LABEL_WIDTH:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "<br>".join(_plain(part) for part in lines + [line])


def _closed(values: Sequence) -> list:
    """Repeat the first point so a radar outline closes."""
    values = list(values)
    return values + values[:1] if values else values


def _figure(data: list[dict], layout: dict) -> dict:
    return {"data": data, "layout": layout, "config": PLOT_CONFIG}


def _layout(title: str, **extra) -> dict:
    return {
        "title": {"text": _plain(title), "x": 0, "font": {"size": 16}},  # presentation
        "margin": {"l": 56, "r": 56, "t": 56, "b": 40},  # presentation
        "legend": {"orientation": "h", "y": -0.12},  # presentation
        "font": {"family": "system-ui, sans-serif", "size": 13, "color": "#1b1b1b"},  # presentation
        "paper_bgcolor": "#ffffff",
        "showlegend": True,
        **extra,
    }


def _polar() -> dict:
    return {
        "bgcolor": "#f3f5f7",
        # The scale has no numbers, as on the board: no tick labels, only faint rings.
        "radialaxis": {
            "range": SCALE_RANGE, "showticklabels": False, "ticks": "",
            "tickvals": [25, 50, 75, 100], "gridcolor": "#c8c8c8", "linecolor": "#c8c8c8",  # presentation
        },
        "angularaxis": {"direction": "clockwise", "rotation": 90, "gridcolor": "#c8c8c8"},  # presentation
    }


def _line(style: dict, width: int) -> dict:
    return {"color": style["color"], "dash": style["dash"], "width": width}


def _marker(style: dict, size: int) -> dict:
    return {"color": style["color"], "symbol": style["symbol"], "size": size}


def radar(
    labels: Sequence[str],
    series: Sequence[tuple[str, dict, Sequence[int | None]]],
    title: str,
    markers: tuple[str, Sequence[int | None]] | None = None,
) -> dict:
    """A radar chart: one outline per series (name, style, one value per label).

    markers, if given, is (name, values): points drawn without a line, for hoped-for positions.
    """
    theta = [_label(label) for label in labels]
    data = []
    for name, style, values in series:
        name = _plain(name)
        data.append({
            "type": "scatterpolar", "r": _closed(values), "theta": _closed(theta), "name": name,
            "mode": "lines+markers", "connectgaps": False,
            "line": _line(style, 3), "marker": _marker(style, 9),  # presentation
            "hovertemplate": "%{theta}: %{r}<extra>" + name + "</extra>",
        })
    if markers is not None:
        name, values = markers
        name = _plain(name)
        data.append({
            "type": "scatterpolar", "r": list(values), "theta": theta, "name": name, "mode": "markers",
            "marker": {"symbol": "star", "size": 15, "color": GOAL_COLOUR},  # presentation
            "hovertemplate": "%{theta}: %{r}<extra>" + name + "</extra>",
        })
    return _figure(data, _layout(title, polar=_polar()))


def perspective_radar(labels: Sequence[str], perspectives: Sequence[tuple[str, str, Sequence[int | None]]], title: str) -> dict:
    """One round: an outline per perspective (key, translated name, values)."""
    series = [(name, PERSPECTIVE_STYLES[key], values) for key, name, values in perspectives]
    return radar(labels, series, title)


def rounds_radar(
    labels: Sequence[str],
    rounds: Sequence[tuple[str, Sequence[int | None]]],
    title: str,
    hoped_for: tuple[str, Sequence[int | None]] | None = None,
) -> dict:
    """Several rounds of one perspective over each other, with hoped-for positions of open goals."""
    series = [(name, ROUND_STYLES[i % len(ROUND_STYLES)], values) for i, (name, values) in enumerate(rounds)]
    return radar(labels, series, title, markers=hoped_for)


def domain_lines(
    dates: Sequence[date],
    perspectives: Sequence[tuple[str, str, Sequence[int | None]]],
    title: str,
    hoped_for: tuple[str, int] | None = None,
    date_labels: Sequence[str] | None = None,
) -> dict:
    """One domain over all rounds: a line per perspective (key, name, values), dates on the x-axis,
    written as date_labels when given (the dates as the page writes them, in its language)."""
    x = [d.isoformat() for d in dates]
    ticks = {"ticktext": [_plain(label) for label in date_labels]} if date_labels else {"tickformat": "%d-%m-%Y"}
    data = [
        {
            "type": "scatter", "x": x, "y": list(values), "name": _plain(name), "mode": "lines+markers",
            "connectgaps": False,
            "line": _line(PERSPECTIVE_STYLES[key], 3), "marker": _marker(PERSPECTIVE_STYLES[key], 10),  # presentation
        }
        for key, name, values in perspectives
    ]
    if hoped_for is not None:
        name, value = hoped_for
        data.append({
            "type": "scatter", "x": [x[0], x[-1]] if x else [], "y": [value, value], "name": _plain(name), "mode": "lines",
            "line": {"color": GOAL_COLOUR, "dash": "dash", "width": 2},  # presentation
        })
    return _figure(data, _layout(
        title,
        plot_bgcolor="#f3f5f7",
        yaxis={
            "range": SCALE_RANGE, "showticklabels": False,
            "fixedrange": True, "tickvals": [0, 25, 50, 75, 100], "gridcolor": "#c8c8c8",  # presentation
        },
        xaxis={"type": "date", "fixedrange": True, "tickvals": x, **ticks},  # presentation
    ))


def _span(values: Sequence[int | None]) -> list[int]:
    """A symmetric axis around zero that fits every value, in steps of ten (at least -10 to 10)."""
    widest = max((abs(v) for v in values if v is not None), default=0)
    edge = max(10, -(-widest // 10) * 10)
    return [-edge, edge]


def _across(labels: Sequence[str], values: Sequence[Sequence[int | None]], title: str, data: list[dict]) -> dict:
    """A horizontal chart: one row per label, top to bottom in the given order, zero in the middle."""
    return _figure(data, _layout(
        title,
        height=120 + 34 * len(labels),  # presentation
        margin={"l": 130, "r": 24, "t": 56, "b": 40},  # presentation
        plot_bgcolor="#f3f5f7",
        xaxis={"range": _span([v for series in values for v in series]), "zeroline": True, "zerolinecolor": "#1b1b1b",
               "fixedrange": True, "gridcolor": "#c8c8c8"},  # presentation
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": [_label(label) for label in labels],
               "autorange": "reversed", "fixedrange": True},
    ))


def change_bars(labels: Sequence[str], values: Sequence[int | None], title: str) -> dict:
    """Change per label as bars from zero (to the right: up the scale). Drawn as thick line pieces,
    since the app's plotly build has scatter and scatterpolar only; a missing value is no bar."""
    y = [_label(label) for label in labels]
    xs, ys = [], []
    for label, value in zip(y, values):
        xs += [0, 0 if value is None else value, None]
        ys += [label, label, None]
    style = ROUND_STYLES[1]
    data = [{
        "type": "scatter", "x": xs, "y": ys, "mode": "lines", "name": _plain(title), "showlegend": False,
        "line": {"color": style["color"], "width": 18}, "hoverinfo": "skip",  # presentation
    }, {
        "type": "scatter", "x": list(values), "y": y, "mode": "markers", "name": _plain(title), "showlegend": False,
        "marker": {"color": style["color"], "size": 1}, "hovertemplate": "%{y}: %{x}<extra></extra>",  # presentation
    }]
    return _across(labels, [values], title, data)


def dot_plot(labels: Sequence[str], series: Sequence[tuple[str, Sequence[int | None]]], title: str) -> dict:
    """One dot per label per series (name, values), on an axis around zero: for differences."""
    y = [_label(label) for label in labels]
    data = []
    for i, (name, values) in enumerate(series):
        style = ROUND_STYLES[i % len(ROUND_STYLES)]
        name = _plain(name)
        data.append({
            "type": "scatter", "x": list(values), "y": y, "mode": "markers", "name": name,
            "marker": _marker(style, 13), "hovertemplate": "%{y}: %{x}<extra>" + name + "</extra>",  # presentation
        })
    return _across(labels, [values for _name, values in series], title, data)
