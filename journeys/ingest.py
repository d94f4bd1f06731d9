"""Getting events in: detect the format, parse and check every row, then write.

Checking never writes. Writing adds one snapshot to the event store, then the
campaigns and messages the events name but the catalog lacks. By default a
single bad row stops the whole import; `allow_partial` imports the good rows
and can write the rejected ones to a CSV file.
"""

from __future__ import annotations

import csv
import dataclasses
import logging
import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

from journeys.catalog import TITLE_MAX, Catalog
from journeys.errors import IngestError
from journeys.export import neutralise
from journeys.importers.archive import is_zip, unpack_limit, unpack_zip
from journeys.importers.base import ParsedBatch, RowProblem
from journeys.importers.braze import parse_braze
from journeys.importers.canonical import parse_canonical
from journeys.importers.detect import (
    detect_format,
    expand_all,
    expand_paths,
    has_utf8_name,
    shown_path,
)
from journeys.importers.detect import unreadable as unreadable_error
from journeys.importers.rules import refuse_channel_changes, settle_events
from journeys.importers.segment import parse_segment
from journeys.schema import EVENT_COLUMNS
from journeys.store import EventStore

logger = logging.getLogger(__name__)

Progress = Callable[[str, float], None]
FORMATS: tuple[str, ...] = ("canonical", "segment", "braze")
EMPTY_FILES_NOTE = "Empty files hold no events and were skipped: {names}."
# What the catalog keeps of a name a source gives (see journeys.catalog).
MESSAGE_NAME_MAX = 400
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


@dataclass
class ImportReport:
    formats: list[str]
    files: list[str]
    rows_read: int
    rows_valid: int
    problems: list[RowProblem]
    ignored: Counter[str]
    notes: list[str]
    imported: bool = False
    version: int | None = None
    rows_added: int = 0
    # Before an import: repeats of an event inside the files, dropped. After
    # it: every event skipped, those repeats and the events already stored.
    duplicates: int = 0
    # Repeats of an event inside the files (the same event id again), dropped
    # at check time: each event is imported once.
    repeated: int = 0
    campaigns_added: int = 0
    messages_added: int = 0
    rejects_file: str | None = None
    batch: ParsedBatch | None = field(default=None, repr=False)


def _merge(batches: Sequence[ParsedBatch]) -> ParsedBatch:
    if len(batches) == 1:
        return batches[0]
    merged = ParsedBatch(source="+".join(b.source for b in batches))
    for b in batches:
        merged.problems.extend(b.problems)
        merged.campaigns.update(
            {k: v for k, v in b.campaigns.items() if k not in merged.campaigns}
        )
        merged.messages.update(
            {k: v for k, v in b.messages.items() if k not in merged.messages}
        )
        merged.ignored.update(b.ignored)
        merged.notes.extend(b.notes)
        merged.files.extend(b.files)
        merged.rows_read += b.rows_read
        merged.duplicates += b.duplicates
    # One event id in two formats: a repeat to drop, or a conflict to report.
    settle_events(
        merged,
        pl.concat(
            [pl.concat([b.events, b.origins], how="horizontal") for b in batches]
        ),
    )
    return merged


def _unreadable(path: Path, error: IngestError) -> RowProblem:
    """One file that cannot be read or recognised, as a problem of that file."""
    key = error.key if error.key == "import.unreadable" else "import.row.unknown_format"
    detail = str(error.params.get("detail") or error.params.get("why") or "")
    return RowProblem(
        str(path), 0, str(error), key, str(error), whole_file=True, detail=detail
    )


def _name_not_utf8(path: Path) -> RowProblem:
    """A file whose name is not UTF-8, named with "\ufffd" for its bad bytes."""
    return RowProblem(
        shown_path(path),
        0,
        "the file name is not UTF-8 text; rename the file",
        "import.row.name_not_utf8",
        whole_file=True,
    )


def check_files(
    paths: Sequence[Path],
    *,
    assume_utc: bool = False,
    fmt: str | None = None,
    progress: Progress | None = None,
    catalog: Catalog | None = None,
) -> ImportReport:
    """Detect, parse and validate; nothing is written. With `catalog`, an event
    must keep the channel the catalog gives its message.

    A .zip is unpacked in a temporary folder for the time of the check (the
    report keeps what it read); its files are named "<zip>/<member>". Problems
    come sorted by file, then row.
    """
    if fmt is not None and fmt not in FORMATS:
        raise IngestError(
            "import.unknown_format_name", "Unknown format “{fmt}”.", fmt=fmt
        )
    with tempfile.TemporaryDirectory(prefix="journeys-unzip-") as scratch:
        files, archives = _unpack_archives(expand_all(list(paths)), Path(scratch))
        if not files:
            raise IngestError(
                "import.no_files", "No file of a supported format was found to import."
            )
        report = _check(files, assume_utc, fmt, progress, catalog)
    if archives:
        report.files = [_as_given(f, archives) for f in report.files]
        report.problems[:] = [
            dataclasses.replace(p, file=_as_given(p.file, archives))
            for p in report.problems
        ]
    report.problems.sort(key=lambda p: (p.file, p.row))
    return report


