"""End to end: parse, write a snapshot, extend the catalog, and read the figures."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from journeys import ingest
from journeys.config import load_settings
from journeys.errors import IngestError
from journeys.periods import Period
from journeys.workspace import Workspace

SAMPLES = Path(__file__).resolve().parent / "samples"
SEGMENT_FILE = SAMPLES / "segment" / "email_and_push.jsonl"
BRAZE_FOLDER = SAMPLES / "braze" / "currents"
MAY = Period(date(2024, 5, 1), date(2024, 5, 2), "UTC")
HEADER = "event_id,ts,campaign_id,message_id,channel,user_id,event_type,goal_id\n"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("JOURNEYS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("JOURNEYS_CATALOG_URL", raising=False)
    return Workspace.open(load_settings())


def run_import(
    workspace: Workspace, *paths: Path, **options: object
) -> ingest.ImportReport:
    return ingest.import_paths(
        list(paths),
        workspace.store,
        workspace.catalog,
        "tester",
        **options,  # type: ignore[arg-type]
    )


def by_id(frame: pl.DataFrame, column: str) -> dict[str, dict[str, object]]:
    return {row[column]: row for row in frame.iter_rows(named=True)}


def test_a_segment_file_and_a_braze_folder_give_the_hand_counted_figures(
    workspace: Workspace,
) -> None:
    segment = run_import(workspace, SEGMENT_FILE)
    braze = run_import(workspace, BRAZE_FOLDER)

    # Segment: 12 lines; identify, page, spam and an unknown event are ignored,
    # so 8 track calls give 8 events plus a synthesised send for each of the 2
    # deliveries (Email Delivered, Push Notification Received).
    assert (segment.rows_read, segment.rows_added, segment.problems) == (12, 10, [])
    # Braze: 8 records, the custom event is ignored.
    assert (braze.rows_read, braze.rows_added, braze.campaigns_added) == (8, 7, 2)
    analytics = workspace.analytics()
    campaigns = by_id(analytics.campaign_list(MAY), "id")
    assert {cid: row["title"] for cid, row in campaigns.items()} == {
        "c-welcome": "Welcome",
        "c-promo": "Spring promo",
        "cv-1": "Onboarding",
        "cp-9": "May newsletter",
    }
    # Onboarding: entered by u1 and braze-u2 (no external id), u1 sent an email;
    # one conversion; u1 exited on 2 May, so 2 - 1 users remain. The email had
    # one send and no click (0 %); the push step had an open but no send, so it
    # is left out of the average CTR; pooled: 1 interaction (the push open) / 1 send.
    onboarding = campaigns["cv-1"]
    assert onboarding["total_reach"] == 2
    assert onboarding["entries"] == 2
    assert onboarding["users_in_journey"] == 1
    assert onboarding["goals_reached"] == 1
    assert onboarding["avg_ctr_pct"] == 0.0
    assert onboarding["pooled_ctr_pct"] == 100.0
    # Segment email: the delivery also counts as the send, so 1 send, 1 open,
    # 1 click: open rate and CTR are 1 / 1 = 100 %.
    messages = by_id(analytics.message_stats(None, MAY), "message_id")
    hello = messages["e-hello"]
    assert hello["message_name"] == "Hello"
    assert (hello["sends"], hello["deliveries"], hello["opens"], hello["clicks"]) == (
        1,
        1,
        1,
        1,
    )
    assert (hello["unsubscribes"], hello["bounces"]) == (1, 1)
    assert hello["ctr_pct"] == 100.0
    # Segment push: the receipt is the send, the tap is the interaction.
    push = messages["c-promo:push"]
    assert (push["sends"], push["opens"], push["clicks"], push["ctr_pct"]) == (
        1,
        1,
        1,
        100.0,
    )
    assert campaigns["c-welcome"]["total_reach"] == 1
    assert messages["mv-9"]["sends"] == 1 and messages["mv-9"]["ctr_pct"] == 0.0
    freshness = analytics.freshness()
    assert (freshness["events"], freshness["campaigns"]) == (17, 4)
    assert any("deliveries as sends" in note for note in segment.notes)


def test_the_same_event_in_two_files_is_counted_once(
    workspace: Workspace, tmp_path: Path
) -> None:
    first = tmp_path / "in" / "a.csv"
    first.parent.mkdir()
    first.write_text(
        HEADER
        + "e1,2024-05-01T08:00:00Z,c1,m1,email,u1,sent,\n"
        + "e2,2024-05-01T08:01:00Z,c1,m1,email,u1,clicked,\n",
        encoding="utf-8",
    )
    second = tmp_path / "in" / "b.csv"
    second.write_text(
        HEADER
        + "e2,2024-05-01T08:01:00Z,c1,m1,email,u1,clicked,\n"
        + "e3,2024-05-01T09:00:00Z,c1,m1,email,u2,sent,\n",
        encoding="utf-8",
    )

    report = run_import(workspace, first.parent)

    assert (report.rows_added, report.duplicates) == (3, 1)
    stats = by_id(workspace.analytics().message_stats("c1", MAY), "message_id")
    # 2 sends (u1, u2) and the one click: 1 / 2 = 50 %.
    assert (stats["m1"]["sends"], stats["m1"]["clicks"]) == (2, 1)
    assert stats["m1"]["ctr_pct"] == 50.0


def test_importing_the_same_file_twice_adds_nothing_the_second_time(
    workspace: Workspace,
) -> None:
    run_import(workspace, SEGMENT_FILE)
    again = run_import(workspace, SEGMENT_FILE)

    assert (again.rows_added, again.duplicates, again.campaigns_added) == (0, 10, 0)
    assert workspace.store.read_all().height == 10
    # No empty snapshot: the history still ends with the first import.
    assert [h.version for h in workspace.store.history()] == [0]
    assert (again.imported, again.version) == (True, None)


def test_a_bad_canonical_file_imports_nothing_and_names_each_problem(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "events.csv").write_text(
        HEADER
        + "e1,2024-05-01T08:00:00Z,c1,m1,email,u1,sent,\n"
        + "e2,yesterday,c1,m1,email,u1,sent,\n"
        + "e3,2024-05-01T08:00:00Z,c1,m1,email,u1,teleported,\n"
        + ",2024-05-01T08:00:00Z,c1,m1,email,u1,sent,\n",
        encoding="utf-8",
    )
    good = pl.DataFrame(
        {"event_id": ["p1"] * 500, "ts": ["2024-05-01T08:00:00Z"] * 500}
    )
    good = good.with_columns(event_type=pl.lit("entered"), campaign_id=pl.lit("c1"))
    whole = tmp_path / "whole.parquet"
    good.with_columns(user_id=pl.lit("u1")).write_parquet(whole)
    data = whole.read_bytes()
    (folder / "truncated.parquet").write_bytes(data[: len(data) // 2])

    report = run_import(workspace, folder)

    assert not report.imported
    assert workspace.store.current_version() is None
    found = {(Path(p.file).name, p.row, p.key) for p in report.problems}
    assert found == {
        ("events.csv", 3, "import.row.bad_ts"),
        ("events.csv", 4, "import.row.unknown_event_type"),
        ("events.csv", 5, "import.row.missing_event_id"),
        ("truncated.parquet", 0, "import.unreadable"),
    }
    with pytest.raises(IngestError) as refused:
        ingest.write_report(report, workspace.store, workspace.catalog, "tester")
    assert refused.value.key == "import.has_bad_rows"


def test_allow_partial_imports_the_valid_rows_and_writes_the_rejects(
    workspace: Workspace, tmp_path: Path
) -> None:
    source = tmp_path / "events.csv"
    source.write_text(
        HEADER
        + "e1,2024-05-01T08:00:00Z,c1,,,u1,entered,\n"
        + "e2,2024-05-01T08:00:00Z,c1,,,,entered,\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"

    report = run_import(workspace, source, allow_partial=True, rejects_path=rejects)

    assert (report.rows_added, len(report.problems)) == (1, 1)
    assert workspace.store.history()[0].rows_rejected == 1
    assert pl.read_csv(rejects)["row"].to_list() == [3]


def test_the_rejects_file_cannot_run_as_spreadsheet_formulas(
    workspace: Workspace, tmp_path: Path
) -> None:
    source = tmp_path / "events.csv"
    source.write_text(
        HEADER
        + "e1,2024-05-01T08:00:00Z,c1,,,u1,entered,\n"
        + "=HYPERLINK(1),not a time,c1,,,u1,entered,\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"

    run_import(workspace, source, allow_partial=True, rejects_path=rejects)

    assert pl.read_csv(rejects)["content"].to_list() == [
        "'=HYPERLINK(1),not a time,c1,,,u1,entered,"
    ]


KILLED_IMPORT = """
import os, sys
from pathlib import Path
import journeys.store as store
from journeys.workspace import Workspace
from journeys import ingest

