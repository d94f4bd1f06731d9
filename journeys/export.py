"""CSV files of campaign statistics, in two dialects, safe to open in a spreadsheet.

- standard: UTF-8 without BOM, comma, decimal point, English headers and labels;
- excel: UTF-8 with BOM, headers and labels in the user's language; in French
  a semicolon between cells and a decimal comma (what French Excel expects).

A text cell that starts with =, +, -, @, a tab or a carriage return gets a
leading apostrophe so no spreadsheet runs it as a formula; numbers are written
as numbers. Percentages use `journeys.i18n.round_pct`, like every page.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import polars as pl

from journeys import i18n
from journeys.metrics import REPORTED_BY
from journeys.periods import Period, zone

logger = logging.getLogger(__name__)

DIALECTS: tuple[str, ...] = ("standard", "excel")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

# (column of export_campaign_stats.sql, header key, kind)
CAMPAIGN_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("title", "export.title", "text"),
    ("status", "export.status", "status"),
    ("created_at", "export.created", "datetime"),
    ("category_name", "export.category", "category"),
    ("entry_type", "export.type", "entry_type"),
    ("id", "export.uuid", "text"),
    ("total_reach", "export.total_reach", "int"),
    ("unique_users", "export.unique_users", "int"),
    ("entries", "export.entries", "int"),
    ("users_in_journey", "export.users_in_journey", "int"),
    ("drops", "export.drops", "int"),
    ("total_sends", "export.total_sends", "int"),
    ("avg_ctr_pct", "export.avg_ctr_pct", "pct"),
    ("goals_reached", "export.goals_reached", "int"),
    ("push_sends", "export.push_sends", "int"),
    ("push_deliveries", "export.push_deliveries", "int"),
    ("push_opens", "export.push_opens", "int"),
    ("push_ctr_pct", "export.push_ctr_pct", "pct"),
    ("email_sends", "export.email_sends", "int"),
    ("email_deliveries", "export.email_deliveries", "int"),
    ("email_opens", "export.email_opens", "int"),
    ("email_clicks", "export.email_clicks", "int"),
    ("email_unsubscribes", "export.email_unsubscribes", "int"),
    ("email_ctr_pct", "export.email_ctr_pct", "pct"),
    ("sms_sends", "export.sms_sends", "int"),
    ("sms_deliveries", "export.sms_deliveries", "int"),
    ("sms_clicks", "export.sms_clicks", "int"),
    ("sms_ctr_pct", "export.sms_ctr_pct", "pct"),
    ("whatsapp_sends", "export.whatsapp_sends", "int"),
    ("whatsapp_deliveries", "export.whatsapp_deliveries", "int"),
    ("whatsapp_reads", "export.whatsapp_reads", "int"),
    ("whatsapp_clicks", "export.whatsapp_clicks", "int"),
    ("whatsapp_ctr_pct", "export.whatsapp_ctr_pct", "pct"),
    ("inapp_impressions", "export.inapp_impressions", "int"),
    ("inapp_interactions", "export.inapp_interactions", "int"),
    ("inapp_skips", "export.inapp_skips", "int"),
    ("inapp_ctr_pct", "export.inapp_ctr_pct", "pct"),
)


@dataclass(frozen=True)
class CsvFormat:
    dialect: str
    lang: str

    def __post_init__(self) -> None:
        if self.dialect not in DIALECTS:
            raise ValueError(f"unknown CSV dialect {self.dialect!r}")

    @property
    def text_lang(self) -> str:
        """Standard files are always English; Excel files follow the user."""
        return "en" if self.dialect == "standard" else i18n.lang_or_default(self.lang)

    @property
    def delimiter(self) -> str:
        return ";" if self.dialect == "excel" and self.text_lang == "fr" else ","

    @property
    def decimal(self) -> str:
        return "," if self.dialect == "excel" and self.text_lang == "fr" else "."

    @property
    def bom(self) -> bool:
        return self.dialect == "excel"


def neutralise(text: str) -> str:
    """Make a text cell inert in a spreadsheet (see the module doc)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: Decimal | int, fmt: CsvFormat) -> str:
    text = str(value)
    return text.replace(".", fmt.decimal) if fmt.decimal != "." else text


def cell(value: Any, kind: str, fmt: CsvFormat, tz: str, row: dict[str, Any]) -> str:
    """One value as the text of its cell; None is an empty cell."""
    lang = fmt.text_lang
    if value is None:
        return ""
    if kind == "int":
        return _number(int(value), fmt)
    if kind == "pct":
        rounded = i18n.round_pct(value)
        return "" if rounded is None else _number(rounded, fmt)
    if kind == "datetime":
        assert isinstance(value, datetime)
        return value.astimezone(zone(tz)).strftime("%Y-%m-%d %H:%M")
    if kind == "status":
        return neutralise(i18n.status_label(value, lang))
    if kind == "entry_type":
        return neutralise(i18n.entry_type_label(value, lang))
    if kind == "category":
        return neutralise(
            i18n.category_label(value, bool(row.get("category_is_default")), lang)
        )
    return neutralise(str(value))


