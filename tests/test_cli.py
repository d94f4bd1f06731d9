"""The command line works on the same workspace and obeys the same rules."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from journeys.cli import main
from journeys.workspace import Workspace

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "tests" / "fixtures" / "example"


@pytest.fixture
def workspace_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("JOURNEYS_DATA_DIR", str(data))
    monkeypatch.delenv("JOURNEYS_CATALOG_URL", raising=False)
    monkeypatch.setenv("JOURNEYS_AUTHOR", "cli-tester")
    return data


def test_importing_the_worked_example_then_exporting_march_gives_its_figures(
    workspace_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(EXAMPLES / "events.csv")]) == 0
    assert "events added: 46;" in capsys.readouterr().out
    target = tmp_path / "march.csv"
    code = main(
        ["export", "--from", "2026-03-01", "--to", "2026-03-31", "-o", str(target)]
    )
    assert code == 0
    rows = {
        r["UUID"]: r for r in csv.DictReader(io.StringIO(target.read_text("utf-8")))
    }
    # events name c1 and c2 only; the catalog learns them from the import
    assert set(rows) == {"c1", "c2"}
    assert rows["c1"]["Total reach"] == "5"
    assert rows["c1"]["Average CTR (%)"] == "47.22"
    assert rows["c2"]["Goals reached"] == "1"


def test_importing_the_same_file_twice_adds_nothing_the_second_time(
    workspace_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(EXAMPLES / "events.csv")]) == 0
    assert main(["import", str(EXAMPLES / "events.csv")]) == 0
    assert (
        "events added: 0; duplicates skipped: 46 already stored, 0 repeated in "
        "the files;" in capsys.readouterr().out
    )


def test_the_summary_tells_events_already_stored_from_repeats_in_the_files(
    workspace_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = "event_id,ts,campaign_id,message_id,channel,user_id,event_type,goal_id\n"
    first = tmp_path / "first.csv"
    first.write_text(header + "e1,2024-05-01T08:00:00Z,c1,,,u1,entered,\n")
    assert main(["import", str(first)]) == 0
    again = tmp_path / "again.csv"
    again.write_text(
        header
        + "e1,2024-05-01T08:00:00Z,c1,,,u1,entered,\n"
        + "e2,2024-05-01T09:00:00Z,c1,,,u2,entered,\n"
        + "e2,2024-05-01T09:00:00Z,c1,,,u2,entered,\n"
    )

    assert main(["import", str(again)]) == 0
    assert (
        "events added: 1; duplicates skipped: 1 already stored, 1 repeated in "
        "the files;" in capsys.readouterr().out
    )


def test_a_bad_file_imports_nothing_and_names_each_bad_row(
    workspace_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "event_id,ts,campaign_id,message_id,channel,user_id,event_type,goal_id\n"
        "x1,2026-03-01T08:00:00Z,c9,,,u1,entered,\n"
        "x2,not a time,c9,,,u1,entered,\n"
        "x3,2026-03-01T08:00:00Z,c9,,,u1,teleported,\n",
        encoding="utf-8",
    )
    assert main(["import", str(bad)]) == 2
    out = capsys.readouterr().out
    assert "row 3: ts is not an ISO 8601 timestamp" in out
    assert "row 4: unknown event type" in out
    assert Workspace.open().store.current_version() is None


def test_catalog_commands_follow_the_lifecycle_rules(
    workspace_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["category", "add", "Onboarding"]) == 0
    category_id = capsys.readouterr().out.strip()
    assert main(["campaign", "create", "Welcome", "--category", category_id]) == 0
    campaign_id = capsys.readouterr().out.strip()
    # a campaign without messages cannot launch
    assert main(["campaign", "launch", campaign_id]) == 2
    assert "at least one message" in capsys.readouterr().err
    assert main(["campaign", "create", "Welcome 2", "--message", "Hello:email"]) == 0
    second = capsys.readouterr().out.strip()
    assert main(["campaign", "launch", second]) == 0
    assert main(["campaign", "archive", second]) == 2  # active cannot be archived
    assert main(["campaign", "history", second]) == 0
    history = capsys.readouterr().out
    assert "launch" in history and "cli-tester" in history


def test_the_demo_command_fills_an_empty_folder_only(
    workspace_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--events", "3000"]) == 0
    assert main(["demo", "--events", "3000"]) == 2
    assert main(["info"]) == 0
    assert "campaigns: 40" in capsys.readouterr().out


def test_python_dash_m_journeys_runs_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "journeys", "--help"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "import" in result.stdout and "export" in result.stdout


def test_a_refused_import_ends_with_one_sentence_on_standard_error(
    workspace_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "event_id,ts,campaign_id,user_id,event_type\n"
        "x1,2026-03-01T08:00:00,c9,u1,entered\n",
        encoding="utf-8",
    )
    assert main(["import", str(bad)]) == 2
    captured = capsys.readouterr()

    assert "row 2: timestamp has no time zone" in captured.out
    assert captured.err == (
        "error: Nothing was imported because of the 1 invalid row above: fix "
        "the files, or add --allow-partial to import the valid rows only.\n"
    )
    assert main(["import", str(bad), "--assume-utc"]) == 0


def test_an_unreadable_file_is_named_as_a_file_not_as_row_zero(
    workspace_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "in" / "good.csv"
    good.parent.mkdir()
    good.write_text(
        "event_id,ts,campaign_id,user_id,event_type\n"
        "x1,2026-03-01T08:00:00Z,c9,u1,entered\n",
        encoding="utf-8",
    )
    broken = tmp_path / "in" / "broken.parquet"
    broken.write_bytes(b"PAR1" + b"\x00garbage" * 20)

    assert main(["import", str(good), str(broken)]) == 2
    captured = capsys.readouterr()

    assert "row 0" not in captured.out
    assert f"cannot read {broken}:" in captured.out
    assert "bad: 0" in captured.out
    assert "because of the 1 unreadable file above" in captured.err


def test_rejects_without_allow_partial_is_refused_before_reading(
    workspace_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["import", str(EXAMPLES / "events.csv"), "--rejects", "bad.csv"])

    assert code == 2
    assert capsys.readouterr().err.startswith("error: --rejects names where")
    assert Workspace.open().store.current_version() is None


def test_an_unforeseen_failure_is_one_sentence_unless_verbose(
    workspace_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("something no rule foresaw")

    monkeypatch.setattr("journeys.cli.import_paths", broken)
    assert main(["import", str(EXAMPLES / "events.csv")]) == 1
    assert capsys.readouterr().err == (
        "error: ValueError: something no rule foresaw (run again with -v for details)\n"
    )
    with pytest.raises(ValueError):
        main(["-v", "import", str(EXAMPLES / "events.csv")])


def test_output_cut_short_by_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    env = {**os.environ, "JOURNEYS_DATA_DIR": str(tmp_path / "data")}
    env.pop("JOURNEYS_CATALOG_URL", None)
    listing = subprocess.run(
        f"{sys.executable} -m journeys category list | head -0",
        shell=True,
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert listing.stderr == ""


def test_a_read_only_catalog_is_refused_in_one_sentence_with_status_2(
    workspace_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["category", "add", "Promo"]) == 0
    path = workspace_env / "catalog.sqlite"
    monkeypatch.setenv(
        "JOURNEYS_CATALOG_URL", f"sqlite:///file:{path}?mode=ro&uri=true"
    )
    capsys.readouterr()
    assert main(["category", "add", "Other"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: The catalog database is read-only")
    assert len(err.strip().splitlines()) == 1


def test_an_option_an_action_does_not_take_is_refused_not_ignored(
    workspace_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["campaign", "create", "Welcome", "--message", "Hello:email"]) == 0
    campaign_id = capsys.readouterr().out.strip()
    with pytest.raises(SystemExit) as refused:
        main(["campaign", "launch", campaign_id, "--to", "draft", "--title", "X"])
    assert refused.value.code == 2
    assert "unrecognized arguments: --to draft --title X" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:
        main(["campaign", "rename", campaign_id])
    assert refused.value.code == 2
    assert "required: --title" in capsys.readouterr().err
    workspace = Workspace.open()
    campaign = workspace.catalog.get(campaign_id)
    assert (campaign.status, campaign.title) == ("draft", "Welcome")


def test_a_name_that_begins_with_a_dash_goes_after_two_dashes_as_the_error_says(
    workspace_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["category", "add", "-Promo"])
    assert refused.value.code == 2
    assert "category add -- -Promo" in capsys.readouterr().err
    assert main(["category", "add", "--", "-Promo"]) == 0
    assert [c.name for c in Workspace.open().catalog.categories()] == [
        "Default",
        "-Promo",
    ]


def test_an_argument_that_is_not_utf8_is_refused_in_one_sentence(
    workspace_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # What Python makes of invalid UTF-8 in argv: lone surrogates.
    assert (
        main(["category", "add", b"Pro\xffmo".decode("utf-8", "surrogateescape")]) == 2
    )
    assert main(["campaign", "show", "\udcff"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "error: the name given is not valid UTF-8 text (check the terminal's "
        "encoding); nothing was done.",
        "error: the id given is not valid UTF-8 text (check the terminal's "
        "encoding); nothing was done.",
    ]
    assert [c.name for c in Workspace.open().catalog.categories()] == ["Default"]


def test_names_print_on_one_line_each_in_tab_separated_lists(
    workspace_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["category", "add", "Promo\tÉté\nNew"]) == 0
    assert main(["campaign", "create", "Line\tone\nline two"]) == 0
    capsys.readouterr()
    assert main(["category", "list"]) == 0
    assert main(["campaign", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.count("\t") for line in lines] == [2, 2, 4]
    assert lines[1].split("\t")[1] == "Promo Été New"
    assert lines[2].endswith("\tLine one line two")


def test_a_campaigns_history_reads_as_fields_changed_from_before_to_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JOURNEYS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JOURNEYS_AUTHOR", "ana")
    assert main(["campaign", "create", "Welcome", "--message", "Hi:email"]) == 0
    campaign_id = capsys.readouterr().out.strip()
    assert main(["campaign", "rename", campaign_id, "--title", "Hello"]) == 0
    assert main(["campaign", "history", campaign_id]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[1:] for line in lines] == [
        ["ana", "rename", "title: Welcome → Hello"],
        [
            "ana",
            "create",
            "title:  → Welcome; status:  → draft; category_id:  → default",
        ],
    ]


def test_a_file_whose_name_is_not_utf8_is_reported_by_a_readable_name(
    workspace_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rows = (
        "event_id,ts,campaign_id,user_id,event_type\n"
        "x1,2026-03-01T08:00:00Z,c9,u1,entered\n"
    )
    (folder / "good.csv").write_text(rows, encoding="utf-8")
    # How Python names a file whose name holds the Latin-1 byte of "é".
    odd = folder / os.fsdecode(b"caf\xe9.csv")
    odd.write_text(rows.replace("x1", "x2"), encoding="utf-8")

    assert main(["import", str(odd)]) == 2
    assert main(["import", "--allow-partial", str(folder)]) == 0
    out = capsys.readouterr().out

    out.encode("utf-8")  # what a UTF-8 terminal must be able to show
    assert f"cannot read {folder}/caf\ufffd.csv: the file name is not UTF-8" in out
    assert "events added: 1;" in out


def test_a_zip_of_event_files_is_imported(
    workspace_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "march.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(EXAMPLES / "events.csv", "export/events.csv")

    assert main(["import", str(bundle)]) == 0
    assert "events added: 46;" in capsys.readouterr().out


def test_with_allow_partial_an_unreadable_file_is_named_with_its_reason(
    workspace_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1" + b"\x00garbage" * 20)

    assert main(["import", "--allow-partial", str(broken)]) == 2
    captured = capsys.readouterr()

    assert f"cannot read {broken}: The file broken.parquet cannot be read" in (
        captured.out
    )
    assert captured.err == "error: No row of these files is valid: nothing to import.\n"
