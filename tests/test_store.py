"""The Delta event store: versions, history metadata and de-duplication."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from journeys.errors import StoreError
from journeys.schema import EVENT_SCHEMA
from journeys.store import EventStore
from journeys.workspace import Workspace


def events(*ids: str, campaign: str = "c1") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "event_id": list(ids),
            "ts": [datetime(2024, 5, 1, 8, i, tzinfo=UTC) for i in range(len(ids))],
            "campaign_id": [campaign] * len(ids),
            "message_id": [None] * len(ids),
            "channel": [None] * len(ids),
            "user_id": ["u1"] * len(ids),
            "event_type": ["entered"] * len(ids),
            "goal_id": [None] * len(ids),
        },
        schema=EVENT_SCHEMA,
    )


def test_each_append_is_a_version_with_its_author_source_and_counts(
    tmp_path: Path,
) -> None:
    store = EventStore(tmp_path / "events")

    first = store.append(events("a", "b"), author="ana", source="a.csv")
    second = store.append(
        events("b", "c", "c"), author="bo", source="b.csv", rows_rejected=4
    )

    assert (first.version, first.rows_added, first.duplicates) == (0, 2, 0)
    # "b" is already stored and "c" comes twice: 3 rows, 1 added, 2 skipped.
    assert (second.version, second.rows_added, second.duplicates) == (1, 1, 2)
    history = store.history()
    assert [(h.version, h.author, h.source) for h in history] == [
        (1, "bo", "b.csv"),
        (0, "ana", "a.csv"),
    ]
    assert (history[0].rows_added, history[0].rows_rejected) == (1, 4)
    assert history[0].duplicates == 2


def test_an_older_version_still_reads_as_it_was(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "events")
    store.append(events("a"), author="t", source="one")
    store.append(events("b", "c"), author="t", source="two")

    assert store.read_all(0)["event_id"].to_list() == ["a"]
    assert sorted(store.read_all()["event_id"].to_list()) == ["a", "b", "c"]
    assert store.current_version() == 1


def test_an_empty_store_reads_as_nothing_and_a_missing_version_is_an_error(
    tmp_path: Path,
) -> None:
    store = EventStore(tmp_path / "events")

    assert (store.snapshot(), store.history(), store.read_all().height) == (None, [], 0)
    store.append(events("a"), author="t", source="one")
    with pytest.raises(StoreError) as missing:
        store.snapshot(7)
    assert missing.value.key == "store.no_version"


def test_events_whose_catalog_entries_were_lost_in_a_crash_are_named_again(
    example_workspace: Workspace,
) -> None:
    # The import wrote its events, then died before naming c9 in the catalog.
    orphan = read_canonical_csv_text(
        "event_id,ts,campaign_id,message_id,channel,user_id,event_type,goal_id\n"
        "o1,2026-03-02T10:00:00Z,c9,,,u1,entered,\n"
        "o2,2026-03-02T10:01:00Z,c9,m9,sms,u1,sent,\n"
    )
    example_workspace.store.append(orphan, author="tester", source="crashed")
    analytics = example_workspace.analytics()
    assert not example_workspace.catalog.exists("c9")

    assert example_workspace.reconcile(analytics) == 2  # one campaign, one message
    campaign = example_workspace.catalog.get("c9")
    assert [(m.id, m.channel) for m in campaign.messages] == [("m9", "sms")]
    assert example_workspace.reconcile(analytics) == 0


def read_canonical_csv_text(text: str) -> pl.DataFrame:
    frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    return frame.with_columns(pl.col("ts").str.to_datetime(time_zone="UTC"))


def test_an_append_of_events_all_already_stored_writes_no_version(
    tmp_path: Path,
) -> None:
    store = EventStore(tmp_path / "events")
    store.append(events("a", "b"), author="ana", source="a.csv")

    again = store.append(events("b", "a", "a"), author="bo", source="a.csv")

    assert (again.written, again.version, again.rows_added, again.duplicates) == (
        False,
        0,
        0,
        3,
    )
    assert [h.version for h in store.history()] == [0]


def test_an_older_snapshot_carries_its_own_creation_time(tmp_path: Path) -> None:
    store = EventStore(tmp_path / "events")
    for source in ("one", "two", "three"):
        store.append(events(source), author="t", source=source)
    made = {info.version: info.created_at for info in store.history()}

    assert len(set(made.values())) == 3  # three commits, three moments
    for version in (0, 1, 2):
        snapshot = store.snapshot(version)
        assert snapshot is not None
        assert snapshot.created_at == made[version]
