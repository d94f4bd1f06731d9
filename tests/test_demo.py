"""The demo generator: a deterministic catalog and events with sane funnels."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import polars as pl
import pytest

from journeys.demo import DemoData, generate_demo
from journeys.ingest import import_paths
from journeys.schema import CHANNELS, ENTRY_TYPES, EVENT_SCHEMA, STATUSES
from journeys.workspace import Workspace

TODAY = dt.date(2025, 3, 31)
N_EVENTS = 20_000
EXAMPLE_EVENTS = Path(__file__).parent / "fixtures" / "example" / "events.csv"


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate_demo(N_EVENTS, seed=11, today=TODAY)


def _campaign_ids(demo: DemoData, status: str) -> list[str]:
    return [c["id"] for c in demo.catalog["campaigns"] if c["status"] == status]


def test_same_seed_and_day_give_identical_output(demo: DemoData) -> None:
    again = generate_demo(N_EVENTS, seed=11, today=TODAY)
    assert again.catalog == demo.catalog
    assert again.events.equals(demo.events)


def test_another_seed_gives_other_events(demo: DemoData) -> None:
    other = generate_demo(N_EVENTS, seed=12, today=TODAY)
    assert not other.events.equals(demo.events)


def test_events_have_exactly_the_canonical_schema(demo: DemoData) -> None:
    assert dict(demo.events.schema) == EVENT_SCHEMA


def test_row_count_is_within_ten_percent_of_the_request(demo: DemoData) -> None:
    assert 0.9 * N_EVENTS <= demo.events.height <= 1.1 * N_EVENTS


def test_catalog_covers_every_status_type_and_channel(demo: DemoData) -> None:
    campaigns = demo.catalog["campaigns"]
    assert {c["status"] for c in campaigns} == set(STATUSES)
    assert {c["entry_type"] for c in campaigns} == set(ENTRY_TYPES)
    channels = {m["channel"] for c in campaigns for m in c["messages"]}
    assert channels == set(CHANNELS)
    assert 35 <= len(campaigns) <= 45


def test_catalog_has_default_and_at_least_four_custom_categories(
    demo: DemoData,
) -> None:
    categories = demo.catalog["categories"]
    defaults = [c for c in categories if c["is_default"]]
    assert defaults == [{"id": "default", "name": "Default", "is_default": True}]
    assert len(categories) - 1 >= 4
    known = {c["id"] for c in categories}
    assert {c["category_id"] for c in demo.catalog["campaigns"]} <= known


def test_catalog_ids_are_unique_uuids(demo: DemoData) -> None:
    campaigns = demo.catalog["campaigns"]
    ids = [c["id"] for c in campaigns]
    ids += [m["id"] for c in campaigns for m in c["messages"]]
    ids += [g["id"] for c in campaigns for g in c["goals"]]
    assert len(set(ids)) == len(ids)
    assert all(str(uuid.UUID(i)) == i for i in ids)


def test_catalog_times_are_iso_utc_and_ordered(demo: DemoData) -> None:
    for campaign in demo.catalog["campaigns"]:
        created = dt.datetime.fromisoformat(campaign["created_at"])
        updated = dt.datetime.fromisoformat(campaign["updated_at"])
        assert campaign["created_at"].endswith("Z")
        assert created <= updated
        assert updated.date() <= TODAY


def test_drafts_have_no_launch_and_no_events(demo: DemoData) -> None:
    drafts = _campaign_ids(demo, "draft")
    assert drafts
    for campaign in demo.catalog["campaigns"]:
        launched = campaign["launched_at"] is not None
        assert launched == (campaign["status"] != "draft")
    assert demo.events.filter(pl.col("campaign_id").is_in(drafts)).is_empty()


def test_event_ids_are_unique(demo: DemoData) -> None:
    assert demo.events["event_id"].n_unique() == demo.events.height


def test_events_reference_catalog_messages_and_goals(demo: DemoData) -> None:
    campaigns = demo.catalog["campaigns"]
    message_channel = {m["id"]: m["channel"] for c in campaigns for m in c["messages"]}
    goal_ids = {g["id"] for c in campaigns for g in c["goals"]}
    pairs = demo.events.select("message_id", "channel").unique().drop_nulls()
    assert all(message_channel[m] == ch for m, ch in pairs.iter_rows())
    assert set(demo.events["goal_id"].drop_nulls()) <= goal_ids


def test_journey_events_have_no_message_and_only_goals_have_goal_ids(
    demo: DemoData,
) -> None:
    events = demo.events
    journey = pl.col("event_type").is_in(
        ["entered", "exited", "dropped", "goal_reached"]
    )
    assert events.filter(journey & pl.col("message_id").is_not_null()).is_empty()
    assert events.filter(~journey & pl.col("channel").is_null()).is_empty()
    goal_rows = pl.col("event_type") == "goal_reached"
    assert events.filter(goal_rows != pl.col("goal_id").is_not_null()).is_empty()


def test_each_run_ends_at_most_once_and_after_its_entry(demo: DemoData) -> None:
    # Per user and campaign, entries and ends must alternate; a leading end is
    # a run that entered before the window.
    boundaries = (
        demo.events.filter(pl.col("event_type").is_in(["entered", "exited", "dropped"]))
        .with_columns(is_end=pl.col("event_type") != "entered")
        .sort("campaign_id", "user_id", "ts")
        .with_columns(
            previous_end=pl.col("is_end").shift(1).over("campaign_id", "user_id")
        )
    )
    repeated = boundaries.filter(pl.col("is_end") == pl.col("previous_end"))
    assert repeated.is_empty()
    assert boundaries["is_end"].sum() > 0


@pytest.mark.parametrize("days", [1, 7], ids=["one day", "one week"])
def test_short_windows_still_hit_the_volume_and_keep_runs_apart(days: int) -> None:
    # Short windows make most runs start before the window and keep paused
    # campaigns' runs open: the two cases that once broke the overlap check.
    events = generate_demo(N_EVENTS, seed=5, today=TODAY, days=days).events
    assert 0.9 * N_EVENTS <= events.height <= 1.1 * N_EVENTS
    boundaries = (
        events.filter(pl.col("event_type").is_in(["entered", "exited", "dropped"]))
        .with_columns(is_end=pl.col("event_type") != "entered")
        .sort("campaign_id", "user_id", "ts")
        .with_columns(
            previous_end=pl.col("is_end").shift(1).over("campaign_id", "user_id")
        )
    )
    assert boundaries.filter(pl.col("is_end") == pl.col("previous_end")).is_empty()


def test_a_goal_is_reached_before_its_run_exits(demo: DemoData) -> None:
    journey = (
        demo.events.filter(
            pl.col("event_type").is_in(["goal_reached", "exited", "dropped"])
        )
        .sort("campaign_id", "user_id", "ts")
        .with_columns(
            next_type=pl.col("event_type").shift(-1).over("campaign_id", "user_id")
        )
        .filter(pl.col("event_type") == "goal_reached")
    )
    assert journey.height > 0
    # The exit may fall after the window's end, leaving no next event.
    assert set(journey["next_type"].drop_nulls()) == {"exited"}


def test_trigger_campaigns_see_users_enter_again(demo: DemoData) -> None:
    triggers = [
        c["id"] for c in demo.catalog["campaigns"] if c["entry_type"] == "trigger"
    ]
    entries = demo.events.filter(
        pl.col("campaign_id").is_in(triggers) & (pl.col("event_type") == "entered")
    )
    per_user = entries.group_by("campaign_id", "user_id").len()
    assert per_user.filter(pl.col("len") >= 2).height > 0


def test_some_users_are_reached_without_an_entry_in_the_period(
    demo: DemoData,
) -> None:
    events = demo.events
    entered = events.filter(pl.col("event_type") == "entered").select(
        "campaign_id", "user_id"
    )
    sent = events.filter(pl.col("event_type") == "sent").select(
        "campaign_id", "user_id"
    )
    assert sent.join(entered, on=["campaign_id", "user_id"], how="anti").height > 0


def test_push_has_no_clicks(demo: DemoData) -> None:
    push_clicks = demo.events.filter(
        (pl.col("channel") == "push") & (pl.col("event_type") == "clicked")
    )
    assert push_clicks.is_empty()
    assert demo.events.filter(pl.col("channel") == "push").height > 0


def test_every_event_falls_inside_the_window(demo: DemoData) -> None:
    # 90 days ending 2025-03-31 start on 2025-01-01.
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
    ts = demo.events["ts"]
    assert ts.min() >= start
    assert ts.max() < end


def test_entries_happen_across_the_hours_of_the_day(demo: DemoData) -> None:
    entries = demo.events.filter(pl.col("event_type") == "entered")
    assert entries["ts"].dt.hour().n_unique() >= 20


def test_stopped_campaigns_send_nothing_after_they_stopped(demo: DemoData) -> None:
    for campaign in demo.catalog["campaigns"]:
        if campaign["status"] not in ("paused", "inactive"):
            continue
        stopped = dt.datetime.fromisoformat(campaign["updated_at"])
        sends = demo.events.filter(
            (pl.col("campaign_id") == campaign["id"]) & (pl.col("event_type") == "sent")
        )
        if sends.height:
            assert sends["ts"].max() < stopped + dt.timedelta(seconds=1)


@pytest.mark.parametrize(
    ("channel", "numerator", "denominator", "low_pct", "high_pct"),
    [
        ("email", "opened", "sent", 10, 50),
        ("email", "clicked", "sent", 1, 10),
        ("email", "delivered", "sent", 90, 100),
        ("push", "opened", "sent", 2, 15),
        ("sms", "clicked", "sent", 2, 15),
        ("whatsapp", "opened", "sent", 40, 80),
        ("inapp", "clicked", "impression", 5, 30),
    ],
    ids=[
        "email opens",
        "email clicks",
        "email deliveries",
        "push taps",
        "sms clicks",
        "whatsapp reads",
        "in-app interactions",
    ],
)
def test_channel_rates_are_plausible(
    demo: DemoData,
    channel: str,
    numerator: str,
    denominator: str,
    low_pct: float,
    high_pct: float,
) -> None:
    counts = dict(
        demo.events.filter(pl.col("channel") == channel)
        .group_by("event_type")
        .len()
        .iter_rows()
    )
    assert counts[denominator] > 100
    rate_pct = 100 * counts.get(numerator, 0) / counts[denominator]
    assert low_pct <= rate_pct <= high_pct


def test_volumes_differ_a_lot_between_campaigns(demo: DemoData) -> None:
    sizes = demo.events.group_by("campaign_id").len()["len"]
    assert sizes.max() >= 10 * sizes.min()


def test_an_empty_request_gives_an_empty_frame_with_the_schema() -> None:
    empty = generate_demo(0, today=TODAY)
    assert empty.events.is_empty()
    assert dict(empty.events.schema) == EVENT_SCHEMA
    assert len(empty.catalog["campaigns"]) >= 35


def test_a_demo_made_in_the_morning_holds_nothing_from_later_that_day() -> None:
    now = dt.datetime(2025, 3, 31, 4, 50, tzinfo=dt.UTC)

    made = generate_demo(N_EVENTS, seed=11, until=now)

    assert made.events["ts"].max() < now
    assert made.events["ts"].max() > now - dt.timedelta(hours=6)
    assert all(
        dt.datetime.fromisoformat(c["updated_at"]) < now
        for c in made.catalog["campaigns"]
    )
    assert 0.9 * N_EVENTS <= made.events.height <= 1.1 * N_EVENTS


def test_no_campaign_has_more_exits_and_drops_than_entries(demo: DemoData) -> None:
    # Users in journey is entries minus exits minus drops over all time; runs
    # already under way when the window opens must not leave their exits alone.
    balance = demo.events.group_by("campaign_id").agg(
        (pl.col("event_type") == "entered").cast(pl.Int64).sum()
        - pl.col("event_type").is_in(["exited", "dropped"]).cast(pl.Int64).sum()
    )
    assert balance.filter(pl.col("event_type") < 0).is_empty()


def test_a_demo_size_of_zero_leaves_the_folder_empty(
    empty_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNEYS_DEMO_EVENTS", "0")

    assert empty_workspace.ensure_demo() is False
    assert empty_workspace.is_empty()
    assert empty_workspace.demo_share() is None


def test_the_demo_share_says_when_imports_sit_beside_the_demo_data(
    empty_workspace: Workspace,
) -> None:
    assert empty_workspace.ensure_demo(3_000)
    assert empty_workspace.demo_share() == "only"

    import_paths(
        [EXAMPLE_EVENTS], empty_workspace.store, empty_workspace.catalog, "tester"
    )

    assert empty_workspace.demo_share() == "mixed"
