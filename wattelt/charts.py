"""Plotly figure builders: pure functions, data in, figure dict out. No database, no request.

Every builder takes labels already translated, so the same function serves every language.
A missing value (domain not discussed, 'not now' or not placed) is None: a gap, never a zero.
Plotly draws a few HTML tags in its texts (<b>, <br>, <a href>): every text that reaches a figure
is escaped first, so an own domain called "<a href=...>" is shown as those characters.
"""
import html
from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

SCALE_RANGE = [0, 100]
# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
PERSPECTIVE_COLOURS = {"resident": "#0072B2", "professional": "#D55E00", "naaste": "#009E73"}
ROUND_COLOURS = ["#6E6E6E", "#0072B2", "#CC79A7", "#E69F00", "#56B4E9", "#009E73"]
GOAL_COLOUR = "#000000"
# Lines marked "presentation" hold sizes, margins and grid lines: the mutation run leaves them alone.
PLOT_CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}  # presentation


def _plain(text: str) -> str:
    """Escape a text so plotly shows it as typed. Quotes stay: plotly would show &quot; as such."""
    return html.escape(text, quote=False)


def _closed(values: Sequence) -> list:
    """Repeat the first point so a radar outline closes."""
    values = list(values)
    return values + values[:1] if values else values


def _figure(fig: go.Figure) -> dict:
    return {**fig.to_dict(), "config": PLOT_CONFIG}


def _layout(title: str, **extra) -> dict:
    return dict(
        title={"text": _plain(title), "x": 0, "font": {"size": 16}},  # presentation
        margin={"l": 48, "r": 48, "t": 56, "b": 40},  # presentation
        legend={"orientation": "h", "y": -0.12},  # presentation
        font={"family": "system-ui, sans-serif", "size": 13},  # presentation
        paper_bgcolor="#ffffff",
        **extra,
    )


def _polar() -> dict:
    return {
        # The scale has no numbers, as on the board: no tick labels, only faint rings.
        "radialaxis": {
            "range": SCALE_RANGE, "showticklabels": False, "ticks": "",
            "tickvals": [25, 50, 75, 100],  # presentation
        },
        "angularaxis": {"direction": "clockwise", "rotation": 90},  # presentation
    }


def radar(
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int | None]]],
    title: str,
    markers: tuple[str, Sequence[int | None]] | None = None,
) -> dict:
    """A radar chart: one outline per series (name, colour, one value per label).

    markers, if given, is (name, values): points drawn without a line, for hoped-for positions.
    """
    fig = go.Figure()
    labels = [_plain(label) for label in labels]
    theta = _closed(labels)
    for name, colour, values in series:
        name = _plain(name)
        fig.add_trace(
            go.Scatterpolar(
                r=_closed(values), theta=theta, name=name, mode="lines+markers",
                line={"color": colour, "width": 3}, marker={"size": 8, "color": colour},  # presentation
                connectgaps=False, hovertemplate="%{theta}: %{r}<extra>" + name + "</extra>",
            )
        )
    if markers is not None:
        name, values = markers
        name = _plain(name)
        fig.add_trace(
            go.Scatterpolar(
                r=list(values), theta=list(labels), name=name, mode="markers",
                marker={"symbol": "star", "size": 14, "color": GOAL_COLOUR},  # presentation
                hovertemplate="%{theta}: %{r}<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(_layout(title, polar=_polar(), showlegend=True))
    return _figure(fig)


def perspective_radar(labels: Sequence[str], perspectives: Sequence[tuple[str, str, Sequence[int | None]]], title: str) -> dict:
    """One round: an outline per perspective (key, translated name, values)."""
    series = [(name, PERSPECTIVE_COLOURS[key], values) for key, name, values in perspectives]
    return radar(labels, series, title)


def rounds_radar(
    labels: Sequence[str],
    rounds: Sequence[tuple[str, Sequence[int | None]]],
    title: str,
    hoped_for: tuple[str, Sequence[int | None]] | None = None,
) -> dict:
    """Several rounds of one perspective over each other, with hoped-for positions of open goals."""
    series = [(name, ROUND_COLOURS[i % len(ROUND_COLOURS)], values) for i, (name, values) in enumerate(rounds)]
    return radar(labels, series, title, markers=hoped_for)


def domain_lines(
    dates: Sequence[date],
    perspectives: Sequence[tuple[str, str, Sequence[int | None]]],
    title: str,
    hoped_for: tuple[str, int] | None = None,
) -> dict:
    """One domain over all rounds: a line per perspective (key, name, values), dates on the x-axis."""
    fig = go.Figure()
    x = [d.isoformat() for d in dates]
    for key, name, values in perspectives:
        colour = PERSPECTIVE_COLOURS[key]
        fig.add_trace(
            go.Scatter(
                x=x, y=list(values), name=_plain(name), mode="lines+markers", connectgaps=False,
                line={"color": colour, "width": 3}, marker={"size": 9, "color": colour},  # presentation
            )
        )
    if hoped_for is not None:
        name, value = hoped_for
        fig.add_trace(
            go.Scatter(
                x=[x[0], x[-1]] if x else [], y=[value, value], name=_plain(name), mode="lines",
                line={"color": GOAL_COLOUR, "dash": "dash", "width": 2},  # presentation
            )
        )
    fig.update_layout(
        _layout(
            title,
            yaxis={
                "range": SCALE_RANGE, "showticklabels": False,
                "fixedrange": True, "tickvals": [0, 25, 50, 75, 100],  # presentation
            },
            xaxis={"type": "date", "fixedrange": True, "tickformat": "%d-%m-%Y", "tickvals": x},  # presentation
        )
    )
    return _figure(fig)
