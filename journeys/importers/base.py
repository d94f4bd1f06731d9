"""What every importer returns: canonical events, catalog hints and a report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import polars as pl

from journeys.schema import empty_events

SOURCE_FILE = "source_file"
SOURCE_ROW = "source_row"
PROVENANCE_SCHEMA: dict[str, pl.DataType] = {
    SOURCE_FILE: pl.String(),
    SOURCE_ROW: pl.Int64(),
}


@dataclass(frozen=True)
class RowProblem:
    """One rejected input row: where it was and why (English reason + key).

    `whole_file` marks a file that could not be read at all: nothing in it is
    valid, and `row` is 0 or the line where reading stopped. `detail` is what
    the reason is about, for a translation to name: the bad value of a row, or
    the reader's own message for a file. `params` are further values a
    translation names, as (name, value) pairs.
    """

    file: str
    row: int  # 1-based line or record number inside the file
    reason: str
    key: str = "import.bad_row"
    raw: str = ""
    whole_file: bool = False
    detail: str = ""
    params: tuple[tuple[str, str], ...] = ()


@dataclass
class CampaignHint:
    """A campaign named by a source, added to the catalog when unknown."""

    id: str
    title: str


@dataclass
class MessageHint:
    id: str
    campaign_id: str
    name: str
    channel: str


@dataclass
class ParsedBatch:
    """The result of parsing one or more files of one source format.

    `events` has exactly the columns and dtypes of `journeys.schema.EVENT_SCHEMA`.
    `ignored` counts source event types the dashboard does not use (not errors).
    `notes` are English sentences worth showing (e.g. "no send events").
    `duplicates` counts exact repeats of an event inside these files, dropped.
    `origins` holds, row for row with `events`, the file and row each came from.
    """

    source: str
    events: pl.DataFrame = field(default_factory=empty_events)
    origins: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=PROVENANCE_SCHEMA)
    )
    problems: list[RowProblem] = field(default_factory=list)
    campaigns: dict[str, CampaignHint] = field(default_factory=dict)
    messages: dict[str, MessageHint] = field(default_factory=dict)
    ignored: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    duplicates: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems
