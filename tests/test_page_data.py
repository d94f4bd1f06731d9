"""The Data page: check, import and history, plus its upload and folder guards."""

from __future__ import annotations

import csv as _csv
import io
import json
import re
import tempfile
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from test_page_texts import HOSTILE, commonmark_text

from journeys import i18n
from journeys.errors import IngestError
from journeys.ingest import EMPTY_FILES_NOTE
from journeys.workspace import Workspace
from ui import _data_files as _data
from ui._text import css_string, escape_markdown

APP = Path(__file__).resolve().parent.parent / "app.py"
HEADER = "event_id,ts,campaign_id,message_id,channel,user_id,event_type,goal_id\n"
GOOD_CSV = (
    HEADER
    + "n1,2026-03-05T08:00:00Z,c-new,,,u1,entered,\n"
    + "n2,2026-03-05T08:01:00Z,c-new,m-new,email,u1,sent,\n"
    + "n3,2026-03-05T08:02:00Z,c-new,m-new,email,u1,clicked,\n"
)
BAD_CSV = HEADER + "b1,2026-03-05T08:00:00Z,c-new,,,u1,teleported,\n"


def table_with(at: AppTest, column: str) -> Any:
    """The shown table that has `column` (AppTest does not expose dataframe keys)."""
    found = [e.value for e in at.dataframe if column in e.value.columns]
    return found[0] if found else None


def problems_shown(at: AppTest) -> list[dict[str, Any]] | None:
    """The invalid rows as the page's table shows them, read as text (the
    cells are escaped markdown), by the columns' codes."""
    if not at.table:
        return None
    frame = at.table[0].value
    codes = dict(zip(frame.columns, _data.REJECTS_COLUMNS, strict=True))
    return [
        {codes[k]: int(v) if codes[k] == "row" else commonmark_text(v) for k, v in r}
        for r in (row.items() for row in frame.to_dict("records"))
    ]


def upload_and_check(at: AppTest, name: str, data: bytes) -> None:
    """Upload one CSV file on the Data page and press Check."""
    at.file_uploader(key="data_upload").upload(name, data, "text/csv")
    at.run()
    at.button(key="data_check").click().run()


def open_data_page(lang: str = "en") -> AppTest:
    """The Data page in `lang`, chosen through the URL as a shared link would."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    return at


def test_an_uploaded_csv_is_checked_then_imported_as_a_new_snapshot(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    before = example_workspace.store.history()
    at = open_data_page()

    upload_and_check(at, "new.csv", GOOD_CSV.encode())

    assert not at.exception
    assert problems_shown(at) is None
    assert [m.value for m in at.metric][:4] == ["Canonical", "1", "3", "3"]
    at.button(key="data_import").click().run()

    assert not at.exception
    history = example_workspace.store.history()
    assert len(history) == len(before) + 1
    assert (history[0].rows_added, history[0].author, history[0].source) == (
        3,
        "tester",
        "canonical: new.csv",
    )
    assert example_workspace.catalog.exists("c-new")
    assert "v1" in at.success[0].value
    assert table_with(at, "rows_added")["version"].to_list() == [1, 0]


def test_a_bad_upload_shows_its_problems_and_cannot_be_imported(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    at = open_data_page("fr")

    upload_and_check(at, "bad.csv", BAD_CSV.encode())

    assert problems_shown(at) == [
        {
            "file": "bad.csv",
            "row": 2,
            "reason": "Type d’événement inconnu «\u00a0teleported\u00a0»\u00a0: "
            "voir «\u00a0Format canonique\u00a0» plus haut pour les types d’événements.",
            "content": "b1,2026-03-05T08:00:00Z,c-new,,,u1,teleported,",
        }
    ]
    assert at.button(key="data_import").disabled
    assert len(example_workspace.store.history()) == 1


def test_a_link_out_of_the_import_folder_is_refused_on_the_page(
    example_workspace: Workspace, fresh_streamlit_caches: None, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "events.csv").write_text(GOOD_CSV, encoding="utf-8")
    example_workspace.settings.import_dir.mkdir(parents=True)
    (example_workspace.settings.import_dir / "escape").symlink_to(outside)
    at = open_data_page()
    at.segmented_control(key="data_source").set_value("server").run()
    at.selectbox(key="data_folder").set_value("escape").run()
    at.button(key="data_check").click().run()

    assert "import folder" in at.error[0].value
    assert len(example_workspace.store.history()) == 1


def test_a_server_folder_is_imported_from_inside_the_import_folder(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    folder = example_workspace.settings.import_dir / "march"
    folder.mkdir(parents=True)
    (folder / "events.csv").write_text(GOOD_CSV, encoding="utf-8")
    at = open_data_page()
    at.segmented_control(key="data_source").set_value("server").run()
    at.selectbox(key="data_folder").set_value("march").run()
    at.button(key="data_check").click().run()
    at.button(key="data_import").click().run()

    assert not at.exception
    assert example_workspace.store.history()[0].source == "canonical: march"


def test_a_zip_in_the_import_folder_is_imported_and_its_members_named(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    folder = example_workspace.settings.import_dir
    folder.mkdir(parents=True)
    with zipfile.ZipFile(folder / "april.zip", "w") as archive:
        archive.writestr("april/good.csv", GOOD_CSV)
        archive.writestr("april/bad.csv", BAD_CSV)
    at = open_data_page()
    at.segmented_control(key="data_source").set_value("server").run()
    at.selectbox(key="data_folder").set_value("april.zip").run()
    at.button(key="data_check").click().run()

    assert not at.exception
    assert {p["file"] for p in problems_shown(at) or []} == {"april.zip/april/bad.csv"}


def test_a_link_escaping_the_import_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "imports"
    (root / "inside").mkdir(parents=True)
    secret = tmp_path / "secret.csv"
    secret.write_text(HEADER, encoding="utf-8")
    (root / "inside" / "link.csv").symlink_to(secret)
    (root / "outside").symlink_to(tmp_path)

    for name in ("inside", "outside", "/etc", "../secret.csv"):
        with pytest.raises(IngestError) as refused:
            _data.server_path(root, name)
        assert refused.value.key == "import.outside_import_dir", name


def test_a_zip_is_unpacked_keeping_its_folders_and_unsafe_members_are_refused(
    tmp_path: Path,
) -> None:
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("event_type=users.canvas.Entry/date=2024-05-01/p.json", "{}\n")
    _data.unpack_zip(good.getvalue(), tmp_path / "good", 10_000)
    assert (
        tmp_path / "good/event_type=users.canvas.Entry/date=2024-05-01/p.json"
    ).exists()

    for name in ("../evil.json", "/abs.json"):
        bad = io.BytesIO()
        with zipfile.ZipFile(bad, "w") as archive:
            archive.writestr(name, "{}")
        with pytest.raises(IngestError) as refused:
            _data.unpack_zip(bad.getvalue(), tmp_path / "bad", 10_000)
        assert refused.value.key == "import.zip_unsafe"
    assert not (tmp_path / "evil.json").exists()


def test_rejected_rows_download_cannot_run_as_spreadsheet_formulas() -> None:
    from journeys.importers.base import RowProblem

    csv = _data.rejects_csv(
        [RowProblem("/x/a.csv", 4, "unknown event type", raw="=1+1")]
    )

    assert csv.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    assert csv.decode("utf-8-sig") == (
        "File,Row,Problem,Content\na.csv,4,unknown event type,'=1+1\n"
    )


def test_a_name_with_a_null_byte_or_a_line_break_is_refused_not_a_crash(
    tmp_path: Path,
) -> None:
    (tmp_path / "ok.csv").write_text(HEADER, encoding="utf-8")

    for name in ("ok.csv\x00", "ok\n.csv"):
        with pytest.raises(IngestError) as refused:
            _data.server_path(tmp_path, name)
        assert refused.value.key == "import.outside_import_dir"


def test_a_folder_refusal_names_the_link_that_leads_out(tmp_path: Path) -> None:
    root = tmp_path / "imports"
    (root / "may").mkdir(parents=True)
    (root / "may" / "a.csv").write_text(HEADER, encoding="utf-8")
    (tmp_path / "secret.csv").write_text(HEADER, encoding="utf-8")
    (root / "may" / "b.csv").symlink_to(tmp_path / "secret.csv")

    with pytest.raises(IngestError) as refused:
        _data.server_path(root, "may")

    assert refused.value.params["name"] == "may/b.csv"


def test_an_uploaded_name_loses_its_folders_and_control_characters() -> None:
    assert _data._safe_name("C:\\Users\\ann\\ev\x00ents.csv") == "events.csv"
    assert _data._safe_name("../..") == "upload"


def test_a_problem_in_a_server_folder_names_its_file_below_the_import_folder(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    folder = example_workspace.settings.import_dir / "may"
    for day in ("date=2024-05-01", "date=2024-05-02"):
        (folder / day).mkdir(parents=True)
        (folder / day / "part-0.csv").write_text(GOOD_CSV, encoding="utf-8")
    (folder / "date=2024-05-02" / "part-0.csv").write_text(BAD_CSV, encoding="utf-8")
    at = open_data_page()
    at.segmented_control(key="data_source").set_value("server").run()
    at.selectbox(key="data_folder").set_value("may").run()
    at.button(key="data_check").click().run()

    assert not at.exception
    assert [p["file"] for p in problems_shown(at) or []] == [
        "may/date=2024-05-02/part-0.csv"
    ]
    assert (folder / "date=2024-05-01" / "part-0.csv").exists()


def test_an_upload_over_the_limit_is_refused_in_the_users_language(
    example_workspace: Workspace,
    fresh_streamlit_caches: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JOURNEYS_MAX_UPLOAD_MB", "1")
    at = open_data_page("fr")

    big = GOOD_CSV.encode() + b"x" * (1024 * 1024)
    upload_and_check(at, "big.csv", big)

    assert not at.exception
    shown = at.error[0].value.replace("\\", "")  # markdown escapes
    assert "dépassent la limite de 1 Mo\u00a0: big.csv (1,0\u00a0Mo)" in shown
    assert len(example_workspace.store.history()) == 1


def test_a_damaged_or_self_contradicting_zip_is_refused_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clash = io.BytesIO()
    with zipfile.ZipFile(clash, "w") as archive:
        archive.writestr("a", "x")
        archive.writestr("a/b.json", "{}")
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.json", '{"id": "b-1"}\n')
    bad_crc = damaged.getvalue().replace(b'"b-1"', b'"b-2"', 1)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    for data in (clash.getvalue(), bad_crc):
        upload = _Upload("export.zip", data)
        with pytest.raises(IngestError) as refused:
            _data.save_uploads([upload], max_mb=1)
        assert refused.value.key == "import.bad_zip"
    assert list(tmp_path.iterdir()) == []


class _Upload:
    """An uploaded file as Streamlit hands it to the page."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self.size, self._data = name, len(data), data

    def getvalue(self) -> bytes:
        return self._data


def test_an_import_from_the_page_records_the_signed_in_user_as_its_author(
    example_workspace: Workspace,
    fresh_streamlit_caches: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui import _ui

    monkeypatch.setattr(_ui, "actor", lambda: "ann@example.com")
    at = open_data_page()
    upload_and_check(at, "new.csv", GOOD_CSV.encode())
    at.button(key="data_import").click().run()

    assert not at.exception
    assert example_workspace.store.history()[0].author == "ann@example.com"
    assert example_workspace.catalog.get("c-new").created_by == "ann@example.com"


def test_every_segment_and_braze_problem_reads_in_french(tmp_path: Path) -> None:
    from journeys import i18n
    from journeys.ingest import check_files

    def track(**fields: object) -> str:
        call = {"type": "track", "event": "Email Opened", "userId": "u1"}
        call |= {"timestamp": "2024-05-01T08:00:00Z"}
        call |= {"properties": {"campaign_id": "c1"}}
        return json.dumps(call | fields)

    segment = tmp_path / "segment"
    segment.mkdir()
    (segment / "calls.jsonl").write_text(
        "\n".join(
            [
                track(messageId="s1"),
                "[1]",
                track(event=""),
                track(userId=None),
                track(properties={}),
                track(timestamp=None),
                track(timestamp="soon"),
                track(timestamp="2024-05-01T08:00:00"),
                track(timestamp="0001-01-01T00:00:00+14:00"),
                track(messageId="s1", userId="u2"),
                '{"cut": ',
            ]
        ),
        encoding="utf-8",
    )
    braze = tmp_path / "braze" / "event_type=users.canvas.Entry"
    braze.mkdir(parents=True)
    entry = {"id": "b1", "user_id": "u1", "time": 1714550400, "canvas_id": "cv1"}
    (braze / "a.json").write_text(
        "\n".join(
            json.dumps(entry | change)
            for change in (
                {"id": None},
                {"user_id": None},
                {"time": None},
                {"time": "soon"},
                {"time": 1714550400000},
                {"canvas_id": None},
            )
        )
        + "\n",
        encoding="utf-8",
    )
    loose = tmp_path / "braze" / "loose.json"
    loose.write_text(json.dumps(entry) + "\n", encoding="utf-8")

    problems = check_files([segment, tmp_path / "braze"]).problems

    assert len(problems) == 17
    untranslated = [
        p.reason for p in problems if _data.problem_reason(p, "fr") == p.reason
    ]
    assert untranslated == []
    assert {p.key for p in problems} <= set(i18n.catalog("fr"))


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "Imported as snapshot v1: 3 rows added, 0 duplicates skipped (already "
            "stored or repeated in the files), 1 campaign and 1 message added to "
            "the catalog.",
        ),
        (
            "fr",
            "Importé dans l’instantané v1 : 3 lignes ajoutées, 0 doublon ignoré "
            "(déjà enregistré ou répété dans les fichiers), 1 campagne et 1 message "
            "ajoutés au catalogue.",
        ),
    ],
)
def test_the_import_summary_counts_in_the_singular_or_plural_each_number_needs(
    example_workspace: Workspace, fresh_streamlit_caches: None, lang: str, text: str
) -> None:
    at = open_data_page(lang)
    upload_and_check(at, "new.csv", GOOD_CSV.encode())

    at.button(key="data_import").click().run()

    assert commonmark_text(at.success[0].value) == text


@pytest.mark.parametrize(
    ("lang", "start"),
    [("en", "1 row is invalid."), ("fr", "1 ligne est invalide.")],
)
def test_one_invalid_row_is_counted_in_the_singular(
    example_workspace: Workspace, fresh_streamlit_caches: None, lang: str, start: str
) -> None:
    at = open_data_page(lang)
    at.file_uploader(key="data_upload").upload("bad.csv", BAD_CSV.encode(), "text/csv")
    at.run()

    at.button(key="data_check").click().run()

    assert at.warning[0].value.startswith(start)


@pytest.mark.parametrize("name", HOSTILE)
def test_file_names_in_the_reports_notes_read_as_text(name: str) -> None:
    report = SimpleNamespace(
        notes=[EMPTY_FILES_NOTE.format(names=name), f"{name} was odd"], batch=None
    )

    empty, odd = _data.note_texts(report, "en")  # type: ignore[arg-type]

    assert commonmark_text(empty) == EMPTY_FILES_NOTE.format(names=name)
    assert empty == i18n.t("data.note.empty_files", "en", names=escape_markdown(name))
    assert odd == escape_markdown(f"{name} was odd")


def test_the_upload_option_in_french_is_not_a_send() -> None:
    from journeys import i18n

    label = i18n.t("data.source.upload", "fr")
    assert "envoi" not in label.lower()


# -- files that cannot be read, the canonical format, push clicks -------------


def test_unreadable_files_are_shown_as_files_in_full_not_as_row_zero(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    at = open_data_page()
    uploader = at.file_uploader(key="data_upload")
    uploader.upload("wrong.csv", b"id,when,what\n1,2026-01-01,x\n", "text/csv")
    uploader.upload("events.parquet", b"PAR1" + b"\x00garbage" * 30, "application/x")
    at.run()
    at.button(key="data_check").click().run()

    assert not at.exception
    assert problems_shown(at) is None  # no "row 0" in a table of rows
    [shown] = [e.value.replace("\\", "") for e in at.error]
    assert "These files cannot be read at all" in shown
    assert "**wrong.csv**: Its format cannot be recognised." in shown
    assert "see “Canonical format” above)" in shown  # the reason in full
    assert "**events.parquet**: It cannot be read" in shown
    assert "PAR1" in shown  # the reader's own words
    texts = " ".join([*(w.value for w in at.warning), *(c.value for c in at.caption)])
    assert "rows are invalid" not in texts and "valid rows" not in texts
    assert "Nothing in these files can be imported" in texts
    assert at.metric[0].value == "Not recognised"
    assert at.button(key="data_import").disabled


def test_a_readable_file_beside_an_unreadable_one_can_be_imported_alone(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    at = open_data_page("fr")
    uploader = at.file_uploader(key="data_upload")
    uploader.upload("good.csv", GOOD_CSV.encode(), "text/csv")
    uploader.upload("notes.csv", b"hello\n", "text/csv")
    at.run()
    at.button(key="data_check").click().run()

    shown = at.error[0].value.replace("\\", "")
    assert "- **notes.csv**\u00a0: Son format n’est pas reconnu." in shown
    assert at.button(key="data_import").disabled
    at.checkbox(key="data_partial").check().run()
    at.button(key="data_import").click().run()

    assert not at.exception
    assert example_workspace.store.history()[0].rows_added == 3


def test_a_file_read_not_at_all_has_no_row_number_in_the_rejects() -> None:
    from journeys.importers.base import RowProblem

    csv = _data.rejects_csv(
        [
            RowProblem("/x/a.parquet", 0, "cannot be read", whole_file=True),
            RowProblem("/x/b.csv", 3, "unknown event type"),
        ]
    )

    assert csv.decode("utf-8-sig").splitlines()[1:] == [
        'a.parquet,,cannot be read,""',
        'b.csv,3,unknown event type,""',
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("n9,2026-03-05T08:00:00Z,c,m,email,u1,Teleported,\n", "“Teleported”"),
        ("n9,2026-03-05T08:00:00Z,c,m,Pigeon,u1,sent,\n", "“Pigeon”"),
    ],
    ids=["event type", "channel"],
)
def test_an_unknown_event_type_or_channel_is_named_in_the_reason(
    tmp_path: Path, row: str, expected: str
) -> None:
    from journeys.ingest import check_files

    (tmp_path / "e.csv").write_text(HEADER + row, encoding="utf-8")
    [problem] = check_files([tmp_path / "e.csv"]).problems

    assert expected in problem.reason  # the English reason, for the CLI and CSV
    for lang in ("en", "fr"):
        assert expected.strip("“”") in _data.problem_reason(problem, lang)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_message_on_two_channels_names_both_in_the_reason(
    tmp_path: Path, lang: str
) -> None:
    from journeys.ingest import check_files

    (tmp_path / "e.csv").write_text(
        HEADER
        + "n1,2026-03-05T08:00:00Z,c,m7,email,u1,sent,\n"
        + "n2,2026-03-05T09:00:00Z,c,m7,sms,u1,sent,\n",
        encoding="utf-8",
    )
    [problem] = check_files([tmp_path / "e.csv"]).problems

    reason = _data.problem_reason(problem, lang)
    assert all(word in reason for word in ("m7", "email", "sms"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_canonical_format_help_lists_every_column_event_type_and_channel(
    lang: str,
) -> None:
    from journeys import i18n
    from journeys.schema import CHANNELS, EVENT_COLUMNS, EVENT_TYPES

    help_text = i18n.t("data.canonical_help", lang)
    for word in (*EVENT_COLUMNS, *EVENT_TYPES, *CHANNELS):
        assert f"`{word}`" in help_text, word
    assert "Z" in help_text and "UTC" in help_text
    # For push the tap is the click; Segment's rates are over deliveries.
    assert "`clicked`" in help_text and "`opened`" in help_text
    assert "Segment" in help_text


def test_the_data_page_shows_the_canonical_format(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    at = open_data_page()

    shown = " ".join(m.value for m in at.markdown)
    assert "| `event_type` | see below | always |" in shown
    assert "a push `clicked` event is kept but not counted" in shown


def test_push_clicks_are_noted_as_kept_but_not_counted(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    csv = (
        GOOD_CSV
        + "p1,2026-03-05T08:03:00Z,c-new,m-push,push,u1,opened,\n"
        + "p2,2026-03-05T08:04:00Z,c-new,m-push,push,u1,clicked,\n"
        + "p3,2026-03-05T08:05:00Z,c-new,m-push,Push,u2,Clicked,\n"
    )
    at = open_data_page()
    upload_and_check(at, "push.csv", csv.encode())

    notes = [i.value for i in at.info]
    assert (
        "Push “clicked” events that will be stored but not counted: 2. For push, "
        "the tap (the “opened” event) is the click." in notes
    )
    assert not at.warning and not at.error  # a note, not a problem
    assert not at.button(key="data_import").disabled


# -- uploads leave no temporary folder behind ----------------------------------


def upload_folders(root: Path) -> list[Path]:
    return sorted(root.glob(f"{_data.UPLOAD_PREFIX}*"))


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Uploads are saved under this folder rather than the machine's /tmp."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_an_upload_copy_lasts_only_as_long_as_its_check_and_the_import_still_works(
    example_workspace: Workspace,
    fresh_streamlit_caches: None,
    temp_root: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from journeys import ingest

    seen: list[list[Path]] = []
    check_files = ingest.check_files

    def watching(paths: list[Path], **options: Any) -> Any:
        seen.append(upload_folders(temp_root))  # the copy exists during the check
        return check_files(paths, **options)

    monkeypatch.setattr(ingest, "check_files", watching)
    at = open_data_page()
    upload_and_check(at, "new.csv", GOOD_CSV.encode())

    assert [len(folders) for folders in seen] == [1]
    assert upload_folders(temp_root) == []  # gone once checked
    at.button(key="data_check").click().run()
    assert upload_folders(temp_root) == []  # checked again: no copy left either
    at.button(key="data_import").click().run()

    assert not at.exception
    assert example_workspace.store.history()[0].rows_added == 3
    assert upload_folders(temp_root) == []


def test_a_refused_check_keeps_no_copy_of_the_upload(
    example_workspace: Workspace, fresh_streamlit_caches: None, temp_root: Path
) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("readme.txt", "no events here")
    at = open_data_page()
    at.file_uploader(key="data_upload").upload(
        "export.zip", archive.getvalue(), "application/zip"
    )
    at.run()
    at.button(key="data_check").click().run()

    assert "No file of a supported format" in at.error[0].value
    assert upload_folders(temp_root) == []


def test_the_upload_copy_goes_even_when_the_check_fails_unexpectedly(
    temp_root: Path,
) -> None:
    upload = _Upload("a.csv", b"x")
    with (
        pytest.raises(RuntimeError),
        _data.saved_uploads([upload], max_mb=1) as folder,
    ):
        assert (folder / "a.csv").read_bytes() == b"x"
        raise RuntimeError("the reader crashed")

    assert upload_folders(temp_root) == []


def test_only_an_upload_folder_is_ever_deleted(tmp_path: Path) -> None:
    keep = tmp_path / "journeys-upload-not-in-tmp"
    keep.mkdir()

    _data.remove_upload_folder(keep)

    assert keep.is_dir()


def test_the_readme_documents_the_import_format() -> None:
    from journeys.schema import CHANNELS, EVENT_COLUMNS, EVENT_TYPES

    readme = (Path(_data.__file__).parent.parent / "README.md").read_text("utf-8")
    section = readme.split("## Import format", 1)[1].split("\n## ", 1)[0]
    for word in (*EVENT_COLUMNS, *EVENT_TYPES, *CHANNELS):
        assert f"`{word}`" in section, word
    assert "push `clicked` event is kept but not" in section


# -- the uploader's own texts in the user's language ---------------------------


def css_unescaped(quoted: str) -> str:
    """What a browser reads from a CSS string made only of six-digit escapes,
    letters and digits."""
    assert quoted[0] == quoted[-1] == '"'
    return re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), quoted[1:-1])


@pytest.mark.parametrize(
    "text", ["Choisir des fichiers", '"}</style><script>x</script>', "a\\b\n;{}"]
)
def test_a_css_string_reads_back_as_its_text_and_cannot_close_its_rule(
    text: str,
) -> None:
    quoted = css_string(text)

    assert css_unescaped(quoted) == text
    assert re.fullmatch(r'"(?:[A-Za-z0-9]|\\[0-9a-f]{6})*"', quoted)


def uploader_texts(at: AppTest) -> list[str]:
    """The texts a style draws in place of the uploader's own."""
    styles = "".join(e.proto.body for e in at.get("html"))
    return [css_unescaped(q) for q in re.findall(r'content:("[^"]*")', styles)]


def test_the_uploaders_button_and_instructions_are_drawn_in_french(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    button, instructions = uploader_texts(open_data_page("fr"))

    assert button == "Choisir des fichiers"
    assert instructions == "200\u00a0Mo au plus par fichier"


@pytest.mark.parametrize(
    ("lang", "instructions", "types"),
    [
        (
            "en",
            "200 MB per file",
            "Accepted files: CSV, PARQUET, AVRO, JSON, JSONL, NDJSON, GZ, ZIP.",
        ),
        (
            "fr",
            "200\u00a0Mo au plus par fichier",
            "Fichiers acceptés\u00a0: CSV, PARQUET, AVRO, JSON, JSONL, NDJSON, GZ, "
            "ZIP.",
        ),
    ],
)
def test_the_uploader_lists_the_accepted_types_in_full_below_short_instructions(
    example_workspace: Workspace,
    fresh_streamlit_caches: None,
    lang: str,
    instructions: str,
    types: str,
) -> None:
    at = open_data_page(lang)

    # Streamlit's own "200MB per file • CSV, PARQUET, AV…" is cut at 800 px.
    assert uploader_texts(at)[1] == instructions
    assert types in [c.value for c in at.caption]


# -- snapshots written by another process ---------------------------------------


def import_elsewhere(workspace: Workspace) -> None:
    """An import by another process (the command line): its own store object."""
    from journeys.ingest import import_paths
    from journeys.store import EventStore

    folder = workspace.settings.data_dir.parent / "elsewhere"
    folder.mkdir()
    (folder / "more.csv").write_text(GOOD_CSV, encoding="utf-8")
    import_paths(
        [folder / "more.csv"],
        EventStore(workspace.store.path),
        workspace.catalog,
        "shell",
    )


def snapshot_read(at: AppTest) -> str:
    return next(c.value for c in at.caption if "reads snapshot" in c.value)


def test_a_snapshot_imported_by_another_process_is_read_on_the_next_run(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    import streamlit as st

    at = open_data_page()
    assert snapshot_read(at) == "The dashboard reads snapshot v0."

    import_elsewhere(example_workspace)
    st.cache_data.clear()  # the short-lived look at the newest version expires
    at.run()

    assert not at.exception
    assert snapshot_read(at) == "The dashboard reads snapshot v1."
    assert [m.value for m in at.metric if m.label == "Campaigns with events"] == ["3"]


def test_a_link_pinning_a_version_keeps_it_after_another_import(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    import streamlit as st

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["v"] = "0"
    at.run()
    at.switch_page("pages/data.py")
    at.run()

    import_elsewhere(example_workspace)
    st.cache_data.clear()
    at.run()

    assert snapshot_read(at) == "The dashboard reads snapshot v0."


def test_the_newest_version_is_read_from_the_commit_log_names(tmp_path: Path) -> None:
    from journeys.store import EventStore

    store = EventStore(tmp_path / "events")
    assert store.latest_version() is None
    log = store.path / "_delta_log"
    log.mkdir(parents=True)
    for name in ("00000000000000000000.json", "00000000000000000002.json", "x.tmp"):
        (log / name).write_text("{}", encoding="utf-8")

    assert store.latest_version() == 2


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "Nothing new was added: all 3 events in these files are already "
            "stored, so no new snapshot was made.",
        ),
        (
            "fr",
            "Rien de nouveau n’a été ajouté\u00a0: les 3 événements de ces fichiers "
            "sont déjà enregistrés, aucun nouvel instantané n’a donc été créé.",
        ),
    ],
)
def test_importing_a_file_stored_by_another_import_since_its_check_says_so(
    example_workspace: Workspace, fresh_streamlit_caches: None, lang: str, text: str
) -> None:
    at = open_data_page(lang)
    upload_and_check(at, "new.csv", GOOD_CSV.encode())
    import_elsewhere(example_workspace)  # between the check and the import
    at.button(key="data_import").click().run()

    assert not at.exception
    assert [h.version for h in example_workspace.store.history()] == [1, 0]
    assert commonmark_text(at.info[0].value) == text
    assert not at.success


@pytest.mark.parametrize(
    ("lang", "text", "reason"),
    [
        (
            "en",
            "Nothing new: all 3 valid events are already stored.",
            "Import is off: every valid event in these files is already stored, "
            "so it would add nothing.",
        ),
        (
            "fr",
            "Rien de nouveau\u00a0: les 3 événements valides sont tous déjà "
            "enregistrés.",
            "Import désactivé\u00a0: tous les événements valides de ces fichiers "
            "sont déjà enregistrés, il n’ajouterait rien.",
        ),
    ],
)
def test_a_check_that_finds_nothing_new_says_so_and_turns_the_import_off(
    example_workspace: Workspace,
    fresh_streamlit_caches: None,
    lang: str,
    text: str,
    reason: str,
) -> None:
    import_elsewhere(example_workspace)  # n1, n2 and n3
    at = open_data_page(lang)
    upload_and_check(at, "new.csv", GOOD_CSV.encode())

    assert not at.exception
    assert [commonmark_text(i.value) for i in at.info] == [text]
    assert reason in [c.value for c in at.caption]
    assert at.button(key="data_import").disabled


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "1 new event, 2 already stored: an import adds only the new ones."),
        (
            "fr",
            "1 nouvel événement, 2 déjà enregistrés\u00a0: un import n’ajoute que "
            "les nouveaux.",
        ),
    ],
)
def test_the_check_says_how_many_events_are_new_and_how_many_already_stored(
    example_workspace: Workspace, fresh_streamlit_caches: None, lang: str, text: str
) -> None:
    import_elsewhere(example_workspace)  # n1, n2 and n3
    csv = "\n".join(GOOD_CSV.splitlines()[:3]) + "\n"
    csv += "n4,2026-03-05T08:03:00Z,c-new,,,u2,entered,\n"
    at = open_data_page(lang)
    upload_and_check(at, "more.csv", csv.encode())

    assert not at.exception
    assert text in [c.value for c in at.caption]


@pytest.mark.parametrize(
    ("lang", "checked", "imported"),
    [
        (
            "en",
            "3 new events, 0 already stored, 1 repeated in the files, imported "
            "once: an import adds only the new ones.",
            "Imported as snapshot v1: 3 rows added, 1 duplicate skipped (already "
            "stored or repeated in the files), 1 campaign and 1 message added to "
            "the catalog.",
        ),
        (
            "fr",
            "3 nouveaux événements, 0 déjà enregistré, 1 répété dans les fichiers, "
            "importé une fois\u00a0: un import n’ajoute que les nouveaux.",
            "Importé dans l’instantané v1\u00a0: 3 lignes ajoutées, 1 doublon ignoré "
            "(déjà enregistré ou répété dans les fichiers), 1 campagne et 1 message "
            "ajoutés au catalogue.",
        ),
    ],
)
def test_an_event_repeated_in_the_files_is_counted_as_a_repeat_not_as_stored(
    example_workspace: Workspace,
    fresh_streamlit_caches: None,
    lang: str,
    checked: str,
    imported: str,
) -> None:
    twice = GOOD_CSV + GOOD_CSV.splitlines()[1] + "\n"  # n1 again
    at = open_data_page(lang)
    upload_and_check(at, "twice.csv", twice.encode())

    assert checked in [c.value for c in at.caption]
    at.button(key="data_import").click().run()

    assert not at.exception
    assert commonmark_text(at.success[0].value) == imported
    assert example_workspace.store.history()[0].duplicates == 1


def test_the_store_counts_the_ids_it_already_holds(tmp_path: Path) -> None:
    import polars as pl

    from journeys.store import EventStore

    store = EventStore(tmp_path / "events")
    assert store.count_known(pl.Series(["a"])) == 0
    workspace_events = pl.read_csv(io.StringIO(GOOD_CSV), infer_schema=False)
    store.append(
        workspace_events.with_columns(pl.col("ts").str.to_datetime(time_zone="UTC")),
        author="t",
        source="t",
    )

    assert store.count_known(pl.Series(["n1", "n3", "n3", "zz"])) == 2


@pytest.mark.parametrize(
    ("lang", "start"),
    [
        ("en", "Nothing to import: these files hold no event"),
        ("fr", "Rien à importer\u00a0: ces fichiers ne contiennent aucun événement"),
    ],
)
@pytest.mark.parametrize(
    "content", [b"", HEADER.encode()], ids=["empty", "header only"]
)
def test_an_empty_or_header_only_upload_is_warned_about_and_imports_nothing(
    example_workspace: Workspace,
    fresh_streamlit_caches: None,
    lang: str,
    start: str,
    content: bytes,
) -> None:
    at = open_data_page(lang)
    upload_and_check(at, "events.csv", content)

    assert not at.exception
    [warning] = [w.value for w in at.warning]
    assert commonmark_text(warning).startswith(start)
    assert "events.csv" in commonmark_text(warning)
    assert not at.success
    assert at.button(key="data_import").disabled
    assert len(example_workspace.store.history()) == 1


