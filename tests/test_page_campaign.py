"""The campaign card, opened by URL on the worked example (AppTest, no browser).

The expected figures are those of shared/examples/metrics/expected.md, c1 in
March 2026 in UTC: reach 5 (u1, u2, u5 entered; u3 and u4 were only sent a
message), goals 1 (e16), average CTR (25 + 66.67 + 50) / 3 = 47.22 %.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest
from test_page_campaigns import follow, nav_link
from test_page_texts import HOSTILE, commonmark_text

from journeys import i18n
from journeys.catalog import Change
from journeys.export import CsvFormat, campaign_summary_csv, message_stats_csv
from journeys.importers.rules import ID_LIMITS
from journeys.periods import Period
from journeys.schema import EVENT_SCHEMA
from journeys.workspace import Workspace
from ui import _card
from ui._text import WORD_JOINER, count_text, escape_markdown

APP = Path(__file__).resolve().parent.parent / "app.py"
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31), "UTC")
# The period lives in the URL as codes: card_period=custom&card_range=...&card_range=...
CUSTOM = "custom"


def open_card(
    campaign_id: str | list[str] | None,
    start: str = "2026-03-01",
    end: str = "2026-03-31",
    **params: str,
) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.switch_page("pages/campaign.py")
    if campaign_id is not None:
        app.query_params["id"] = campaign_id
    app.query_params["card_period"] = CUSTOM
    app.query_params["card_range"] = [start, end]
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def rendered(markdown: str) -> str:
    """The text a markdown value shows: its backslash escapes undone, its
    invisible word joiners (see ui/_text.py) left out."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def metrics(app: AppTest) -> dict[str, tuple[str, str]]:
    """Each metric's value and change as the browser shows them."""
    return {m.label: (rendered(m.value), m.delta) for m in app.metric}


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_the_card_opened_by_url_shows_the_hand_worked_march_figures(
    example_workspace: Workspace,
) -> None:
    app = open_card("c1")
    shown = metrics(app)
    assert shown["Total reach"][0] == "5"
    assert shown["Goals reached"][0] == "1"
    assert shown["Average CTR"][0] == "47.22 %"
    assert shown["Unique users"][0] == "3"
    assert shown["Entries"][0] == "4"
    assert shown["Users in journey"][0] == "3"
    assert shown["Drops"][0] == "1"
    assert shown["Total sends"][0] == "9"
    assert shown["Pooled CTR"][0] == "44.44 %"
    assert shown["Goal conversion"][0] == "25.00 %"


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_each_headline_widget_matches_the_sql_layer_with_its_previous_period(
    example_workspace: Workspace,
) -> None:
    analytics = example_workspace.analytics()
    now = analytics.campaign_summary("c1", MARCH)
    before = analytics.campaign_summary("c1", MARCH.previous())
    assert now is not None and before is not None
    app = open_card("c1")
    shown = metrics(app)
    reach_change = now["total_reach"] - before["total_reach"]
    goals_change = now["goals_reached"] - before["goals_reached"]
    assert shown["Total reach"] == (str(now["total_reach"]), f"+{reach_change}")
    assert shown["Goals reached"] == (str(now["goals_reached"]), f"+{goals_change}")
    # February had sends only of e01/e02 entries: no message CTR, so no change.
    assert before["avg_ctr_pct"] is None
    assert shown["Average CTR"][1] == ""


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_the_per_message_table_lists_messages_in_journey_order_with_one_rounding(
    example_workspace: Workspace,
) -> None:
    app = open_card("c1")
    table = app.dataframe[0].value
    assert table["Message"].to_list() == [
        "Welcome push",
        "Getting started",
        "Tour banner",
    ]
    assert table["Sends / impressions"].to_list() == ["4", "3", "2"]
    assert table["Open rate"].to_list() == ["25.00 %", "66.67 %", "--"]
    assert table["CTR"].to_list() == ["25.00 %", "66.67 %", "50.00 %"]
    # what a channel does not report reads `--`, never 0 or blank
    assert table["Deliveries"].to_list()[2] == "--"  # in-app
    assert table["Opens"].to_list()[2] == "--"
    assert table["Unsubscribes"].to_list() == ["--", "1", "--"]
    assert table["Skips"].to_list() == ["--", "--", "1"]


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_the_french_card_writes_percentages_with_a_decimal_comma(
    example_workspace: Workspace,
) -> None:
    app = open_card("c1", lang="fr")
    shown = metrics(app)
    assert shown["Portée totale"][0] == "5"
    assert shown["CTR moyen"][0] == "47,22\u00a0%"


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_changing_the_category_applies_at_once_and_is_recorded_in_the_change_log(
    example_workspace: Workspace,
) -> None:
    catalog = example_workspace.catalog
    version = catalog.get("c1").version
    app = open_card("c1")
    app.selectbox(key=f"card_category_{version}").select("default").run()
    assert not app.exception, [e.value for e in app.exception]
    campaign = catalog.get("c1")
    assert campaign.category_id == "default"
    last = catalog.history("c1")[0]
    assert (last.action, last.author) == ("category", "tester")
    assert last.before == {"category_id": "onboarding", "category": "Onboarding"}
    assert last.after == {"category_id": "default", "category": "Default"}
    assert app.selectbox(key=f"card_category_{campaign.version}").value == "default"
    assert any("by tester" in text.value for text in app.text)
    history = app.dataframe[-1].value
    assert history["What"][0] == "Category changed"
    assert history["Before → after"][0] == "category: Onboarding → Default"


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_draft_shows_dashes_for_its_headline_metrics(
    example_workspace: Workspace,
) -> None:
    app = open_card("c3")
    shown = metrics(app)
    for label in ("Total reach", "Goals reached", "Average CTR"):
        assert shown[label] == ("--", "")
    assert any("draft" in info.value for info in app.info)


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize("campaign_id", ["no-such-campaign", "x" * 500, "c1\x00"])
def test_an_unknown_or_malformed_id_says_so_and_links_back_to_the_list(
    example_workspace: Workspace, campaign_id: str
) -> None:
    app = open_card(campaign_id)
    assert "no campaign with the id" in app.error[0].value
    # The id is named (as text, at most 60 characters of it).
    assert escape_markdown(campaign_id[:60]) in app.error[0].value
    assert not app.metric


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_without_an_id_the_card_offers_a_picker_that_opens_the_chosen_campaign(
    example_workspace: Workspace,
) -> None:
    app = open_card(None)
    assert not app.error
    app.selectbox(key="card_pick").select("c2").run()
    assert app.query_params["id"] == "c2"
    assert metrics(app)["Total reach"][0] == "2"


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_period_with_no_data_shows_dashes_and_sentences_instead_of_charts(
    example_workspace: Workspace,
) -> None:
    app = open_card("c1", "2025-01-01", "2025-01-31")
    shown = metrics(app)
    for label in ("Total reach", "Goals reached", "Average CTR"):
        assert shown[label] == ("--", "")
    # the supporting counts stay counts: nobody entered, nobody left
    assert (shown["Entries"], shown["Users in journey"]) == (("0", ""), ("0", ""))
    infos = [info.value for info in app.info]
    assert any("No events for this campaign" in text for text in infos)
    # two activity charts (sends; responses), CTR per message, the funnel
    assert sum("Nothing to draw" in text for text in infos) == 4
    assert not app.get("vega_lite_chart")


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_refreshing_after_a_new_import_shows_the_new_numbers(
    example_workspace: Workspace,
) -> None:
    app = open_card("c1")
    assert metrics(app)["Total reach"][0] == "5"
    new_user = pl.DataFrame(
        {
            "event_id": ["t-new-1"],
            "ts": [datetime(2026, 3, 20, 9, 0, tzinfo=UTC)],
            "campaign_id": ["c1"],
            "message_id": [None],
            "channel": [None],
            "user_id": ["u9"],
            "event_type": ["entered"],
            "goal_id": [None],
        },
        schema=EVENT_SCHEMA,
    )
    example_workspace.store.append(new_user, author="tester", source="test")
    app.run()
    assert metrics(app)["Total reach"][0] == "5"  # still the snapshot it read
    app.button(key="card_refresh").click().run()
    assert metrics(app)["Total reach"][0] == "6"
    assert metrics(app)["Entries"][0] == "5"


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_link_pinned_to_a_snapshot_keeps_its_numbers_after_a_new_import(
    example_workspace: Workspace,
) -> None:
    pinned = example_workspace.store.current_version()
    new_user = pl.DataFrame(
        {
            "event_id": ["t-new-2"],
            "ts": [datetime(2026, 3, 21, 9, 0, tzinfo=UTC)],
            "campaign_id": ["c1"],
            "message_id": [None],
            "channel": [None],
            "user_id": ["u8"],
            "event_type": ["entered"],
            "goal_id": [None],
        },
        schema=EVENT_SCHEMA,
    )
    example_workspace.store.append(new_user, author="tester", source="test")
    assert metrics(open_card("c1", v=str(pinned)))["Total reach"][0] == "5"
    assert metrics(open_card("c1"))["Total reach"][0] == "6"


