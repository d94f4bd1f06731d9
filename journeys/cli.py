"""The command line: `python -m journeys <command>`.

Every command works on the workspace the app uses (JOURNEYS_DATA_DIR and
JOURNEYS_CATALOG_URL), obeys the same catalog rules, and prints plain text.
Refusals print one sentence on standard error and exit with status 2.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn

from tqdm import tqdm

from journeys import i18n
from journeys.catalog import ACTIONS_BY_STATUS, GoalSpec, MessageSpec
from journeys.errors import JourneysError
from journeys.export import DIALECTS, CsvFormat, campaign_stats_csv, export_file_name
from journeys.ingest import ImportReport, import_paths
from journeys.metrics import ListFilters
from journeys.periods import DEFAULT_TZ, PRESETS, Period, preset_period
from journeys.schema import CHANNELS, ENTRY_TYPES, STATUSES
from journeys.workspace import Workspace, demo_size

logger = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, Workspace], int]
CAMPAIGN_ACTIONS = sorted(
    {a for actions in ACTIONS_BY_STATUS.values() for a in actions}
)


def _out(text: str = "") -> None:
    print(text)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"not a date (YYYY-MM-DD): {text!r}"
        ) from error


def _period(args: argparse.Namespace) -> Period:
    if args.start or args.end:
        start = args.start or args.end
        end = args.end or args.start
        return Period(start, end, args.tz)
    return preset_period(args.period, args.tz)


# -- data ------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace, workspace: Workspace) -> int:
    if not workspace.is_empty():
        _out(
            f"{workspace.settings.data_dir} already holds data; demo data goes into an empty folder."
        )
        return 2
    workspace.load_demo(args.events, seed=args.seed)
    _out(f"Demo data written to {workspace.settings.data_dir}.")
    return 0


def _refuse(sentence: str) -> int:
    """A refusal: one sentence on standard error, status 2."""
    print(f"error: {sentence}", file=sys.stderr)
    return 2


def cmd_import(args: argparse.Namespace, workspace: Workspace) -> int:
    if args.rejects and not args.allow_partial:
        return _refuse(
            "--rejects names where the rows left out by --allow-partial go; "
            "add --allow-partial, or leave --rejects out."
        )
    # Drawn only on a terminal: a log or a pipe gets the report alone.
    bar = tqdm(
        total=100,
        bar_format="{desc}: {percentage:3.0f}% |{bar}| {elapsed}",
        desc="import",
        file=sys.stderr,
        leave=False,
        disable=None if sys.stderr.isatty() else True,
    )

    def progress(stage: str, fraction: float) -> None:
        bar.set_description(stage)
        bar.update(max(0, int(fraction * 100) - bar.n))

    def show(report: ImportReport) -> None:
        # Printed before writing, so a write refused (nothing valid) still
        # follows the files and rows that explain it.
        bar.clear()
        _show_report(report, args.show)

    try:
        report = import_paths(
            [Path(p) for p in args.paths],
            workspace.store,
            workspace.catalog,
            workspace.settings.author,
            allow_partial=args.allow_partial,
            rejects_path=Path(args.rejects) if args.rejects else None,
            assume_utc=args.assume_utc,
            fmt=args.format,
            progress=progress,
            on_checked=show,
        )
    finally:
        bar.close()
    unreadable = [p for p in report.problems if p.whole_file]
    bad_rows = [p for p in report.problems if not p.whole_file]
    if not report.imported:
        what = " and ".join(
            part
            for part in (
                _plural(len(unreadable), "unreadable file"),
                _plural(len(bad_rows), "invalid row"),
            )
            if part
        )
        return _refuse(
            f"Nothing was imported because of the {what} above: fix the "
            "files, or add --allow-partial to import the valid rows only."
        )
    # Every event already stored: no snapshot was written, so none is named.
    head = (
        "nothing new, no snapshot written"
        if report.version is None
        else f"snapshot {report.version}"
    )
    _out(
        f"{head}: events added: {report.rows_added}; duplicates skipped: "
        f"{report.duplicates - report.repeated} already stored, "
        f"{report.repeated} repeated in the files; added to the catalog: campaigns: "
        f"{report.campaigns_added}, messages: {report.messages_added}"
    )
    if report.rejects_file:
        _out(f"rejected rows written to {report.rejects_file}")
    return 0


def _show_report(report: ImportReport, show: int) -> None:
    """What a check found: every unreadable file with its reason, the first
    `show` bad rows, and the notes."""
    _out(
        f"format: {', '.join(report.formats) or 'not recognised'}; "
        f"files: {len(report.files)}"
    )
    unreadable = [p for p in report.problems if p.whole_file]
    bad_rows = [p for p in report.problems if not p.whole_file]
    _out(
        f"rows read: {report.rows_read}; valid: {report.rows_valid}; bad: {len(bad_rows)}"
    )
    for problem in unreadable:
        _out(f"  cannot read {problem.file}: {problem.reason}")
    for problem in bad_rows[:show]:
        _out(f"  {problem.file}, row {problem.row}: {problem.reason}")
    if len(bad_rows) > show:
        _out(f"  … and {len(bad_rows) - show} more")
    for note in report.notes:
        _out(f"note: {note}")


def _plural(count: int, noun: str) -> str:
    """`count` `noun`s in English, or "" for none."""
    if not count:
        return ""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def cmd_info(args: argparse.Namespace, workspace: Workspace) -> int:
    analytics = workspace.analytics()
    snapshot = analytics.snapshot
    _out(f"data folder: {workspace.settings.data_dir}")
    _out(
        f"catalog: {workspace.settings.catalog_url} (schema v{workspace.catalog.schema_version()})"
    )
    campaigns = workspace.catalog.campaigns_frame()
    _out(
        f"campaigns: {campaigns.height}; categories: {len(workspace.catalog.categories())}"
    )
    if snapshot is None:
        _out("events: none yet")
        return 0
    fresh = analytics.freshness()
    _out(
        f"snapshot: v{snapshot.version} of {snapshot.created_at:%Y-%m-%d %H:%M} UTC, {len(snapshot.files)} files"
    )
    _out(f"events: {fresh['events']} over {fresh['campaigns']} campaigns")
    _out(
        f"first event: {_utc(fresh['first_event_at'])}; "
        f"last event: {_utc(fresh['last_event_at'])}"
    )
    return 0


def _utc(moment: datetime | None) -> str:
    return (
        "none" if moment is None else f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"
    )


def _change_text(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """One change as "field: before → after", fields in the order recorded."""
    before, after = before or {}, after or {}
    fields = list(dict.fromkeys([*before, *after]))
    return "; ".join(
        f"{name}: {before.get(name, '')} → {after.get(name, '')}" for name in fields
    )


def cmd_history(args: argparse.Namespace, workspace: Workspace) -> int:
    _out("version\twhen (UTC)\tauthor\tadded\trejected\tduplicates\tsource")
    for s in workspace.store.history():
        _out(
            f"{s.version}\t{s.created_at:%Y-%m-%d %H:%M:%S}\t{s.author}\t{s.rows_added}"
            f"\t{s.rows_rejected}\t{s.duplicates}\t{s.source}"
        )
    return 0


def cmd_export(args: argparse.Namespace, workspace: Workspace) -> int:
    period = _period(args)
    filters = ListFilters(
        search=args.search,
        status=args.status,
        category_id=args.category,
        entry_type=args.type,
    )
    rows = workspace.analytics().export_rows(period, filters)
    data = campaign_stats_csv(rows, CsvFormat(args.dialect, args.lang), period.tz)
    target = Path(args.output) if args.output else Path(export_file_name(period))
    if str(target) == "-":
        sys.stdout.buffer.write(data)
    else:
        target.write_bytes(data)
        _out(
            f"{rows.height} campaigns, {period.start} to {period.end} ({period.tz}) → {target}"
        )
    return 0


def cmd_bench(args: argparse.Namespace, workspace: Workspace) -> int:
    from journeys.bench import run_benchmark

    run_benchmark(events=args.events, runs=args.runs, report=_out)
    return 0


# -- catalog ------------------------------------------------------------------------


class NameParser(argparse.ArgumentParser):
    """The parser of a command that takes a name or title: one that begins
    with "-" reads as an option unless it follows "--", so say that when the
    name goes missing."""

    def __init__(self, *args: Any, name_hint: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.name_hint = name_hint

    def error(self, message: str) -> NoReturn:
        if self.name_hint and message.startswith("the following arguments"):
            message += (
                f"; a {self.name_hint} that begins with “-” goes after “--”, "
                f"as in: {self.prog} -- -Promo"
            )
        super().error(message)


def _refuse_broken_text(args: argparse.Namespace) -> None:
    """Text that was not valid UTF-8 reaches Python with lone surrogates:
    refuse it in one sentence rather than fail on it later."""
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        if any(
            isinstance(v, str) and any("\ud800" <= c <= "\udfff" for c in v)
            for v in values
        ):
            raise argparse.ArgumentTypeError(
                f"the {name} given is not valid UTF-8 text (check the terminal's "
                "encoding); nothing was done."
            )


def cmd_category(args: argparse.Namespace, workspace: Workspace) -> int:
    _refuse_broken_text(args)
    catalog, actor = workspace.catalog, workspace.settings.author
    if args.category_command == "list":
        for c in catalog.categories():
            _out(
                f"{c.id}\t{c.name}\t{c.campaign_count} campaigns{' (default)' if c.is_default else ''}"
            )
    elif args.category_command == "add":
        _out(catalog.add_category(args.name, actor))
    elif args.category_command == "rename":
        catalog.rename_category(args.id, args.name, actor)
    elif args.category_command == "delete":
        moved = catalog.delete_category(args.id, actor)
        _out(f"deleted; {moved} campaigns moved to Default")
    return 0


def cmd_campaign(args: argparse.Namespace, workspace: Workspace) -> int:
    _refuse_broken_text(args)
    catalog, actor = workspace.catalog, workspace.settings.author
    command = args.campaign_command
    if command == "list":
        frame = catalog.campaigns_frame().sort("title")
        for row in frame.iter_rows(named=True):
            _out(
                f"{row['id']}\t{row['status']}\t{row['entry_type']}\t{row['category_name']}\t{row['title']}"
            )
    elif command == "show":
        campaign = catalog.get(args.id)
        _out(
            f"{campaign.title} [{campaign.status}, {campaign.entry_type}, {campaign.category_name}]"
        )
        _out(
            f"last modified {campaign.modified_at:%Y-%m-%d %H:%M} UTC by {campaign.modified_by}"
        )
        for m in campaign.messages:
            _out(f"  message {m.id}: {m.name} ({m.channel})")
        for g in campaign.goals:
            _out(f"  goal {g.id}: {g.name}")
        _out(f"allowed actions: {', '.join(campaign.actions)}")
    elif command == "create":
        messages = [MessageSpec(*_message_arg(text)) for text in args.message or []]
        new_id = catalog.create_campaign(
            args.title,
            args.type,
            actor,
            category_id=args.category,
            messages=messages,
            goals=[GoalSpec(name) for name in args.goal or []],
        )
        _out(new_id)
    elif command == "history":
        for change in catalog.history(args.id):
            _out(
                f"{change.at:%Y-%m-%d %H:%M:%S}\t{change.author}\t{change.action}"
                f"\t{_change_text(change.before, change.after)}"
            )
    elif command == "set-category":
        catalog.set_category(args.id, args.category, actor)
    elif command == "clone":
        _out(catalog.clone(args.id, actor, title=args.title))
    else:
        title, restore_to = getattr(args, "title", None), getattr(args, "to", None)
        catalog.apply(args.id, command, actor, title=title, restore_to=restore_to)
    return 0


def _message_arg(text: str) -> tuple[str, str]:
    name, _, channel = text.rpartition(":")
    if not name or channel not in CHANNELS:
        raise argparse.ArgumentTypeError(
            f"a message is NAME:CHANNEL with a channel among {', '.join(CHANNELS)}"
        )
    return name, channel


# -- parser ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m journeys", description=__doc__.splitlines()[0]
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="fill an empty data folder with demo data")
    demo.add_argument(
        "--events", type=int, default=demo_size(), help="about how many events"
    )
    demo.add_argument("--seed", type=int, default=7)
    demo.set_defaults(handler=cmd_demo)

    imp = commands.add_parser("import", help="import event files or folders")
    imp.add_argument(
        "paths",
        nargs="+",
        help="files, folders or .zip files (CSV, Parquet, JSON Lines, Segment, Braze)",
    )
    imp.add_argument(
        "--format", choices=("canonical", "segment", "braze"), help="skip detection"
    )
    imp.add_argument(
        "--allow-partial",
        action="store_true",
        help="import the valid rows even when some are bad",
    )
    imp.add_argument(
        "--rejects", help="with --allow-partial: write the bad rows to this CSV file"
    )
    imp.add_argument(
        "--assume-utc",
        action="store_true",
        help="read timestamps without a zone as UTC",
    )
    imp.add_argument("--show", type=int, default=20, help="how many problems to list")
    imp.set_defaults(handler=cmd_import)

    commands.add_parser("info", help="what the store holds").set_defaults(
        handler=cmd_info
    )
    commands.add_parser("history", help="the snapshot history").set_defaults(
        handler=cmd_history
    )

    export = commands.add_parser("export", help="write the campaign statistics CSV")
    export.add_argument(
        "--period",
        choices=[p for p in PRESETS if p not in ("custom", "launch")],
        default="30d",
    )
    export.add_argument(
        "--from", dest="start", type=_date, help="first day (YYYY-MM-DD)"
    )
    export.add_argument("--to", dest="end", type=_date, help="last day (YYYY-MM-DD)")
    export.add_argument(
        "--tz", default=DEFAULT_TZ, help="reporting time zone, e.g. Europe/Paris"
    )
    export.add_argument("--dialect", choices=DIALECTS, default="standard")
    export.add_argument(
        "--lang", choices=i18n.LANGS, default="en", help="language of the excel dialect"
    )
    export.add_argument("--status", choices=STATUSES)
    export.add_argument("--category", help="category id")
    export.add_argument("--type", choices=ENTRY_TYPES)
    export.add_argument("--search", help="text the campaign names contain")
    export.add_argument(
        "-o",
        "--output",
        help="file to write ('-' for standard output); by default a file named "
        "after the period in the current folder",
    )
    export.set_defaults(handler=cmd_export)

    bench = commands.add_parser(
        "bench", help="time the main queries on a large demo set"
    )
    bench.add_argument("--events", type=int, default=10_000_000)
    bench.add_argument("--runs", type=int, default=7)
    bench.set_defaults(handler=cmd_bench)

    category = commands.add_parser(
        "category", help="list, add, rename or delete categories"
    )
    cat = category.add_subparsers(
        dest="category_command", required=True, parser_class=NameParser
    )
    cat.add_parser("list")
    name_help = "the name; one that begins with “-” goes after “--”"
    add = cat.add_parser("add", name_hint="name")
    add.add_argument("name", help=name_help)
    rename = cat.add_parser("rename", name_hint="name")
    rename.add_argument("id")
    rename.add_argument("name", help=name_help)
    delete = cat.add_parser("delete")
    delete.add_argument("id")
    category.set_defaults(handler=cmd_category)

    campaign = commands.add_parser(
        "campaign", help="create campaigns and change their status"
    )
    camp = campaign.add_subparsers(
        dest="campaign_command", required=True, parser_class=NameParser
    )
    camp.add_parser("list")
    for name in ("show", "history"):
        camp.add_parser(name).add_argument("id")
    create = camp.add_parser("create", name_hint="title")
    create.add_argument(
        "title", help="the title; one that begins with “-” goes after “--”"
    )
    create.add_argument("--type", choices=ENTRY_TYPES, default="trigger")
    create.add_argument("--category", default="default", help="category id")
    create.add_argument("--message", action="append", help="NAME:CHANNEL, repeatable")
    create.add_argument("--goal", action="append", help="goal name, repeatable")
    set_category = camp.add_parser("set-category")
    set_category.add_argument("id")
    set_category.add_argument("category", help="category id")
    # Each action takes only the options it uses, so one given by mistake is
    # refused rather than ignored.
    for action in CAMPAIGN_ACTIONS:
        sub = camp.add_parser(action)
        sub.add_argument("id")
        if action == "rename":
            sub.add_argument("--title", required=True, help="the new title")
        elif action == "clone":
            sub.add_argument(
                "--title", help="the copy's title (default: the title + “ (copy)”)"
            )
        elif action == "restore":
            sub.add_argument(
                "--to",
                choices=("draft", "inactive"),
                help="the status it should go back to; refused unless it is the "
                "one it was archived from (the default)",
            )
    campaign.set_defaults(handler=cmd_campaign)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        workspace = Workspace.open()
        handler: Handler = args.handler
        status = handler(args, workspace)
        sys.stdout.flush()  # inside the try: a closed pipe shows here, not at exit
        return status
    except JourneysError as error:
        return _refuse(i18n.error_text(error, "en"))
    except argparse.ArgumentTypeError as error:
        return _refuse(str(error))
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, as other tools do;
        # standard output points at /dev/null so the flush at exit cannot fail.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        if args.verbose:
            raise
        logger.debug("unexpected failure", exc_info=True)
        print(
            f"error: {type(error).__name__}: {error} (run again with -v for details)",
            file=sys.stderr,
        )
        return 1