def crash_after_files(*args, **kwargs):
    # Write a Parquet file of the new rows but no commit, then die at once.
    import pyarrow.parquet as pq
    target = Path(args[0]) / "event_date=2024-06-01"
    target.mkdir(parents=True, exist_ok=True)
    pq.write_table(args[1], target / "orphan.parquet")
    sys.stdout.write("writing\\n")
    sys.stdout.flush()
    os.kill(os.getpid(), 9)

store.write_deltalake = crash_after_files
ws = Workspace.open()
ingest.import_paths([Path(sys.argv[1])], ws.store, ws.catalog, "killed")
"""


def test_a_process_killed_mid_import_leaves_the_previous_snapshot_whole(
    workspace: Workspace, tmp_path: Path
) -> None:
    run_import(workspace, SEGMENT_FILE)
    before = workspace.store.read_all()
    newer = tmp_path / "newer.csv"
    newer.write_text(
        HEADER
        + "".join(f"n{i},2024-06-01T08:00:00Z,c9,,,u{i},entered,\n" for i in range(50)),
        encoding="utf-8",
    )
    script = tmp_path / "killed.py"
    script.write_text(textwrap.dedent(KILLED_IMPORT), encoding="utf-8")

    done = subprocess.run(
        [sys.executable, str(script), str(newer)],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == -signal.SIGKILL, done.stderr
    assert "writing" in done.stdout
    assert workspace.store.current_version() == 0
    after = workspace.store.read_all()
    assert after.height == before.height == 10
    assert sorted(after["event_id"].to_list()) == sorted(before["event_id"].to_list())
    retry = run_import(workspace, newer)
    assert (retry.version, retry.rows_added) == (1, 50)
    assert workspace.store.read_all().height == 60


def test_a_folder_with_a_file_of_unknown_format_reports_it_and_writes_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "notes.json").write_text(json.dumps({"hello": "world"}) + "\n")

    report = run_import(workspace, folder)

    assert [(Path(p.file).name, p.key) for p in report.problems] == [
        ("notes.json", "import.row.unknown_format")
    ]
    assert workspace.store.current_version() is None


def test_a_journey_event_that_names_a_message_or_channel_is_a_bad_row(
    workspace: Workspace, tmp_path: Path
) -> None:
    events = tmp_path / "entries.csv"
    events.write_text(
        HEADER
        + "a1,2024-05-01T08:00:00Z,k1,,,u1,entered,\n"
        + "a2,2024-05-01T08:00:00Z,k1,p1,push,u2,entered,\n"
        + "a3,2024-05-01T09:00:00Z,k1,,email,u2,exited,\n"
        + "a4,2024-05-01T09:00:00Z,k1,p1,,u2,goal_reached,g1\n"
        + "a5,2024-05-01T09:00:00Z,k1,p1,push,u2,sent,\n",
        encoding="utf-8",
    )
    report = run_import(workspace, events, allow_partial=True)

    assert [(p.row, p.key, p.detail) for p in report.problems] == [
        (3, "import.row.journey_event_with_message", "entered"),
        (4, "import.row.journey_event_with_message", "exited"),
        (5, "import.row.journey_event_with_message", "goal_reached"),
    ]
    assert report.problems[0].reason == (
        "entered is a journey-level event: it takes no message_id and no channel"
    )
    assert sorted(workspace.store.read_all()["event_id"]) == ["a1", "a5"]


def test_new_messages_take_their_journey_place_from_their_first_event(
    workspace: Workspace, tmp_path: Path
) -> None:
    events = tmp_path / "order.csv"
    events.write_text(
        HEADER
        + "b1,2024-05-01T12:00:00Z,k2,w1,whatsapp,u1,sent,\n"
        + "b2,2024-05-01T08:00:00Z,k2,p1,push,u1,sent,\n"
        + "b3,2024-05-01T10:00:00Z,k2,e1,email,u1,sent,\n"
        + "b4,2024-05-01T13:00:00Z,k2,p1,push,u1,opened,\n",
        encoding="utf-8",
    )
    run_import(workspace, events)

    stats = workspace.analytics().message_stats("k2", MAY)
    assert stats["message_id"].to_list() == ["p1", "e1", "w1"]
    assert stats["position"].to_list() == [1, 2, 3]


def test_names_from_a_source_become_one_clean_line_within_the_catalog_limits(
    workspace: Workspace, tmp_path: Path
) -> None:
    events = tmp_path / "names.csv"
    events.write_text(
        HEADER.rstrip("\n")
        + ",campaign_name,message_name\n"
        + 'n1,2024-05-01T08:00:00Z,k1,p1,push,u1,sent,,"Spring\x00 sale\n2024  ",'
        + f"{'Ü' * 450}\n"
        + f"n2,2024-05-01T08:00:00Z,k2,,,u1,entered,,{'é' * 150},\n",
        encoding="utf-8",
    )
    run_import(workspace, events)

    titles = dict(workspace.catalog.campaigns_frame().select("id", "title").rows())
    assert titles["k1"] == "Spring sale 2024"
    assert titles["k2"] == "é" * 99 + "…"
    (message,) = workspace.catalog.get("k1").messages
    assert message.name == "Ü" * 399 + "…"


def test_a_rejected_row_names_nothing_in_the_catalog(
    workspace: Workspace, tmp_path: Path
) -> None:
    events = tmp_path / "events.csv"
    events.write_text(
        HEADER.rstrip("\n")
        + ",campaign_name\n"
        + "r1,2024-05-01T08:00:00Z,k1,,,u1,entered,,Kept\n"
        + "r2,2024-05-01T08:00:00Z,k2,,,u1,entered,,Also kept\n"
        + "r2,2024-05-02T08:00:00Z,k3,,,u1,entered,,Conflicting\n",
        encoding="utf-8",
    )
    report = run_import(workspace, events, allow_partial=True)

    assert (report.rows_added, len(report.problems)) == (2, 1)
    assert sorted(workspace.catalog.campaigns_frame()["id"]) == ["k1", "k2"]


def test_a_crash_between_the_catalog_and_the_snapshot_loses_no_name(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(workspace.store, "append", crash)
        with pytest.raises(OSError):
            run_import(workspace, SEGMENT_FILE)

    # The catalog was written first and the store not at all: both read whole.
    assert workspace.store.current_version() is None
    assert workspace.catalog.get("c-welcome").title == "Welcome"
    retry = run_import(workspace, SEGMENT_FILE)
    assert (retry.version, retry.rows_added, retry.campaigns_added) == (0, 10, 0)
    assert workspace.analytics().unknown_to_catalog().is_empty()


def test_a_failed_catalog_write_leaves_the_store_as_it_was(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(workspace.catalog, "ensure_known", refuse)
    with pytest.raises(RuntimeError):
        run_import(workspace, SEGMENT_FILE)

    assert workspace.store.current_version() is None


def test_an_empty_file_is_skipped_with_a_note(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.csv").write_bytes(b"")
    (folder / "events.csv").write_text(
        HEADER + "e1,2024-05-01T08:00:00Z,c1,,,u1,entered,\n", encoding="utf-8"
    )
    report = run_import(workspace, folder)

    assert (report.problems, report.rows_added) == ([], 1)
    assert ingest.EMPTY_FILES_NOTE.format(names="empty.csv") in report.notes


@pytest.mark.parametrize(
    ("name", "text", "key"),
    [
        ("header.csv", HEADER, "import.no_events"),
        ("empty.jsonl", "", "import.no_events"),
        ("blank.csv", " \n\r\n", "import.no_events"),
        (
            "people.jsonl",
            '{"type": "identify", "userId": "u1"}\n',
            "import.only_ignored",
        ),
    ],
    ids=["a-header-alone", "an-empty-file", "white-space-only", "only-unused-calls"],
)
def test_files_without_events_to_import_say_why(
    workspace: Workspace, tmp_path: Path, name: str, text: str, key: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = ingest.check_files([path])

    assert report.problems == []
    with pytest.raises(IngestError) as refused:
        ingest.write_report(report, workspace.store, workspace.catalog, "tester")
    assert refused.value.key == key
    assert workspace.store.current_version() is None


def test_one_event_id_in_two_formats_with_other_content_is_reported(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_text(
        HEADER + "m-1,2024-05-01T08:00:00Z,c1,,,u1,entered,\n", encoding="utf-8"
    )
    (folder / "b.jsonl").write_text(
        SEGMENT_FILE.read_text(encoding="utf-8"), encoding="utf-8"
    )
    report = run_import(workspace, folder)

    # b.jsonl's line 2 is an Email Delivered whose messageId is m-1.
    assert not report.imported
    assert [(Path(p.file).name, p.row, p.key) for p in report.problems] == [
        ("b.jsonl", 2, "import.row.conflicting_duplicate")
    ]


@pytest.mark.parametrize("cut", [4, 100, -10], ids=["magic-only", "head", "no-footer"])
def test_a_truncated_parquet_file_is_reported_without_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, cut: int
) -> None:
    whole = tmp_path / "whole.parquet"
    pl.DataFrame(
        {"event_id": ["p1"], "ts": ["2024-05-01T08:00:00Z"], "event_type": ["entered"]}
    ).write_parquet(whole)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(whole.read_bytes()[:cut])

    report = ingest.check_files([broken])

    assert [(p.row, p.key) for p in report.problems] == [(0, "import.unreadable")]
    assert "broken.parquet cannot be read" in report.problems[0].reason
    assert not [r for r in caplog.records if r.exc_info]


def test_a_message_seen_earlier_in_the_import_on_another_channel_is_a_bad_row(
    workspace: Workspace, tmp_path: Path
) -> None:
    events = tmp_path / "events.csv"
    events.write_text(
        HEADER
        + "s1,2024-05-01T08:00:00Z,c1,m1,email,u1,sent,\n"
        + "s2,2024-05-01T09:00:00Z,c1,m1,push,u1,opened,\n"
        + "s3,2024-05-01T09:00:00Z,c2,m1,push,u1,sent,\n",
        encoding="utf-8",
    )
    report = run_import(workspace, events)

    # m1 of c2 is another message: only the push event of c1's email is refused.
    assert not report.imported
    assert [(p.row, p.key, p.reason) for p in report.problems] == [
        (
            3,
            "import.row.channel_mismatch",
            "message m1 is email but this event says push",
        )
    ]


def test_a_message_the_catalog_knows_on_another_channel_is_a_bad_row(
    workspace: Workspace, tmp_path: Path
) -> None:
    first = tmp_path / "first.csv"
    first.write_text(
        HEADER + "s1,2024-05-01T08:00:00Z,c1,m1,email,u1,sent,\n", encoding="utf-8"
    )
    run_import(workspace, first)
    second = tmp_path / "second.csv"
    second.write_text(
        HEADER
        + "s2,2024-05-01T09:00:00Z,c1,m1,sms,u1,sent,\n"
        + "s3,2024-05-01T09:00:00Z,c1,m1,email,u1,opened,\n",
        encoding="utf-8",
    )
    report = run_import(workspace, second, allow_partial=True)

    assert [(p.row, p.reason) for p in report.problems] == [
        (2, "message m1 is email but this event says sms")
    ]
    assert report.rows_added == 1
    assert workspace.store.read_all()["channel"].to_list() == ["email", "email"]


def zip_of(path: Path, members: dict[str, str]) -> Path:
    """A .zip at `path` holding each text; a name ending in / is a folder."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def test_a_zip_of_files_is_read_and_problems_name_the_member(
    workspace: Workspace, tmp_path: Path
) -> None:
    bundle = zip_of(
        tmp_path / "export.zip",
        {
            "events.csv": HEADER + "z1,2024-05-01T08:00:00Z,c1,,,u1,entered,\n",
            "more/": "",
            "more/late.csv": HEADER + "z2,later,c1,,,u1,entered,\n",
            "notes.txt": "not an import file",
        },
    )
    report = run_import(workspace, bundle, allow_partial=True)

    assert report.rows_added == 1
    assert [(p.file, p.row, p.detail) for p in report.problems] == [
        (f"{bundle}/more/late.csv", 2, "later")
    ]
    assert report.files == [f"{bundle}/events.csv", f"{bundle}/more/late.csv"]