def test_the_card_csv_files_hold_the_summary_and_each_message_with_the_same_rounding(
    example_workspace: Workspace,
) -> None:
    analytics = example_workspace.analytics()
    summary = analytics.campaign_summary("c1", MARCH)
    assert summary is not None
    fmt = CsvFormat("excel", "fr")
    text = campaign_summary_csv(summary, MARCH, fmt, "UTC").decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    values = dict(zip(header, row, strict=True))
    assert values["Portée totale"] == "5"
    assert values["CTR moyen (%)"] == "47,22"
    assert values["Début de période"] == "2026-03-01"
    messages = analytics.message_stats("c1", MARCH)
    text = message_stats_csv(messages, CsvFormat("standard", "fr"), "UTC").decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["Channel"] for r in rows] == ["Push", "Email", "In-app"]
    assert [r["CTR (%)"] for r in rows] == ["25.00", "66.67", "50.00"]
    assert [r["Open rate (%)"] for r in rows] == ["25.00", "66.67", ""]


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_day_without_entries_still_counts_the_users_in_the_journey(
    example_workspace: Workspace,
) -> None:
    # 3 March: u4, u3 and u1 had entered and none had left (worked example)
    shown = metrics(open_card("c1", "2026-03-03", "2026-03-03"))

    assert (shown["Entries"], shown["Users in journey"]) == (("0", ""), ("3", ""))
    assert shown["Total reach"][0] == "1"


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_deactivate_on_the_card_asks_as_the_list_does_cancel_first(
    example_workspace: Workspace,
) -> None:
    app = open_card("c2")
    assert "Deactivate…" in app.menu_button(key="card_actions_c2").options

    app.menu_button(key="card_actions_c2").click("deactivate").run()

    assert [w.value for w in app.warning] == [
        i18n.t("actions.deactivate_warning", "en")
    ]
    assert [b.label for b in app.button if b.key.startswith("actions_deactivate")] == [
        "Cancel",
        "Deactivate for good",
    ]
    # Confirming is a rerun of the dialog's fragment, which AppTest does not
    # replay: tests/e2e/test_campaign_card.py clicks it in a browser.


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_an_archived_campaign_once_launched_can_only_be_restored_as_inactive(
    example_workspace: Workspace,
) -> None:
    catalog = example_workspace.catalog
    catalog.apply("c2", "deactivate", "tester")
    catalog.apply("c2", "archive", "tester")
    app = open_card("c2")
    menu = app.menu_button(key="card_actions_c2")
    assert menu.options == ["Clone", "Restore as inactive"]
    menu.click("restore_inactive").run()
    assert not app.exception, [e.value for e in app.exception]
    assert catalog.get("c2").status == "inactive"


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_category_change_from_a_stale_card_does_not_undo_another(
    example_workspace: Workspace,
) -> None:
    catalog = example_workspace.catalog
    version = catalog.get("c1").version
    app = open_card("c1")
    other = catalog.add_category("Retention", "someone")
    catalog.set_category("c1", other, "someone")
    app.selectbox(key=f"card_category_{version}").select("default").run()
    assert catalog.get("c1").category_id == other
    assert any("in the meantime" in e.value for e in app.error)