def to_csv(
    frame: pl.DataFrame,
    columns: Sequence[tuple[str, str, str]],
    fmt: CsvFormat,
    tz: str = "UTC",
) -> bytes:
    """The rows of `frame` as CSV bytes with the given columns, in order."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=fmt.delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(i18n.t(key, fmt.text_lang)) for _, key, _ in columns])
    for row in frame.iter_rows(named=True):
        writer.writerow(
            [cell(row[name], kind, fmt, tz, row) for name, _, kind in columns]
        )
    text = (BOM if fmt.bom else "") + buffer.getvalue()
    return text.encode("utf-8")


def campaign_stats_csv(frame: pl.DataFrame, fmt: CsvFormat, tz: str) -> bytes:
    """The export of DESIGN.md section 6 from `Analytics.export_rows`."""
    data = to_csv(frame, CAMPAIGN_COLUMNS, fmt, tz)
    logger.info("exported %d campaigns (%s, %s)", frame.height, fmt.dialect, fmt.lang)
    return data


def export_file_name(period: Period, prefix: str = "campaign-stats") -> str:
    """The file name carries the period it holds: campaign-stats_2026-03-01_2026-03-31.csv."""
    return f"{prefix}_{period.label()}.csv"


# A campaign's slug in a file name: at most this many characters, whole words.
SLUG_MAX = 40
# Letters Unicode does not take apart into a base letter and its accents.
UNFOLDED = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th"}
)


def slug(text: str, limit: int = SLUG_MAX) -> str:
    """`text` as ASCII lowercase words joined by hyphens, cut after the last
    whole word within `limit` characters: "Crème brûlée: -20 %!" gives
    "creme-brulee-20". Empty when `text` has no letter or digit to keep."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(UNFOLDED))
    words = re.findall(r"[a-z0-9]+", folded.encode("ascii", "ignore").decode())
    kept = ""
    for word in words:
        longer = f"{kept}-{word}" if kept else word
        if len(longer) > limit:
            return kept or word[:limit]
        kept = longer
    return kept


def card_file_name(title: str, campaign_id: str, holds: str, period: Period) -> str:
    """A campaign card's download, named for the campaign, what the file
    holds and its period: spring-sale-messages-2026-11-01-to-2026-11-30.csv.

    The campaign's id stands in for a title with nothing to keep (only
    punctuation or emoji), and "campaign" for an id with nothing either.
    """
    name = slug(title) or slug(campaign_id) or "campaign"
    return f"{name}-{holds}-{period.start.isoformat()}-to-{period.end.isoformat()}.csv"


# The campaign card's own files: its summary, and its messages in journey order.
CARD_SUMMARY_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("title", "export.title", "text"),
    ("status", "export.status", "status"),
    ("created_at", "export.created", "datetime"),
    ("category_name", "export.category", "category"),
    ("entry_type", "export.type", "entry_type"),
    ("id", "export.uuid", "text"),
    ("period_start", "export.period_start", "text"),
    ("period_end", "export.period_end", "text"),
    ("total_reach", "export.total_reach", "int"),
    ("unique_users", "export.unique_users", "int"),
    ("entries", "export.entries", "int"),
    ("users_in_journey", "export.users_in_journey", "int"),
    ("drops", "export.drops", "int"),
    ("total_sends", "export.total_sends", "int"),
    ("avg_ctr_pct", "export.avg_ctr_pct", "pct"),
    ("pooled_ctr_pct", "export.pooled_ctr_pct", "pct"),
    ("goals_reached", "export.goals_reached", "int"),
    ("goal_conversion_pct", "export.goal_conversion_pct", "pct"),
)
MESSAGE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("position", "export.position", "int"),
    ("message_name", "export.message", "text"),
    ("channel_label", "export.channel", "text"),
    ("message_id", "export.message_id", "text"),
    ("sends", "export.sends", "int"),
    ("deliveries", "export.deliveries", "int"),
    ("opens", "export.opens", "int"),
    ("open_rate_pct", "export.open_rate_pct", "pct"),
    ("clicks", "export.clicks", "int"),
    ("ctr_pct", "export.ctr_pct", "pct"),
    ("unsubscribes", "export.unsubscribes", "int"),
    ("skips", "export.skips", "int"),
)


def campaign_summary_csv(
    summary: dict[str, Any], period: Period, fmt: CsvFormat, tz: str
) -> bytes:
    """One campaign's card figures (`Analytics.campaign_summary`) as one row."""
    row = {
        **summary,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
    }
    # As in the list's export: a count the card shows as `--` (a draft, no
    # events in the period) is 0 in a file; only rates stay empty.
    for name, _, kind in CARD_SUMMARY_COLUMNS:
        if kind == "int" and row.get(name) is None:
            row[name] = 0
    frame = pl.DataFrame([row], infer_schema_length=None)
    return to_csv(frame, CARD_SUMMARY_COLUMNS, fmt, tz)


def message_stats_csv(messages: pl.DataFrame, fmt: CsvFormat, tz: str) -> bytes:
    """Per-message statistics (`Analytics.message_stats`), channels named in the
    file's language. A figure the message's channel does not report is an
    empty cell, as it is `--` on the card; a rate without sends is empty too."""
    lang = fmt.text_lang
    labelled = messages.with_columns(
        pl.col("channel")
        .map_elements(lambda c: i18n.channel_label(c, lang), return_dtype=pl.String)
        .alias("channel_label"),
        *(
            pl.when(pl.col("channel").is_in(channels))
            .then(pl.col(figure))
            .otherwise(None)
            .alias(figure)
            for figure, channels in REPORTED_BY.items()
        ),
    )
    return to_csv(labelled, MESSAGE_COLUMNS, fmt, tz)
