"""The canonical importer: CSV, Parquet and JSON Lines in the schema of DESIGN.md.

Every row is checked with vectorised Polars expressions; a row fails on the
first rule it breaks, and the report names its file, its row (the line number
in a CSV or JSON Lines file, counting the header as line 1, which a quoted value
spanning lines shifts; the record number in Parquet) and the reason.

Files are read the way spreadsheets write them: a byte order mark, CRLF line
ends, semicolon or tab separators, headers in any case or with spaces, event
types and channels in any case ("Sent", "In-App").
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from journeys.importers.base import (
    SOURCE_FILE,
    SOURCE_ROW,
    CampaignHint,
    MessageHint,
    ParsedBatch,
    RowProblem,
)
from journeys.importers.detect import (
    DAMAGED_COMPRESSION,
    iter_json_records,
    open_text,
    sniff_kind,
)
from journeys.importers.rules import settle_events
from journeys.schema import CHANNELS, EVENT_COLUMNS, EVENT_TYPES, JOURNEY_EVENTS

logger = logging.getLogger(__name__)

REQUIRED: tuple[str, ...] = ("event_id", "ts", "campaign_id", "user_id", "event_type")
OPTIONAL_NAMES: tuple[str, ...] = ("campaign_name", "message_name")
ZONED_FORMAT = "%+"
NAIVE_FORMAT = "%Y-%m-%dT%H:%M:%S%.f"
# ISO 8601 forms the formats above miss, made whole first: a time without
# seconds ("10:15Z") and an offset of hours alone ("+02").
NO_SECONDS = (r"^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2})([Zz+-]|$)", "${1}:00${2}")
HOUR_OFFSET = (r"^(.*[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2})$", "${1}:00")


SEPARATORS: tuple[str, ...] = (",", ";", "\t")
WANTED: tuple[str, ...] = (*EVENT_COLUMNS, *OPTIONAL_NAMES)


class FileUnreadable(Exception):
    """The whole file could not be read (truncated Parquet, not CSV, ...).

    `row` names the record that stopped the reading, when one did; `key` names
    the reason's translation.
    """

    def __init__(
        self, message: str, row: int = 0, key: str = "import.unreadable"
    ) -> None:
        super().__init__(message)
        self.row = row
        self.key = key


def column_key(name: str) -> str:
    """A header as the schema spells it: " Event_ID" and "EVENT_ID" are event_id."""
    return name.strip().strip('"').strip().lower()


def _normalise_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Keep the schema's columns, named as the schema names them."""
    keep: dict[str, str] = {}
    for name in frame.columns:
        key = column_key(name)
        if key not in WANTED:
            continue
        if key in keep.values():
            raise FileUnreadable(
                f"the header names the column {key} twice", 1, "import.twice_named"
            )
        keep[name] = key
    return frame.select(pl.col(name).alias(key) for name, key in keep.items())


def csv_separator(path: Path) -> str:
    """The separator that splits the header into the most schema columns;
    Excel in a French locale writes semicolons."""
    with open_text(path, errors="replace") as handle:
        header = handle.readline()
    hits = {
        separator: len({column_key(c) for c in header.split(separator)} & set(WANTED))
        for separator in SEPARATORS
    }
    return max(SEPARATORS, key=lambda separator: hits[separator])


def _ragged_record(path: Path, separator: str) -> FileUnreadable:
    """Name the first record with more fields than the header."""
    with open_text(path, errors="replace") as handle:
        reader = csv.reader(handle, delimiter=separator)
        width = len(next(reader, []))
        for record in reader:
            if len(record) > width:
                return FileUnreadable(
                    f"this line has {len(record)} fields but the header has "
                    f"{width}; is a separator inside a value without quotes?",
                    reader.line_num,
                    "import.row.too_many_fields",
                )
    return FileUnreadable("a line has more fields than the header")


def _read_csv(path: Path) -> pl.DataFrame:
    separator = csv_separator(path)
    try:
        frame = pl.read_csv(path, separator=separator, infer_schema=False)
    except pl.exceptions.ComputeError as error:
        text = str(error)
        if "more fields" in text:
            raise _ragged_record(path, separator) from error
        if "utf-8" in text.lower() or "utf8" in text.lower():
            raise FileUnreadable(
                "the file is not UTF-8 text; save it as UTF-8", 0, "import.not_utf8"
            ) from error
        raise
    frame = _normalise_columns(frame).with_row_index("row", offset=2)
    # Blank lines (a spreadsheet often ends with one) are no rows at all.
    return frame.filter(
        ~pl.all_horizontal(
            pl.col(c).str.strip_chars().fill_null("") == ""
            for c in frame.columns
            if c != "row"
        )
    )


def _json_text(value: object) -> tuple[str | None, bool]:
    """A JSON value as column text, and whether it may stand in a column."""
    if value is None or isinstance(value, str):
        return value, True
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value), True
    return None, False


