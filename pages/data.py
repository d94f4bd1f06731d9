"""Data: import event files (uploaded or from the server's import folder), check
them before anything is written, then see the snapshot history and freshness.

An upload is copied to a temporary folder for the time of its check only: the
check keeps what it read in memory, and the import writes from there."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import polars as pl
import streamlit as st

from journeys import i18n
from journeys.errors import IngestError
from journeys.ingest import ImportReport, check_files, write_report
from ui import _data_files as _data
from ui import _ui

_ui.require_frame("data")

logger = logging.getLogger(__name__)

UPLOAD_TYPES = ["csv", "parquet", "avro", "json", "jsonl", "ndjson", "gz", "zip"]
REPORT_KEY = "data_report"
DONE_KEY = "data_done"


def stage_text(stage: str) -> str:
    return _ui.t(f"data.stage.{stage.split(':')[0]}")


def choose_source() -> tuple[str, Any]:
    """The chosen input: ("server", name) or ("upload", a signature of the files)."""
    settings = _ui.workspace().settings
    st.session_state.setdefault("data_source", "upload")
    _ui.keep_choices("data_source")
    source = st.segmented_control(
        _ui.t("data.source"),
        ["upload", "server"],
        required=True,
        format_func=_ui.labeller(
            ["upload", "server"], lambda s: _ui.t(f"data.source.{s}")
        ),
        key="data_source",
    )
    if source == "server":
        st.caption(
            _ui.t(
                "data.server_help",
                root=_ui.escape_markdown(str(settings.import_dir)),
            )
        )
        name = st.selectbox(
            _ui.t("data.server_name"),
            _data.server_entries(settings.import_dir),
            index=None,
            accept_new_options=True,
            placeholder=_ui.t("data.server_placeholder"),
            key="data_folder",
        )
        return ("server", name)
    # st.file_uploader has no parameter or locale for its button and its
    # instructions ("Upload", "200MB per file • CSV, …"), and cuts the list of
    # types short on a narrow screen: a style draws the page's own, shorter,
    # texts in their place, and a caption below lists the types in full.
    st.html(
        _ui.uploader_texts_style(
            "data_upload",
            _ui.t("data.upload_button"),
            _ui.t(
                "data.upload_instructions",
                limit=i18n.fmt_int(settings.max_upload_mb, _ui.lang()),
            ),
        )
    )
    uploads = st.file_uploader(
        _ui.t("data.upload", limit=settings.max_upload_mb),
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        max_upload_size=settings.max_upload_mb,
        help=_ui.t("data.upload_help"),
        key="data_upload",
    )
    st.caption(
        _ui.t("data.upload_types", types=", ".join(t.upper() for t in UPLOAD_TYPES))
    )
    signature = tuple((u.name, u.size) for u in uploads or [])
    if signature:
        # Each chosen file's size in the page's language, not Streamlit's
        # own English "81.0B".
        sizes = [(name, i18n.fmt_size(size, _ui.lang())) for name, size in signature]
        st.html(_ui.uploader_sizes_style("data_upload", sizes))
    return ("upload", signature)


def allowed_uploads() -> list[Any]:
    """The uploaded files, or a refusal naming those over the size limit."""
    settings = _ui.workspace().settings
    uploads = st.session_state.get("data_upload") or []
    too_large = _data.oversized(uploads, settings.max_upload_mb)
    if too_large:
        names = ", ".join(
            _ui.t(
                "data.file_size",
                name=f.name,
                size=i18n.fmt_size(f.size, _ui.lang()),
            )
            for f in too_large
        )
        raise IngestError(
            "import.too_large",
            "These files are over the {limit} MB limit: {names}. Import large "
            "exports from the server's import folder instead.",
            limit=settings.max_upload_mb,
            names=names,
        )
    return list(uploads)


def run_check(choice: tuple[Any, Any], assume_utc: bool) -> None:
    st.session_state.pop(REPORT_KEY, None)
    st.session_state.pop(DONE_KEY, None)
    bar = st.progress(0.0, text=_ui.t("data.stage.read"))

    def progress(stage: str, fraction: float) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=stage_text(stage))

    def checked(paths: list[Path], base: Path, label: str) -> dict[str, Any]:
        # Files are shown by their path below the upload or import folder:
        # a Braze export holds many files named part-0.json.
        report = check_files(
            paths,
            assume_utc=assume_utc,
            progress=progress,
            catalog=_ui.workspace().catalog,
        )
        events = report.batch.events if report.batch is not None else None
        stored = 0
        if events is not None and not events.is_empty():
            stored = _ui.workspace().store.count_known(events["event_id"])
        return {
            "report": report,
            "stored": stored,
            "base": base,
            "choice": choice,
            "label": label,
        }

    def check() -> dict[str, Any]:
        settings = _ui.workspace().settings
        kind, value = choice
        if kind == "server":
            path = _data.server_path(settings.import_dir, str(value or ""))
            return checked([path], settings.import_dir.resolve(), path.name)
        uploads = allowed_uploads()
        # The copy goes when the check ends, whatever its outcome.
        with _data.saved_uploads(uploads, settings.max_upload_mb) as folder:
            return checked([folder], folder, "")

    report = _ui.guarded(check)
    bar.empty()
    if report is not None:
        st.session_state[REPORT_KEY] = report


def show_report(report: ImportReport, base: Path | None, stored: int) -> None:
    lang = _ui.lang()
    st.subheader(_ui.t("data.report"), anchor=False)
    formats = ", ".join(_ui.t(f"data.format.{f}") for f in report.formats)
    cols = st.columns([2, 1, 1, 1])
    # Metric values are markdown: escaped, so a format name reads as itself.
    shown = _ui.escape_markdown
    cols[0].metric(_ui.t("data.formats"), shown(formats or _ui.t("data.format.none")))
    cols[1].metric(_ui.t("data.files"), shown(i18n.fmt_int(len(report.files), lang)))
    cols[2].metric(_ui.t("data.rows_read"), shown(i18n.fmt_int(report.rows_read, lang)))
    cols[3].metric(
        _ui.t("data.rows_valid"), shown(i18n.fmt_int(report.rows_valid, lang))
    )
    if report.rows_valid and stored >= report.rows_valid:
        # Every valid event is already stored: an import would add nothing.
        st.info(
            _ui.t_count("data.nothing_new_check", report.rows_valid),
            icon=":material/info:",
        )
    elif report.rows_valid:
        # What an import would add: events already stored are skipped, and
        # an event repeated inside the files (same event id) counts once.
        counts = [
            _ui.t_count("data.new_events", report.rows_valid - stored),
            _ui.t_count("data.already_stored", stored),
        ]
        if report.repeated:
            counts.append(_ui.t_count("data.repeated", report.repeated))
        st.caption(_ui.t("data.new_and_stored", counts=", ".join(counts)))
    if _data.holds_nothing(report):
        # An empty or header-only file: nothing to import, said plainly.
        st.warning(_data.nothing_text(report, lang, base), icon=":material/warning:")
    elif empty := _data.empty_files_text(report, lang):
        st.warning(empty, icon=":material/warning:")
    for note in _data.note_texts(report, lang, empty_files=False):
        st.info(note, icon=":material/info:")
    unreadable = _data.file_problems(report.problems)
    bad_rows = _data.row_problems(report.problems)
    if unreadable:
        # Whole sentences, never cut short in a table cell; names as text.
        lines = [
            "- "
            + _ui.t(
                "data.file.line",
                name=_ui.escape_markdown(name),
                reason=_ui.escape_markdown(reason),
            )
            for name, reason in _data.file_problem_lines(unreadable, lang, base)
        ]
        st.error(
            "\n".join([_ui.t("data.files_unreadable"), "", *lines]),
            icon=":material/block:",
        )
    if bad_rows:
        advice = "data.problems_advice" if report.rows_valid else "data.nothing_valid"
        st.warning(
            " ".join(
                (_ui.t_count("data.problems_found", len(bad_rows)), _ui.t(advice))
            ),
            icon=":material/warning:",
        )
        # A static table, not a grid: its cells wrap, so a reason reads in
        # full on a narrow screen. The first rows only; the download has all.
        problems = _data.problems_frame(report.problems, lang, base)
        with st.container(key="data_problems"):
            st.html(_data.PROBLEMS_TABLE_STYLE)
            st.table(_data.problems_table(problems.head(_data.PROBLEMS_SHOWN), lang))
        if problems.height > _data.PROBLEMS_SHOWN:
            st.caption(
                _ui.t(
                    "data.problems_first",
                    shown=i18n.fmt_int(_data.PROBLEMS_SHOWN, lang),
                    total=i18n.fmt_int(problems.height, lang),
                )
            )
    if not report.problems and report.rows_read and report.rows_valid > stored:
        st.success(_ui.t("data.no_problems"), icon=":material/check_circle:")
    if report.ignored:
        st.caption(_ui.t("data.ignored"))
        st.dataframe(
            _data.ignored_frame(report),
            hide_index=True,
            column_config={
                "event_type": _ui.t("data.col.event_type"),
                "rows": st.column_config.NumberColumn(
                    _ui.t("data.col.rows"), format="%d"
                ),
            },
            key="data_ignored",
        )


def offer_rejects(report: ImportReport, base: Path | None) -> None:
    if report.problems:
        st.download_button(
            _ui.t("data.rejects_download"),
            _data.rejects_csv(report.problems, base, _ui.lang()),
            file_name=_ui.t("data.rejects_file"),
            mime="text/csv",
            icon=":material/download:",
            key="data_rejects",
        )


def run_import(checked: dict[str, Any], partial: bool) -> None:
    workspace = _ui.workspace()
    report: ImportReport = checked["report"]
    bar = st.progress(0.0, text=_ui.t("data.stage.write"))

    def progress(stage: str, fraction: float) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=stage_text(stage))

    def write() -> ImportReport:
        return write_report(
            report,
            workspace.store,
            workspace.catalog,
            _ui.actor(),  # the signed-in user, as every other page records
            allow_partial=partial,
            source=checked["label"] or None,
            progress=progress,
        )

    done = _ui.guarded(write)
    if done is None:
        return
    _ui.refresh_data()
    st.session_state.pop(REPORT_KEY, None)
    st.session_state[DONE_KEY] = {"report": done, "base": checked["base"]}
    st.rerun()


def show_done() -> None:
    done = st.session_state.get(DONE_KEY)
    if not done:
        return
    report: ImportReport = done["report"]
    if report.version is None:
        st.info(
            # Another import stored them since the check: repeats inside
            # the files are not among them.
            _ui.t_count("data.nothing_new", report.duplicates - report.repeated),
            icon=":material/info:",
        )
    else:
        show_imported(report)
    if report.problems:
        st.caption(_ui.t_count("data.imported_partial", len(report.problems)))
        offer_rejects(report, done["base"])


def show_imported(report: ImportReport) -> None:
    st.success(
        _ui.t(
            "data.imported",
            version=report.version,
            added=_ui.t_count("data.imported.added", report.rows_added),
            duplicates=_ui.t_count("data.imported.duplicates", report.duplicates),
            campaigns=_ui.t_count("data.imported.campaigns", report.campaigns_added),
            messages=_ui.t_count("data.imported.messages", report.messages_added),
        ),
        icon=":material/task_alt:",
    )


def show_history() -> None:
    lang, tz = _ui.lang(), _ui.tz()
    st.subheader(_ui.t("data.history"), anchor=False)
    history = _ui.workspace().store.history()
    if not history:
        st.caption(_ui.t("data.no_history"))
        return
    counts = ("rows_added", "rows_rejected", "duplicates")
    frame = _data.history_frame(history, lang).with_columns(
        pl.col("created_at").map_elements(
            lambda v: i18n.fmt_datetime(v, lang, tz), return_dtype=pl.String
        ),
        # Counts in the page's language, not the browser's.
        *(
            pl.col(c).map_elements(
                lambda v: i18n.fmt_int(v, lang), return_dtype=pl.String
            )
            for c in counts
        ),
    )
    count_column = st.column_config.TextColumn
    st.dataframe(
        frame,
        hide_index=True,
        column_config={
            "version": st.column_config.NumberColumn(
                _ui.t("data.col.version"), format="%d"
            ),
            "created_at": _ui.t("data.col.created_at", tz=tz),
            "author": _ui.t("data.col.author"),
            "source": _ui.t("data.col.source"),
            "files": _ui.t("data.col.source_files"),
            "rows_added": count_column(_ui.t("data.col.rows_added"), alignment="right"),
            "rows_rejected": count_column(
                _ui.t("data.col.rows_rejected"), alignment="right"
            ),
            "duplicates": count_column(_ui.t("data.col.duplicates"), alignment="right"),
        },
        key="data_history",
    )


def show_freshness() -> None:
    lang, tz = _ui.lang(), _ui.tz()
    st.subheader(_ui.t("data.freshness"), anchor=False)
    analytics = _ui.analytics()
    if analytics.snapshot is None:
        st.caption(_ui.t("data.no_history"))
        return
    fresh = _ui.guarded(analytics.freshness)
    if fresh is None:
        return
    # A row that wraps on a narrow screen rather than cutting the figures short.
    row = st.container(horizontal=True, wrap=True, gap="large")
    shown = _ui.escape_markdown  # metric values are markdown
    row.metric(
        _ui.t("data.newest_event"),
        shown(i18n.fmt_datetime(fresh["last_event_at"], lang, tz)),
        width="content",
    )
    row.metric(
        _ui.t("data.events"),
        shown(i18n.fmt_int(fresh["events"], lang)),
        width="content",
    )
    row.metric(
        _ui.t("data.campaigns"),
        shown(i18n.fmt_int(fresh["campaigns"], lang)),
        width="content",
    )
    st.caption(_ui.t("data.snapshot_read", version=analytics.snapshot.version))


st.title(_ui.t("data.title"), anchor=False)
st.caption(_ui.t("data.intro"))
with st.expander(_ui.t("data.sources_help_title"), icon=":material/help:"):
    st.markdown(_ui.t("data.sources_help"))
with st.expander(_ui.t("data.canonical_help_title"), icon=":material/table:"):
    st.markdown(_ui.t("data.canonical_help"))
show_done()
choice = choose_source()
assume_utc = st.checkbox(
    _ui.t("data.assume_utc"), help=_ui.t("data.assume_utc_help"), key="data_assume_utc"
)
partial = st.checkbox(
    _ui.t("data.partial"), help=_ui.t("data.partial_help"), key="data_partial"
)
ready = bool(choice[1])
if st.button(
    _ui.t("data.check"),
    type="primary",
    icon=":material/fact_check:",
    disabled=not ready,
    key="data_check",
):
    run_check(choice, assume_utc)
checked = st.session_state.get(REPORT_KEY)
if checked is not None and checked["choice"] != choice:
    checked = None  # the files changed since they were checked
if checked is not None:
    report: ImportReport = checked["report"]
    show_report(report, checked["base"], checked.get("stored", 0))
    blocked = bool(report.problems) and not partial
    # The invalid rows can be downloaded to be fixed, whether or not the
    # valid ones are to be imported.
    offer_rejects(report, checked["base"])
    if report.problems and report.rows_valid == 0:
        st.caption(_ui.t("data.fix_and_check"))
    elif blocked:
        st.caption(_ui.t("data.blocked"))
    nothing_new = 0 < report.rows_valid <= checked.get("stored", 0)
    if nothing_new and not blocked:
        st.caption(_ui.t("data.import_nothing_new"))
    if st.button(
        _ui.t("data.import"),
        type="primary",
        icon=":material/upload:",
        disabled=blocked or report.rows_valid == 0 or nothing_new,
        key="data_import",
    ):
        run_import(checked, partial)
st.divider()
show_freshness()
show_history()
_ui.finish_page()