@pytest.mark.parametrize(
    ("member", "key"),
    [("../escape.csv", "import.zip_unsafe"), ("/etc/x.csv", "import.zip_unsafe")],
    ids=["parent-folder", "absolute"],
)
def test_a_zip_with_a_member_that_could_escape_is_refused(
    workspace: Workspace, tmp_path: Path, member: str, key: str
) -> None:
    bundle = zip_of(tmp_path / "export.zip", {member: HEADER})

    with pytest.raises(IngestError) as refused:
        run_import(workspace, bundle)

    assert refused.value.key == key
    assert not (tmp_path / "escape.csv").exists()


@pytest.mark.parametrize("kind", [stat.S_IFLNK, stat.S_IFIFO], ids=["link", "fifo"])
def test_a_zip_with_a_link_or_special_file_is_refused(
    workspace: Workspace, tmp_path: Path, kind: int
) -> None:
    bundle = tmp_path / "export.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        member = zipfile.ZipInfo("events.csv")
        member.external_attr = (kind | 0o644) << 16
        archive.writestr(member, "/etc/passwd")

    with pytest.raises(IngestError) as refused:
        run_import(workspace, bundle)

    assert refused.value.key == "import.zip_unsafe"


def test_problems_are_listed_by_file_then_row(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    entry = '{"event_id": "%s", "ts": "2024-05-01T08:00:00Z", "campaign_id": "c1", '
    (folder / "a.jsonl").write_text(
        entry % "j1"
        + '"event_type": "entered"}\n'  # 1: no user
        + '{"event_id": \n'  # 2: not JSON
        + entry % "j3"
        + '"user_id": "u1", "event_type": "entered"}\n',
        encoding="utf-8",
    )
    (folder / "b.csv").write_text(
        HEADER
        + "j3,2024-05-01T09:00:00Z,c1,,,u1,entered,\n"  # read first: a.jsonl's j3 differs
        + "b3,2024-05-01T09:00:00Z,c1,,,,entered,\n",  # 3: no user
        encoding="utf-8",
    )

    report = ingest.check_files([folder / "b.csv", folder / "a.jsonl"])

    assert [(Path(p.file).name, p.row) for p in report.problems] == [
        ("a.jsonl", 1),
        ("a.jsonl", 2),
        ("a.jsonl", 3),
        ("b.csv", 3),
    ]
