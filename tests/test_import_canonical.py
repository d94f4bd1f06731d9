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
        ("2024-05-01T08:15Z", datetime(2024, 5, 1, 8, 15, tzinfo=UTC)),
        ("2024-05-01 08:15+00:00", datetime(2024, 5, 1, 8, 15, tzinfo=UTC)),
        ("2024-05-01T10:15:00+02", datetime(2024, 5, 1, 8, 15, tzinfo=UTC)),
        ("2024-05-01T10:15:00+0200", datetime(2024, 5, 1, 8, 15, tzinfo=UTC)),
        ("2024-05-01T10:15+02", datetime(2024, 5, 1, 8, 15, tzinfo=UTC)),
        (
            "2024-05-01T05:15:30.5-03",
            datetime(2024, 5, 1, 8, 15, 30, 500000, tzinfo=UTC),
        ),
    ],
    ids=[
        "z",
        "plus-two",
        "minus-half-hour-with-space",
        "milliseconds",
        "no-seconds-z",
        "no-seconds-with-space",
        "hour-only-offset",
        "offset-without-colon",
        "no-seconds-hour-only-offset",
        "fraction-hour-only-offset",
    ],
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


def test_a_naive_timestamp_without_seconds_is_read_when_the_file_is_utc(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.csv"
    path.write_text(HEADER + "e1,2024-05-01 08:15,c1,,,u1,entered,\n")

    accepted = parse_canonical([path], assume_utc=True)

    assert accepted.events["ts"].to_list() == [datetime(2024, 5, 1, 8, 15, tzinfo=UTC)]


@pytest.mark.parametrize(
    "text", ["yesterday", "2024-05-01T08:15:00+2", "2024-05-01", "2024-05-01T08Z"]
)
def test_a_bad_timestamp_is_quoted_in_its_reason(tmp_path: Path, text: str) -> None:
    path = tmp_path / "events.csv"
    path.write_text(HEADER + f"e1,{text},c1,,,u1,entered,\n")

    [problem] = parse_canonical([path]).problems

    assert (problem.key, problem.detail) == ("import.row.bad_ts", text)
    assert problem.reason == f"ts is not an ISO 8601 timestamp “{text}”"


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


GOOD_ROW = "e1,2024-05-01T08:00:00Z,c1,m1,email,u1,sent,"


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + (HEADER + GOOD_ROW + "\n").encode(),
        (HEADER + GOOD_ROW + "\n").replace("\n", "\r\n").encode(),
        (HEADER + GOOD_ROW + "\n").replace(",", ";").encode(),
        (HEADER + GOOD_ROW + "\n").replace(",", "\t").encode(),
        (HEADER.upper().replace(",", ", ") + GOOD_ROW + "\n").encode(),
    ],
    ids=["byte-order-mark", "crlf", "semicolons", "tabs", "capitalised-spaced-header"],
)
def test_a_csv_as_spreadsheets_write_it_is_detected_and_read(
    tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(data)

    batch = parse_canonical([path])

    assert detect_format(path) == "canonical"
    assert (batch.problems, batch.events["event_id"].to_list()) == ([], ["e1"])


def test_event_types_and_channels_are_read_whatever_their_case_and_spacing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER
        + "e1,2024-05-01T08:00:00Z,c1,m1,Email,u1,SENT,\n"
        + "e2,2024-05-01T08:00:00Z,c1,m2,In-App,u1, Impression ,\n"
        + "e3,2024-05-01T08:00:00Z,c1,,,u1,Goal Reached,g1\n",
        encoding="utf-8",
    )

    batch = parse_canonical([path])

    assert batch.problems == []
    assert batch.events.select("channel", "event_type").rows() == [
        ("email", "sent"),
        ("inapp", "impression"),
        (None, "goal_reached"),
    ]


def test_a_line_with_more_fields_than_the_header_is_named(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER + GOOD_ROW + "\n" + GOOD_ROW.replace("e1", "e2") + ",Paris, France\n",
        encoding="utf-8",
    )

    batch = parse_canonical([path])

    assert [(p.row, p.key) for p in batch.problems] == [
        (3, "import.row.too_many_fields")
    ]
    assert "10 fields but the header has 8" in batch.problems[0].reason


