"""Altair charts of campaign figures: one builder per kind of chart, no UI.

The builders take a frame, the columns to draw and every text already
translated, so the same function serves any language and any figure. A chart
with nothing to draw is the caller's to replace with a sentence: `has_data`
tells which.
"""

from __future__ import annotations

import logging
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import altair as alt
import polars as pl

logger = logging.getLogger(__name__)

SERIES_FIELD = "series"
VALUE_FIELD = "value"
PARTIAL_FIELD = "partial"
TAIL_FIELD = "tail"
AXIS_LABEL_FIELD = "axis_label"
# Days go to the browser as ISO dates ("2026-03-29"), which Vega reads as UTC
# midnight, and are drawn on a UTC scale: the browser's own time zone never
# moves a point off its tick or a label to the day before.
DAY_FORMAT = "%-d %b"
# Bar labels: this many characters a line, at most this many lines, so a long
# message name wraps beside its bar rather than being cut short.
LABEL_LINE_CHARS = 18
LABEL_MAX_LINES = 3
LABEL_LIMIT_PX = 130
LABEL_LINE_PX = 15
BAR_GAP_PX = 14
# What a bar chart spends outside its bars: title, value axis and its title.
CHROME_PX = 110
# Room right of the plot for the value labels: pixels a character (labels
# are short figures in the axis font), plus a margin to the chart's edge.
VALUE_LABEL_CHAR_PX = 6
VALUE_LABEL_MARGIN_PX = 10
CHART_PADDING_PX = 5
PARTIAL_OPACITY = 0.45
# Ticks on the value axis of a time series.
VALUE_TICKS = 5
# Counts on an axis: whole numbers with the thousands separator of the locale.
COUNT_FORMAT = ",d"
# The caption under a chart's title (the theme is light, see .streamlit/).
CAPTION_COLOR = "#5c6070"
# Vega does not wrap a title: the caption is cut into lines this long, which
# fit a chart half as wide as a narrow window.
CAPTION_LINE_CHARS = 55


@dataclass(frozen=True)
class ChartText:
    """The translated title and axis titles of one chart; `partial` is the
    caption saying the last day is still under way (time series only), `note`
    a caption saying what the chart counts (bar charts)."""

    title: str
    x: str
    y: str
    partial: str | None = None
    note: str | None = None


def titled(title: str, caption: str | None) -> str | alt.TitleParams:
    """A chart's title with `caption` under it, in lines short enough for a
    narrow chart."""
    if not caption:
        return title
    lines = textwrap.wrap(caption, CAPTION_LINE_CHARS)
    return alt.TitleParams(
        title,
        subtitle=lines[0] if len(lines) == 1 else lines,
        subtitleColor=CAPTION_COLOR,
    )


def has_data(frame: pl.DataFrame, columns: Sequence[str]) -> bool:
    """True when any of `columns` holds a non-zero, non-null value."""
    if frame.is_empty():
        return False
    return any(
        frame[name].dtype.is_numeric() and frame[name].drop_nulls().abs().sum() > 0
        for name in columns
        if name in frame.columns
    )


def has_values(frame: pl.DataFrame, columns: Sequence[str]) -> bool:
    """True when any of `columns` holds a defined value, zero included."""
    return any(
        frame[name].null_count() < frame.height
        for name in columns
        if name in frame.columns
    )


def day_ticks(days: int) -> dict[str, Any]:
    """One tick a day on short periods, then one every week or two: a label
    per tick and never two ticks on one day."""
    if days <= 10:
        return {"interval": "day", "step": 1}
    if days <= 21:
        return {"interval": "day", "step": 2}
    if days <= 70:
        return {"interval": "week", "step": 1}
    if days <= 200:
        return {"interval": "week", "step": 2}
    return {"interval": "month", "step": 1}


