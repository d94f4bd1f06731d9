"""Every figure the product shows, computed by the SQL in `queries/` with DuckDB.

One DuckDB database per Analytics (one per process in the app): the snapshot
read is loaded into its `events` table, `queries/base/measures.sql` defines the
measures once as table macros, and each query runs on its own cursor where the
catalog is registered as `catalog_campaign` and `catalog_message`. Results come
back as Polars frames.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from journeys.catalog import Catalog
from journeys.errors import QueryError
from journeys.periods import SLOT_SECONDS, Period, local_midnight, zone
from journeys.store import EventStore, Snapshot

logger = logging.getLogger(__name__)

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
SLOW_QUERY_SECONDS = 0.5
ROLLUP_SLOT_SECONDS = SLOT_SECONDS
SORTS: tuple[str, ...] = (
    "modified",
    "name",
    "launched",
    "created",
    "reach",
    "goals",
    "ctr",
)

# The message figures only some channels report (DESIGN.md section 4): SMS and
# in-app have no opens, in-app no deliveries, only e-mail has unsubscribes and
# only in-app skips. Elsewhere the figure is undefined, never a 0 that would
# pass for "none happened": `--` on screen, an empty cell in a CSV.
REPORTED_BY: dict[str, tuple[str, ...]] = {
    "deliveries": ("push", "email", "sms", "whatsapp"),
    "opens": ("push", "email", "whatsapp"),
    "unsubscribes": ("email",),
    "skips": ("inapp",),
}


def reports(channel: str, figure: str) -> bool:
    """Whether `channel` reports the message figure `figure` at all."""
    return channel in REPORTED_BY.get(figure, (channel,))


@cache
def load_sql(name: str) -> str:
    """The text of `queries/<name>.sql`."""
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


@dataclass(frozen=True)
class ListFilters:
    """The Campaigns page's filters; None means "any"."""

    search: str | None = None
    status: str | None = None
    category_id: str | None = None
    entry_type: str | None = None
    launch_from: date | None = None
    launch_to: date | None = None
    sort: str = "modified"
    descending: bool = True

    def params(self, tz: str) -> dict[str, Any]:
        search = self.search.strip() if self.search else None
        return {
            "search": search or None,
            "category_id": self.category_id,
            "entry_type": self.entry_type,
            # The first day there is has no start in zones east of UTC (its
            # midnight falls before year 1), and the last day has no end.
            "launch_t0": local_midnight(self.launch_from, tz)
            if self.launch_from and self.launch_from > date.min
            else None,
            "launch_t1": (
                local_midnight(date.fromordinal(self.launch_to.toordinal() + 1), tz)
                if self.launch_to and self.launch_to < date.max
                else None
            ),
        }


