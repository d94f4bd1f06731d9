"""The Data page's helpers: where import files come from, and how a report reads.

Uploads are saved under a fresh temporary folder keeping their names; a .zip is
unpacked there with every member checked (see journeys.importers.archive). The folder lives only as long as the check that
reads it (`saved_uploads`): the report keeps what the check read, and an import
writes from the report, so no copy outlives its check. A server folder is only
read inside the configured import folder, after resolving links.

A report's problems are of two kinds: files that could not be read at all
(shown as files, with their reason) and invalid rows (shown in a table).
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

import polars as pl

from journeys import i18n, ingest
from journeys.errors import IngestError
from journeys.export import neutralise
from journeys.importers.archive import MB, unpack_zip
from journeys.importers.base import RowProblem
from journeys.importers.detect import expand_all
from journeys.importers.segment import EMAIL_SENDS_NOTE, PUSH_SENDS_NOTE
from journeys.ingest import ImportReport
from journeys.store import SnapshotInfo
from ui._text import escape_markdown

logger = logging.getLogger(__name__)

UPLOAD_PREFIX = "journeys-upload-"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# A zip may unpack to at most this many times the upload limit.
ZIP_EXPANSION = 10
# Row problem keys whose text needs no parameter: shown in the user's language.
TRANSLATED_KEYS_PREFIX = "import.row."
TRANSLATED_KEYS = frozenset(
    {
        "import.bad_json",
        "import.not_object",
        "import.unreadable",
        "import.not_utf8",
        "import.not_text",
        "import.twice_named",
    }
)
# Counted with the new and stored events instead (see pages/data.py).
DUPLICATES_NOTE = re.compile(r"^(\d+) duplicate event")
EMPTY_FILES_NOTE = re.compile(
    "^" + re.escape(ingest.EMPTY_FILES_NOTE).replace(re.escape("{names}"), "(.*)") + "$"
)
IGNORED_NOTE = re.compile(r"^\d+ event\(s\) of types the dashboard does not use")
REJECTS_COLUMNS = ("file", "row", "reason", "content")
# Invalid rows shown on the page, and characters of each row's content.
PROBLEMS_SHOWN = 200
CONTENT_SHOWN = 300
# Streamlit's table keeps each cell on one line and scrolls sideways. Here
# cells wrap, and a raw line or a path, one long word, may break anywhere
# rather than widen the table past a narrow screen; headers and row numbers
# keep their words whole, and the file and content columns keep some width.
_CELLS = ".st-key-data_problems [data-testid='stTable']"
PROBLEMS_TABLE_STYLE = (
    "<style>"
    f"{_CELLS} :is(td,th,td *,th *){{white-space:normal;word-break:normal}}"
    f"{_CELLS} :is(td,td *){{overflow-wrap:anywhere}}"
    f"{_CELLS} :is(td:nth-child(2),td:nth-child(2) *){{white-space:nowrap}}"
    f"{_CELLS} :is(td:nth-child(1),td:nth-child(4)){{min-width:7rem}}"
    "</style>"
)
# A file read not at all: its reason by the problem's key, in the user's language.
FILE_REASON_KEYS = {
    "import.row.unknown_format": "data.file.unknown_format",
    "import.unreadable": "data.file.unreadable",
}


class Upload(Protocol):
    """What the page needs of a Streamlit UploadedFile."""

    name: str
    size: int

    def getvalue(self) -> bytes: ...


@dataclass(frozen=True)
class TooLarge:
    name: str
    size: int  # bytes


def oversized(uploads: Iterable[Upload], max_mb: int) -> list[TooLarge]:
    return [TooLarge(u.name, u.size) for u in uploads if u.size > max_mb * MB]


def _safe_name(name: str) -> str:
    """The file's own name, without any folder a browser may send nor control
    characters (a null byte cannot be in a file name)."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = CONTROL_CHARACTERS.sub("", base).strip()
    return base if base not in ("", ".", "..") else "upload"


def is_upload_folder(folder: Path) -> bool:
    """True for a folder `save_uploads` made: the only kind the page deletes."""
    return folder.parent == Path(tempfile.gettempdir()) and folder.name.startswith(
        UPLOAD_PREFIX
    )


