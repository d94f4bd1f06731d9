"""Altair charts of campaign figures: one builder per kind of chart, no UI.

The builders take a frame, the columns to draw and every text already
translated, so the same function serves any language and any figure. A chart
with nothing to draw is the caller's to replace with a sentence: `has_data`
tells which.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
import polars as pl

logger = logging.getLogger(__name__)

SERIES_FIELD = "series"
VALUE_FIELD = "value"


@dataclass(frozen=True)
class ChartText:
    """The translated title and axis titles of one chart."""

    title: str
    x: str
    y: str


def has_data(frame: pl.DataFrame, columns: Sequence[str]) -> bool:
    """True when any of `columns` holds a non-zero, non-null value."""
    if frame.is_empty():
        return False
    return any(
        frame[name].dtype.is_numeric() and frame[name].drop_nulls().abs().sum() > 0
        for name in columns
        if name in frame.columns
    )


def time_series_chart(
    frame: pl.DataFrame,
    *,
    x: str,
    series: Sequence[tuple[str, str]],
    text: ChartText,
    height: int = 280,
) -> alt.Chart:
    """Lines over days, one per (column, translated label) of `series`.

    `x` is a date column: one point per day, so a day that lasts 23 or 25
    hours (daylight saving) is still one point.
    """
    labels = dict(series)
    long = (
        frame.select(x, *labels)
        .unpivot(index=x, on=list(labels), variable_name=SERIES_FIELD)
        .with_columns(pl.col(SERIES_FIELD).replace_strict(labels))
    )
    order = list(labels.values())
    return (
        alt.Chart(long, title=text.title, height=height)
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{x}:T", title=text.x, axis=alt.Axis(format="%d %b")),
            y=alt.Y(f"{VALUE_FIELD}:Q", title=text.y),
            color=alt.Color(
                f"{SERIES_FIELD}:N",
                title=None,
                sort=order,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip(f"{x}:T", title=text.x, format="%Y-%m-%d"),
                alt.Tooltip(f"{SERIES_FIELD}:N", title=None),
                alt.Tooltip(f"{VALUE_FIELD}:Q", title=text.y),
            ],
        )
    )


def bar_chart(
    frame: pl.DataFrame,
    *,
    category: str,
    value: str,
    text: ChartText,
    value_label: str | None = None,
    height: int = 280,
) -> alt.Chart | alt.LayerChart:
    """Horizontal bars, one per row of `frame`, kept in the frame's order.

    `value_label`, when given, names a column of display texts (for example
    a percentage formatted for the user's language) shown beside each bar.
    """
    order = frame[category].to_list()
    base = alt.Chart(frame, title=text.title, height=height).encode(
        y=alt.Y(f"{category}:N", title=text.x, sort=order),
        x=alt.X(f"{value}:Q", title=text.y),
    )
    tooltip = [alt.Tooltip(f"{category}:N", title=text.x)]
    tooltip.append(
        alt.Tooltip(f"{value_label}:N", title=text.y)
        if value_label
        else alt.Tooltip(f"{value}:Q", title=text.y)
    )
    bars = base.mark_bar().encode(tooltip=tooltip)
    if value_label is None:
        return bars
    labels = base.mark_text(align="left", dx=4).encode(text=f"{value_label}:N")
    return (bars + labels).properties(title=text.title)
