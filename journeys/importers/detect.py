"""Find import files, read them as records and tell which source format they hold.

Detection sniffs content (Avro and Parquet magic bytes, the keys of the first JSON
records, a CSV header) and Braze's `event_type=<type>` folders; extensions only
decide which files a folder contributes.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

import polars as pl

from journeys.errors import IngestError
from journeys.importers.base import (
    PROVENANCE_SCHEMA,
    SOURCE_FILE,
    SOURCE_ROW,
    ParsedBatch,
    RowProblem,
)
from journeys.importers.rules import settle_events
from journeys.schema import EVENT_SCHEMA

logger = logging.getLogger(__name__)

JSON_SUFFIXES: tuple[str, ...] = (".json", ".jsonl", ".ndjson")
TEXT_SUFFIXES: tuple[str, ...] = (".csv", *JSON_SUFFIXES)
SUPPORTED_SUFFIXES: tuple[str, ...] = (
    ".parquet",
    ".avro",
    *TEXT_SUFFIXES,
    *(f"{suffix}.gz" for suffix in TEXT_SUFFIXES),
)
AVRO_MAGIC = b"Obj\x01"
UTF8_BOM = b"\xef\xbb\xbf"
# What reading a damaged or truncated .gz file raises (BadGzipFile is an OSError).
DAMAGED_COMPRESSION = (OSError, EOFError, zlib.error)
PARQUET_MAGIC = b"PAR1"
BRAZE_FOLDER_PREFIX = "event_type="
CANONICAL_KEYS = frozenset({"event_id", "ts", "event_type"})
SEGMENT_CALL_TYPES = frozenset(
    {"track", "identify", "page", "screen", "group", "alias"}
)
AVRO_WRAPPERS = frozenset(
    {"string", "long", "int", "boolean", "double", "float", "bytes"}
)
SNIFF_LINES = 20
SNIFF_BYTES = 65536
RAW_EXCERPT_CHARS = 300


def is_supported(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith((".", "_")):  # .DS_Store, _SUCCESS and similar markers
        return False
    return name.endswith(SUPPORTED_SUFFIXES)


def shown_path(path: Path | str) -> str:
    """A path as text that can be printed and stored: bytes of a name that is
    not UTF-8 (which Python keeps as lone surrogates) read as "\ufffd"."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def has_utf8_name(path: Path) -> bool:
    """False for a path with bytes that are not UTF-8: the readers cannot open
    it by name and its name cannot be shown as it is."""
    return shown_path(path) == str(path)


def expand_paths(path: Path) -> list[Path]:
    """A file gives itself; a folder gives every supported file below it, sorted."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise IngestError(
            "import.not_found",
            "Nothing to import at {path}: check that the file or folder exists.",
            path=str(path),
        )
    return sorted(p for p in path.rglob("*") if p.is_file() and is_supported(p))


def expand_all(paths: list[Path] | tuple[Path, ...]) -> list[Path]:
    """Expand several files or folders, keeping each file once, in the given order."""
    seen: set[Path] = set()
    files: list[Path] = []
    for path in paths:
        for file in expand_paths(Path(path)):
            if file not in seen:
                seen.add(file)
                files.append(file)
    return files


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when its name ends in .gz."""
    if path.name.lower().endswith(".gz"):
        return cast(BinaryIO, gzip.open(path, "rb"))
    return path.open("rb")


def open_text(path: Path, errors: str = "strict") -> IO[str]:
    """UTF-8 text; a byte order mark (Excel writes one) is dropped."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", errors=errors)
    return path.open(encoding="utf-8-sig", errors=errors)


def sniff_kind(path: Path) -> str:
    """How a file is laid out: "parquet", "avro", "json" or "csv", from its bytes."""
    with open_binary(path) as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    if head.startswith(AVRO_MAGIC):
        return "avro"
    text = head.removeprefix(UTF8_BOM).lstrip()
    return "json" if text[:1] in (b"{", b"[") else "csv"


def unwrap(value: Any) -> Any:
    """Undo Avro's JSON encoding of a union: {"string": "x"} becomes "x"."""
    if isinstance(value, dict) and len(value) == 1:
        ((key, inner),) = value.items()
        if key in AVRO_WRAPPERS:
            return inner
    return value