@contextmanager
def saved_uploads(uploads: Sequence[Upload], max_mb: int) -> Iterator[Path]:
    """The uploads saved in a new temporary folder, deleted on leaving."""
    folder = save_uploads(uploads, max_mb)
    try:
        yield folder
    finally:
        remove_upload_folder(folder)


def remove_upload_folder(path: Path) -> None:
    """Delete an upload folder (never any other folder); a failure is logged."""
    if not is_upload_folder(path):
        logger.warning("not an upload folder, left in place: %s", path)
        return
    try:
        shutil.rmtree(path)
    except FileNotFoundError:
        return
    except OSError:
        logger.warning("cannot delete the upload folder %s", path, exc_info=True)
        return
    logger.info("deleted the upload folder %s", path)


def save_uploads(uploads: Sequence[Upload], max_mb: int) -> Path:
    """Save uploads (unpacking zips) into a new temporary folder and return it."""
    folder = Path(tempfile.mkdtemp(prefix=UPLOAD_PREFIX))
    try:
        for upload in uploads:
            name = _safe_name(upload.name)
            data = upload.getvalue()
            if name.lower().endswith(".zip"):
                target = _free_name(folder, Path(name).stem)
                unpack_zip(data, target, max_mb * ZIP_EXPANSION * MB)
            else:
                _free_name(folder, name).write_bytes(data)
    except BaseException:
        # A refused upload leaves nothing behind in the temporary folder.
        shutil.rmtree(folder, ignore_errors=True)
        raise
    logger.info("saved %d upload(s) to %s", len(uploads), folder)
    return folder


def _free_name(folder: Path, name: str) -> Path:
    """`name` in `folder`, numbered when taken: two uploads with one name stay."""
    target = folder / name
    counter = 1
    while target.exists():
        target = folder / f"{Path(name).stem}-{counter}{Path(name).suffix}"
        counter += 1
    return target


def server_path(import_dir: Path, name: str) -> Path:
    """The file or folder `name` inside the import folder, or a refusal.

    Links are resolved first, so a link pointing outside is refused too; every
    file the folder would contribute is checked the same way.
    """
    root = import_dir.resolve()
    cleaned = name.strip()

    def refusal(shown: str) -> IngestError:
        return IngestError(
            "import.outside_import_dir",
            "Only files inside the import folder {root} can be read; “{name}” is not.",
            root=str(root),
            name=shown,
        )

    # A null byte would make the resolution itself fail.
    if not cleaned or CONTROL_CHARACTERS.search(cleaned):
        raise refusal(CONTROL_CHARACTERS.sub("?", cleaned))
    target = (root / cleaned).resolve()
    if not target.is_relative_to(root):
        raise refusal(cleaned)
    if not target.exists():
        raise IngestError(
            "import.not_found",
            "Nothing to import at {path}: check that the file or folder exists.",
            path=cleaned,
        )
    for file in expand_all([target]):
        if not file.resolve().is_relative_to(root):
            # Name the link that leads out, not only the folder holding it.
            raise refusal(str(file.relative_to(root)))
    return target


def server_entries(import_dir: Path) -> list[str]:
    """The files and folders directly inside the import folder, sorted."""
    if not import_dir.is_dir():
        return []
    return sorted(p.name for p in import_dir.iterdir() if not p.name.startswith("."))


def _display_file(file: str, base: Path | None) -> str:
    path = Path(file)
    if base is not None and path.is_relative_to(base):
        return str(path.relative_to(base))
    return path.name


def problem_reason(problem: RowProblem, lang: str) -> str:
    """The reason in `lang`, naming the bad value where the row has one."""
    if problem.key.startswith(TRANSLATED_KEYS_PREFIX) or problem.key in TRANSLATED_KEYS:
        return i18n.t(problem.key, lang, value=problem.detail, **dict(problem.params))
    return problem.reason


def file_problems(problems: Sequence[RowProblem]) -> list[RowProblem]:
    """The files that could not be read at all."""
    return [p for p in problems if p.whole_file]


def row_problems(problems: Sequence[RowProblem]) -> list[RowProblem]:
    return [p for p in problems if not p.whole_file]