def _unpack_archives(
    files: list[Path], scratch: Path
) -> tuple[list[Path], dict[str, str]]:
    """Each .zip in `files` replaced by the files it unpacks to under `scratch`,
    and the unpacked folders by the archive each stands for."""
    unpacked: list[Path] = []
    archives: dict[str, str] = {}
    for number, path in enumerate(files):
        if not is_zip(path):
            unpacked.append(path)
            continue
        target = scratch / str(number)
        unpack_zip(path, target, unpack_limit(scratch))
        archives[str(target)] = shown_path(path)
        # Files only of supported kinds: an archive inside is not unpacked.
        unpacked.extend(expand_paths(target))
    return unpacked, archives


def _as_given(file: str, archives: dict[str, str]) -> str:
    """A file unpacked from an archive named as "<archive>/<member>"."""
    for folder, archive in archives.items():
        if file.startswith(folder + os.sep):
            member = Path(file).relative_to(folder).as_posix()
            return f"{archive}/{member}"
    return file


def _check(
    files: list[Path],
    assume_utc: bool,
    fmt: str | None,
    progress: Progress | None,
    catalog: Catalog | None,
) -> ImportReport:
    report = progress or (lambda _stage, _fraction: None)
    groups: dict[str, list[Path]] = {}
    unreadable: list[RowProblem] = []
    empty: list[str] = []
    for path in files:
        if not has_utf8_name(path):
            unreadable.append(_name_not_utf8(path))
            continue
        try:
            kind = fmt or detect_format(path)
        except IngestError as error:
            # One file of an unknown kind is a problem of that file, reported
            # with the others, not a stop for the whole check. An empty file
            # holds no row to reject.
            if error.key == "import.empty_file":
                empty.append(path.name)
            else:
                unreadable.append(_unreadable(path, error))
            continue
        except Exception as error:  # a file no rule above foresaw
            logger.warning("cannot detect the format of %s", path, exc_info=True)
            unreadable.append(_unreadable(path, unreadable_error(path, error)))
            continue
        groups.setdefault(kind, []).append(path)
    batches: list[ParsedBatch] = []
    for kind, group in groups.items():

        def on_file(done: int, total: int, kind: str = kind) -> None:
            report(f"read:{kind}", done / max(total, 1))

        if kind == "canonical":
            batches.append(parse_canonical(group, on_file, assume_utc=assume_utc))
        elif kind == "segment":
            batches.append(parse_segment(group, on_file))
        else:
            batches.append(parse_braze(group, on_file))
    batch = _merge(batches) if batches else ParsedBatch(source="")
    refuse_channel_changes(batch, message_channels(catalog) if catalog else {})
    batch.problems[:0] = unreadable
    if empty:
        batch.notes.append(EMPTY_FILES_NOTE.format(names=", ".join(empty)))
    return ImportReport(
        formats=list(groups),
        files=[shown_path(f) for f in files],
        rows_read=batch.rows_read,
        rows_valid=batch.events.height,
        problems=batch.problems,
        ignored=batch.ignored,
        notes=batch.notes,
        duplicates=batch.duplicates,
        repeated=batch.duplicates,
        batch=batch,
    )


def message_channels(catalog: Catalog) -> dict[tuple[str, str], str]:
    """The channel of every message the catalog knows, by (campaign id, id)."""
    frame = catalog.messages_frame()
    return {
        (cid, mid): channel
        for cid, mid, channel in frame.select("campaign_id", "id", "channel").rows()
    }


