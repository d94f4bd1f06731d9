"""The canonical importer: CSV, Parquet and JSON Lines in the schema of DESIGN.md.

Every row is checked with vectorised Polars expressions; a row fails on the
first rule it breaks, and the report names its file, its row (the line number
in a CSV or JSON Lines file, counting the header as line 1; the record number
in Parquet) and the reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from journeys.importers.base import CampaignHint, MessageHint, ParsedBatch, RowProblem
from journeys.importers.detect import iter_json_records
from journeys.schema import CHANNELS, EVENT_COLUMNS, EVENT_TYPES, JOURNEY_EVENTS

logger = logging.getLogger(__name__)

REQUIRED: tuple[str, ...] = ("event_id", "ts", "campaign_id", "user_id", "event_type")
OPTIONAL_NAMES: tuple[str, ...] = ("campaign_name", "message_name")
ZONED_FORMAT = "%+"
NAIVE_FORMAT = "%Y-%m-%dT%H:%M:%S%.f"


class FileUnreadable(Exception):
    """The whole file could not be read (truncated Parquet, not CSV, ...)."""


def _read_csv(path: Path) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema=False)
    return frame.with_row_index("row", offset=2)


def _read_jsonl(path: Path, problems: list[RowProblem]) -> pl.DataFrame:
    """JSON Lines (row = line number) or one JSON array (row = item number)."""
    records: list[dict[str, object]] = []
    for record in iter_json_records(path):
        if record.error is not None:
            problems.append(
                RowProblem(
                    str(path), record.row, record.error, "import.bad_json", record.raw
                )
            )
            continue
        if not isinstance(record.value, dict):
            problems.append(
                RowProblem(
                    str(path), record.row, "not a JSON object", "import.not_object"
                )
            )
            continue
        row: dict[str, object] = {
            str(k): (None if v is None else str(v)) for k, v in record.value.items()
        }
        row["row"] = str(record.row)
        records.append(row)
    if not records:
        return pl.DataFrame({"row": []}, schema={"row": pl.UInt32})
    frame = pl.DataFrame(records, infer_schema_length=None)
    return frame.with_columns(pl.col("row").cast(pl.UInt32))


def _read_parquet(path: Path) -> pl.DataFrame:
    frame = pl.read_parquet(path)
    casts = []
    for name, dtype in frame.schema.items():
        if name == "ts" and isinstance(dtype, pl.Datetime):
            if dtype.time_zone is None:
                # A naive Parquet timestamp: keep it naive so the UTC rule applies.
                casts.append(pl.col(name).dt.strftime(NAIVE_FORMAT).alias(name))
            else:
                casts.append(pl.col(name).dt.convert_time_zone("UTC").dt.strftime("%+"))
        else:
            casts.append(pl.col(name).cast(pl.String))
    return frame.with_columns(casts).with_row_index("row", offset=1)


def read_rows(path: Path, problems: list[RowProblem]) -> pl.DataFrame:
    """Every column as text plus `row`; raises FileUnreadable for a broken file."""
    name = path.name.lower()
    try:
        if name.endswith(".parquet"):
            return _read_parquet(path)
        if name.endswith(".csv"):
            return _read_csv(path)
        return _read_jsonl(path, problems)
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError, EOFError) as error:
        raise FileUnreadable(str(error).splitlines()[0][:200]) from error


def validate(frame: pl.DataFrame, *, assume_utc: bool) -> pl.DataFrame:
    """Add `ts_parsed`, `reason` and `reason_key` (null for a good row) to text columns."""
    for column in (*EVENT_COLUMNS, *OPTIONAL_NAMES):
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(column))
    blank = {c: pl.col(c).str.strip_chars().fill_null("") == "" for c in EVENT_COLUMNS}
    frame = frame.with_columns(
        [
            pl.when(~blank[c]).then(pl.col(c).str.strip_chars()).alias(c)
            for c in EVENT_COLUMNS
            if c != "ts"
        ]
    )
    text_ts = pl.col("ts").str.strip_chars()
    zoned = text_ts.str.to_datetime(
        ZONED_FORMAT, strict=False, time_zone="UTC", time_unit="us"
    )
    naive = (
        text_ts.str.replace(" ", "T")
        .str.to_datetime(NAIVE_FORMAT, strict=False, time_unit="us")
        .dt.replace_time_zone("UTC")
    )
    frame = frame.with_columns(
        zoned.alias("_zoned"), naive.alias("_naive")
    ).with_columns(
        pl.coalesce("_zoned", "_naive" if assume_utc else pl.lit(None)).alias(
            "ts_parsed"
        )
    )
    is_message_event = ~pl.col("event_type").is_in(JOURNEY_EVENTS)
    rules: list[tuple[pl.Expr, str, str]] = [
        *((blank[c], f"missing {c}", f"import.row.missing_{c}") for c in REQUIRED),
        (
            pl.col("_zoned").is_null()
            & pl.col("_naive").is_not_null()
            & (not assume_utc),
            "timestamp has no time zone (add Z or an offset, or declare the file UTC)",
            "import.row.naive_ts",
        ),
        (
            pl.col("ts_parsed").is_null(),
            "ts is not an ISO 8601 timestamp",
            "import.row.bad_ts",
        ),
        (
            ~pl.col("event_type").is_in(EVENT_TYPES),
            "unknown event type",
            "import.row.unknown_event_type",
        ),
        (
            is_message_event & blank["message_id"],
            "a message event needs a message_id",
            "import.row.missing_message_id",
        ),
        (
            is_message_event & blank["channel"],
            "a message event needs a channel",
            "import.row.missing_channel",
        ),
        (
            ~blank["channel"] & ~pl.col("channel").is_in(CHANNELS),
            "unknown channel",
            "import.row.unknown_channel",
        ),
        (
            (pl.col("event_type") == "goal_reached") & blank["goal_id"],
            "a goal_reached event needs a goal_id",
            "import.row.missing_goal_id",
        ),
        (
            pl.col("event_id").str.len_chars() > 200,
            "event_id is longer than 200 characters",
            "import.row.long_event_id",
        ),
    ]
    # A row fails on the first rule it breaks: its English reason and its key.
    reason: pl.Expr = pl.lit(None, dtype=pl.String)
    reason_key: pl.Expr = pl.lit(None, dtype=pl.String)
    for condition, text, key in reversed(rules):
        broken = condition.fill_null(False)
        reason = pl.when(broken).then(pl.lit(text)).otherwise(reason)
        reason_key = pl.when(broken).then(pl.lit(key)).otherwise(reason_key)
    return frame.with_columns(reason.alias("reason"), reason_key.alias("reason_key"))


def parse_canonical(
    paths: Sequence[Path],
    progress: Callable[[int, int], None] | None = None,
    *,
    assume_utc: bool = False,
) -> ParsedBatch:
    batch = ParsedBatch(source="canonical", files=[str(p) for p in paths])
    good: list[pl.DataFrame] = []
    for done, path in enumerate(paths, start=1):
        try:
            rows = read_rows(path, batch.problems)
        except FileUnreadable as error:
            batch.problems.append(
                RowProblem(
                    str(path),
                    0,
                    f"the file cannot be read: {error}",
                    "import.unreadable",
                    str(error),
                )
            )
            continue
        batch.rows_read += rows.height
        checked = validate(rows, assume_utc=assume_utc)
        bad = checked.filter(pl.col("reason").is_not_null())
        batch.problems.extend(
            RowProblem(
                str(path),
                int(r["row"]),
                r["reason"],
                r["reason_key"],
                str(r["event_id"] or ""),
            )
            for r in bad.select("row", "reason", "reason_key", "event_id").iter_rows(
                named=True
            )
        )
        ok = checked.filter(pl.col("reason").is_null())
        for r in (
            ok.select("campaign_id", "campaign_name").unique("campaign_id").iter_rows()
        ):
            batch.campaigns.setdefault(r[0], CampaignHint(id=r[0], title=r[1] or r[0]))
        messages = ok.filter(pl.col("message_id").is_not_null()).select(
            "campaign_id", "message_id", "message_name", "channel"
        )
        for r in messages.unique(["campaign_id", "message_id"]).iter_rows():
            batch.messages.setdefault(
                f"{r[0]}\x00{r[1]}",
                MessageHint(id=r[1], campaign_id=r[0], name=r[2] or r[1], channel=r[3]),
            )
        good.append(
            ok.select(*(c for c in EVENT_COLUMNS if c != "ts"), ts=pl.col("ts_parsed"))
        )
        if progress:
            progress(done, len(paths))
    if good:
        batch.events = pl.concat(good, how="diagonal").select(EVENT_COLUMNS)
    logger.info(
        "canonical: %d rows read from %d files, %d problems",
        batch.rows_read,
        len(paths),
        len(batch.problems),
    )
    return batch