class Analytics:
    """Reads one snapshot of the event store together with the catalog."""

    def __init__(
        self, store: EventStore, catalog: Catalog, *, version: int | None = None
    ) -> None:
        self.store = store
        self.catalog = catalog
        self.pinned_version = version
        self._connection = duckdb.connect()
        self._connection.execute(load_sql("base/types"))
        self._connection.execute(load_sql("base/empty_events"))
        self._connection.execute(load_sql("base/catalog_tables"))
        self._connection.execute(load_sql("base/measures"))
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._loaded: int | None = None
        self.refresh()

    def refresh(self) -> Snapshot | None:
        """Read the newest snapshot (or the pinned one) again.

        The snapshot's Parquet files are loaded once into DuckDB's own columnar
        format (base/load_events.sql) and rolled up into 15-minute counts
        (base/build_rollup.sql): counts then sum the small rollup and only
        distinct-user figures scan the events, which is what keeps pages
        interactive on tens of millions of events.
        """
        snapshot = self.store.snapshot(self.pinned_version)
        with self._lock:
            if snapshot is not None and self._loaded == snapshot.version:
                self._snapshot = snapshot
                return snapshot
            started = time.perf_counter()
            # One transaction: a query running meanwhile sees the old events
            # and the old rollup, never one of each.
            self._connection.execute("begin transaction")
            try:
                if snapshot is not None and snapshot.files:
                    files = {"files": list(snapshot.files)}
                    self._connection.execute(load_sql("base/load_events"), files)
                    self._connection.execute(load_sql("base/build_rollup"))
                    skipped = self._connection.execute(
                        load_sql("base/skipped_events"), files
                    ).fetchone()
                    if skipped and skipped[0]:
                        logger.warning(
                            "snapshot %d: %d events left out, as no importer "
                            "accepts them (a message event without a message, "
                            "an unknown event type or channel, no time, "
                            "campaign or user)",
                            snapshot.version,
                            skipped[0],
                        )
                else:
                    self._connection.execute(load_sql("base/empty_events"))
                self._connection.execute("commit")
            except duckdb.Error:
                self._connection.execute("rollback")
                raise
            self._loaded = snapshot.version if snapshot is not None else None
            self._snapshot = snapshot
        if snapshot is not None:
            logger.info(
                "loaded snapshot %d (%d files) in %.2fs",
                snapshot.version,
                len(snapshot.files),
                time.perf_counter() - started,
            )
        return snapshot

    def close(self) -> None:
        self._connection.close()

    @property
    def snapshot(self) -> Snapshot | None:
        return self._snapshot

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self._connection.cursor()
        try:
            cursor.register("catalog_campaign", self.catalog.campaigns_frame())
            cursor.register("catalog_message", self.catalog.messages_frame())
            yield cursor
        finally:
            cursor.close()

    def _query(self, name: str, params: dict[str, Any]) -> pl.DataFrame:
        started = time.perf_counter()
        try:
            with self._cursor() as cursor:
                frame = cursor.sql(load_sql(name), params=params).pl()
        except duckdb.Error as error:
            logger.exception("query %s failed", name)
            raise QueryError(
                "query.failed",
                "The figures could not be computed ({detail}); try Refresh data.",
                detail=type(error).__name__,
            ) from error
        elapsed = time.perf_counter() - started
        level = logging.WARNING if elapsed > SLOW_QUERY_SECONDS else logging.DEBUG
        logger.log(level, "query %s took %.3fs (%d rows)", name, elapsed, frame.height)
        return frame

    @staticmethod
    def _period(period: Period, *inner: datetime) -> dict[str, Any]:
        for bound in (period.t0, period.t1, *inner):
            # The rollup's slots are quarter hours; every zone in use today
            # starts its days on one.
            if bound.timestamp() % ROLLUP_SLOT_SECONDS:
                raise QueryError(
                    "period.unaligned_zone",
                    "Days in {zone} do not start on a quarter hour; pick another "
                    "time zone.",
                    zone=period.tz,
                )
        return {"t0": period.t0, "t1": period.t1}

    # -- the Campaigns page ------------------------------------------------------

    def campaign_list(
        self, period: Period, filters: ListFilters = ListFilters()
    ) -> pl.DataFrame:
        if filters.sort not in SORTS:
            raise QueryError(
                "query.bad_sort", "Unknown sort “{sort}”.", sort=filters.sort
            )
        params = {
            **self._period(period),
            **filters.params(period.tz),
            "status": filters.status,
            "sort": filters.sort,
            "descending": filters.descending,
        }
        return self._query("campaign_list", params)

    def status_counts(
        self, filters: ListFilters = ListFilters(), tz: str = "UTC"
    ) -> dict[str, int]:
        frame = self._query("status_counts", filters.params(tz))
        return dict(
            zip(frame["status"].to_list(), frame["campaigns"].to_list(), strict=True)
        )

    def first_launch(
        self, filters: ListFilters = ListFilters(), tz: str = "UTC"
    ) -> date | None:
        """The local day of the earliest launch among the matching campaigns."""
        params = {**filters.params(tz), "status": filters.status}
        value = self._query("first_launch", params)["first_launch"][0]
        return value.astimezone(zone(tz)).date() if value is not None else None

    def export_rows(
        self, period: Period, filters: ListFilters = ListFilters()
    ) -> pl.DataFrame:
        params = {
            **self._period(period),
            **filters.params(period.tz),
            "status": filters.status,
        }
        return self._query("export_campaign_stats", params)

    # -- one campaign --------------------------------------------------------------

    def campaign_summary(
        self, campaign_id: str, period: Period
    ) -> dict[str, Any] | None:
        """The card's figures; None when the catalog has no such campaign."""
        frame = self._query(
            "campaign_summary", {**self._period(period), "campaign_id": campaign_id}
        )
        return frame.row(0, named=True) if frame.height else None

    def message_stats(self, campaign_id: str | None, period: Period) -> pl.DataFrame:
        return self._query(
            "message_stats", {**self._period(period), "campaign_id": campaign_id}
        )

    def channel_stats(self, campaign_id: str | None, period: Period) -> pl.DataFrame:
        return self._query(
            "channel_stats", {**self._period(period), "campaign_id": campaign_id}
        )

    def daily_activity(self, campaign_id: str, period: Period) -> pl.DataFrame:
        """Per local day; the days are cut here, with the zone rules of every
        other figure, not by DuckDB's own time zone data."""
        day_starts = period.day_starts()
        params = {
            **self._period(period, *day_starts),
            "campaign_id": campaign_id,
            "days": period.day_list(),
            "day_starts": day_starts,
        }
        return self._query("daily_activity", params)

    def funnel(self, campaign_id: str, period: Period) -> pl.DataFrame:
        return self._query(
            "journey_funnel", {**self._period(period), "campaign_id": campaign_id}
        )

    def unknown_to_catalog(self) -> pl.DataFrame:
        return self._query("unknown_to_catalog", {})

    def freshness(self) -> dict[str, Any]:
        frame = self._query("snapshot_freshness", {})
        return frame.row(0, named=True)
