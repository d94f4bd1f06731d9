"""The event store: a Delta Lake table of canonical events, one version per import.

Files are partitioned by the event's UTC date and sorted by campaign then time,
so that a campaign's figures read only its own row groups. A Delta commit is
atomic: a reader sees the previous version until the new log entry lands, and a
process killed mid-write leaves only unreferenced files behind. DuckDB reads
the Parquet files of the chosen version directly.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
from deltalake import CommitProperties, DeltaTable, WriterProperties, write_deltalake
from deltalake.exceptions import TableNotFoundError
from filelock import FileLock

from journeys.errors import StoreError
from journeys.schema import EVENT_COLUMNS, EVENT_SCHEMA

logger = logging.getLogger(__name__)

ROW_GROUP_ROWS = 32_768
META_PREFIX = "journeys."
# A Delta commit is one JSON file named by its zero-padded version.
COMMIT_FILE = re.compile(r"^(\d{20})\.json$")


@dataclass(frozen=True)
class SnapshotInfo:
    version: int
    created_at: datetime
    author: str
    source: str
    rows_added: int
    rows_rejected: int
    duplicates: int


@dataclass(frozen=True)
class Snapshot:
    """One readable version: the Parquet files a query scans."""

    version: int
    files: tuple[str, ...]
    created_at: datetime


@dataclass(frozen=True)
class AppendResult:
    """What an append did. `version` is the newest version after it: the new
    one, or when every event was already stored (`written` false) the one
    that already held them all; None only for an empty store."""

    version: int | None
    rows_added: int
    duplicates: int
    written: bool = True


class EventStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = FileLock(str(self.path.parent / f".{self.path.name}.lock"))

    def exists(self) -> bool:
        return DeltaTable.is_deltatable(str(self.path))

    def _table(self, version: int | None = None) -> DeltaTable:
        try:
            return DeltaTable(str(self.path), version=version)
        except TableNotFoundError as error:
            raise StoreError(
                "store.empty", "There is no event data yet; import a file first."
            ) from error
        except Exception as error:
            if version is not None:
                raise StoreError(
                    "store.no_version",
                    "Snapshot version {version} does not exist.",
                    version=version,
                ) from error
            raise

    def current_version(self) -> int | None:
        if not self.exists():
            return None
        return int(self._table().version())

    def latest_version(self) -> int | None:
        """The newest committed version, from the names in the commit log alone.

        Cheap enough to ask on every page run: it lists one folder and reads no
        file, where `current_version` replays the log. A commit file appears
        whole (Delta writes it by an atomic rename), so the version it names is
        readable.
        """
        try:
            names = [entry.name for entry in os.scandir(self.path / "_delta_log")]
        except (FileNotFoundError, NotADirectoryError):
            return None
        versions = [int(m.group(1)) for n in names if (m := COMMIT_FILE.match(n))]
        return max(versions, default=None)

    def snapshot(self, version: int | None = None) -> Snapshot | None:
        """The files of `version` (default: the newest); None when the store is empty."""
        if not self.exists():
            return None
        table = self._table(version)
        # Delta numbers an older version's history from that version down, yet
        # lists every commit of the log: the newest table's numbering is the
        # true one.
        infos = self._infos(table if version is None else self._table())
        info = infos.get(int(table.version()))
        created = info.created_at if info else datetime.now(UTC)
        return Snapshot(
            version=int(table.version()),
            files=tuple(table.file_uris()),
            created_at=created,
        )

    def _infos(self, table: DeltaTable) -> dict[int, SnapshotInfo]:
        infos: dict[int, SnapshotInfo] = {}
        for entry in table.history():
            version = int(entry.get("version", -1))
            if version < 0:
                continue
            stamp = entry.get("timestamp") or 0
            infos[version] = SnapshotInfo(
                version=version,
                created_at=datetime.fromtimestamp(stamp / 1000, UTC),
                author=str(entry.get(META_PREFIX + "author", "")),
                source=str(entry.get(META_PREFIX + "source", "")),
                rows_added=int(entry.get(META_PREFIX + "rows_added", 0) or 0),
                rows_rejected=int(entry.get(META_PREFIX + "rows_rejected", 0) or 0),
                duplicates=int(entry.get(META_PREFIX + "duplicates", 0) or 0),
            )
        return infos

    def history(self) -> list[SnapshotInfo]:
        """Every version, newest first."""
        if not self.exists():
            return []
        infos = self._infos(self._table())
        return [infos[v] for v in sorted(infos, reverse=True)]

    def append(
        self,
        events: pl.DataFrame,
        *,
        author: str,
        source: str,
        rows_rejected: int = 0,
        duplicates_dropped: int = 0,
        progress: Callable[[str], None] | None = None,
    ) -> AppendResult:
        """Add events as one new version, skipping event ids already stored.

        `duplicates_dropped` counts repeats the importer already took out of
        `events`; the version records them among its duplicates.

        Imports are serialised by a lock file so two at once cannot both add the
        same event. TODO: the lock only covers one machine; replicas importing
        into one shared store need Delta's own conflict checks (issue 2).
        """
        report = progress or (lambda _stage: None)
        started = time.perf_counter()
        batch = events.select(
            [pl.col(name).cast(dtype) for name, dtype in EVENT_SCHEMA.items()]
        ).unique(subset="event_id", keep="first", maintain_order=True)
        within_batch = duplicates_dropped + events.height - batch.height
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            report("dedupe")
            before = batch.height
            batch = self._drop_known(batch)
            duplicates = within_batch + before - batch.height
            if batch.is_empty():
                # Nothing new: a version adding no event would only lengthen
                # the history and make every reader load the same data again.
                logger.info(
                    "nothing new from %s by %s: %d duplicates skipped",
                    source,
                    author,
                    duplicates,
                )
                return AppendResult(self.latest_version(), 0, duplicates, written=False)
            report("write")
            batch = batch.sort("campaign_id", "ts").with_columns(
                pl.col("ts").dt.date().cast(pl.String).alias("event_date")
            )
            metadata = {
                META_PREFIX + "author": author,
                META_PREFIX + "source": source,
                META_PREFIX + "rows_added": str(batch.height),
                META_PREFIX + "rows_rejected": str(rows_rejected),
                META_PREFIX + "duplicates": str(duplicates),
            }
            write_deltalake(
                str(self.path),
                batch.to_arrow(),
                partition_by=["event_date"],
                mode="append",
                writer_properties=WriterProperties(
                    max_row_group_size=ROW_GROUP_ROWS, compression="ZSTD"
                ),
                commit_properties=CommitProperties(custom_metadata=metadata),
            )
            version = int(self._table().version())
        logger.info(
            "snapshot %d: %d events added, %d duplicates skipped, from %s by %s in %.2fs",
            version,
            batch.height,
            duplicates,
            source,
            author,
            time.perf_counter() - started,
        )
        return AppendResult(
            version=version, rows_added=batch.height, duplicates=duplicates
        )

    def count_known(self, event_ids: pl.Series) -> int:
        """How many of these event ids the newest version already holds: the
        events an import of them would skip."""
        ids = pl.DataFrame({"event_id": event_ids.cast(pl.String).unique()})
        return self._known(ids).height

    def _drop_known(self, batch: pl.DataFrame) -> pl.DataFrame:
        known = self._known(batch)
        if known.is_empty():
            return batch
        return batch.join(known, on="event_id", how="anti")

    def _known(self, batch: pl.DataFrame) -> pl.DataFrame:
        """The distinct event ids of `batch` already stored."""
        snapshot = self.snapshot()
        if snapshot is None or not snapshot.files or batch.is_empty():
            return pl.DataFrame(schema={"event_id": pl.String})
        con = duckdb.connect()
        try:
            con.register("batch_ids", batch.select("event_id").to_arrow())
            known = con.sql(
                "select distinct e.event_id from read_parquet($files) e "
                "semi join batch_ids b on b.event_id = e.event_id",
                params={"files": list(snapshot.files)},
            ).pl()
        finally:
            con.close()
        return known

    def read_all(self, version: int | None = None) -> pl.DataFrame:
        """Every event of a version (tests and small stores only)."""
        snapshot = self.snapshot(version)
        if snapshot is None or not snapshot.files:
            return pl.DataFrame(schema=EVENT_SCHEMA)
        con = duckdb.connect()
        try:
            frame = con.sql(
                "select " + ", ".join(EVENT_COLUMNS) + " from read_parquet($files)",
                params={"files": list(snapshot.files)},
            ).pl()
        finally:
            con.close()
        return frame