def file_reason(problem: RowProblem, lang: str) -> str:
    """Why a whole file could not be read, in full, in `lang`."""
    key = FILE_REASON_KEYS.get(problem.key)
    if key is not None:
        return i18n.t(key, lang, detail=problem.detail)
    reason = problem_reason(problem, lang)
    if problem.row > 0:  # reading stopped at this line
        return i18n.t("data.file.at_line", lang, reason=reason, row=problem.row)
    return reason


def file_problem_lines(
    problems: Sequence[RowProblem], lang: str, base: Path | None = None
) -> list[tuple[str, str]]:
    """(file as shown, reason) for each file that could not be read."""
    return [(_display_file(p.file, base), file_reason(p, lang)) for p in problems]


def push_clicks(report: ImportReport) -> int:
    """Valid push `clicked` events: stored, but not counted (a tap is the click)."""
    events = report.batch.events if report.batch is not None else None
    if events is None or events.is_empty():
        return 0
    return events.filter(
        (pl.col("channel") == "push") & (pl.col("event_type") == "clicked")
    ).height


def problems_frame(
    problems: Sequence[RowProblem], lang: str, base: Path | None = None
) -> pl.DataFrame:
    """One row per invalid row: file (relative to the upload folder), row, reason.

    Files that could not be read at all are left to `file_problem_lines`.
    """
    problems = row_problems(problems)
    return pl.DataFrame(
        {
            "file": [_display_file(p.file, base) for p in problems],
            "row": [p.row for p in problems],
            "reason": [problem_reason(p, lang) for p in problems],
            "content": [p.raw for p in problems],
        },
        schema={
            "file": pl.String,
            "row": pl.Int64,
            "reason": pl.String,
            "content": pl.String,
        },
    )


def holds_nothing(report: ImportReport) -> bool:
    """True when the files hold no row at all: empty, or a header row only."""
    return report.rows_read == 0 and not report.problems and not report.ignored


def nothing_text(report: ImportReport, lang: str, base: Path | None = None) -> str:
    """Why files without a single row import nothing, as markdown (names escaped)."""
    names = ", ".join(_display_file(f, base) for f in report.files)
    return i18n.t("data.nothing_in_files", lang, names=escape_markdown(names))


