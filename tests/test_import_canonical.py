"""The canonical importer: CSV, Parquet, JSON Lines (plain, gzipped, arrays)."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from journeys.importers.canonical import parse_canonical
from journeys.importers.detect import detect_format

HEADER = "event_id,ts,campaign_id,message_id,channel,user_id,event_type,goal_id\n"


def record(event_id: str, ts: str, **extra: str) -> dict[str, str]:
    return {
        "event_id": event_id,
        "ts": ts,
        "campaign_id": "c1",
        "user_id": "u1",
        "event_type": "entered",
        **extra,
    }


def test_gzipped_json_lines_are_detected_and_read(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl.gz"
    lines = [record("e1", "2024-05-01T08:00:00Z"), record("e2", "2024-05-01T09:00:00Z")]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(r) for r in lines) + "\n")

    batch = parse_canonical([path])

    assert detect_format(path) == "canonical"
    assert (batch.rows_read, batch.events.height, batch.problems) == (2, 2, [])


def test_a_json_array_file_is_read_item_by_item(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text(json.dumps([record("e1", "2024-05-01T08:00:00Z"), {"x": 1}]))

    batch = parse_canonical([path])

    assert batch.events["event_id"].to_list() == ["e1"]
    assert [(p.row, p.key) for p in batch.problems] == [
        (2, "import.row.missing_event_id")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T08:00:00Z", datetime(2024, 5, 1, 8, tzinfo=UTC)),
        ("2024-05-01T10:00:00+02:00", datetime(2024, 5, 1, 8, tzinfo=UTC)),
        ("2024-05-01 03:30:00-04:30", datetime(2024, 5, 1, 8, tzinfo=UTC)),
        ("2024-05-01T08:00:00.250Z", datetime(2024, 5, 1, 8, 0, 0, 250000, tzinfo=UTC)),
    ],
    ids=["z", "plus-two", "minus-half-hour-with-space", "milliseconds"],
)
def test_zoned_timestamps_are_stored_in_utc(
    tmp_path: Path, text: str, expected: datetime
) -> None:
    path = tmp_path / "events.csv"
    path.write_text(HEADER + f"e1,{text},c1,,,u1,entered,\n", encoding="utf-8")

    batch = parse_canonical([path])

    assert batch.events["ts"].to_list() == [expected]


def test_a_naive_timestamp_is_refused_unless_the_file_is_declared_utc(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.csv"
    path.write_text(HEADER + "e1,2024-05-01T08:00:00,c1,,,u1,entered,\n")

    refused = parse_canonical([path])
    accepted = parse_canonical([path], assume_utc=True)

    assert [(p.row, p.key) for p in refused.problems] == [(2, "import.row.naive_ts")]
    assert accepted.events["ts"].to_list() == [datetime(2024, 5, 1, 8, tzinfo=UTC)]


def test_parquet_timestamps_keep_their_zone_and_naive_ones_follow_the_utc_rule(
    tmp_path: Path,
) -> None:
    base = pl.DataFrame(
        {
            "event_id": ["e1"],
            "campaign_id": ["c1"],
            "user_id": ["u1"],
            "event_type": ["entered"],
        }
    )
    zoned = tmp_path / "zoned.parquet"
    base.with_columns(
        ts=pl.lit(datetime(2024, 5, 1, 10)).dt.replace_time_zone("Europe/Paris")
    ).write_parquet(zoned)
    naive = tmp_path / "naive.parquet"
    base.with_columns(ts=pl.lit(datetime(2024, 5, 1, 8))).write_parquet(naive)

    # 10:00 in Paris in May (UTC+2) is 08:00 UTC.
    assert parse_canonical([zoned]).events["ts"].to_list() == [
        datetime(2024, 5, 1, 8, tzinfo=UTC)
    ]
    assert parse_canonical([naive]).problems[0].key == "import.row.naive_ts"
    assert parse_canonical([naive], assume_utc=True).events.height == 1


def test_every_broken_rule_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER
        + "e1,2024-05-01T08:00:00Z,c1,m1,email,u1,sent,\n"  # line 2: good
        + "e2,2024-05-01T08:00:00Z,c1,,,u1,sent,\n"  # 3: no message id
        + "e3,2024-05-01T08:00:00Z,c1,m1,fax,u1,sent,\n"  # 4: channel
        + "e4,2024-05-01T08:00:00Z,c1,,,u1,goal_reached,\n"  # 5: goal id
        + "e5,2024-05-01T08:00:00Z,,,,u1,entered,\n"  # 6: campaign
        + "e6,2024-05-01T08:00:00Z,c1,,,,entered,\n",  # 7: user
        encoding="utf-8",
    )

    batch = parse_canonical([path])

    assert batch.events["event_id"].to_list() == ["e1"]
    assert [(p.row, p.key) for p in batch.problems] == [
        (3, "import.row.missing_message_id"),
        (4, "import.row.unknown_channel"),
        (5, "import.row.missing_goal_id"),
        (6, "import.row.missing_campaign_id"),
        (7, "import.row.missing_user_id"),
    ]


def test_names_from_the_file_become_catalog_hints(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(
        json.dumps(
            record(
                "e1",
                "2024-05-01T08:00:00Z",
                event_type="sent",
                message_id="m1",
                channel="push",
                campaign_name="Spring sale",
                message_name="First push",
            )
        )
        + "\nnot json\n"
    )

    batch = parse_canonical([path])

    assert batch.campaigns["c1"].title == "Spring sale"
    assert batch.messages["c1\x00m1"].name == "First push"
    assert [(p.row, p.key) for p in batch.problems] == [(2, "import.bad_json")]
