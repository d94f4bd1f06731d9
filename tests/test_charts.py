"""The Altair chart builders: what they draw, in which order, with which texts."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from journeys.charts import (
    CAPTION_LINE_CHARS,
    ChartText,
    bar_chart,
    day_ticks,
    has_data,
    has_values,
    time_series_chart,
    wrapped,
)

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
    # ISO dates, read by Vega as UTC midnight and drawn on a UTC scale.
    assert [v["day"] for v in values][:3] == ["2026-03-28", "2026-03-29", "2026-03-30"]
    assert spec["encoding"]["x"]["scale"]["type"] == "utc"
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


def test_a_week_has_one_tick_per_day_and_longer_periods_never_repeat_a_day() -> None:
    spec = time_series_chart(
        pl.DataFrame(
            {
                "day": [
                    date(2026, 11, 28 + n) if n < 3 else date(2026, 12, n - 2)
                    for n in range(7)
                ],
                "sends": [9, 4, 3, 4, 5, 3, 1],
            }
        ),
        x="day",
        series=[("sends", "Sends")],
        text=TEXT,
    ).to_dict()

    assert spec["encoding"]["x"]["axis"]["tickCount"] == {"interval": "day", "step": 1}
    for days in range(1, 400):
        ticks = day_ticks(days)
        assert ticks["interval"] in {"day", "week", "month"}, days
        assert ticks["step"] >= 1


@pytest.mark.parametrize(
    ("days", "interval", "step"),
    [(1, "day", 1), (7, "day", 1), (14, "day", 2), (30, "week", 1), (90, "week", 2)],
)
def test_ticks_thin_out_as_the_period_grows(
    days: int, interval: str, step: int
) -> None:
    assert day_ticks(days) == {"interval": interval, "step": step}


def test_the_value_axis_ends_on_a_labelled_whole_number_above_the_top_point() -> None:
    spec = time_series_chart(
        daily().head(1), x="day", series=[("sends", "Envois")], text=TEXT
    ).to_dict()

    y = spec["encoding"]["y"]
    # The scale is rounded with the axis's own tick count, so its top is a tick.
    assert y["scale"]["nice"] == y["axis"]["tickCount"]
    assert y["scale"]["zero"] is True
    assert (y["axis"]["tickMinStep"], y["axis"]["format"]) == (1, ",d")


def test_a_bar_chart_of_people_has_whole_number_ticks_and_one_of_rates_does_not() -> (
    None
):
    frame = pl.DataFrame({"label": ["Entered", "Clicked"], "users": [2, 1]})

    people = bar_chart(frame, category="label", value="users", text=TEXT, counts=True)
    rates = bar_chart(frame, category="label", value="users", text=TEXT)

    axis = people.to_dict()["encoding"]["x"]["axis"]
    assert (axis["tickMinStep"], axis["format"]) == (1, ",d")
    assert "tickMinStep" not in rates.to_dict()["encoding"]["x"].get("axis", {})


def test_the_legend_sits_just_above_the_lines_without_a_blank_title() -> None:
    spec = time_series_chart(
        daily(), x="day", series=[("sends", "Envois")], text=TEXT
    ).to_dict()

    color = spec["encoding"]["color"]
    assert color["title"] == ""
    assert color["legend"]["orient"] == "top"


def test_a_partial_last_day_is_dashed_lighter_and_captioned() -> None:
    text = ChartText("Activité", "Jour", "Envois", partial="Dernier jour partiel")
    spec = time_series_chart(
        daily(),
        x="day",
        series=[("sends", "Envois")],
        text=text,
        partial_day=date(2026, 3, 30),
    ).to_dict()

    solid, dashed, points = spec["layer"]
    assert spec["title"] == {
        "text": "Activité",
        "subtitle": "Dernier jour partiel",
        "subtitleColor": spec["title"]["subtitleColor"],
    }
    assert solid["transform"] == [{"filter": {"field": "partial", "equal": False}}]
    assert dashed["mark"]["strokeDash"] == [4, 4]
    assert dashed["transform"] == [{"filter": {"field": "tail", "equal": True}}]
    values = next(iter(spec["datasets"].values()))
    assert [(v["day"], v["partial"], v["tail"]) for v in values] == [
        ("2026-03-28", False, False),
        ("2026-03-29", False, True),
        ("2026-03-30", True, True),
    ]
    assert points["encoding"]["opacity"]["condition"]["value"] == 1.0


def test_a_period_that_ended_before_today_has_no_partial_day() -> None:
    text = ChartText("Activité", "Jour", "Envois", partial="Dernier jour partiel")
    spec = time_series_chart(
        daily(),
        x="day",
        series=[("sends", "Envois")],
        text=text,
        partial_day=date(2026, 4, 2),
    ).to_dict()

    assert "layer" not in spec
    assert spec["title"] == "Activité"


def test_long_bar_names_wrap_onto_lines_and_stay_whole_in_the_tooltip() -> None:
    name = "3. Confirmation SMS with the order number"
    frame = pl.DataFrame({"label": ["1. Push", name], "ctr_pct": [25.0, 5.0]})
    spec = bar_chart(frame, category="label", value="ctr_pct", text=TEXT).to_dict()

    y = spec["encoding"]["y"]
    assert y["sort"] == ["1. Push", wrapped(name)]
    assert "\n" in wrapped(name) and "…" not in wrapped(name)
    assert wrapped(name).replace("\n", " ") == name
    assert y["axis"]["labelExpr"] == "split(datum.label, '\\n')"
    assert y["axis"]["labelOverlap"] is False  # a long name never hides another
    assert spec["encoding"]["tooltip"][0]["field"] == "label"


def test_a_very_long_bar_name_is_cut_after_three_lines() -> None:
    lines = wrapped("word " * 40).split("\n")
    assert len(lines) == 3
    assert lines[-1].endswith("…")


def test_the_chart_leaves_room_right_of_the_bars_for_the_longest_label() -> None:
    frame = pl.DataFrame(
        {"label": ["Entrés", "Touchés"], "users": [9, 12345], "text": ["9", "12 345"]}
    )
    spec = bar_chart(
        frame, category="label", value="users", text=TEXT, value_label="text"
    ).to_dict()

    _, labels = spec["layer"]
    assert labels["mark"] == {"type": "text", "align": "left", "dx": 4}
    # "12 345" is six characters: room for them beyond the plot, at any width.
    assert spec["padding"]["right"] >= 6 * 6
    assert spec["padding"]["left"] < spec["padding"]["right"]


def test_a_chart_of_many_long_names_grows_tall_enough_for_every_line() -> None:
    names = [f"{n}. Reminder with a rather long name number {n}" for n in range(8)]
    frame = pl.DataFrame({"label": names, "ctr_pct": [1.0] * 8})
    spec = bar_chart(frame, category="label", value="ctr_pct", text=TEXT).to_dict()

    assert spec["height"] >= 8 * 3 * 15
    short = pl.DataFrame({"label": ["1. Push"], "ctr_pct": [1.0]})
    assert (
        bar_chart(short, category="label", value="ctr_pct", text=TEXT).to_dict()[
            "height"
        ]
        == 280
    )


def test_a_bar_chart_note_sits_under_its_title_in_lines_a_narrow_chart_can_hold() -> (
    None
):
    note = "Chaque barre compte des personnes distinctes, pas des événements : " * 2
    frame = pl.DataFrame({"label": ["Entrées"], "users": [4], "text": ["4"]})
    spec = bar_chart(
        frame,
        category="label",
        value="users",
        text=ChartText("Entonnoir", "Étape", "Personnes", note=note),
        value_label="text",
    ).to_dict()

    lines = spec["title"]["subtitle"]
    assert spec["title"]["text"] == "Entonnoir"
    assert " ".join(lines) == note.strip()
    assert len(lines) > 1 and all(len(line) <= CAPTION_LINE_CHARS for line in lines)


def test_a_rate_of_zero_is_worth_drawing_but_no_rate_at_all_is_not() -> None:
    assert has_values(pl.DataFrame({"ctr_pct": [0.0, None]}), ("ctr_pct",))
    assert not has_values(
        pl.DataFrame({"ctr_pct": [None, None]}, schema={"ctr_pct": pl.Float64}),
        ("ctr_pct",),
    )
    assert not has_values(pl.DataFrame({"ctr_pct": []}), ("ctr_pct",))