def time_series_chart(
    frame: pl.DataFrame,
    *,
    x: str,
    series: Sequence[tuple[str, str]],
    text: ChartText,
    height: int = 280,
    partial_day: date | None = None,
) -> alt.Chart | alt.LayerChart:
    """Lines over days, one per (column, translated label) of `series`.

    `x` is a date column: one point per day, so a day that lasts 23 or 25
    hours (daylight saving) is still one point. `partial_day`, the day still
    under way (today, when the period reaches it), is drawn lighter at the end
    of a dashed segment, with `text.partial` as a caption, so a low last point
    does not read as a fall.
    """
    labels = dict(series)
    is_partial = pl.lit(False) if partial_day is None else pl.col(x) == partial_day
    long = (
        frame.select(x, *labels)
        .unpivot(index=x, on=list(labels), variable_name=SERIES_FIELD)
        .with_columns(
            pl.col(SERIES_FIELD).replace_strict(labels),
            is_partial.fill_null(False).alias(PARTIAL_FIELD),
        )
    )
    partial = bool(long[PARTIAL_FIELD].any())
    last_full = long.filter(~pl.col(PARTIAL_FIELD))[x].max()
    long = long.with_columns(
        # The dashed segment: from the last whole day to the partial one.
        (pl.col(x) >= last_full).fill_null(True).alias(TAIL_FIELD),
        pl.col(x).dt.strftime("%Y-%m-%d"),
    )
    days = frame[x].n_unique()
    title = titled(text.title, text.partial if partial else None)
    base = alt.Chart(long, height=height).encode(
        x=alt.X(
            f"{x}:T",
            title=text.x,
            scale=alt.Scale(type="utc"),
            axis=alt.Axis(
                format=DAY_FORMAT, tickCount=day_ticks(days), labelOverlap=True
            ),
        ),
        # The domain is rounded with the axis's own tick count, so it ends on a
        # labelled tick at or above the highest point; the figures are counts,
        # so no tick falls between two whole numbers.
        y=alt.Y(
            f"{VALUE_FIELD}:Q",
            title=text.y,
            scale=alt.Scale(nice=VALUE_TICKS, zero=True),
            axis=count_axis(tickCount=VALUE_TICKS),
        ),
        color=alt.Color(
            f"{SERIES_FIELD}:N",
            # An empty title, not None: Streamlit turns None into a blank line.
            title="",
            sort=list(labels.values()),
            legend=alt.Legend(orient="top", direction="horizontal", offset=4),
        ),
        tooltip=[
            alt.Tooltip(
                f"{x}:T", title=text.x, timeUnit="utcyearmonthdate", format="%Y-%m-%d"
            ),
            alt.Tooltip(f"{SERIES_FIELD}:N", title=None),
            alt.Tooltip(f"{VALUE_FIELD}:Q", title=text.y),
        ],
    )
    if not partial:
        return base.mark_line(point=True).properties(title=title)
    whole = alt.FieldEqualPredicate(field=PARTIAL_FIELD, equal=False)
    solid = base.mark_line().transform_filter(whole)
    dashed = base.mark_line(strokeDash=[4, 4]).transform_filter(
        alt.FieldEqualPredicate(field=TAIL_FIELD, equal=True)
    )
    points = base.mark_point(filled=True).encode(
        opacity=alt.condition(whole, alt.value(1.0), alt.value(PARTIAL_OPACITY))
    )
    return (solid + dashed + points).properties(title=title)


def wrapped(label: str) -> str:
    """A bar's label cut into lines at word ends, joined by line breaks."""
    lines = textwrap.wrap(
        label, LABEL_LINE_CHARS, max_lines=LABEL_MAX_LINES, placeholder=" …"
    )
    return "\n".join(lines) or label


def count_axis(**options: Any) -> alt.Axis:
    """An axis of counts (people, sends): whole-number ticks only, never 0.5
    of a person, with the language's thousands separator."""
    return alt.Axis(tickMinStep=1, format=COUNT_FORMAT, **options)


def bar_chart(
    frame: pl.DataFrame,
    *,
    category: str,
    value: str,
    text: ChartText,
    value_label: str | None = None,
    counts: bool = False,
    height: int = 280,
) -> alt.Chart | alt.LayerChart:
    """Horizontal bars, one per row of `frame`, kept in the frame's order.

    `counts` says the values are whole numbers (people), so the axis has
    whole-number ticks only; rates keep fractional ticks.

    `value_label`, when given, names a column of display texts (for example
    a percentage formatted for the user's language) shown beside each bar; the
    chart keeps room on its right for the longest one, whatever its width. Long
    category names wrap onto up to three lines; the tooltip shows them whole.
    """
    frame = frame.with_columns(
        pl.col(category)
        .map_elements(wrapped, return_dtype=pl.String)
        .alias(AXIS_LABEL_FIELD)
    )
    order = frame[AXIS_LABEL_FIELD].to_list()
    # Tall enough for every name's lines, so no name hides another.
    lines = max((label.count("\n") + 1 for label in order), default=1)
    height = max(height, len(order) * (LABEL_LINE_PX * lines + BAR_GAP_PX) + CHROME_PX)
    title = titled(text.title, text.note)
    base = alt.Chart(frame, title=title, height=height).encode(
        # No title beside the names: the chart's title says what they are, and
        # a narrow column needs the room for the bars (the tooltip names it).
        y=alt.Y(
            f"{AXIS_LABEL_FIELD}:N",
            title=None,
            sort=order,
            axis=alt.Axis(
                labelExpr="split(datum.label, '\\n')",
                labelLimit=LABEL_LIMIT_PX,
                labelOverlap=False,
            ),
        ),
        x=alt.X(
            f"{value}:Q", title=text.y, axis=count_axis() if counts else alt.Axis()
        ),
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
    labels = base.mark_text(align="left", dx=4).encode(
        text=f"{value_label}:N", tooltip=tooltip
    )
    longest = max(
        (len(t) for t in frame[value_label].cast(pl.String).drop_nulls()), default=0
    )
    room = VALUE_LABEL_MARGIN_PX + VALUE_LABEL_CHAR_PX * longest
    padding = dict.fromkeys(("left", "top", "bottom"), CHART_PADDING_PX)
    return (bars + labels).properties(title=title, padding=padding | {"right": room})
