"""Segment spec email and push events (JSON Lines of `track` calls) as canonical rows.

Segment reports deliveries but never sends, while the dashboard's rates are over
sends. The rule here: every `Email Delivered` and every `Push Notification
Received` also yields a `sent` event (id "<event id>:sent", same time), so this
source's rates are computed over deliveries. A batch note says so.

Event names match whatever their case or spacing ("email_opened", "EMAIL
OPENED"); unknown names and non-track calls are counted as ignored. The event id
is `messageId`, or a hash of the record's content so that a re-import dedupes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from journeys.importers.base import CampaignHint, MessageHint, ParsedBatch
from journeys.importers.detect import (
    EventCollector,
    expand_all,
    identifier,
    iter_json_records,
)

logger = logging.getLogger(__name__)

SOURCE = "segment"
EMAIL_SENDS_NOTE = (
    "Segment email events have no sends; this source's email rates use "
    "deliveries as sends"
)
NO_USER = ("missing user id (userId or user_id)", "import.row.missing_user_id")
NO_CAMPAIGN = ("missing properties.campaign_id", "import.row.missing_campaign_id")
PUSH_SENDS_NOTE = (
    "Segment push events have no sends; this source's push rates use receipts as sends"
)


def _key(name: str) -> str:
    """Lowercase and drop everything but letters and digits: "Email_Opened" ->
    "emailopened"."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


# key -> (display name, channel, canonical event type or None when unused)
SEGMENT_EVENTS: dict[str, tuple[str, str, str | None]] = {
    _key(name): (name, channel, event_type)
    for name, channel, event_type in (
        ("Email Delivered", "email", "delivered"),
        ("Email Opened", "email", "opened"),
        ("Email Link Clicked", "email", "clicked"),
        ("Email Bounced", "email", "bounced"),
        ("Email Marked as Spam", "email", None),
        ("Unsubscribed", "email", "unsubscribed"),
        ("Push Notification Received", "push", "delivered"),
        ("Push Notification Tapped", "push", "opened"),
        ("Push Notification Bounced", "push", "bounced"),
    )
}


def parse_segment(
    paths: Sequence[Path], progress: Callable[[int, int], None] | None = None
) -> ParsedBatch:
    """Parse Segment JSON Lines files (or folders of them) into one batch."""
    files = expand_all(tuple(Path(p) for p in paths))
    batch = ParsedBatch(source=SOURCE, files=[str(f) for f in files])
    collector = EventCollector(batch)
    channels: set[str] = set()
    if progress:
        progress(0, len(files))
    for done, file in enumerate(files, start=1):
        for record in iter_json_records(file):
            batch.rows_read += 1
            if record.error is not None:
                collector.problem(
                    file, record.row, record.error, record.raw, record.key
                )
                continue
            channel = _parse_record(
                collector, file, record.row, record.raw, record.value
            )
            if channel:
                channels.add(channel)
        if progress:
            progress(done, len(files))
    if "email" in channels:
        batch.notes.append(EMAIL_SENDS_NOTE)
    if "push" in channels:
        batch.notes.append(PUSH_SENDS_NOTE)
    return collector.finish()


def _parse_record(
    collector: EventCollector, file: Path, row: int, raw: str, value: Any
) -> str | None:
    """Add the events of one record; return its channel when it produced any."""
    batch = collector.batch
    if not isinstance(value, dict):
        collector.problem(
            file,
            row,
            "expected a JSON object (one call per line)",
            raw,
            "import.not_object",
        )
        return None
    call_type = value.get("type", "track")
    if not isinstance(call_type, str) or call_type.lower() != "track":
        batch.ignored[f"{call_type} call"] += 1
        return None
    name = value.get("event")
    if not isinstance(name, str) or not name.strip():
        collector.problem(
            file,
            row,
            "track call without an event name",
            raw,
            "import.row.missing_event_name",
        )
        return None
    known = SEGMENT_EVENTS.get(_key(name))
    if known is None or known[2] is None:
        batch.ignored[known[0] if known else name.strip()] += 1
        return None
    display, channel, event_type = known
    assert event_type is not None

    properties = value.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    user_id = identifier(value.get("userId")) or identifier(value.get("user_id"))
    campaign_id = identifier(properties.get("campaign_id"))
    ts, ts_problem = _parse_timestamp(value.get("timestamp"))
    reasons = [
        *([NO_USER] if not user_id else []),
        *([NO_CAMPAIGN] if not campaign_id else []),
        *([ts_problem] if ts_problem else []),
    ]
    if reasons:
        # The bad time is the value a translated reason quotes.
        detail = _shown_value(value.get("timestamp")) if ts_problem else ""
        collector.reject(file, row, reasons, raw, detail=detail)
        return None
    assert user_id and campaign_id and ts

    event_id = identifier(value.get("messageId")) or _content_hash(value)
    campaign_name = identifier(properties.get("campaign_name"))
    hint = batch.campaigns.get(campaign_id)
    if hint is None or (campaign_name and hint.title == campaign_id):
        batch.campaigns[campaign_id] = CampaignHint(
            campaign_id, campaign_name or campaign_id
        )
    if channel == "email":
        email_id = identifier(properties.get("email_id"))
        message_id = email_id or f"{campaign_id}:email"
        message_name = (
            identifier(properties.get("email_subject")) or email_id or "Email"
        )
    else:
        message_id, message_name = f"{campaign_id}:push", "Push"
    # One email id may serve several campaigns: a hint per campaign and message.
    batch.messages.setdefault(
        f"{campaign_id}\x00{message_id}",
        MessageHint(message_id, campaign_id, message_name, channel),
    )

    common = {"campaign_id": campaign_id, "user_id": user_id, "channel": channel}
    origin = (file, row)
    if event_type == "delivered":  # see the module docstring: deliveries as sends
        collector.add(
            origin,
            f"{event_id}:sent",
            ts,
            event_type="sent",
            message_id=message_id,
            **common,
        )
    collector.add(
        origin, event_id, ts, event_type=event_type, message_id=message_id, **common
    )
    logger.debug("Segment %s at %s:%d -> %s", display, file, row, event_type)
    return channel


def _parse_timestamp(value: Any) -> tuple[datetime | None, tuple[str, str] | None]:
    """The time of a call in UTC, or why it has none (English, key)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ("missing timestamp", "import.row.missing_ts")
    bad = "import.row.bad_ts"
    if not isinstance(value, str):
        return None, (f"timestamp {_shown_value(value)} is not ISO 8601 text", bad)
    try:
        ts = datetime.fromisoformat(value.strip())
    except ValueError:
        return None, (f"timestamp {value!r} is not ISO 8601", bad)
    if ts.tzinfo is None:
        return None, (
            f"timestamp {value!r} has no time zone (add Z or an offset)",
            "import.row.naive_timestamp",
        )
    try:
        return ts.astimezone(UTC), None
    except OverflowError:  # year 1 at +14:00 falls before year 1 in UTC
        return None, (
            f"timestamp {value!r} is out of range",
            "import.row.ts_out_of_range",
        )


def _shown_value(value: Any) -> str:
    """A JSON value as a reason quotes it: text as it is, anything else as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, default=str)[:40]


def _content_hash(value: dict[str, Any]) -> str:
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return "segment:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]