def identifier(value: Any) -> str | None:
    """A non-empty identifier as text; numbers are accepted, booleans are not."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | str):
        text = str(value).strip()
        return text or None
    return None


def excerpt(text: str) -> str:
    text = text.strip()
    if len(text) <= RAW_EXCERPT_CHARS:
        return text
    return text[:RAW_EXCERPT_CHARS] + "..."


@dataclass(frozen=True)
class JsonRecord:
    """One JSON value read from a file; `error` is set when it did not parse."""

    row: int
    raw: str
    value: Any = None
    error: str | None = None
    key: str = "import.bad_json"  # names the error's translation


NOT_UTF8 = "the line is not UTF-8 text (save the file as UTF-8)"


def iter_json_records(path: Path) -> Iterator[JsonRecord]:
    """Read JSON Lines (row = line number) or one JSON array (row = item number).

    Lines are decoded one by one, so a line of bad bytes is that line's problem,
    not the whole file's; a last line without its end that does not parse is
    reported as cut short.
    """
    number = 0
    try:
        with open_binary(path) as handle:
            start = handle.read(SNIFF_BYTES).removeprefix(UTF8_BOM)
            if start.lstrip().startswith(b"["):
                yield from _json_array(start + handle.read())
                return
            lines = (start + handle.readline()).splitlines(keepends=True)
            for number, line in enumerate(_chain_lines(lines, handle), start=1):
                yield from _json_line(number, line)
    except DAMAGED_COMPRESSION as e:
        # A .gz file damaged or cut short past the lines already read.
        yield JsonRecord(
            number + 1,
            "",
            error=f"the compressed file is damaged or cut short here ({e})",
            key="import.unreadable",
        )


def _json_array(data: bytes) -> Iterator[JsonRecord]:
    try:
        items = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        yield JsonRecord(
            1,
            "",
            error="the file is not UTF-8 text (save it as UTF-8)",
            key="import.not_utf8",
        )
        return
    except json.JSONDecodeError as e:
        yield JsonRecord(e.lineno, "", error=f"the JSON array is malformed: {e}")
        return
    for index, item in enumerate(items, start=1):
        yield JsonRecord(index, json.dumps(item)[:RAW_EXCERPT_CHARS], item)


def _json_line(number: int, line: bytes) -> Iterator[JsonRecord]:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raw = line.decode("utf-8", errors="replace")
        yield JsonRecord(
            number, excerpt(raw), error=NOT_UTF8, key="import.row.not_utf8"
        )
        return
    if not text.strip():
        return
    try:
        yield JsonRecord(number, text.rstrip("\r\n"), json.loads(text))
    except json.JSONDecodeError as e:
        error, key = f"malformed JSON ({e.msg})", "import.bad_json"
        if not text.endswith("\n"):
            error += " on the last line, which has no line end: is the file complete?"
            key = "import.row.cut_short"
        yield JsonRecord(number, excerpt(text), error=error, key=key)


def _chain_lines(first: list[bytes], handle: BinaryIO) -> Iterator[bytes]:
    yield from first
    yield from handle


def braze_folder_type(path: Path) -> str | None:
    """The event type named by the nearest `event_type=<type>` folder, if any."""
    for parent in path.parents:
        if parent.name.startswith(BRAZE_FOLDER_PREFIX):
            return parent.name[len(BRAZE_FOLDER_PREFIX) :] or None
    return None


def detect_format(path: Path) -> str:
    """Return "canonical", "segment" or "braze" for a file or a folder."""
    path = Path(path)
    if path.is_dir():
        return _detect_folder(path)
    if not path.is_file():
        raise IngestError(
            "import.not_found",
            "Nothing to import at {path}: check that the file or folder exists.",
            path=str(path),
        )
    return _detect_file(path)


def _detect_folder(folder: Path) -> str:
    if any(
        p.is_dir() and p.name.startswith(BRAZE_FOLDER_PREFIX) for p in folder.rglob("*")
    ):
        return "braze"
    files = expand_paths(folder)
    if not files:
        raise IngestError(
            "import.no_files",
            "The folder {path} holds no file to import (expected .csv, .parquet, "
            ".json, .jsonl or .avro files).",
            path=str(folder),
        )
    formats = Counter(_detect_file(file) for file in files)
    if len(formats) > 1:
        found = ", ".join(f"{n} {fmt}" for fmt, n in sorted(formats.items()))
        raise IngestError(
            "import.mixed_formats",
            "The folder {path} mixes import formats ({found}): import each format "
            "from its own folder.",
            path=str(folder),
            found=found,
        )
    return next(iter(formats))


def _detect_file(path: Path) -> str:
    if path.stat().st_size == 0 or _blank(path):
        raise IngestError(
            "import.empty_file", "The file {name} is empty.", name=path.name
        )
    if braze_folder_type(path) is not None:
        return "braze"
    try:
        kind = sniff_kind(path)
    except DAMAGED_COMPRESSION as e:  # a truncated or damaged .gz file
        raise unreadable(path, e) from e
    if kind == "avro":
        return "braze"
    if kind == "parquet":
        try:
            columns = {c.strip().lower() for c in pl.read_parquet_schema(path)}
        except (pl.exceptions.PolarsError, OSError) as e:
            raise unreadable(path, e) from e
        if columns >= CANONICAL_KEYS:
            return "canonical"
        raise _unknown(
            path, "a Parquet file without the columns event_id, ts and event_type"
        )
    try:
        found = _detect_text(path)
    except DAMAGED_COMPRESSION as e:
        raise unreadable(path, e) from e
    if found is None:
        raise _unknown(path, "no record in its first lines looks like a known format")
    return found


def _blank(path: Path) -> bool:
    """True for a small text file of white space only."""
    if path.stat().st_size > SNIFF_BYTES or path.name.lower().endswith(".gz"):
        return False
    return not path.read_bytes().removeprefix(UTF8_BOM).strip()


def _detect_text(path: Path) -> str | None:
    # Bad bytes are the problem of their own row, found when the file is read.
    with open_text(path, errors="replace") as handle:
        head = handle.read(SNIFF_BYTES)
    stripped = head.lstrip()
    if stripped.startswith("["):
        first = stripped[1:].lstrip()
        try:
            value, _ = json.JSONDecoder().raw_decode(first)
        except json.JSONDecodeError:
            return None
        return classify_record(value)
    if stripped.startswith("{"):
        for line in head.splitlines()[:SNIFF_LINES]:
            try:
                found = classify_record(json.loads(line))
            except json.JSONDecodeError:
                continue
            if found is not None:
                return found
        return None
    header = head.splitlines()[0] if head else ""
    for separator in (",", ";", "\t"):
        names = {cell.strip().strip('"').lower() for cell in header.split(separator)}
        if names >= CANONICAL_KEYS:
            return "canonical"
    return None


def classify_record(value: Any) -> str | None:
    """Guess the format of one decoded JSON record from its keys."""
    if not isinstance(value, dict):
        return None
    keys = set(value)
    if {str(k).strip().lower() for k in keys} >= CANONICAL_KEYS:
        return "canonical"  # the canonical reader takes any case, as in a CSV
    call_type = value.get("type")
    if isinstance(call_type, str) and call_type.lower() in SEGMENT_CALL_TYPES:
        return "segment"
    if "event" in keys and keys & {"messageId", "userId", "anonymousId"}:
        return "segment"
    braze_keys = {"user_id", "external_user_id", "canvas_id", "campaign_id", "app_id"}
    if {"id", "time"} <= keys and keys & braze_keys:
        return "braze"
    if any(unwrap(v) is not v for v in value.values()):
        return "braze"
    return None


def unreadable(path: Path, error: BaseException) -> IngestError:
    """A file that cannot be read at all: truncated, damaged, or not what it claims."""
    detail = (str(error).splitlines() or [type(error).__name__])[0][:200]
    return IngestError(
        "import.unreadable",
        "The file {name} cannot be read ({detail}); is it complete?",
        name=path.name,
        detail=detail,
    )


def _unknown(path: Path, why: str) -> IngestError:
    return IngestError(
        "import.unknown_format",
        "Cannot tell the format of {name} ({why}). Expected canonical events (CSV, "
        "Parquet or JSON Lines with event_id, ts and event_type), Segment track "
        "calls (JSON Lines) or a Braze Currents export (Avro or JSON).",
        name=path.name,
        why=why,
    )


class EventCollector:
    """Accumulates one batch's canonical events with the file and row of each.

    `finish` hands them to `rules.settle_events`, which drops exact repeats of
    an event id and rejects one that comes back with other content.

    TODO: this is shared by the Segment and Braze parsers and would sit better in
    base.py, but it needs `excerpt` from here and base.py must not import detect.
    """

    def __init__(self, batch: ParsedBatch) -> None:
        self.batch = batch
        self.columns: dict[str, list[Any]] = {
            name: [] for name in (*EVENT_SCHEMA, *PROVENANCE_SCHEMA)
        }

    def add(
        self,
        origin: tuple[Path, int],
        event_id: str,
        ts: datetime,
        campaign_id: str,
        user_id: str,
        event_type: str,
        message_id: str | None = None,
        channel: str | None = None,
        goal_id: str | None = None,
    ) -> None:
        """Collect one event read at `origin` (file, row)."""
        row = {
            "event_id": event_id,
            "ts": ts,
            "campaign_id": campaign_id,
            "message_id": message_id,
            "channel": channel,
            "user_id": user_id,
            "event_type": event_type,
            "goal_id": goal_id,
            SOURCE_FILE: str(origin[0]),
            SOURCE_ROW: origin[1],
        }
        for name, value in row.items():
            self.columns[name].append(value)

    def problem(
        self,
        file: Path,
        row: int,
        reason: str,
        raw: str = "",
        key: str = "import.bad_row",
        *,
        whole_file: bool = False,
        detail: str = "",
    ) -> None:
        """Report a bad row (or a file read not at all); `key` names a
        translation that says the same."""
        self.batch.problems.append(
            RowProblem(
                str(file),
                row,
                reason,
                key,
                excerpt(raw),
                whole_file=whole_file,
                detail=detail,
            )
        )

    def reject(
        self,
        file: Path,
        row: int,
        reasons: Sequence[tuple[str, str]],
        raw: str,
        *,
        detail: str = "",
    ) -> None:
        """Report a row with every (reason, key) it breaks: all the reasons in
        English, the first one's key for the translated report, which may quote
        `detail`."""
        text = "; ".join(reason for reason, _ in reasons)
        self.problem(file, row, text, raw, reasons[0][1], detail=detail)

    def finish(self) -> ParsedBatch:
        """Settle the events and add the English note on ignored types."""
        batch = self.batch
        settle_events(
            batch, pl.DataFrame(self.columns, schema=EVENT_SCHEMA | PROVENANCE_SCHEMA)
        )
        if batch.ignored:
            listed = ", ".join(
                f"{name} ({count})" for name, count in batch.ignored.most_common()
            )
            batch.notes.append(
                f"{batch.ignored.total()} event(s) of types the dashboard does not "
                f"use were ignored: {listed}."
            )
        logger.info(
            "Parsed %d %s file(s): %d rows read, %d events, %d problems, "
            "%d ignored, %d duplicates",
            len(batch.files),
            batch.source,
            batch.rows_read,
            batch.events.height,
            len(batch.problems),
            batch.ignored.total(),
            batch.duplicates,
        )
        return batch
