"""What every source's events must satisfy before they are written, and repeats.

Each parser builds its events with two provenance columns (`source_file`,
`source_row`) and hands them to `settle_events` (so does an import of several
formats, once more over all of them), which rejects what no source
may store (identifiers the catalog cannot hold, control characters, times
outside any plausible range, a journey-level event that names a message or a
channel), drops exact repeats of an event and rejects an
event id that comes back with other content. `refuse_channel_changes` then
rejects an event that puts a known message on another channel.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import polars as pl

from journeys.catalog import CAMPAIGN_ID_MAX, MESSAGE_ID_MAX
from journeys.importers.base import (
    PROVENANCE_SCHEMA,
    SOURCE_FILE,
    SOURCE_ROW,
    ParsedBatch,
    RowProblem,
)
from journeys.schema import EVENT_COLUMNS, JOURNEY_EVENTS

# Ids must fit the catalog's columns (PostgreSQL enforces their widths); the
# other identifiers get the message id's bound so a stray blob is caught early.
ID_LIMITS: dict[str, int] = {
    "event_id": MESSAGE_ID_MAX,
    "campaign_id": CAMPAIGN_ID_MAX,
    "message_id": MESSAGE_ID_MAX,
    "user_id": MESSAGE_ID_MAX,
    "goal_id": MESSAGE_ID_MAX,
}
CONTROL_CHARACTERS = r"[\x00-\x1f\x7f]"
# Before this, a time is a zero or a unit mistake rather than a journey event.
EARLIEST_TS = datetime(2000, 1, 1, tzinfo=UTC)
# Events have happened; a little slack allows for clocks that run ahead.
FUTURE_SLACK = timedelta(days=1)
DUPLICATES_NOTE = (
    "{count} duplicate event(s) with an event id already seen in these files were "
    "dropped; the first copy of each was kept."
)


Rule = tuple[pl.Expr, pl.Expr, str, pl.Expr]


def event_content(row: Mapping[str, object]) -> str:
    """A rejected event as the rejects file shows it: its canonical fields as
    one JSON object, which imports again as a line of canonical JSON Lines.

    TODO: a Segment or Braze row rejected here is shown as the event read from
    it, not as the source's own record: the parsers do not keep that text.
    """
    fields = {c: row[c] for c in EVENT_COLUMNS if row.get(c) is not None}
    ts = fields.get("ts")
    if isinstance(ts, datetime):
        fields["ts"] = ts.strftime("%Y-%m-%dT%H:%M:%S.%fZ").replace(".000000Z", "Z")
    return json.dumps(fields, ensure_ascii=False)


def _rules(now: datetime) -> list[Rule]:
    """(broken, English reason, key, the value it is about) in the order a row
    is checked."""
    no_value = pl.lit(None, dtype=pl.String)
    # DESIGN.md: journey-level events have no message and no channel.
    rules: list[Rule] = [
        (
            pl.col("event_type").is_in(JOURNEY_EVENTS)
            & (pl.col("message_id").is_not_null() | pl.col("channel").is_not_null()),
            pl.format(
                "{} is a journey-level event: it takes no message_id and no channel",
                pl.col("event_type"),
            ),
            "import.row.journey_event_with_message",
            pl.col("event_type"),
        )
    ]
    for column, limit in ID_LIMITS.items():
        rules.append(
            (
                pl.col(column).str.contains(CONTROL_CHARACTERS),
                pl.lit(
                    f"{column} contains a control character (a line break, a tab "
                    "or a null byte)"
                ),
                "import.row.control_character",
                no_value,
            )
        )
        rules.append(
            (
                pl.col(column).str.len_chars() > limit,
                pl.lit(f"{column} is longer than {limit} characters"),
                "import.row.long_id",
                no_value,
            )
        )
    shown_ts = pl.col("ts").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    rules.append(
        (
            (pl.col("ts") < EARLIEST_TS) | (pl.col("ts") > now + FUTURE_SLACK),
            pl.format("the time {} is before 2000 or in the future", shown_ts),
            "import.row.ts_out_of_range",
            shown_ts,
        )
    )
    return rules


def settle_events(batch: ParsedBatch, frame: pl.DataFrame) -> None:
    """Check `frame` (events plus provenance), report its bad rows and repeats,
    and set `batch.events` to what may be written."""
    frame = frame.with_row_index("_order")
    reason: pl.Expr = pl.lit(None, dtype=pl.String)
    key: pl.Expr = pl.lit(None, dtype=pl.String)
    value: pl.Expr = pl.lit(None, dtype=pl.String)
    for broken, text, rule_key, rule_value in reversed(_rules(datetime.now(UTC))):
        hit = broken.fill_null(False)
        reason = pl.when(hit).then(text).otherwise(reason)
        key = pl.when(hit).then(pl.lit(rule_key)).otherwise(key)
        value = pl.when(hit).then(rule_value).otherwise(value)
    checked = frame.with_columns(
        reason.alias("_reason"), key.alias("_key"), value.alias("_value")
    )
    bad = checked.filter(pl.col("_reason").is_not_null())
    good = checked.filter(pl.col("_reason").is_null())
    good = good.drop("_reason", "_key", "_value")

    first = good.group_by("event_id").agg(pl.col("_order").min().alias("_first"))
    good = good.join(first, on="event_id")
    originals = good.filter(pl.col("_order") == pl.col("_first"))
    repeats = good.filter(pl.col("_order") != pl.col("_first")).join(
        originals, left_on="_first", right_on="_order", suffix="_first"
    )
    same = pl.all_horizontal(
        pl.col(c).eq_missing(pl.col(f"{c}_first"))
        for c in EVENT_COLUMNS
        if c != "event_id"
    )
    conflicts = repeats.filter(~same)
    duplicates = repeats.height - conflicts.height

    problems = [
        RowProblem(
            r[SOURCE_FILE],
            r[SOURCE_ROW],
            r["_reason"],
            r["_key"],
            event_content(r),
            detail=r["_value"] or "",
        )
        for r in bad.sort("_order").iter_rows(named=True)
    ]
    problems += [
        RowProblem(
            r[SOURCE_FILE],
            r[SOURCE_ROW],
            f"event id {r['event_id']} already appears with other content "
            f"({r[SOURCE_FILE + '_first']}, row {r[SOURCE_ROW + '_first']})",
            "import.row.conflicting_duplicate",
            event_content(r),
        )
        for r in conflicts.sort("_order").iter_rows(named=True)
    ]
    reject_rows(batch, originals, problems)
    # One note for all repeats, however many times the batch was settled.
    batch.duplicates += duplicates
    prefix = DUPLICATES_NOTE.split("{count}")[1][:30]
    batch.notes = [n for n in batch.notes if prefix not in n]
    if batch.duplicates:
        batch.notes.append(DUPLICATES_NOTE.format(count=batch.duplicates))


def refuse_channel_changes(
    batch: ParsedBatch, known: Mapping[tuple[str, str], str]
) -> None:
    """Reject each event whose message (campaign id, message id) has another
    channel: the catalog's when it knows the message, else the channel of the
    message's first event in `batch`."""
    frame = pl.concat([batch.events, batch.origins], how="horizontal")
    frame = frame.with_row_index("_order")
    keys = ["campaign_id", "message_id"]
    first = (
        frame.filter(pl.col("channel").is_not_null())
        .sort("_order")
        .group_by(keys, maintain_order=True)
        .agg(pl.col("channel").first().alias("_first"))
    )
    catalog = pl.DataFrame(
        [(cid, mid, channel) for (cid, mid), channel in known.items()],
        schema={"campaign_id": pl.String, "message_id": pl.String, "_known": pl.String},
        orient="row",
    )
    checked = frame.join(first, on=keys, how="left").join(catalog, on=keys, how="left")
    expected = pl.coalesce("_known", "_first")
    bad = checked.filter(pl.col("channel") != expected).with_columns(
        expected.alias("_expected")
    )
    problems = [
        RowProblem(
            r[SOURCE_FILE],
            r[SOURCE_ROW],
            f"message {r['message_id']} is {r['_expected']} but this event says "
            f"{r['channel']}",
            "import.row.channel_mismatch",
            event_content(r),
            detail=r["message_id"],
            params=(("known", r["_expected"]), ("channel", r["channel"])),
        )
        for r in bad.sort("_order").iter_rows(named=True)
    ]
    reject_rows(batch, frame, problems)


def reject_rows(
    batch: ParsedBatch, frame: pl.DataFrame, problems: list[RowProblem]
) -> None:
    """Record `problems`, one per source row, and keep in `batch` the events of
    `frame` (events, provenance and `_order`) whose row has none: every event
    of a rejected row goes, even one that broke no rule itself (a Segment
    delivery is two events, the send being made from it)."""
    seen = {(p.file, p.row) for p in batch.problems}
    for problem in problems:
        if (problem.file, problem.row) not in seen:
            seen.add((problem.file, problem.row))
            batch.problems.append(problem)
    rejected = pl.DataFrame(
        [(p.file, p.row) for p in problems], schema=PROVENANCE_SCHEMA, orient="row"
    )
    kept = frame.join(rejected, on=[SOURCE_FILE, SOURCE_ROW], how="anti")
    kept = kept.sort("_order")
    batch.events = kept.select(EVENT_COLUMNS)
    batch.origins = kept.select(SOURCE_FILE, SOURCE_ROW)