def _read_jsonl(path: Path, problems: list[RowProblem]) -> pl.DataFrame:
    """JSON Lines (row = line number) or one JSON array (row = item number)."""
    records: list[dict[str, object]] = []
    for record in iter_json_records(path):
        if record.error is not None:
            problems.append(
                RowProblem(str(path), record.row, record.error, record.key, record.raw)
            )
            continue
        if not isinstance(record.value, dict):
            problems.append(
                RowProblem(
                    str(path), record.row, "not a JSON object", "import.not_object"
                )
            )
            continue
        row: dict[str, object] = {}
        for name, value in record.value.items():
            key = column_key(str(name))
            if key not in WANTED:
                continue
            text, fits = _json_text(value)
            if not fits:
                problems.append(
                    RowProblem(
                        str(path),
                        record.row,
                        f"{key} must be text or a number, not {json.dumps(value)[:40]}",
                        "import.row.not_text",
                        record.raw,
                    )
                )
                break
            row[key] = text
        else:  # no value broke the loop: the row is text throughout
            row["row"] = record.row
            records.append(row)
    if not records:
        return pl.DataFrame({"row": []}, schema={"row": pl.UInt32})
    frame = pl.DataFrame(
        records,
        schema={**dict.fromkeys(WANTED, pl.String), "row": pl.UInt32},
    )
    return frame


def _read_parquet(path: Path) -> pl.DataFrame:
    frame = _normalise_columns(pl.read_parquet(path))
    casts = []
    for name, dtype in frame.schema.items():
        if name == "ts" and isinstance(dtype, pl.Datetime):
            if dtype.time_zone is None:
                # A naive Parquet timestamp: keep it naive so the UTC rule applies.
                casts.append(pl.col(name).dt.strftime(NAIVE_FORMAT).alias(name))
            else:
                casts.append(pl.col(name).dt.convert_time_zone("UTC").dt.strftime("%+"))
        elif dtype.is_nested() or dtype == pl.Binary:
            raise FileUnreadable(
                f"the column {name} holds {dtype}, not text", 0, "import.not_text"
            )
        else:
            casts.append(pl.col(name).cast(pl.String))
    return frame.with_columns(casts).with_row_index("row", offset=1)


def read_rows(path: Path, problems: list[RowProblem]) -> pl.DataFrame:
    """The schema's columns as text plus `row`; raises FileUnreadable for a
    broken file. The layout is read from the bytes, not the file's name."""
    try:
        kind = sniff_kind(path)
        if kind == "parquet":
            return _read_parquet(path)
        if kind == "avro":
            raise FileUnreadable(
                "an Avro file holds a Braze export, not canonical events",
                0,
                "import.row.unknown_format",
            )
        if kind == "csv":
            return _read_csv(path)
        return _read_jsonl(path, problems)
    except (
        pl.exceptions.PolarsError,
        UnicodeDecodeError,
        *DAMAGED_COMPRESSION,
    ) as error:
        raise FileUnreadable(str(error).splitlines()[0][:200]) from error


def validate(frame: pl.DataFrame, *, assume_utc: bool) -> pl.DataFrame:
    """Add `ts_parsed`, `reason`, `reason_key` and `reason_value` (null for a good
    row; the value the reason is about, if any) to text columns."""
    for column in (*EVENT_COLUMNS, *OPTIONAL_NAMES):
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(column))
    blank = {c: pl.col(c).str.strip_chars().fill_null("") == "" for c in EVENT_COLUMNS}
    # The values as written, for a reason to quote ("Teleported", not "teleported").
    frame = frame.with_columns(
        pl.col("event_type").str.strip_chars().alias("event_type_written"),
        pl.col("channel").str.strip_chars().alias("channel_written"),
    )
    frame = frame.with_columns(
        [
            pl.when(~blank[c]).then(pl.col(c).str.strip_chars()).alias(c)
            for c in EVENT_COLUMNS
            if c != "ts"
        ]
    ).with_columns(
        # "Sent", "GOAL REACHED" and "In-App" read as the schema's words.
        pl.col("event_type").str.to_lowercase().str.replace_all(r"[\s-]+", "_"),
        pl.col("channel").str.to_lowercase().str.replace_all(r"[\s_-]+", ""),
    )
    text_ts = (
        pl.col("ts")
        .str.strip_chars()
        .str.replace(*NO_SECONDS)
        .str.replace(*HOUR_OFFSET)
    )
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
    no_value = pl.lit(None, dtype=pl.String)
    rules: list[tuple[pl.Expr, str, str, pl.Expr]] = [
        *(
            (blank[c], f"missing {c}", f"import.row.missing_{c}", no_value)
            for c in REQUIRED
        ),
        (
            pl.col("_zoned").is_null()
            & pl.col("_naive").is_not_null()
            & (not assume_utc),
            "timestamp has no time zone (add Z or an offset, or declare the file UTC)",
            "import.row.naive_ts",
            no_value,
        ),
        (
            pl.col("ts_parsed").is_null(),
            "ts is not an ISO 8601 timestamp",
            "import.row.bad_ts",
            pl.col("ts").str.strip_chars(),
        ),
        (
            ~pl.col("event_type").is_in(EVENT_TYPES),
            "unknown event type",
            "import.row.unknown_event_type",
            pl.col("event_type_written"),
        ),
        (
            is_message_event & blank["message_id"],
            "a message event needs a message_id",
            "import.row.missing_message_id",
            no_value,
        ),
        (
            is_message_event & blank["channel"],
            "a message event needs a channel",
            "import.row.missing_channel",
            no_value,
        ),
        (
            ~blank["channel"] & ~pl.col("channel").is_in(CHANNELS),
            "unknown channel",
            "import.row.unknown_channel",
            pl.col("channel_written"),
        ),
        (
            (pl.col("event_type") == "goal_reached") & blank["goal_id"],
            "a goal_reached event needs a goal_id",
            "import.row.missing_goal_id",
            no_value,
        ),
    ]
    # A row fails on the first rule it breaks: its English reason (quoting the
    # value it is about, if any), its key and that value.
    reason: pl.Expr = pl.lit(None, dtype=pl.String)
    reason_key: pl.Expr = pl.lit(None, dtype=pl.String)
    reason_value: pl.Expr = pl.lit(None, dtype=pl.String)
    for condition, text, key, value in reversed(rules):
        broken = condition.fill_null(False)
        said = (
            pl.when(value.is_null())
            .then(pl.lit(text))
            .otherwise(pl.format("{} “{}”", pl.lit(text), value))
        )
        reason = pl.when(broken).then(said).otherwise(reason)
        reason_key = pl.when(broken).then(pl.lit(key)).otherwise(reason_key)
        reason_value = pl.when(broken).then(value).otherwise(reason_value)
    return frame.with_columns(
        reason.alias("reason"),
        reason_key.alias("reason_key"),
        reason_value.alias("reason_value"),
    )