def test_a_csv_that_is_not_utf8_is_refused_as_such(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes((HEADER + GOOD_ROW + ",Café\n").encode("latin-1"))

    batch = parse_canonical([path])

    assert [(p.row, p.key) for p in batch.problems] == [(0, "import.not_utf8")]
    assert "save it as UTF-8" in batch.problems[0].reason


def test_a_csv_named_otherwise_is_still_read_as_csv(tmp_path: Path) -> None:
    gzipped = tmp_path / "events.csv.gz"
    gzipped.write_bytes(gzip.compress((HEADER + GOOD_ROW + "\n").encode()))
    text = tmp_path / "events.txt"
    text.write_text(HEADER + GOOD_ROW.replace("e1", "e2") + "\n", encoding="utf-8")

    batch = parse_canonical([gzipped, text])

    assert batch.problems == []
    assert batch.events["event_id"].to_list() == ["e1", "e2"]


def test_a_json_value_that_is_neither_text_nor_a_number_rejects_its_row(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.jsonl"
    rows = [
        record("e1", "2024-05-01T08:00:00Z", user_id=7),  # type: ignore[arg-type]
        record("e2", "2024-05-01T08:00:00Z", user_id=True),  # type: ignore[arg-type]
        record("e3", "2024-05-01T08:00:00Z", goal_id={"id": 1}),  # type: ignore[arg-type]
        {**record("e4", "2024-05-01T08:00:00Z"), "extra": [1, 2]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")

    batch = parse_canonical([path])

    # A number is an identifier like any other; columns outside the schema are
    # not read at all.
    assert batch.events["event_id"].to_list() == ["e1", "e4"]
    assert batch.events["user_id"].to_list() == ["7", "u1"]
    assert [(p.row, p.key) for p in batch.problems] == [
        (2, "import.row.not_text"),
        (3, "import.row.not_text"),
    ]


def test_bad_bytes_or_a_cut_last_line_are_the_problem_of_their_own_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.jsonl"
    good = json.dumps(record("e1", "2024-05-01T08:00:00Z"))
    path.write_bytes(
        b"\xef\xbb\xbf"
        + good.encode()
        + b'\n{"event_id": "\xff"}\n'
        + good[:25].encode()
    )

    batch = parse_canonical([path])

    assert detect_format(path) == "canonical"
    assert batch.events["event_id"].to_list() == ["e1"]
    assert [p.row for p in batch.problems] == [2, 3]
    assert "not UTF-8" in batch.problems[0].reason
    assert "is the file complete?" in batch.problems[1].reason


def test_a_parquet_column_of_lists_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    pl.DataFrame(
        {**record("e1", "2024-05-01T08:00:00Z"), "message_id": [["m1"]]}
    ).write_parquet(path)

    batch = parse_canonical([path])

    assert [p.key for p in batch.problems] == ["import.not_text"]
    assert "message_id" in batch.problems[0].reason


def test_identifiers_the_catalog_cannot_hold_are_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER
        + f"e1,2024-05-01T08:00:00Z,{'c' * 65},,,u1,entered,\n"
        + f"e2,2024-05-01T08:00:00Z,{'c' * 64},,,u1,entered,\n"
        + f"e3,2024-05-01T08:00:00Z,c1,{'m' * 201},email,u1,sent,\n"
        + '"e4","2024-05-01T08:00:00Z","c\x001",,,"u1","entered",\n'
        + '"e5","2024-05-01T08:00:00Z","c1",,,"u\n1","entered",\n',
        encoding="utf-8",
    )

    batch = parse_canonical([path])

    assert batch.events["event_id"].to_list() == ["e2"]
    assert [(p.row, p.key) for p in batch.problems] == [
        (2, "import.row.long_id"),
        (4, "import.row.long_id"),
        (5, "import.row.control_character"),
        (6, "import.row.control_character"),
    ]
    assert batch.problems[0].reason == "campaign_id is longer than 64 characters"


def test_a_time_before_2000_or_after_tomorrow_is_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER
        + "e1,1970-01-01T00:00:00Z,c1,,,u1,entered,\n"
        + "e2,9999-12-31T23:59:59Z,c1,,,u1,entered,\n"
        + "e3,2000-01-01T00:00:00Z,c1,,,u1,entered,\n",
        encoding="utf-8",
    )

    batch = parse_canonical([path])

    assert batch.events["event_id"].to_list() == ["e3"]
    assert [(p.row, p.key) for p in batch.problems] == [
        (2, "import.row.ts_out_of_range"),
        (3, "import.row.ts_out_of_range"),
    ]


def test_a_repeated_event_is_dropped_and_one_with_other_content_is_a_bad_row(
    tmp_path: Path,
) -> None:
    first = tmp_path / "a.csv"
    first.write_text(HEADER + GOOD_ROW + "\n" + GOOD_ROW + "\n", encoding="utf-8")
    second = tmp_path / "b.jsonl"
    second.write_text(
        json.dumps(record("e1", "2024-05-01T08:00:00Z", event_type="entered")) + "\n",
        encoding="utf-8",
    )

    batch = parse_canonical([first, second])

    assert batch.events["event_id"].to_list() == ["e1"]
    assert batch.duplicates == 1
    assert [(Path(p.file).name, p.row, p.key) for p in batch.problems] == [
        ("b.jsonl", 1, "import.row.conflicting_duplicate")
    ]
    assert batch.problems[0].reason.endswith(f"({first}, row 2)")


def test_blank_lines_in_a_csv_are_not_rows_and_keep_the_line_numbers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER + "\n" + GOOD_ROW + "\n,,,,,,,\n" + "e2,later,c1,,,u1,entered,\n\n",
        encoding="utf-8",
    )

    batch = parse_canonical([path])

    assert batch.events["event_id"].to_list() == ["e1"]
    assert [(p.row, p.key) for p in batch.problems] == [(5, "import.row.bad_ts")]


def test_json_keys_in_capitals_are_detected_and_read_like_csv_headers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.jsonl"
    row = {k.upper(): v for k, v in record("e1", "2024-05-01T08:00:00Z").items()}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")

    assert detect_format(path) == "canonical"
    assert parse_canonical([path]).events["event_id"].to_list() == ["e1"]


def test_a_bad_row_is_kept_as_written_to_be_fixed_and_imported_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER + "b1,2026-03-05T08:00:00Z,c1,m1,In-App, u1 ,Tele-ported,\n",
        encoding="utf-8",
    )

    (problem,) = parse_canonical([path]).problems

    assert problem.raw == "b1,2026-03-05T08:00:00Z,c1,m1,In-App, u1 ,Tele-ported,"
