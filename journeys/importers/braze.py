"""Braze Currents exports (Avro, or the JSON form of Avro) as canonical rows.

The event type comes from the nearest `event_type=<type>` folder, else the Avro
schema's full name, else an `event_type` field. A canvas is a campaign and each
canvas step on a channel is a message ("<step id>:<channel>"); a message sent
outside a canvas belongs to its Braze campaign, keyed by its variation id.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fastavro

from journeys.importers.base import CampaignHint, MessageHint, ParsedBatch
from journeys.importers.detect import (
    EventCollector,
    braze_folder_type,
    expand_all,
    identifier,
    iter_json_records,
    unwrap,
)

logger = logging.getLogger(__name__)

SOURCE = "braze"
CHANNELS = {
    "pushnotification": "push",
    "email": "email",
    "sms": "sms",
    "whatsapp": "whatsapp",
    "inappmessage": "inapp",
}
CHANNEL_LABELS = {
    "push": "Push",
    "email": "Email",
    "sms": "SMS",
    "whatsapp": "WhatsApp",
    "inapp": "In-app",
}
COMMON_MESSAGE_EVENTS = {
    "send": "sent",
    "delivery": "delivered",
    "bounce": "bounced",
    "softbounce": "bounced",
    "unsubscribe": "unsubscribed",
}
# Braze event name (lowercase) -> canonical event type, per channel.
MESSAGE_EVENTS: dict[str, dict[str, str]] = {
    "push": COMMON_MESSAGE_EVENTS | {"open": "opened"},
    "email": COMMON_MESSAGE_EVENTS | {"open": "opened", "click": "clicked"},
    "sms": COMMON_MESSAGE_EVENTS | {"shortlinkclick": "clicked"},
    "whatsapp": COMMON_MESSAGE_EVENTS | {"read": "opened", "click": "clicked"},
    "inapp": {"impression": "impression", "click": "clicked"},
}
NO_ID = ("missing id", "import.row.missing_event_id")
NO_USER = (
    "missing user (external_user_id or user_id)",
    "import.row.missing_user_id",
)
NO_CANVAS = "missing canvas_id"
NO_CANVAS_OR_CAMPAIGN = "missing canvas_id or campaign_id"
TARGET_KEYS = {
    NO_CANVAS: "import.row.missing_canvas_id",
    NO_CANVAS_OR_CAMPAIGN: "import.row.missing_canvas_or_campaign",
}
# Seconds since 1970 above this are almost surely milliseconds (year 5138).
MAX_EPOCH_SECONDS = 99_999_999_999


@dataclass(frozen=True)
class BrazeType:
    """What a Braze event type means for the dashboard."""

    event_type: str
    channel: str | None = None  # None for canvas/campaign-level events
    scope: str = "canvas"  # "canvas", "campaign" or "message"


def map_event_type(braze_type: str) -> BrazeType | None:
    """The canonical meaning of a Braze event type, or None when unused."""
    parts = braze_type.strip().lower().split(".")
    if len(parts) < 3 or parts[0] != "users":
        return None
    if parts[1] == "canvas":
        if parts[2] == "entry" and len(parts) == 3:
            return BrazeType("entered")
        if parts[2] == "exit":
            return BrazeType("exited")
        if parts[2] == "conversion" and len(parts) == 3:
            return BrazeType("goal_reached")
        return None
    if parts[1] == "campaigns" and parts[2] == "conversion" and len(parts) == 3:
        return BrazeType("goal_reached", scope="campaign")
    if parts[1] == "messages" and len(parts) == 4:
        channel = CHANNELS.get(parts[2])
        event_type = MESSAGE_EVENTS.get(channel or "", {}).get(parts[3])
        if channel and event_type:
            return BrazeType(event_type, channel, scope="message")
    return None


def parse_braze(
    paths: Sequence[Path], progress: Callable[[int, int], None] | None = None
) -> ParsedBatch:
    """Parse Braze Currents files (or folders of them) into one batch."""
    files = expand_all(tuple(Path(p) for p in paths))
    batch = ParsedBatch(source=SOURCE, files=[str(f) for f in files])
    parser = _BrazeParser(EventCollector(batch))
    if progress:
        progress(0, len(files))
    for done, file in enumerate(files, start=1):
        parser.parse_file(file)
        if progress:
            progress(done, len(files))
    parser.name_shared_steps()
    return parser.collector.finish()


class _BrazeParser:
    def __init__(self, collector: EventCollector) -> None:
        self.collector = collector
        self.batch = collector.batch
        # canvas step message id -> (step id, step name), to name multi-channel steps
        self.steps: dict[str, tuple[str, str]] = {}

    def parse_file(self, file: Path) -> None:
        folder_type = braze_folder_type(file)
        if file.name.lower().endswith(".avro"):
            records = self._avro_records(file, folder_type)
        else:
            records = self._json_records(file, folder_type)
        for row, raw, value, file_type in records:
            self.batch.rows_read += 1
            self._parse_record(file, row, raw, value, file_type)

    def _avro_records(
        self, file: Path, folder_type: str | None
    ) -> Iterator[tuple[int, str, Any, str | None]]:
        row = 0
        try:
            with file.open("rb") as handle:
                reader = fastavro.reader(handle)
                schema = reader.writer_schema
                schema_name = schema.get("name") if isinstance(schema, dict) else None
                file_type = folder_type or _type_from_schema_name(schema_name)
                for row, record in enumerate(reader, start=1):
                    yield row, "", record, file_type
        # Damaged bytes surface as any of a dozen errors (IndexError for a bad
        # union branch, zlib.error, KeyError, SchemaParseException...); the
        # records read so far stay, the rest of the file is one problem. Only
        # fastavro runs inside this try: the caller's code runs outside it.
        except Exception as e:
            logger.warning("Unreadable Avro data in %s after record %d", file, row)
            self.collector.problem(
                file,
                row + 1,
                f"unreadable Avro data ({e}); is the file complete?",
                key="import.unreadable",
                whole_file=row == 0,  # not one record could be read
                detail=str(e),
            )

    def _json_records(
        self, file: Path, folder_type: str | None
    ) -> Iterator[tuple[int, str, Any, str | None]]:
        for record in iter_json_records(file):
            if record.error is not None:
                self.batch.rows_read += 1
                self.collector.problem(
                    file, record.row, record.error, record.raw, record.key
                )
                continue
            yield record.row, record.raw, record.value, folder_type

    def _parse_record(
        self, file: Path, row: int, raw: str, value: Any, file_type: str | None
    ) -> None:
        if not isinstance(value, dict):
            self.collector.problem(
                file, row, "expected a JSON object per record", raw, "import.not_object"
            )
            return
        fields = {name: unwrap(v) for name, v in value.items()}
        braze_type = file_type or identifier(fields.get("event_type"))
        if not braze_type:
            self.collector.problem(
                file,
                row,
                "cannot tell the Braze event type: put the file under a folder "
                "named event_type=<type> as Braze exports do",
                raw,
                "import.row.braze_type_unknown",
            )
            return
        meaning = map_event_type(braze_type)
        if meaning is None:
            self.batch.ignored[braze_type] += 1
            return

        event_id = identifier(fields.get("id"))
        user_id = identifier(fields.get("external_user_id")) or identifier(
            fields.get("user_id")
        )
        ts, ts_problem = _parse_time(fields.get("time"))
        reasons = [
            *([NO_ID] if not event_id else []),
            *([NO_USER] if not user_id else []),
            *([ts_problem] if ts_problem else []),
        ]
        target = self._target(fields, meaning)
        if isinstance(target, str):
            reasons.append((target, TARGET_KEYS[target]))
        if reasons:
            self.collector.reject(file, row, reasons, raw)
            return
        assert event_id and user_id and ts and not isinstance(target, str)
        campaign_id, message_id, goal_id = target
        self.collector.add(
            (file, row),
            event_id,
            ts,
            campaign_id,
            user_id,
            meaning.event_type,
            message_id=message_id,
            channel=meaning.channel,
            goal_id=goal_id,
        )

    def _target(
        self, fields: dict[str, Any], meaning: BrazeType
    ) -> tuple[str, str | None, str | None] | str:
        """(campaign id, message id, goal id) of an event, or why it has none.

        Catalog hints are recorded on the way.
        """
        canvas_id = identifier(fields.get("canvas_id"))
        campaign_id = identifier(fields.get("campaign_id"))
        if canvas_id and meaning.scope != "campaign":
            self._hint_campaign(canvas_id, identifier(fields.get("canvas_name")))
            if meaning.scope == "canvas":
                return canvas_id, None, self._goal_id(fields, canvas_id, meaning)
            assert meaning.channel is not None
            step_id = identifier(fields.get("canvas_step_id"))
            step_name = identifier(fields.get("canvas_step_name"))
            label = CHANNEL_LABELS[meaning.channel]
            message_id = f"{step_id or canvas_id}:{meaning.channel}"
            if message_id not in self.batch.messages:
                self.batch.messages[message_id] = MessageHint(
                    message_id, canvas_id, step_name or label, meaning.channel
                )
                if step_id:
                    self.steps[message_id] = (step_id, step_name or label)
            return canvas_id, message_id, None
        if meaning.scope == "canvas":
            return NO_CANVAS
        if not campaign_id:
            return NO_CANVAS_OR_CAMPAIGN
        self._hint_campaign(campaign_id, identifier(fields.get("campaign_name")))
        if meaning.scope == "campaign":
            return campaign_id, None, self._goal_id(fields, campaign_id, meaning)
        assert meaning.channel is not None
        variation_id = identifier(fields.get("message_variation_id"))
        message_id = variation_id or f"{campaign_id}:{meaning.channel}"
        name = (
            identifier(fields.get("message_variation_name"))
            or (CHANNEL_LABELS[meaning.channel])
        )
        self.batch.messages.setdefault(
            message_id, MessageHint(message_id, campaign_id, name, meaning.channel)
        )
        return campaign_id, message_id, None

    @staticmethod
    def _goal_id(
        fields: dict[str, Any], owner_id: str, meaning: BrazeType
    ) -> str | None:
        if meaning.event_type != "goal_reached":
            return None
        behavior_id = identifier(fields.get("conversion_behavior_id"))
        if behavior_id:
            return behavior_id
        index = fields.get("conversion_behavior_index")
        if isinstance(index, int) and not isinstance(index, bool):
            return f"{owner_id}:conversion:{index}"
        return f"{owner_id}:conversion"

    def _hint_campaign(self, campaign_id: str, title: str | None) -> None:
        hint = self.batch.campaigns.get(campaign_id)
        if hint is None or (title and hint.title == campaign_id):
            self.batch.campaigns[campaign_id] = CampaignHint(
                campaign_id, title or campaign_id
            )

    def name_shared_steps(self) -> None:
        """A step seen on several channels gets the channel in each message name."""
        by_step: dict[str, list[str]] = defaultdict(list)
        for message_id, (step_id, _) in self.steps.items():
            by_step[step_id].append(message_id)
        for message_ids in by_step.values():
            if len(message_ids) < 2:
                continue
            for message_id in message_ids:
                hint = self.batch.messages[message_id]
                label = CHANNEL_LABELS[hint.channel]
                hint.name = f"{self.steps[message_id][1]} ({label})"


def _type_from_schema_name(name: Any) -> str | None:
    """ "com.braze.users.messages.email.Send" -> "users.messages.email.Send"."""
    if not isinstance(name, str):
        return None
    start = name.lower().find("users.")
    return name[start:] if start >= 0 else None


def _parse_time(value: Any) -> tuple[datetime | None, tuple[str, str] | None]:
    """The time of a record in UTC, or why it has none (English, key)."""
    if value is None:
        return None, ("missing time", "import.row.missing_ts")
    if isinstance(value, bool) or not isinstance(value, int):
        return None, (
            f"time {value!r} is not an integer number of seconds",
            "import.row.bad_epoch",
        )
    if abs(value) > MAX_EPOCH_SECONDS:
        return None, (
            f"time {value} is too large: Braze times are in seconds",
            "import.row.epoch_in_ms",
        )
    return datetime.fromtimestamp(value, tz=UTC), None