# -- which campaign, from the URL -------------------------------------------------------


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_the_card_takes_the_longest_campaign_id_an_import_can_bring(
    example_workspace: Workspace,
) -> None:
    longest = "x" * ID_LIMITS["campaign_id"]
    example_workspace.catalog.seed(
        {
            "campaigns": [
                {"id": longest, "title": "Long id", "messages": [], "goals": []}
            ]
        },
        actor="tester",
    )
    assert ID_LIMITS["campaign_id"] == _card.ID_MAX

    app = open_card(longest)

    assert [h.value for h in app.header] == ["Long id"]
    assert not app.error
    assert "no campaign with the id" in open_card(longest + "x").error[0].value


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_repeated_id_shows_the_picker_and_leaves_the_url(
    example_workspace: Workspace,
) -> None:
    app = open_card(["nonexistent", "c1"])

    assert not app.metric
    assert app.selectbox(key="card_pick").value is None
    assert "id" not in app.query_params
    assert app.query_params["card_period"] == "custom"  # the period stays


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_keys_of_other_pages_and_unknown_keys_leave_the_cards_url(
    example_workspace: Workspace,
) -> None:
    app = open_card("c1", list_search="win", foo="bar", lang="en")

    assert sorted(app.query_params) == ["card_period", "card_range", "id"]


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize(
    ("start", "end"),
    [("2026-01-01", "2030-01-01"), ("1900-01-01", "1900-01-31"), ("x", "y")],
)
def test_a_range_the_picker_cannot_hold_falls_back_to_the_last_30_days(
    example_workspace: Workspace, start: str, end: str
) -> None:
    app = open_card("c1", start, end, tz="Europe/Paris")

    assert app.selectbox(key="card_period").value == "30d"
    assert "card_range" not in app.query_params
    assert "card_period" not in app.query_params
    assert not app.error


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_version_0_shows_as_pinned_on_the_card(example_workspace: Workspace) -> None:
    app = open_card("c1", v="0")

    assert any("pinned to data snapshot v0" in c.value for c in app.caption)
    assert app.query_params["v"] == "0"


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_the_sidebar_link_to_the_card_brings_back_its_campaign_period_and_version(
    example_workspace: Workspace,
) -> None:
    app = open_card("c2", v="0")
    link = nav_link(app, "campaign")
    assert link == {
        "v": ["0"],
        "id": ["c2"],
        "card_period": ["custom"],
        "card_range": ["2026-03-01", "2026-03-31"],
    }

    follow(app, "pages/categories.py", nav_link(app, "categories"))
    follow(app, "pages/campaign.py", link)

    assert metrics(app)["Total reach"][0] == "2"  # c2 in March
    assert app.query_params["card_range"] == ["2026-03-01", "2026-03-31"]


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_cloning_on_the_card_opens_the_clone_on_the_same_page(
    example_workspace: Workspace,
) -> None:
    app = open_card("c2")

    app.menu_button(key="card_actions_c2").click("clone").run()

    clone_id = app.query_params["id"]
    assert clone_id != "c2"
    assert [h.value for h in app.header] == [escape_markdown("Win-back (copy)")]
    assert app.query_params["card_period"] == "custom"  # the period stays