def problems_table(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Invalid rows for a static table whose cells wrap (a narrow screen reads
    each reason in full): headers in `lang`, text cells as markdown-escaped
    literals, long contents cut (the download has them whole)."""

    def literal(text: str | None, limit: int | None = None) -> str:
        text = text or ""
        if limit is not None and len(text) > limit:
            text = text[: limit - 1] + "…"
        return escape_markdown(text)

    return pl.DataFrame(
        {
            i18n.t("data.col.file", lang): [literal(v) for v in frame["file"]],
            i18n.t("data.col.row", lang): [str(v) for v in frame["row"]],
            i18n.t("data.col.reason", lang): [literal(v) for v in frame["reason"]],
            i18n.t("data.col.content", lang): [
                literal(v, CONTENT_SHOWN) for v in frame["content"]
            ],
        },
        schema=[(i18n.t(f"data.col.{c}", lang), pl.String) for c in REJECTS_COLUMNS],
    )


def note_texts(
    report: ImportReport, lang: str, *, empty_files: bool = True
) -> list[str]:
    """The report's notes in the user's language where the sentence is ours,
    as markdown for an alert: file names in them are escaped.

    The note listing ignored event types is left out: the page shows them as a
    table. So is the one naming empty files when `empty_files` is false (the
    page shows it as a warning).
    """
    texts: list[str] = []
    if clicks := push_clicks(report):
        texts.append(
            i18n.t("data.note.push_clicked", lang, count=i18n.fmt_int(clicks, lang))
        )
    for note in report.notes:
        if note == EMAIL_SENDS_NOTE:
            texts.append(i18n.t("data.note.segment_email", lang))
        elif note == PUSH_SENDS_NOTE:
            texts.append(i18n.t("data.note.segment_push", lang))
        elif DUPLICATES_NOTE.match(note):
            continue
        elif empty := EMPTY_FILES_NOTE.match(note):
            if not empty_files:
                continue
            names = escape_markdown(empty.group(1))
            texts.append(i18n.t("data.note.empty_files", lang, names=names))
        elif not IGNORED_NOTE.match(note):
            texts.append(escape_markdown(note))  # an English note naming files
    return texts


def empty_files_text(report: ImportReport, lang: str) -> str | None:
    """The note naming the empty files that were skipped, as markdown; None
    when there were none."""
    for note in report.notes:
        if empty := EMPTY_FILES_NOTE.match(note):
            names = escape_markdown(empty.group(1))
            return i18n.t("data.note.empty_files", lang, names=names)
    return None


def ignored_frame(report: ImportReport) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "event_type": [name for name, _ in report.ignored.most_common()],
            "rows": [count for _, count in report.ignored.most_common()],
        },
        schema={"event_type": pl.String, "rows": pl.Int64},
    )


# Reasons that point at the page's help ("see “Canonical format” above"): a
# file read elsewhere gets a variant without the pointer.
REJECTS_REASON_KEYS = {
    "import.row.unknown_event_type": "data.rejects.unknown_event_type",
    "import.row.unknown_format": "data.rejects.unknown_format",
}


def _rejects_reason(problem: RowProblem, lang: str) -> str:
    key = REJECTS_REASON_KEYS.get(problem.key)
    if key is not None:
        return i18n.t(key, lang, value=problem.detail)
    return (
        file_reason(problem, lang)
        if problem.whole_file
        else problem_reason(problem, lang)
    )


def rejects_csv(
    problems: Sequence[RowProblem], base: Path | None = None, lang: str = "en"
) -> bytes:
    """The rejected rows as a CSV download, headers and reasons in `lang`;
    text cells cannot run as formulas.

    A file read not at all has an empty row number.
    """
    reasons = [_rejects_reason(p, lang) for p in problems]
    frame = pl.DataFrame(
        {
            "file": [neutralise(_display_file(p.file, base)) for p in problems],
            "row": [None if p.whole_file else p.row for p in problems],
            "reason": [neutralise(reason) for reason in reasons],
            "content": [neutralise(p.raw) for p in problems],
        },
        schema={
            "file": pl.String,
            "row": pl.Int64,
            "reason": pl.String,
            "content": pl.String,
        },
    )
    headers = {c: i18n.t(f"data.col.{c}", lang) for c in REJECTS_COLUMNS}
    # With a byte order mark: Excel then reads the accents of French text.
    return frame.rename(headers).write_csv().encode("utf-8-sig")


# A snapshot's source as the importer records it: "canonical: a.csv",
# "segment+braze: may", or "demo".
RECORDED_SOURCE = re.compile(
    r"^(?P<formats>[a-z]+(?:\+[a-z]+)*)(?:: (?P<files>.*))?$", re.S
)
SOURCE_KINDS = (*ingest.FORMATS, "demo")


def source_label(source: str, lang: str) -> tuple[str, str]:
    """(kind of source in `lang`, the files it named) for a recorded source;
    a source recorded some other way is shown as it is, without files."""
    if source in SOURCE_KINDS:
        return i18n.t(f"data.source_kind.{source}", lang), ""
    recorded = RECORDED_SOURCE.match(source)
    formats = recorded.group("formats").split("+") if recorded else []
    if not recorded or not all(f in SOURCE_KINDS for f in formats):
        return source, ""
    kinds = " + ".join(i18n.t(f"data.source_kind.{f}", lang) for f in formats)
    return kinds, recorded.group("files") or ""


def history_frame(history: Sequence[SnapshotInfo], lang: str = "en") -> pl.DataFrame:
    sources = [source_label(s.source, lang) for s in history]
    return pl.DataFrame(
        {
            "version": [s.version for s in history],
            "created_at": [s.created_at for s in history],
            "author": [s.author for s in history],
            "source": [kind for kind, _ in sources],
            "files": [files or i18n.UNDEFINED for _, files in sources],
            "rows_added": [s.rows_added for s in history],
            "rows_rejected": [s.rows_rejected for s in history],
            "duplicates": [s.duplicates for s in history],
        },
        schema={
            "version": pl.Int64,
            "created_at": pl.Datetime("us", "UTC"),
            "author": pl.String,
            "source": pl.String,
            "files": pl.String,
            "rows_added": pl.Int64,
            "rows_rejected": pl.Int64,
            "duplicates": pl.Int64,
        },
    )
