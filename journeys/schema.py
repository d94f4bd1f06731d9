"""The canonical event schema and the vocabularies of DESIGN.md section 3."""

from __future__ import annotations

import polars as pl

CHANNELS: tuple[str, ...] = ("push", "email", "sms", "whatsapp", "inapp")
STATUSES: tuple[str, ...] = ("draft", "active", "paused", "inactive", "archived")
ENTRY_TYPES: tuple[str, ...] = ("trigger", "audience", "mixed")

JOURNEY_EVENTS: tuple[str, ...] = ("entered", "exited", "dropped", "goal_reached")
MESSAGE_EVENTS: tuple[str, ...] = (
    "sent",
    "delivered",
    "opened",
    "clicked",
    "unsubscribed",
    "bounced",
    "impression",
    "skipped",
)
EVENT_TYPES: tuple[str, ...] = JOURNEY_EVENTS + MESSAGE_EVENTS

EVENT_SCHEMA: dict[str, pl.DataType] = {
    "event_id": pl.String(),
    "ts": pl.Datetime("us", "UTC"),
    "campaign_id": pl.String(),
    "message_id": pl.String(),
    "channel": pl.String(),
    "user_id": pl.String(),
    "event_type": pl.String(),
    "goal_id": pl.String(),
}
EVENT_COLUMNS: tuple[str, ...] = tuple(EVENT_SCHEMA)


def empty_events() -> pl.DataFrame:
    return pl.DataFrame(schema=EVENT_SCHEMA)