# -- texts ----------------------------------------------------------------------------


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_the_french_change_log_names_the_default_category_in_french(
    example_workspace: Workspace,
) -> None:
    version = example_workspace.catalog.get("c1").version
    app = open_card("c1", lang="fr")

    app.selectbox(key=f"card_category_{version}").select("default").run()

    history = app.dataframe[-1].value
    assert history["Avant → après"][0] == "catégorie\u00a0: Onboarding → Défaut"


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize(
    ("lang", "start", "description"),
    [
        ("en", "2026-03-03", "vs the previous 1 day"),
        ("en", "2026-03-02", "vs the previous 2 days"),
        ("fr", "2026-03-03", "vs 1 jour précédent"),
        ("fr", "2026-03-02", "vs 2 jours précédents"),
    ],
)
def test_the_change_is_described_against_one_day_or_several(
    example_workspace: Workspace, lang: str, start: str, description: str
) -> None:
    app = open_card("c1", start, "2026-03-03", lang=lang)

    described = [m.proto.delta_description for m in app.metric if m.delta]
    assert described and set(described) == {description}


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize("name", HOSTILE)
def test_the_card_shows_a_campaign_name_as_text_in_its_heading_and_toasts(
    example_workspace: Workspace, name: str
) -> None:
    example_workspace.catalog.apply("c3", "rename", "tester", title=name)
    app = open_card("c3")
    assert [h.value for h in app.header] == [escape_markdown(name)]

    app.menu_button(key="card_actions_c3").click("launch").run()

    [toast] = app.toast
    assert toast.value == i18n.t(
        "actions.done_launch", "en", title=escape_markdown(name)
    )
    assert commonmark_text(toast.value) == f"Launched: {name}"


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize("name", [n for n in HOSTILE if len(n) <= 20])
def test_a_category_change_toasts_the_category_name_as_text(
    example_workspace: Workspace, name: str
) -> None:
    category = example_workspace.catalog.add_category(name, "tester")
    version = example_workspace.catalog.get("c1").version
    app = open_card("c1")

    app.selectbox(key=f"card_category_{version}").select(category).run()

    [toast] = app.toast
    assert commonmark_text(toast.value) == f"Category changed to {name}"
    assert toast.value == i18n.t(
        "card.category_changed", "en", category=escape_markdown(name)
    )


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_the_picker_lists_campaign_names_as_they_are(
    example_workspace: Workspace,
) -> None:
    example_workspace.catalog.apply("c2", "rename", "tester", title=HOSTILE[0])
    app = open_card(None)

    assert HOSTILE[0] in app.selectbox(key="card_pick").options


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_page_that_fails_still_leaves_the_sidebars_links_to_the_others(
    example_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(campaign: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(_card, "overview", broken)
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.switch_page("pages/campaign.py")
    app.query_params["id"] = "c1"
    app.run()

    assert len(app.exception) == 1
    assert "categories" in nav_link_pages(app)


def nav_link_pages(app: AppTest) -> list[str]:
    return [link.proto.page for link in app.sidebar.get("page_link")]


# -- charts, trends and files of a period that runs until today ------------------------


def add_events(workspace: Workspace, *rows: tuple[str, datetime, str, str]) -> None:
    """Journey-level events of c1 (event id, time, user, type), imported as a
    new snapshot."""
    frame = pl.DataFrame(
        {
            "event_id": [r[0] for r in rows],
            "ts": [r[1] for r in rows],
            "campaign_id": ["c1"] * len(rows),
            "message_id": [None] * len(rows),
            "channel": [None] * len(rows),
            "user_id": [r[2] for r in rows],
            "event_type": [r[3] for r in rows],
            "goal_id": [None] * len(rows),
        },
        schema=EVENT_SCHEMA,
    )
    workspace.store.append(frame, author="tester", source="test")


def charts_drawn(app: AppTest) -> list[tuple[dict[str, Any], pl.DataFrame]]:
    """Each chart's Vega-Lite spec and the rows Streamlit sends with it."""
    drawn = []
    for chart in app.get("vega_lite_chart"):
        [dataset] = chart.proto.datasets
        rows = pa.ipc.open_stream(dataset.data.data).read_all()
        drawn.append((json.loads(chart.proto.spec), pl.from_arrow(rows)))
    return drawn


def activity_charts(app: AppTest) -> list[tuple[dict[str, Any], pl.DataFrame]]:
    return [(s, rows) for s, rows in charts_drawn(app) if "day" in rows.columns]


def caption(spec: dict[str, Any]) -> str:
    """The caption under a chart's title, its lines joined."""
    subtitle = spec["title"]["subtitle"]
    return subtitle if isinstance(subtitle, str) else " ".join(subtitle)


def this_week(workspace: Workspace) -> tuple[str, str]:
    """The last seven days up to today (UTC), with a goal three days ago and
    one ten days ago, in the previous seven days."""
    today = datetime.now(UTC).date()
    noon = datetime.combine(today, time(12), tzinfo=UTC)
    add_events(
        workspace,
        ("w-1", noon - timedelta(days=3), "u1", "goal_reached"),
        ("w-2", noon - timedelta(days=10), "u2", "goal_reached"),
    )
    return (today - timedelta(days=6)).isoformat(), today.isoformat()


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize(
    ("lang", "days_ahead"),
    [("en", 0), ("fr", 0), ("en", 5)],
    ids=["ending today", "ending today in French", "ending after today"],
)
def test_today_is_drawn_as_a_partial_day_and_the_lines_stop_there(
    example_workspace: Workspace, lang: str, days_ahead: int
) -> None:
    start, today = this_week(example_workspace)
    end = date.fromisoformat(today) + timedelta(days=days_ahead)
    app = open_card("c1", start, end.isoformat(), lang=lang)

    [(spec, rows)] = activity_charts(app)  # opens, clicks, goals; no sends
    assert caption(spec) == i18n.t("chart.partial_day", lang)
    assert rows["day"].max() == today
    assert rows.filter(pl.col("partial"))["day"].unique().to_list() == [today]


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_period_over_before_today_has_no_partial_day(
    example_workspace: Workspace,
) -> None:
    drawn = activity_charts(open_card("c1"))

    assert [spec["title"] for spec, _ in drawn] == [
        "Daily activity: sends",
        "Daily activity: opens, clicks, goals",
    ]
    assert not any(rows["partial"].any() for _, rows in drawn)


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize(
    ("lang", "description"),
    [
        ("en", "vs 7 days before"),
        ("fr", "par rapport à J-7"),
    ],
)
def test_a_running_period_is_compared_with_the_same_time_a_period_earlier(
    example_workspace: Workspace, lang: str, description: str
) -> None:
    app = open_card("c1", *this_week(example_workspace), lang=lang)

    described = [m.proto.delta_description for m in app.metric if m.delta]
    assert described and set(described) == {description}


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_an_unchanged_figure_shows_no_sign_arrow_or_colour(
    example_workspace: Workspace,
) -> None:
    # One goal in each week: no rise, no fall.
    app = open_card("c1", *this_week(example_workspace))

    [goals] = [m for m in app.metric if m.label == "Goals reached"]
    assert goals.delta == "0"
    assert goals.proto.color == goals.proto.MetricColor.GRAY
    assert goals.proto.direction == goals.proto.MetricDirection.NONE


def test_the_same_time_comparison_reads_for_one_day_or_several() -> None:
    texts = [
        count_text("card.vs_same_time", n, lang)
        for lang in ("en", "fr")
        for n in (1, 30)
    ]
    assert texts == [
        "vs 1 day before",
        "vs 30 days before",
        "par rapport à J-1",
        "par rapport à J-30",
    ]


# -- a period that starts before the data ----------------------------------------------


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize(
    ("lang", "first_day"), [("en", "20 Feb 2026"), ("fr", "20 févr. 2026")]
)
def test_days_before_the_first_event_are_not_drawn_as_zeros_and_a_caption_says_why(
    example_workspace: Workspace, lang: str, first_day: str
) -> None:
    # The worked example's first event, e01, is on 20 February 2026.
    app = open_card("c1", "2026-01-01", "2026-03-31", lang=lang)

    notes = [rendered(c.value) for c in app.caption if first_day in rendered(c.value)]
    assert notes == [i18n.t("card.data_starts", lang, date=first_day)]
    for _, rows in activity_charts(app):
        assert rows["day"].min() == "2026-02-20"
        assert rows["day"].max() == "2026-03-31"


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_starting_before_the_data_changes_no_figure(
    example_workspace: Workspace,
) -> None:
    since_january = Period(date(2026, 1, 1), date(2026, 3, 31), "UTC")
    expected = example_workspace.analytics().campaign_summary("c1", since_january)
    assert expected is not None

    shown = metrics(open_card("c1", "2026-01-01", "2026-03-31"))

    assert shown["Total reach"][0] == str(expected["total_reach"])
    assert shown["Entries"][0] == str(expected["entries"])
    assert shown["Goals reached"][0] == str(expected["goals_reached"])
    assert shown["Average CTR"][0] == i18n.fmt_pct(expected["avg_ctr_pct"], "en")


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize(
    ("start", "end", "note"),
    [
        ("2026-03-01", "2026-03-31", None),
        ("2026-02-20", "2026-03-31", None),
        ("2025-01-01", "2025-01-31", "card.data_starts_after"),
    ],
    ids=["after the first event", "on its day", "over before it"],
)
def test_the_data_start_is_mentioned_only_when_the_period_starts_before_it(
    example_workspace: Workspace, start: str, end: str, note: str | None
) -> None:
    app = open_card("c1", start, end)

    notes = [rendered(c.value) for c in app.caption if "data only starts" in c.value]
    expected = [] if note is None else [i18n.t(note, "en", date="20 Feb 2026")]
    assert notes == expected


# -- the funnel counts people ---------------------------------------------------------


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize(
    ("lang", "people", "steps"),
    [
        (
            "en",
            "People (distinct users)",
            ["Entered the journey", "Were sent or shown a message", "Reached a goal"],
        ),
        (
            "fr",
            "Personnes (utilisateurs distincts)",
            ["Entrées dans le parcours", "Ont reçu ou vu un message"],
        ),
    ],
)
def test_the_funnel_says_it_counts_distinct_people_not_events(
    example_workspace: Workspace, lang: str, people: str, steps: list[str]
) -> None:
    app = open_card("c1", lang=lang)

    [(spec, rows)] = [(s, r) for s, r in charts_drawn(app) if "users" in r.columns]
    assert caption(spec) == i18n.t("card.chart.funnel_note", lang)
    assert spec["title"]["text"] == i18n.t("card.chart.funnel", lang)
    bars, _ = spec["layer"]
    assert bars["encoding"]["x"]["title"] == people
    assert set(steps) <= set(rows["label"].to_list())
    # c1 in March: four entries by three people (the Unique users figure)
    assert rows["users"].to_list()[0] == 3


def test_the_history_names_what_an_import_changed_and_an_edit_without_details() -> None:
    at = datetime(2026, 3, 5, tzinfo=UTC)
    grown = Change(
        at,
        "importer",
        "campaign",
        "c1",
        "edit",
        {"messages": 2},
        {"messages": 3, "source": "canonical+segment"},
    )
    bare = Change(at, "demo", "campaign", "c1", "edit", None, None)

    assert _card.describe_change(grown) == (
        "messages: 2 → 3; source: -- → Canonical events + Segment"
    )
    assert _card.describe_change(bare) == "details not recorded"