def _row_content(path: Path, fields: list[str]) -> Callable[[list[str | None]], str]:
    """How a rejected row reads in the rejects file, so it can be fixed and
    imported again: a CSV line with the file's separator, else a JSON object.
    Only the schema's columns are kept."""
    if sniff_kind(path) == "csv":
        separator = csv_separator(path)

        def line(values: list[str | None]) -> str:
            out = io.StringIO()
            csv.writer(out, delimiter=separator, lineterminator="").writerow(values)
            return out.getvalue()

        return line
    return lambda values: json.dumps(
        {k: v for k, v in zip(fields, values, strict=True) if v is not None},
        ensure_ascii=False,
    )


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
                    error.row,
                    f"the file cannot be read: {error}",
                    error.key,
                    str(error),
                    whole_file=True,
                    detail=str(error),
                )
            )
            continue
        batch.rows_read += rows.height
        fields = [c for c in rows.columns if c != "row"]
        content = _row_content(path, fields)
        checked = validate(rows, assume_utc=assume_utc)
        bad = checked.filter(pl.col("reason").is_not_null())
        # The rows as written, not as `validate` tidied them ("In-App", " 42 ").
        written = {
            r[0]: content(list(r[1:]))
            for r in rows.filter(pl.col("row").is_in(bad["row"].implode()))
            .select("row", *fields)
            .iter_rows()
        }
        batch.problems.extend(
            RowProblem(
                str(path),
                int(r["row"]),
                r["reason"],
                r["reason_key"],
                written[r["row"]],
                detail=r["reason_value"] or "",
            )
            for r in bad.select(
                "row", "reason", "reason_key", "reason_value"
            ).iter_rows(named=True)
        )
        ok = checked.filter(pl.col("reason").is_null())
        for r in (
            ok.select("campaign_id", "campaign_name").unique("campaign_id").iter_rows()
        ):
            batch.campaigns.setdefault(r[0], CampaignHint(id=r[0], title=r[1] or r[0]))
        messages = ok.filter(pl.col("message_id").is_not_null()).select(
            "campaign_id", "message_id", "message_name", "channel"
        )
        # The first row names a message: a later one on another channel is refused.
        first = messages.unique(["campaign_id", "message_id"], keep="first")
        for r in first.iter_rows():
            batch.messages.setdefault(
                f"{r[0]}\x00{r[1]}",
                MessageHint(id=r[1], campaign_id=r[0], name=r[2] or r[1], channel=r[3]),
            )
        good.append(
            ok.select(
                *(c for c in EVENT_COLUMNS if c != "ts"),
                ts=pl.col("ts_parsed"),
                **{
                    SOURCE_FILE: pl.lit(str(path)),
                    SOURCE_ROW: pl.col("row").cast(pl.Int64),
                },
            )
        )
        if progress:
            progress(done, len(paths))
    if good:
        settle_events(batch, pl.concat(good, how="diagonal"))
    logger.info(
        "canonical: %d rows read from %d files, %d problems",
        batch.rows_read,
        len(paths),
        len(batch.problems),
    )
    return batch
