"""Segment spec email/push events parsed into canonical rows."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from journeys.errors import IngestError
from journeys.importers.detect import detect_format, expand_paths
from journeys.importers.segment import EMAIL_SENDS_NOTE, parse_segment
from journeys.schema import EVENT_SCHEMA

SAMPLES = Path(__file__).parent / "samples" / "segment"


def track(event: str, message_id: str | None = "m-1", **overrides: Any) -> str:
    record: dict[str, Any] = {
        "type": "track",
        "event": event,
        "userId": "u1",
        "timestamp": "2024-05-01T08:00:00Z",
        "properties": {"campaign_id": "c-1", "email_id": "e-1"},
    }
    if message_id is not None:
        record["messageId"] = message_id
    record.update(overrides)
    return json.dumps(record)


def write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_sample_maps_every_segment_event_and_synthesises_sends() -> None:
    batch = parse_segment([SAMPLES / "email_and_push.jsonl"])

    assert batch.ok
    assert dict(batch.events.schema) == EVENT_SCHEMA
    rows = batch.events.select("event_id", "channel", "event_type").rows()
    assert rows == [
        ("m-1:sent", "email", "sent"),
        ("m-1", "email", "delivered"),
        ("m-2", "email", "opened"),
        ("m-3", "email", "clicked"),
        ("m-4", "email", "bounced"),
        ("m-6", "email", "unsubscribed"),
        ("m-7:sent", "push", "sent"),
        ("m-7", "push", "delivered"),
        ("m-8", "push", "opened"),
        ("m-9", "push", "bounced"),
    ]
    # 12 lines: identify, page, spam and an unknown event are ignored, not errors.
    assert batch.rows_read == 12
    assert batch.ignored == {
        "identify call": 1,
        "page call": 1,
        "Email Marked as Spam": 1,
        "Order Completed": 1,
    }
    assert EMAIL_SENDS_NOTE in batch.notes


def test_times_are_converted_to_utc_and_the_sent_copy_keeps_the_delivery_time() -> None:
    batch = parse_segment([SAMPLES / "email_and_push.jsonl"])
    ts = dict(zip(batch.events["event_id"], batch.events["ts"], strict=True))

    assert ts["m-1:sent"] == ts["m-1"] == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    # 09:00 at +02:00 is 07:00 UTC.
    assert ts["m-2"] == datetime(2024, 5, 1, 7, 0, tzinfo=UTC)


def test_campaign_and_message_hints_come_from_the_properties() -> None:
    batch = parse_segment([SAMPLES / "email_and_push.jsonl"])

    assert {c.id: c.title for c in batch.campaigns.values()} == {
        "c-welcome": "Welcome",
        "c-promo": "Spring promo",
    }
    hints = {(m.id, m.campaign_id, m.name, m.channel) for m in batch.messages.values()}
    assert hints == {
        ("e-hello", "c-welcome", "Hello", "email"),
        ("c-promo:push", "c-promo", "Push", "push"),
    }
    assert set(batch.events.filter(channel="push")["message_id"]) == {"c-promo:push"}


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("email_opened", "opened"),
        ("EMAIL OPENED", "opened"),
        ("Email  Opened", "opened"),
        ("email-link-clicked", "clicked"),
        ("PushNotificationTapped", "opened"),
        ("unsubscribed", "unsubscribed"),
    ],
)
def test_event_names_match_whatever_their_case_and_spacing(
    tmp_path: Path, spelling: str, expected: str
) -> None:
    batch = parse_segment([write(tmp_path, "a.jsonl", track(spelling))])

    assert list(batch.events["event_type"]) == [expected]


def test_an_unknown_event_name_is_counted_as_ignored_not_an_error(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "a.jsonl", track("Cart Viewed"), track("Cart Viewed", "m-2"))
    batch = parse_segment([path])

    assert batch.ok
    assert batch.events.is_empty()
    assert batch.ignored == {"Cart Viewed": 2}


def test_bad_rows_are_reported_with_file_line_and_reason(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.jsonl",
        track("Email Opened", "m-1"),
        '{"type": "track", "event": ',
        "",
        track("Email Opened", "m-3", userId=None),
        track("Email Opened", "m-4", properties={"email_id": "e-1"}),
        track("Email Opened", "m-5", timestamp="2024-05-01T08:00:00"),
        track("Email Opened", "m-6", timestamp="yesterday"),
    )
    batch = parse_segment([path])

    assert not batch.ok
    assert [(p.file, p.row) for p in batch.problems] == [
        (str(path), 2),
        (str(path), 4),
        (str(path), 5),
        (str(path), 6),
        (str(path), 7),
    ]
    reasons = [p.reason for p in batch.problems]
    assert reasons[0].startswith("malformed JSON")
    assert "user id" in reasons[1]
    assert "campaign_id" in reasons[2]
    assert "no time zone" in reasons[3]
    assert "not ISO 8601" in reasons[4]
    assert list(batch.events["event_id"]) == ["m-1"]


@pytest.mark.parametrize(
    "text", ["2024-05-01T08:15Z", "2024-05-01 10:15+02", "2024-05-01T10:15:00+0200"]
)
def test_timestamps_without_seconds_or_with_an_hour_offset_are_read(
    tmp_path: Path, text: str
) -> None:
    path = write(tmp_path, "a.jsonl", track("Email Opened", "m-1", timestamp=text))

    batch = parse_segment([path])

    assert batch.events["ts"].to_list() == [datetime(2024, 5, 1, 8, 15, tzinfo=UTC)]


def test_a_bad_timestamp_is_quoted_in_its_reason_and_its_detail(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "a.jsonl", track("Email Opened", "m-1", timestamp="soon"))

    [problem] = parse_segment([path]).problems

    assert (problem.key, problem.detail) == ("import.row.bad_ts", "soon")
    assert "'soon'" in problem.reason


def test_a_user_id_written_user_id_is_accepted(tmp_path: Path) -> None:
    line = track("Email Opened", userId=None, user_id="u-snake")
    batch = parse_segment([write(tmp_path, "a.jsonl", line)])

    assert list(batch.events["user_id"]) == ["u-snake"]


def test_a_duplicate_event_across_two_files_is_kept_once(tmp_path: Path) -> None:
    first = write(tmp_path, "day1.jsonl", track("Email Delivered", "m-1"))
    second = write(
        tmp_path,
        "day2.jsonl",
        track("Email Delivered", "m-1"),
        track("Email Opened", "m-2"),
    )
    calls: list[tuple[int, int]] = []
    batch = parse_segment([first, second], progress=lambda d, t: calls.append((d, t)))

    # The delivery and its synthetic send appear once; the open is new. The
    # repeated delivery is two repeated events, as the store would count them.
    assert list(batch.events["event_id"]) == ["m-1:sent", "m-1", "m-2"]
    assert batch.duplicates == 2
    assert any("2 duplicate event" in note for note in batch.notes)
    assert calls == [(0, 2), (1, 2), (2, 2)]


def test_an_event_without_message_id_gets_the_same_hashed_id_on_reimport(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "a.jsonl", track("Email Opened", message_id=None))
    once = parse_segment([path])
    twice = parse_segment(
        [path, write(tmp_path, "b.jsonl", track("Email Opened", None))]
    )

    event_id = once.events["event_id"][0]
    assert event_id.startswith("segment:")
    assert list(twice.events["event_id"]) == [event_id]


def test_an_email_without_subject_is_named_after_its_id(tmp_path: Path) -> None:
    batch = parse_segment([write(tmp_path, "a.jsonl", track("Email Opened"))])

    assert [m.name for m in batch.messages.values() if m.id == "e-1"] == ["e-1"]
    assert batch.campaigns["c-1"].title == "c-1"


def test_detect_format_recognises_segment_files_and_folders(tmp_path: Path) -> None:
    write(tmp_path, "a.jsonl", track("Email Opened"))

    assert detect_format(SAMPLES / "email_and_push.jsonl") == "segment"
    assert detect_format(SAMPLES) == "segment"
    assert detect_format(tmp_path / "a.jsonl") == "segment"


def test_detect_format_tells_canonical_files_from_vendor_ones(tmp_path: Path) -> None:
    csv = tmp_path / "events.csv"
    csv.write_text("event_id,ts,campaign_id,user_id,event_type\n", encoding="utf-8")
    jsonl = write(
        tmp_path,
        "events.jsonl",
        '{"event_id": "e1", "ts": "2024-05-01T00:00:00Z", "event_type": "sent"}',
    )

    assert detect_format(csv) == "canonical"
    assert detect_format(jsonl) == "canonical"


def test_detect_format_refuses_an_unknown_file_with_a_clear_message(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "notes.json", '{"hello": "world"}')

    with pytest.raises(IngestError, match=r"Cannot tell the format of notes\.json"):
        detect_format(path)


def test_detect_format_refuses_a_folder_that_mixes_formats(tmp_path: Path) -> None:
    write(tmp_path, "a.jsonl", track("Email Opened"))
    (tmp_path / "b.csv").write_text("event_id,ts,event_type\n", encoding="utf-8")

    with pytest.raises(IngestError, match="mixes import formats"):
        detect_format(tmp_path)


def test_expand_paths_lists_supported_files_below_a_folder_sorted(
    tmp_path: Path,
) -> None:
    (tmp_path / "z").mkdir()
    for name in ("z/b.jsonl", "a.json", "readme.txt", "_SUCCESS", "c.avro"):
        (tmp_path / name).write_text("", encoding="utf-8")

    assert expand_paths(tmp_path) == [
        tmp_path / "a.json",
        tmp_path / "c.avro",
        tmp_path / "z" / "b.jsonl",
    ]
    assert expand_paths(tmp_path / "readme.txt") == [tmp_path / "readme.txt"]
    with pytest.raises(IngestError, match="Nothing to import"):
        expand_paths(tmp_path / "missing")


def test_a_gzipped_json_lines_file_is_read_like_a_plain_one(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(track("Email Opened") + "\n")

    assert detect_format(path) == "segment"
    assert list(parse_segment([path]).events["event_type"]) == ["opened"]


def test_a_timestamp_out_of_range_or_not_text_is_a_bad_row_not_a_crash(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "a.jsonl",
        track("Email Opened", "m-1", timestamp="0001-01-01T00:00:00+14:00"),
        track("Email Opened", "m-2", timestamp=1714550400),
        track("Email Opened", "m-3", timestamp="1999-12-31T23:59:59Z"),
    )
    batch = parse_segment([path])

    assert batch.events.is_empty()
    reasons = [(p.row, p.reason) for p in batch.problems]
    assert reasons[0] == (1, "timestamp '0001-01-01T00:00:00+14:00' is out of range")
    assert reasons[1] == (2, "timestamp 1714550400 is not ISO 8601 text")
    assert reasons[2][0] == 3 and "before 2000" in reasons[2][1]


def test_a_message_id_repeated_with_other_content_is_a_bad_row(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "a.jsonl",
        track("Email Delivered", "m-1"),
        track("Email Delivered", "m-1"),
        track("Email Delivered", "m-1", timestamp="2024-05-02T08:00:00Z"),
    )
    batch = parse_segment([path])

    # The exact repeat is dropped (its delivery and its send); the third line,
    # one id at another time, is reported once although it makes two events.
    assert batch.events["event_id"].to_list() == ["m-1:sent", "m-1"]
    assert batch.duplicates == 2
    assert [(p.row, p.key) for p in batch.problems] == [
        (3, "import.row.conflicting_duplicate")
    ]


def test_one_email_id_in_two_campaigns_keeps_a_name_in_each(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.jsonl",
        track(
            "Email Opened",
            "m-1",
            properties={"campaign_id": "c-1", "email_id": "e-1", "email_subject": "Hi"},
        ),
        track(
            "Email Opened",
            "m-2",
            properties={"campaign_id": "c-2", "email_id": "e-1", "email_subject": "Yo"},
        ),
    )
    batch = parse_segment([path])

    assert sorted((m.campaign_id, m.id, m.name) for m in batch.messages.values()) == [
        ("c-1", "e-1", "Hi"),
        ("c-2", "e-1", "Yo"),
    ]


def test_a_gzipped_file_cut_short_reports_where_it_stops_not_a_crash(
    tmp_path: Path,
) -> None:
    lines = [
        track("Email Opened", f"m-{i}", userId=f"user-{i:06d}") for i in range(3000)
    ]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])

    batch = parse_segment([path])

    assert batch.events.height > 0
    assert batch.problems[-1].key == "import.unreadable"
    assert "damaged or cut short" in batch.problems[-1].reason
