"""The Altair chart builders: what they draw, in which order, with which texts."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from journeys.charts import ChartText, bar_chart, has_data, time_series_chart

TEXT = ChartText("Activité par jour", "Jour", "Événements")


def daily() -> pl.DataFrame:
    # 29 March 2026 is the day Paris moves to summer time: still one row.
    return pl.DataFrame(
        {
            "day": [date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30)],
            "sends": [3, 0, 1],
            "opens": [1, 0, 0],
        }
    )


@pytest.mark.parametrize(
    ("frame", "columns", "expected"),
    [
        (daily(), ("sends", "opens"), True),
        (daily().with_columns(sends=0, opens=0), ("sends", "opens"), False),
        (pl.DataFrame({"ctr_pct": [None, None]}), ("ctr_pct",), False),
        (pl.DataFrame({"users": []}, schema={"users": pl.Int64}), ("users",), False),
        (daily(), ("not_a_column",), False),
    ],
    ids=["some activity", "all zero", "all undefined", "no rows", "unknown column"],
)
def test_has_data_is_true_only_when_a_column_holds_a_non_zero_value(
    frame: pl.DataFrame, columns: tuple[str, ...], expected: bool
) -> None:
    assert has_data(frame, columns) is expected


def test_the_time_series_has_one_point_per_day_and_series_with_translated_names() -> (
    None
):
    chart = time_series_chart(
        daily(),
        x="day",
        series=[("sends", "Envois"), ("opens", "Ouvertures")],
        text=TEXT,
    )
    spec = chart.to_dict()
    values = next(iter(spec["datasets"].values()))
    assert len(values) == 3 * 2
    assert {v["series"] for v in values} == {"Envois", "Ouvertures"}
    sends = [v["value"] for v in values if v["series"] == "Envois"]
    assert sends == [3, 0, 1]
    assert spec["title"] == "Activité par jour"
    assert spec["encoding"]["x"]["title"] == "Jour"
    assert spec["encoding"]["y"]["title"] == "Événements"
    assert spec["encoding"]["color"]["sort"] == ["Envois", "Ouvertures"]


def test_the_bar_chart_keeps_the_frame_order_and_labels_bars_with_display_texts() -> (
    None
):
    frame = pl.DataFrame(
        {
            "label": ["Entrés", "Touchés", "Objectif atteint"],
            "users": [4, 5, 1],
            "users_text": ["4", "5", "1"],
        }
    )
    text = ChartText("Entonnoir", "Étape", "Utilisateurs")
    spec = bar_chart(
        frame, category="label", value="users", text=text, value_label="users_text"
    ).to_dict()
    bars, labels = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["y"]["sort"] == ["Entrés", "Touchés", "Objectif atteint"]
    assert bars["encoding"]["x"]["title"] == "Utilisateurs"
    assert labels["encoding"]["text"]["field"] == "users_text"
    assert spec["title"] == "Entonnoir"


def test_a_bar_chart_without_display_texts_is_plain_bars() -> None:
    frame = pl.DataFrame({"label": ["1. Push"], "ctr_pct": [25.0]})
    spec = bar_chart(frame, category="label", value="ctr_pct", text=TEXT).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert "layer" not in spec
