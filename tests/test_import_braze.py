"""Braze Currents exports (Avro and JSON) parsed into canonical rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fastavro
import pytest

from journeys.importers.braze import parse_braze
from journeys.importers.detect import detect_format
from journeys.schema import EVENT_SCHEMA

SAMPLES = Path(__file__).parent / "samples" / "braze" / "currents"
MAY_1_8AM = 1714550400  # 2024-05-01 08:00:00 UTC


def canvas_record(event_id: str = "b-1", **overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": event_id,
        "user_id": "braze-u1",
        "external_user_id": {"string": "u1"},
        "time": MAY_1_8AM,
        "canvas_id": {"string": "cv-1"},
        "canvas_name": {"string": "Onboarding"},
        "canvas_step_id": {"string": "st-1"},
        "canvas_step_name": {"string": "Hello"},
    }
    record.update(overrides)
    return record


def write_json(folder: Path, braze_type: str, *records: dict[str, Any] | str) -> Path:
    """Write records the way Currents lays them out: event_type=.../date=.../file."""
    path = folder / f"event_type={braze_type}" / "date=2024-05-01" / "part-0.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def nullable(kind: str) -> list[str]:
    return ["null", kind]


def avro_schema(name: str, time_type: str) -> dict[str, Any]:
    return {
        "type": "record",
        "name": name,
        "fields": [
            {"name": "id", "type": "string"},
            {"name": "user_id", "type": "string"},
            {"name": "external_user_id", "type": nullable("string")},
            {"name": "time", "type": time_type},
            {"name": "canvas_id", "type": nullable("string")},
            {"name": "canvas_name", "type": nullable("string")},
            {"name": "canvas_step_id", "type": nullable("string")},
            {"name": "canvas_step_name", "type": nullable("string")},
        ],
    }


def write_avro(path: Path, schema: dict[str, Any], *records: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        fastavro.writer(handle, fastavro.parse_schema(schema), list(records))
    return path


def avro_record(event_id: str, **overrides: Any) -> dict[str, Any]:
    record = {
        "id": event_id,
        "user_id": "braze-u1",
        "external_user_id": "u1",
        "time": MAY_1_8AM,
        "canvas_id": "cv-1",
        "canvas_name": "Onboarding",
        "canvas_step_id": "st-1",
        "canvas_step_name": "Hello",
    }
    return record | overrides


def test_the_sample_folder_maps_its_events_and_hints() -> None:
    batch = parse_braze([SAMPLES])

    assert batch.ok
    assert dict(batch.events.schema) == EVENT_SCHEMA
    rows = batch.events.sort("event_id").select(
        "event_id", "campaign_id", "message_id", "channel", "user_id", "event_type"
    )
    assert rows.rows() == [
        ("b-1", "cv-1", None, None, "u1", "entered"),
        # No external_user_id ({"string"} is null): Braze's own user id is used.
        ("b-2", "cv-1", None, None, "braze-u2", "entered"),
        ("b-3", "cv-1", None, None, "u1", "exited"),
        ("b-4", "cv-1", None, None, "u1", "goal_reached"),
        ("b-5", "cv-1", "st-1:email", "email", "u1", "sent"),
        ("b-6", "cp-9", "mv-9", "email", "u3", "sent"),
        ("b-7", "cv-1", "st-1:push", "push", "u1", "opened"),
    ]
    assert batch.ignored == {"users.behaviors.CustomEvent": 1}
    assert batch.rows_read == 8
    assert {c.id: c.title for c in batch.campaigns.values()} == {
        "cv-1": "Onboarding",
        "cp-9": "May newsletter",
    }
    # Step st-1 runs on two channels, so each message name carries its channel.
    assert {m.id: (m.campaign_id, m.name) for m in batch.messages.values()} == {
        "st-1:email": ("cv-1", "Welcome email (Email)"),
        "st-1:push": ("cv-1", "Welcome email (Push)"),
        "mv-9": ("cp-9", "Email"),
    }


def test_wrapped_times_of_both_widths_become_utc_timestamps() -> None:
    batch = parse_braze([SAMPLES])
    ts = dict(zip(batch.events["event_id"], batch.events["ts"], strict=True))

    assert ts["b-1"] == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)  # bare number
    assert ts["b-2"] == datetime(2024, 5, 1, 8, 1, tzinfo=UTC)  # {"long": ...}
    assert ts["b-3"] == datetime(2024, 5, 2, 9, 0, tzinfo=UTC)  # {"int": ...}


def test_a_conversion_uses_the_behaviour_index_or_else_the_canvas(
    tmp_path: Path,
) -> None:
    path = write_json(
        tmp_path,
        "users.canvas.Conversion",
        canvas_record("b-1", conversion_behavior_index={"int": 1}),
        canvas_record("b-2"),
    )
    batch = parse_braze([path])

    assert list(batch.events["goal_id"]) == ["cv-1:conversion:1", "cv-1:conversion"]


MAPPED_TYPES = [
    ("users.canvas.Entry", "entered", None),
    ("users.canvas.exit.PerformedEvent", "exited", None),
    ("users.canvas.exit.MatchedAudience", "exited", None),
    ("users.canvas.Conversion", "goal_reached", None),
    ("users.messages.pushnotification.Send", "sent", "push"),
    ("users.messages.pushnotification.Open", "opened", "push"),
    ("users.messages.pushnotification.Bounce", "bounced", "push"),
    ("users.messages.email.Send", "sent", "email"),
    ("users.messages.email.Delivery", "delivered", "email"),
    ("users.messages.email.Open", "opened", "email"),
    ("users.messages.email.Click", "clicked", "email"),
    ("users.messages.email.Bounce", "bounced", "email"),
    ("users.messages.email.SoftBounce", "bounced", "email"),
    ("users.messages.email.Unsubscribe", "unsubscribed", "email"),
    ("users.messages.sms.Send", "sent", "sms"),
    ("users.messages.sms.Delivery", "delivered", "sms"),
    ("users.messages.sms.ShortLinkClick", "clicked", "sms"),
    ("users.messages.whatsapp.Send", "sent", "whatsapp"),
    ("users.messages.whatsapp.Delivery", "delivered", "whatsapp"),
    ("users.messages.whatsapp.Read", "opened", "whatsapp"),
    ("users.messages.whatsapp.Click", "clicked", "whatsapp"),
    ("users.messages.inappmessage.Impression", "impression", "inapp"),
    ("users.messages.inappmessage.Click", "clicked", "inapp"),
]


@pytest.mark.parametrize(("braze_type", "event_type", "channel"), MAPPED_TYPES)
def test_every_mapped_braze_type_becomes_its_canonical_event(
    tmp_path: Path, braze_type: str, event_type: str, channel: str | None
) -> None:
    batch = parse_braze([write_json(tmp_path, braze_type, canvas_record())])

    assert batch.ok
    row = batch.events.row(0, named=True)
    assert (row["event_type"], row["channel"], row["campaign_id"]) == (
        event_type,
        channel,
        "cv-1",
    )
    assert row["message_id"] == (f"st-1:{channel}" if channel else None)
    assert (row["goal_id"] is not None) == (event_type == "goal_reached")


@pytest.mark.parametrize(
    "braze_type",
    [
        "users.messages.email.MarkAsSpam",
        "users.messages.pushnotification.IosForeground",
        "users.behaviors.app.SessionStart",
        "users.messages.contentcard.Impression",
    ],
)
def test_an_event_type_the_dashboard_does_not_use_is_counted_as_ignored(
    tmp_path: Path, braze_type: str
) -> None:
    batch = parse_braze([write_json(tmp_path, braze_type, canvas_record())])

    assert batch.ok
    assert batch.events.is_empty()
    assert batch.ignored == {braze_type: 1}
    assert any(braze_type in note for note in batch.notes)


def test_a_message_outside_a_canvas_belongs_to_its_campaign(tmp_path: Path) -> None:
    campaign = {"campaign_id": {"string": "cp-1"}, "campaign_name": {"string": "Sale"}}
    base = canvas_record(canvas_id=None, canvas_name=None, canvas_step_id=None)
    path = write_json(
        tmp_path,
        "users.messages.sms.Send",
        base | campaign | {"id": "b-1", "message_variation_id": {"string": "mv-1"}},
        base | campaign | {"id": "b-2"},
    )
    batch = parse_braze([path])

    assert list(batch.events["message_id"]) == ["mv-1", "cp-1:sms"]
    assert batch.campaigns["cp-1"].title == "Sale"
    assert batch.messages["cp-1:sms"].name == "SMS"


def test_avro_files_with_int_and_long_times_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "event_type=users.messages.email.Send" / "date=2024-05-01"
    int_file = write_avro(
        folder / "a.avro",
        avro_schema("EmailSend", "int"),
        avro_record("b-1"),
        avro_record("b-2", external_user_id=None, canvas_step_name=None),
    )
    long_file = write_avro(
        folder / "b.avro",
        avro_schema("EmailSend", "long"),
        avro_record("b-3", time=MAY_1_8AM + 60),
    )
    batch = parse_braze([int_file, long_file])

    assert batch.ok
    assert batch.events.select("event_id", "user_id", "event_type").rows() == [
        ("b-1", "u1", "sent"),
        ("b-2", "braze-u1", "sent"),
        ("b-3", "u1", "sent"),
    ]
    assert list(batch.events["ts"]) == [
        datetime(2024, 5, 1, 8, 0, tzinfo=UTC),
        datetime(2024, 5, 1, 8, 0, tzinfo=UTC),
        datetime(2024, 5, 1, 8, 1, tzinfo=UTC),
    ]
    assert batch.messages["st-1:email"].name == "Hello"


@pytest.mark.parametrize(
    "schema_name",
    ["users.canvas.Entry", "com.braze.currents.users.canvas.Entry"],
)
def test_outside_a_typed_folder_the_avro_schema_name_gives_the_type(
    tmp_path: Path, schema_name: str
) -> None:
    path = write_avro(
        tmp_path / "entry.avro", avro_schema(schema_name, "long"), avro_record("b-1")
    )
    batch = parse_braze([path])

    assert list(batch.events["event_type"]) == ["entered"]


def test_outside_a_typed_folder_a_json_record_may_name_its_type(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.jsonl"
    with_type = canvas_record("b-1", event_type="users.canvas.Entry")
    path.write_text(
        json.dumps(with_type) + "\n" + json.dumps(canvas_record("b-2")) + "\n",
        encoding="utf-8",
    )
    batch = parse_braze([path])

    assert list(batch.events["event_id"]) == ["b-1"]
    assert [(p.row, "event type" in p.reason) for p in batch.problems] == [(2, True)]


def test_a_duplicate_event_across_two_files_is_kept_once(tmp_path: Path) -> None:
    folder = tmp_path / "event_type=users.canvas.Entry" / "date=2024-05-01"
    avro = write_avro(
        folder / "a.avro", avro_schema("Entry", "long"), avro_record("b-1")
    )
    json_path = folder / "b.json"
    json_path.write_text(
        json.dumps(canvas_record("b-1")) + "\n" + json.dumps(canvas_record("b-2")),
        encoding="utf-8",
    )
    calls: list[tuple[int, int]] = []
    batch = parse_braze([tmp_path], progress=lambda d, t: calls.append((d, t)))

    assert list(batch.events["event_id"]) == ["b-1", "b-2"]
    assert any("1 duplicate event" in note for note in batch.notes)
    assert batch.files == [str(avro), str(json_path)]
    assert calls == [(0, 2), (1, 2), (2, 2)]


def test_bad_records_are_reported_with_file_line_and_reason(tmp_path: Path) -> None:
    path = write_json(
        tmp_path,
        "users.canvas.Entry",
        canvas_record("b-1"),
        '{"id": "b-2", "time": ',
        canvas_record(None),
        canvas_record("b-4", user_id=None, external_user_id=None),
        canvas_record("b-5", time=None),
        canvas_record("b-6", time={"double": 1714550400.5}),
        canvas_record("b-7", time="1714550400"),
        canvas_record("b-8", time=MAY_1_8AM * 1000),
        canvas_record("b-9", canvas_id=None),
    )
    batch = parse_braze([path])

    assert list(batch.events["event_id"]) == ["b-1"]
    problems = [(p.file, p.row) for p in batch.problems]
    assert problems == [(str(path), row) for row in range(2, 10)]
    reasons = [p.reason for p in batch.problems]
    assert reasons[0].startswith("malformed JSON")
    assert reasons[1] == "missing id"
    assert "missing user" in reasons[2]
    assert reasons[3] == "missing time"
    assert "not an integer" in reasons[4]
    assert "not an integer" in reasons[5]
    assert "seconds" in reasons[6]
    assert reasons[7] == "missing canvas_id"


def test_a_truncated_avro_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    good = write_avro(
        tmp_path / "event_type=users.canvas.Entry" / "a.avro",
        avro_schema("Entry", "long"),
        avro_record("b-1"),
    )
    broken = good.with_name("b.avro")
    broken.write_bytes(b"Obj\x01" + b"\x00" * 3)
    batch = parse_braze([good, broken])

    assert list(batch.events["event_id"]) == ["b-1"]
    assert [(p.file, p.row) for p in batch.problems] == [(str(broken), 1)]
    assert "Avro" in batch.problems[0].reason


def test_detect_format_recognises_braze_files_and_folders(tmp_path: Path) -> None:
    avro = write_avro(
        tmp_path / "loose" / "x.avro",
        avro_schema("Entry", "long"),
        avro_record("b-1"),
    )
    wrapped = tmp_path / "loose" / "x.json"
    wrapped.write_text(json.dumps(canvas_record()), encoding="utf-8")
    in_folder = write_json(tmp_path / "tree", "users.canvas.Entry", canvas_record())

    assert detect_format(SAMPLES) == "braze"
    assert detect_format(tmp_path / "tree") == "braze"
    assert detect_format(avro) == "braze"
    assert detect_format(wrapped) == "braze"
    assert detect_format(in_folder) == "braze"


def test_a_json_array_file_is_read_with_one_row_per_item(tmp_path: Path) -> None:
    path = tmp_path / "event_type=users.canvas.Entry" / "export.json"
    path.parent.mkdir()
    items = [canvas_record("b-1"), canvas_record("b-2", time=1.5)]
    path.write_text(json.dumps(items, indent=2), encoding="utf-8")
    batch = parse_braze([path])

    assert list(batch.events["event_id"]) == ["b-1"]
    assert [(p.row, "not an integer" in p.reason) for p in batch.problems] == [
        (2, True)
    ]


def test_one_event_id_under_two_event_types_is_reported_not_dropped(
    tmp_path: Path,
) -> None:
    entry = write_json(tmp_path, "users.canvas.Entry", canvas_record("b-1"))
    exit_ = write_json(
        tmp_path, "users.canvas.exit.PerformedEvent", canvas_record("b-1")
    )
    batch = parse_braze([tmp_path])

    assert batch.events["event_type"].to_list() == ["entered"]
    assert [(p.file, p.row, p.key) for p in batch.problems] == [
        (str(exit_), 1, "import.row.conflicting_duplicate")
    ]
    assert f"({entry}, row 1)" in batch.problems[0].reason


def test_a_time_of_zero_or_in_the_future_is_a_bad_row(tmp_path: Path) -> None:
    path = write_json(
        tmp_path,
        "users.canvas.Entry",
        canvas_record("b-1", time=0),
        canvas_record("b-2", time={"long": 4_102_444_800}),  # 2100-01-01
        canvas_record("b-3"),
    )
    batch = parse_braze([path])

    assert batch.events["event_id"].to_list() == ["b-3"]
    assert [(p.row, p.key) for p in batch.problems] == [
        (1, "import.row.ts_out_of_range"),
        (2, "import.row.ts_out_of_range"),
    ]
    assert "1970-01-01T00:00:00Z is before 2000" in batch.problems[0].reason


def test_a_canvas_id_longer_than_the_catalog_holds_is_a_bad_row(
    tmp_path: Path,
) -> None:
    path = write_json(
        tmp_path, "users.canvas.Entry", canvas_record(canvas_id={"string": "c" * 65})
    )
    batch = parse_braze([path])

    assert batch.events.is_empty()
    assert [(p.row, p.key) for p in batch.problems] == [(1, "import.row.long_id")]


def test_a_damaged_avro_record_is_a_problem_of_its_file_not_a_crash(
    tmp_path: Path,
) -> None:
    schema = {
        "type": "record",
        "name": "Entry",
        "fields": [{"name": "external_user_id", "type": nullable("string")}],
    }
    path = write_avro(tmp_path / "event_type=users.canvas.Entry" / "a.avro", schema, {})
    data = bytearray(path.read_bytes())
    # The one record is its union branch (0, null) just before the 16-byte sync
    # marker; branch 4 does not exist, which fastavro meets with an IndexError.
    assert data[-17] == 0
    data[-17] = 8
    path.write_bytes(bytes(data))

    batch = parse_braze([path])

    assert [(p.row, p.key) for p in batch.problems] == [(1, "import.unreadable")]