def test_an_empty_file_beside_good_ones_is_named_in_a_warning(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    at = open_data_page()
    uploader = at.file_uploader(key="data_upload")
    uploader.upload("good.csv", GOOD_CSV.encode(), "text/csv")
    uploader.upload("blank.csv", b"", "text/csv")
    at.run()
    at.button(key="data_check").click().run()

    [warning] = [commonmark_text(w.value) for w in at.warning]
    assert warning == "Empty files hold no events and were skipped: blank.csv."
    assert not at.button(key="data_import").disabled


def test_the_rejected_rows_download_speaks_french_in_french() -> None:
    from journeys.importers.base import RowProblem

    csv = _data.rejects_csv(
        [
            RowProblem(
                "/x/a.csv",
                4,
                "Unknown channel",
                "import.row.unknown_channel",
                raw="n1",
                detail="Pigeon",
            ),
            RowProblem(
                "/x/b.parquet",
                0,
                "cannot be read",
                "import.unreadable",
                whole_file=True,
                detail="bad footer",
            ),
        ],
        lang="fr",
    )

    header, row, whole_file = csv.decode("utf-8-sig").splitlines()
    assert header == "Fichier,Ligne,Problème,Contenu"
    assert row.startswith('a.csv,4,"Canal inconnu «\u00a0Pigeon\u00a0»')
    assert whole_file.startswith('b.parquet,,"Il ne peut pas être lu')


def download_labels(at: AppTest) -> list[str]:
    return [e.proto.label for e in at.get("download_button")]


@pytest.mark.parametrize("partial", [False, True], ids=["all or nothing", "partial"])
def test_invalid_rows_can_be_downloaded_whether_or_not_the_valid_ones_are_imported(
    example_workspace: Workspace, fresh_streamlit_caches: None, partial: bool
) -> None:
    at = open_data_page("fr")
    if partial:
        at.checkbox(key="data_partial").check().run()
    csv = GOOD_CSV + BAD_CSV.splitlines()[1] + "\n"
    upload_and_check(at, "mixed.csv", csv.encode())

    assert not at.exception
    assert download_labels(at) == ["Télécharger les lignes invalides (CSV)"]
    assert at.button(key="data_import").disabled is not partial


@pytest.mark.parametrize(
    ("source", "lang", "shown"),
    [
        ("canonical: new.csv", "en", ("Canonical events", "new.csv")),
        ("segment+braze: may", "fr", ("Segment + Braze Currents", "may")),
        ("braze: a: b.json", "en", ("Braze Currents", "a: b.json")),
        ("demo", "fr", ("Données de démonstration", "")),
        ("examples/events.csv", "en", ("examples/events.csv", "")),
        ("teleport: x.csv", "en", ("teleport: x.csv", "")),
    ],
)
def test_a_snapshots_source_reads_as_a_kind_of_source_and_its_files(
    source: str, lang: str, shown: tuple[str, str]
) -> None:
    assert _data.source_label(source, lang) == shown


def test_the_history_names_its_sources_and_its_time_zone(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    import_elsewhere(example_workspace)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["lang"] = "fr"
    at.query_params["tz"] = "Europe/Paris"
    at.run()
    at.switch_page("pages/data.py")
    at.run()

    history = table_with(at, "rows_added")
    assert history["source"].to_list()[0] == "Événements canoniques"
    assert history["files"].to_list()[0] == "more.csv"
    config = json.loads(
        next(e.proto.columns for e in at.dataframe if "rows_added" in e.value.columns)
    )
    assert config["created_at"]["label"] == "Date (Europe/Paris)"


def chip_sizes(at: AppTest) -> dict[str, str]:
    """The size a style shows beside each chosen file, by the file's name."""
    styles = "".join(e.proto.body for e in at.get("html"))
    found = re.findall(r'aria-label\^=("[^"]*")[^{]*::after\{content:("[^"]*")', styles)
    return {css_unescaped(n).removesuffix(", "): css_unescaped(z) for n, z in found}


@pytest.mark.parametrize(
    ("lang", "sizes"),
    [
        ("en", {"new.csv": "81\u00a0B", "big.csv": "1.2\u00a0MB"}),
        ("fr", {"new.csv": "81\u00a0o", "big.csv": "1,2\u00a0Mo"}),
    ],
)
def test_chosen_files_show_their_size_in_the_users_language(
    example_workspace: Workspace,
    fresh_streamlit_caches: None,
    lang: str,
    sizes: dict[str, str],
) -> None:
    at = open_data_page(lang)
    uploader = at.file_uploader(key="data_upload")
    uploader.upload("new.csv", b"x" * 81, "text/csv")
    uploader.upload("big.csv", b"x" * 1_258_291, "text/csv")
    at.run()

    assert not at.exception
    assert chip_sizes(at) == sizes


@pytest.mark.parametrize("value", HOSTILE)
def test_invalid_rows_read_in_full_as_text_in_a_table_that_wraps(
    example_workspace: Workspace, fresh_streamlit_caches: None, value: str
) -> None:
    row = f"{value},2026-03-05T08:00:00Z,c-new,,,u1,teleported,\n"
    at = open_data_page()
    at.file_uploader(key="data_upload").upload(
        "bad.csv", (HEADER + row).encode(), "text/csv"
    )
    at.run()
    at.button(key="data_check").click().run()

    assert not at.exception
    assert not any("reason" in e.value.columns for e in at.dataframe)
    [shown] = problems_shown(at) or []
    # The row as written, fields joined as in the file, the value among them.
    assert _csv.reader([shown["content"]]).__next__()[0] == value.strip()
    assert shown["reason"].startswith("Unknown event type “teleported”")
    assert list(at.table[0].value.columns) == ["File", "Row", "Problem", "Content"]


def test_only_the_first_invalid_rows_are_shown_and_the_rest_downloaded(
    example_workspace: Workspace, fresh_streamlit_caches: None
) -> None:
    rows = "".join(
        f"b{i},2026-03-05T08:00:00Z,c-new,,,u1,teleported,\n"
        for i in range(_data.PROBLEMS_SHOWN + 5)
    )
    at = open_data_page()
    at.file_uploader(key="data_upload").upload(
        "bad.csv", (HEADER + rows).encode(), "text/csv"
    )
    at.run()
    at.button(key="data_check").click().run()

    assert len(problems_shown(at) or []) == _data.PROBLEMS_SHOWN
    assert "The first 200 of 205 invalid rows are shown" in " ".join(
        c.value for c in at.caption
    )


def test_the_rejects_file_holds_each_rows_content_and_reasons_without_the_page_pointer(
    tmp_path: Path,
) -> None:
    from journeys.ingest import check_files

    (tmp_path / "bad.csv").write_text(BAD_CSV, encoding="utf-8")
    problems = check_files([tmp_path / "bad.csv"]).problems

    rows = list(
        _csv.DictReader(io.StringIO(_data.rejects_csv(problems).decode("utf-8-sig")))
    )

    assert rows[0]["Content"] == "b1,2026-03-05T08:00:00Z,c-new,,,u1,teleported,"
    assert rows[0]["Problem"] == (
        "Unknown event type “teleported”: use one of the canonical format's event "
        "types."
    )
