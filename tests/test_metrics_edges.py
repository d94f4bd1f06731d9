"""Edge cases of the metric layer, each on a tiny data set written by hand.

Events go straight into the store (as another tool writing the Delta table
would), so rows the importers refuse can be tried too. Campaign c1 has a push
message m1 and an email m2; d1 is a draft with an SMS message m3.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import polars as pl
import pytest

from journeys.catalog import Catalog
from journeys.export import CsvFormat, campaign_stats_csv
from journeys.metrics import Analytics
from journeys.periods import Period, local_midnight, zone
from journeys.schema import EVENT_SCHEMA
from journeys.store import EventStore

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
CATALOG = {
    "categories": [{"id": "default", "name": "Default", "is_default": True}],
    "campaigns": [
        {
            "id": "c1",
            "title": "Welcome",
            "status": "active",
            "messages": [
                {"id": "m1", "name": "Hello push", "channel": "push"},
                {"id": "m2", "name": "Hello mail", "channel": "email"},
            ],
            "goals": [{"id": "g1", "name": "Order"}],
        },
        {
            "id": "d1",
            "title": "Restored to draft",
            "status": "draft",
            "messages": [{"id": "m3", "name": "Text", "channel": "sms"}],
            "goals": [],
        },
    ],
}


def analytics_of(folder: Path, rows: str) -> Analytics:
    """Analytics over CATALOG and `rows`: `ts campaign message channel user type`
    per line, `-` for an empty cell."""
    catalog = Catalog.open(f"sqlite:///{folder / 'catalog.sqlite'}")
    catalog.seed(CATALOG, actor="tester")
    records = []
    for number, line in enumerate(rows.strip().splitlines()):
        ts, campaign, message, channel, user, event_type = line.split()
        records.append(
            {
                "event_id": f"e{number}",
                "ts": ts,
                "campaign_id": campaign,
                "message_id": None if message == "-" else message,
                "channel": None if channel == "-" else channel,
                "user_id": user,
                "event_type": event_type,
                "goal_id": "g1" if event_type == "goal_reached" else None,
            }
        )
    frame = pl.DataFrame(records, schema={**EVENT_SCHEMA, "ts": pl.String()})
    frame = frame.with_columns(pl.col("ts").str.to_datetime(time_zone="UTC"))
    store = EventStore(folder / "events")
    store.append(frame, author="tester", source="hand")
    return Analytics(store, catalog)


def campaign(analytics: Analytics, campaign_id: str, period: Period = MARCH) -> dict:
    summary = analytics.campaign_summary(campaign_id, period)
    assert summary is not None
    return summary


def test_an_event_on_a_local_midnight_belongs_to_the_day_that_starts_there(
    tmp_path: Path,
) -> None:
    analytics = analytics_of(
        tmp_path,
        """
        2026-02-28T23:59:59.999999Z c1 - - u4 entered
        2026-03-01T00:00:00Z c1 - - u1 entered
        2026-03-31T23:59:59.999999Z c1 - - u2 entered
        2026-04-01T00:00:00Z c1 - - u3 entered
        """,
    )
    # UTC: u1 at the first instant, u2 a microsecond before the end
    utc = campaign(analytics, "c1")
    assert (utc["entries"], utc["unique_users"], utc["users_in_journey"]) == (2, 2, 3)
    daily = analytics.daily_activity("c1", MARCH)
    assert daily["entries"][0] == 1 and daily["entries"][-1] == 1
    # Paris (UTC+1 until the 29th, +2 after): u4 is 00:59:59.999999 on 1 March,
    # u2 is 01:59:59 on 1 April
    paris = Period(MARCH.start, MARCH.end, "Europe/Paris")
    assert campaign(analytics, "c1", paris)["entries"] == 2
    assert analytics.funnel("c1", paris)["users"][0] == 2  # u4 and u1


def test_a_journey_event_that_names_a_message_adds_no_channel_of_its_own(
    tmp_path: Path,
) -> None:
    analytics = analytics_of(
        tmp_path,
        """
        2026-03-02T10:00:00Z c1 m2 - u1 entered
        2026-03-02T10:05:00Z c1 m1 push u1 sent
        """,
    )
    channels = analytics.channel_stats("c1", MARCH)
    # the catalog's channels, each once; the entry naming m2 has no channel
    assert channels["channel"].to_list() == ["push", "email"]
    assert channels["sends"].to_list() == [1, 0]
    assert campaign(analytics, "c1")["users_in_journey"] == 1
    export = analytics.export_rows(MARCH).filter(pl.col("id") == "c1")
    assert (export["push_sends"].item(), export["email_sends"].item()) == (1, 0)


def test_an_event_counts_under_the_channel_it_names_even_against_its_message(
    tmp_path: Path,
) -> None:
    # m1 is a push message in the catalog, but these events say email
    analytics = analytics_of(
        tmp_path,
        """
        2026-03-02T10:00:00Z c1 m1 push u1 sent
        2026-03-02T10:01:00Z c1 m1 push u1 opened
        2026-03-03T10:00:00Z c1 m1 email u2 sent
        2026-03-03T10:01:00Z c1 m1 email u2 clicked
        """,
    )
    channels = {
        r["channel"]: r
        for r in analytics.channel_stats("c1", MARCH).iter_rows(named=True)
    }
    assert (channels["push"]["sends"], channels["push"]["clicks"]) == (1, 1)
    assert (channels["email"]["sends"], channels["email"]["clicks"]) == (1, 1)
    # the message keeps its catalog channel and pools both: 2 sends, 2 clicks
    m1 = analytics.message_stats("c1", MARCH).row(0, named=True)
    assert (m1["channel"], m1["sends"], m1["clicks"]) == ("push", 2, 2)


def test_a_draft_with_events_exports_what_the_list_shows(tmp_path: Path) -> None:
    # d1 ran, was archived and restored to draft: its events stay in the store
    analytics = analytics_of(
        tmp_path,
        """
        2026-03-02T10:00:00Z d1 - - u1 entered
        2026-03-02T10:01:00Z d1 m3 sms u1 sent
        2026-03-02T10:02:00Z d1 m3 sms u1 clicked
        2026-03-02T11:00:00Z d1 - - u1 goal_reached
        """,
    )
    listed = campaign(analytics, "d1")
    assert (listed["total_reach"], listed["goals_reached"], listed["avg_ctr_pct"]) == (
        None,
        None,
        None,
    )
    assert (listed["entries"], listed["total_sends"]) == (1, 1)
    exported = (
        analytics.export_rows(MARCH).filter(pl.col("id") == "d1").row(0, named=True)
    )
    # `--` is 0 for a count and empty for a rate; the other figures stay
    assert (exported["total_reach"], exported["goals_reached"]) == (0, 0)
    assert exported["avg_ctr_pct"] is None
    assert (exported["entries"], exported["total_sends"]) == (1, 1)
    assert (exported["sms_sends"], exported["sms_ctr_pct"]) == (1, 100.0)
    data = campaign_stats_csv(
        analytics.export_rows(MARCH), CsvFormat("standard", "en"), "UTC"
    )
    row = next(
        r for r in csv.DictReader(io.StringIO(data.decode())) if r["UUID"] == "d1"
    )
    assert (row["Total reach"], row["Average CTR (%)"], row["SMS CTR (%)"]) == (
        "0",
        "",
        "100.00",
    )


def test_a_message_event_that_names_no_message_counts_in_no_figure(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="journeys.metrics"):
        analytics = analytics_of(
            tmp_path,
            """
            2026-03-02T10:00:00Z c1 - - u1 entered
            2026-03-02T10:01:00Z c1 - push u2 sent
            2026-03-02T10:02:00Z c1 - push u2 opened
            """,
        )
    assert "2 events left out" in caplog.text
    c1 = campaign(analytics, "c1")
    # u1 entered; u2's send names no message, so it reached nobody
    assert (c1["total_reach"], c1["total_sends"], c1["avg_ctr_pct"]) == (1, 0, None)
    assert analytics.funnel("c1", MARCH)["users"].to_list() == [1, 0, 0, 0, 0]
    assert analytics.daily_activity("c1", MARCH)["sends"].sum() == 0
    assert analytics.channel_stats("c1", MARCH)["sends"].to_list() == [0, 0]


def test_campaign_ids_match_exactly_so_another_case_is_another_campaign(
    tmp_path: Path,
) -> None:
    # ids are the source's own, opaque: "C1" is not the catalog's "c1"
    analytics = analytics_of(
        tmp_path,
        """
        2026-03-02T10:00:00Z C1 - - u1 entered
        2026-03-02T10:01:00Z C1 M1 push u1 sent
        """,
    )
    c1 = campaign(analytics, "c1")
    assert (c1["has_stats"], c1["total_reach"], c1["entries"]) == (False, None, 0)
    unknown = analytics.unknown_to_catalog()
    assert list(zip(unknown["campaign_id"], unknown["message_id"], strict=True)) == [
        ("C1", None),
        ("C1", "M1"),
    ]


@pytest.mark.parametrize(
    "tz", ["America/Vancouver", "America/Havana", "Europe/Chisinau", "Europe/Paris"]
)
def test_the_daily_series_cuts_days_with_the_zone_rules_of_the_period(
    tmp_path: Path, tz: str
) -> None:
    # Python's zone data (the periods') and DuckDB's can disagree after a rule
    # change: here in late 2026 for the first three zones, on the machine this
    # was written on. Each day must hold the events of that local day as the
    # period reckons it, so the series adds up to the period's figures.
    hours = [
        datetime(2026, 10, 20, tzinfo=UTC) + timedelta(hours=h) for h in range(500)
    ]
    analytics = analytics_of(
        tmp_path,
        "\n".join(
            f"{ts:%Y-%m-%dT%H:%M:%SZ} c1 - - u{n} entered" for n, ts in enumerate(hours)
        ),
    )
    period = Period(date(2026, 10, 24), date(2026, 11, 4), tz)
    local_days = Counter(ts.astimezone(zone(tz)).date() for ts in hours)
    daily = analytics.daily_activity("c1", period)
    assert dict(zip(daily["day"], daily["entries"], strict=True)) == {
        day: local_days[day] for day in period.day_list()
    }
    assert daily["entries"].sum() == campaign(analytics, "c1", period)["entries"]


def test_an_unknown_event_type_or_channel_is_left_out_instead_of_failing_the_load(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # only another tool writing the Delta table can leave these rows
    with caplog.at_level(logging.WARNING, logger="journeys.metrics"):
        analytics = analytics_of(
            tmp_path,
            """
            2026-03-02T10:00:00Z c1 - - u1 entered
            2026-03-02T10:01:00Z c1 m1 push u1 sent
            2026-03-02T10:02:00Z c1 m1 fax u1 sent
            2026-03-02T10:03:00Z c1 m1 push u1 liked
            """,
        )
    assert "2 events left out" in caplog.text
    c1 = campaign(analytics, "c1")
    assert (c1["entries"], c1["total_sends"], c1["total_reach"]) == (1, 1, 1)
    assert analytics.freshness()["events"] == 2


def test_days_are_cut_with_the_pinned_tzdata_package_not_the_systems_copy() -> None:
    # Zones changed rules in 2026 (British Columbia among them); a machine's own
    # copy may lag, so every machine reads the package pinned in requirements.
    from importlib import resources
    from zoneinfo import ZoneInfo

    with (
        resources.files("tzdata.zoneinfo")
        .joinpath("America/Vancouver")
        .open("rb") as data
    ):
        pinned = ZoneInfo.from_file(data, key="America/Vancouver")
    for day in (date(2026, 7, 1), date(2026, 12, 1), date(2027, 1, 15)):
        expected = datetime.combine(day, time(0), tzinfo=pinned).astimezone(UTC)
        assert local_midnight(day, "America/Vancouver") == expected