def write_rejects(problems: Sequence[RowProblem], path: Path) -> None:
    """The rejected rows as CSV; text cells cannot run as spreadsheet formulas."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "row", "reason", "content"])
        for p in problems:
            writer.writerow(
                [neutralise(p.file), p.row, neutralise(p.reason), neutralise(p.raw)]
            )


def clean_name(raw: str | None, limit: int) -> str | None:
    """A name from a source as the catalog shows it: one line of NFC text, no
    control characters, at most `limit` characters (cut with an ellipsis)."""
    if raw is None:
        return None
    text = CONTROL_CHARACTERS.sub(" ", unicodedata.normalize("NFC", raw))
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def catalog_entries(
    batch: ParsedBatch, events: pl.DataFrame
) -> tuple[list[tuple[str, str, datetime | None]], list[tuple[str, str, str, str]]]:
    """The campaigns and messages the events name, with the source's names.

    A hint from a row that was rejected, or from an event another file already
    held with other content, adds nothing: only what is written is named.
    """
    first_seen = {
        row[0]: row[1]
        for row in events.group_by("campaign_id").agg(pl.col("ts").min()).iter_rows()
    }
    campaigns = [
        (cid, clean_name(hint.title, TITLE_MAX) or cid, first_seen[cid])
        for cid, hint in batch.campaigns.items()
        if cid in first_seen
    ]
    # Events may name campaigns no hint describes; they join the catalog by id.
    named = {c[0] for c in campaigns}
    campaigns += [(cid, cid, ts) for cid, ts in first_seen.items() if cid not in named]
    # A new message takes its place in the journey by its first event: the
    # order the catalog numbers them in, and the card shows them in.
    first_event = (
        events.filter(pl.col("message_id").is_not_null())
        .group_by("campaign_id", "message_id")
        .agg(pl.col("ts").min(), pl.col("channel").first())
        .sort("campaign_id", "ts", "message_id")
    )
    order = {(r[0], r[1]): i for i, r in enumerate(first_event.iter_rows())}
    messages = [
        (m.campaign_id, m.id, clean_name(m.name, MESSAGE_NAME_MAX) or m.id, m.channel)
        for m in batch.messages.values()
        if (m.campaign_id, m.id) in order
    ]
    # Events may name messages no hint describes; they join by id. A named
    # hint comes first and wins (the sort below is stable).
    messages += [(cid, mid, mid, ch) for cid, mid, _, ch in first_event.iter_rows()]
    messages.sort(key=lambda m: (m[0], order[(m[0], m[1])], m[1]))
    return campaigns, messages


def write_report(
    report: ImportReport,
    store: EventStore,
    catalog: Catalog,
    actor: str,
    *,
    allow_partial: bool = False,
    rejects_path: Path | None = None,
    source: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Write a checked report's good rows as a new snapshot (see module doc).

    The catalog is written first: adding what it lacks is harmless to repeat,
    so a process killed before the snapshot's commit leaves named campaigns
    without events, which the next import fills, rather than events the
    catalog can only name by id.
    """
    notify = progress or (lambda _stage, _fraction: None)
    batch = report.batch
    if batch is None:
        raise IngestError(
            "import.not_checked", "Check the files before importing them."
        )
    if report.problems and not allow_partial:
        raise IngestError(
            "import.has_bad_rows",
            "{count} rows are invalid, so nothing was imported. Fix them, or import "
            "the valid rows only.",
            count=len(report.problems),
        )
    if batch.events.is_empty():
        raise _nothing_to_write(report)
    if report.problems and rejects_path is not None:
        write_rejects(report.problems, rejects_path)
        report.rejects_file = str(rejects_path)
    events = batch.events.select(EVENT_COLUMNS)
    label = source or ", ".join(Path(f).name for f in report.files[:3]) + (
        f" (+{len(report.files) - 3})" if len(report.files) > 3 else ""
    )
    notify("catalog", 0.3)
    campaigns, messages = catalog_entries(batch, events)
    added_campaigns, added_messages = catalog.ensure_known(
        campaigns, messages, actor, source="+".join(report.formats)
    )
    notify("write", 0.5)
    result = store.append(
        events,
        author=actor,
        source=f"{'+'.join(report.formats)}: {label}"[:300],
        rows_rejected=len(report.problems),
        duplicates_dropped=batch.duplicates,
        progress=lambda stage: notify(stage, 0.6),
    )
    notify("done", 1.0)
    report.imported = True
    # Every event already stored: no new snapshot, so no version to name.
    report.version = result.version if result.written else None
    report.rows_added = result.rows_added
    report.duplicates = result.duplicates
    report.campaigns_added = added_campaigns
    report.messages_added = added_messages
    return report


def _nothing_to_write(report: ImportReport) -> IngestError:
    if report.problems:
        return IngestError(
            "import.nothing_valid",
            "No row of these files is valid: nothing to import.",
        )
    if report.ignored:
        return IngestError(
            "import.only_ignored",
            "These files hold only events the dashboard does not use: nothing to "
            "import.",
        )
    return IngestError(
        "import.no_events", "These files hold no events: nothing to import."
    )


def import_paths(
    paths: Sequence[Path],
    store: EventStore,
    catalog: Catalog,
    actor: str,
    *,
    allow_partial: bool = False,
    rejects_path: Path | None = None,
    assume_utc: bool = False,
    fmt: str | None = None,
    progress: Progress | None = None,
    on_checked: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Check, then write unless a problem stops it; `on_checked` sees the
    report before anything is written, even when writing then fails."""
    report = check_files(
        paths, assume_utc=assume_utc, fmt=fmt, progress=progress, catalog=catalog
    )
    if on_checked is not None:
        on_checked(report)
    if report.problems and not allow_partial:
        logger.info(
            "import refused: %d bad rows in %s", len(report.problems), report.files
        )
        return report
    return write_report(
        report,
        store,
        catalog,
        actor,
        allow_partial=allow_partial,
        rejects_path=rejects_path,
        source=", ".join(shown_path(Path(p).name) for p in paths),
        progress=progress,
    )
