"""The campaign catalog: SQLAlchemy Core over SQLite (or PostgreSQL), with its rules.

Every rule of DESIGN.md sections 3 and 5 that concerns campaigns and categories
lives here, so the pages, the command line and any later API obey the same
ones. Writes run in one transaction each; on SQLite a write transaction starts
with BEGIN IMMEDIATE, so two writers queue instead of losing an update. On
PostgreSQL the same statements take row locks: a campaign being changed FOR
UPDATE, the category a campaign goes into FOR KEY SHARE, a category being
deleted FOR UPDATE; schema creation and category changes take advisory locks.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import sqlite3
import unicodedata
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from journeys import i18n
from journeys.errors import CatalogError
from journeys.schema import CHANNELS, ENTRY_TYPES, STATUSES

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
WRITE_FLAG = "journeys_write"
DEFAULT_CATEGORY_ID = "default"
MAX_CUSTOM_CATEGORIES = 10
CATEGORY_NAME_MAX = 20
TITLE_MAX = 100
# How long a SQLite writer waits for another one before giving up, in seconds.
BUSY_TIMEOUT_S = 30.0
# PostgreSQL advisory lock keys (arbitrary constants): schema creation and
# upgrades run one replica at a time, and so do category additions, renames
# and deletions.
MIGRATION_LOCK = 0x4A4F55524E455901
CATEGORY_LOCK = 0x4A4F55524E455902

# The widest ids the catalog stores (column widths PostgreSQL enforces; an
# importer should refuse longer ones before they reach the catalog).
CAMPAIGN_ID_MAX = 64
MESSAGE_ID_MAX = 200
# Message and goal names: the width of their columns.
MESSAGE_NAME_MAX = 400
GOAL_NAME_MAX = 400
# Who made a change, as recorded (the width of the author columns).
AUTHOR_MAX = 200

# Unicode's White_Space: every run of it in a name, line breaks and tabs
# included, is one space.
WHITE_SPACE = re.compile(
    "[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
)
# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): drawn as
# nothing. Names lose them, except where they shape their neighbours (see
# _shapes), and are compared without any of them.
DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# Direction overrides, embeddings and isolates reorder what follows them, so a
# name could show as another ("\u202eomorP" shows as "Promo"): refused.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Blank however it is drawn, though not white space or ignorable.
BLANKS = frozenset("\u2800")
ZWNJ, ZWJ = "\u200c", "\u200d"

# The actions each status allows (DESIGN.md section 5), "view" aside.
ACTIONS_BY_STATUS: dict[str, tuple[str, ...]] = {
    "draft": ("launch", "rename", "clone", "archive"),
    "active": ("pause", "deactivate", "rename", "clone"),
    "paused": ("resume", "deactivate", "rename", "clone"),
    "inactive": ("rename", "clone", "archive"),
    "archived": ("clone", "restore"),
}
# Where each status-changing action leads. Restore goes back to where the
# campaign was archived from (see restore_target).
TRANSITIONS: dict[str, str] = {
    "launch": "active",
    "pause": "paused",
    "resume": "active",
    "deactivate": "inactive",
    "archive": "archived",
}
RESTORE_TARGETS: tuple[str, ...] = ("draft", "inactive")


# Schema upgrades: MIGRATIONS[n] takes a catalog from version n to n + 1.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


def seeded_path(status: str, launched: bool) -> list[tuple[str, str, str]]:
    """The actions (action, status before, status after) that take a new draft
    to `status`, as ACTIONS_BY_STATUS allows them: a seeded campaign's history.
    An archived campaign that was launched went through inactive (archive needs
    a draft or an inactive campaign), so a restore takes it back there."""
    launch = ("launch", "draft", "active")
    deactivate = ("deactivate", "active", "inactive")
    return {
        "draft": [],
        "active": [launch],
        "paused": [launch, ("pause", "active", "paused")],
        "inactive": [launch, deactivate],
        "archived": (
            [launch, deactivate, ("archive", "inactive", "archived")]
            if launched
            else [("archive", "draft", "archived")]
        ),
    }[status]


def restore_target(launched_at: datetime | None, archived_from: str | None) -> str:
    """Where an archived campaign goes back to: where it was archived from
    (only drafts and inactive campaigns can be archived). Without that record
    (a campaign imported or seeded as archived), one that was ever launched
    returns to inactive, since deactivation is permanent, and one never
    launched to draft."""
    if archived_from in RESTORE_TARGETS:
        return archived_from
    return "inactive" if launched_at is not None else "draft"


# Why an action is refused, one sentence per action (the statuses that allow it
# follow from ACTIONS_BY_STATUS). Each is also the i18n key
# "campaign.refused.<action>", so the pages can say it in the user's language.
REFUSALS: dict[str, str] = {
    "launch": "Only a draft can be launched; this campaign is {status}.",
    "pause": "Only an active campaign can be paused; this one is {status}.",
    "resume": "Only a paused campaign can be resumed; this one is {status}.",
    "deactivate": "Only an active or paused campaign can be deactivated; "
    "this one is {status}.",
    "archive": "Only a draft or an inactive campaign can be archived; "
    "this one is {status}.",
    "restore": "Only an archived campaign can be restored; this one is {status}.",
    "rename": "An archived campaign cannot be renamed; restore it first.",
}
ACTIONS: tuple[str, ...] = (
    "launch",
    "pause",
    "resume",
    "deactivate",
    "archive",
    "restore",
    "rename",
    "clone",
)

metadata = sa.MetaData()

schema_info = sa.Table(
    "schema_info",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)

category = sa.Table(
    "category",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(CATEGORY_NAME_MAX), nullable=False),
    # The name folded for comparison; unique so that two writers cannot both
    # add "Promo" and "PROMO", whatever the application checked before.
    sa.Column("name_key", sa.String(CATEGORY_NAME_MAX * 4), nullable=False),
    sa.Column("is_default", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("name_key", name="uq_category_name_key"),
    # length() counts characters (code points) in SQLite and PostgreSQL alike,
    # the same count as name_length() on names stored in NFC.
    sa.CheckConstraint(
        f"length(name) between 1 and {CATEGORY_NAME_MAX}", name="ck_category_name"
    ),
)

campaign = sa.Table(
    "campaign",
    metadata,
    sa.Column("id", sa.String(CAMPAIGN_ID_MAX), primary_key=True),
    sa.Column("title", sa.String(TITLE_MAX * 4), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("entry_type", sa.String(16), nullable=False),
    sa.Column(
        "category_id",
        sa.String(64),
        sa.ForeignKey("category.id"),
        nullable=False,
    ),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(AUTHOR_MAX), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.String(AUTHOR_MAX), nullable=False),
    sa.Column("launched_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("source", sa.String(32), nullable=False, default="local"),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    sa.CheckConstraint(
        "status in ('draft', 'active', 'paused', 'inactive', 'archived')",
        name="ck_campaign_status",
    ),
    sa.CheckConstraint(
        "entry_type in ('trigger', 'audience', 'mixed')", name="ck_campaign_entry"
    ),
    sa.CheckConstraint(
        f"length(title) between 1 and {TITLE_MAX}", name="ck_campaign_title"
    ),
)
sa.Index("ix_campaign_category", campaign.c.category_id)

message = sa.Table(
    "message",
    metadata,
    sa.Column(
        "campaign_id",
        sa.String(CAMPAIGN_ID_MAX),
        sa.ForeignKey("campaign.id"),
        primary_key=True,
    ),
    sa.Column("id", sa.String(MESSAGE_ID_MAX), primary_key=True),
    sa.Column("name", sa.String(MESSAGE_NAME_MAX), nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.CheckConstraint(
        "channel in ('push', 'email', 'sms', 'whatsapp', 'inapp')",
        name="ck_message_channel",
    ),
)

goal = sa.Table(
    "goal",
    metadata,
    sa.Column(
        "campaign_id",
        sa.String(CAMPAIGN_ID_MAX),
        sa.ForeignKey("campaign.id"),
        primary_key=True,
    ),
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("name", sa.String(GOAL_NAME_MAX), nullable=False),
)

change_log = sa.Table(
    "change_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("author", sa.String(AUTHOR_MAX), nullable=False),
    sa.Column("entity", sa.String(16), nullable=False),
    sa.Column("entity_id", sa.String(64), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("before", sa.Text, nullable=True),
    sa.Column("after", sa.Text, nullable=True),
)
sa.Index(
    "ix_change_log_entity", change_log.c.entity, change_log.c.entity_id, change_log.c.id
)


def now_utc() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def name_length(name: str) -> int:
    """Characters as the catalog counts them: Unicode code points after NFC.

    A letter with its accents is one character whether typed precomposed or
    not; so is an emoji made of one code point. An emoji built of several (a
    flag, a skin tone, a family joined by zero-width joiners) counts each of
    them, as the database's own length() does, so the check constraints and
    this count always agree. The Categories page counts with `typed_length` as
    the person types, so the widget and the server never disagree.
    """
    return len(unicodedata.normalize("NFC", name))


def fold_name(name: str) -> str:
    """The key two category names are compared on: without default-ignorable
    characters (so "P\u200bromo" is "Promo"), spaces folded, NFC, case folded,
    NFC again (folding can leave a decomposed sequence behind)."""
    bare = WHITE_SPACE.sub(" ", DEFAULT_IGNORABLE.sub("", name)).strip()
    folded = unicodedata.normalize("NFC", bare).casefold()
    return unicodedata.normalize("NFC", folded)


def _is_emoji(char: str | None) -> bool:
    return char is not None and unicodedata.category(char) == "So"


def _ends_emoji(char: str | None) -> bool:
    """An emoji, its skin tone, or the selector that makes it one."""
    return (
        _is_emoji(char)
        or char == "\ufe0f"
        or ("\U0001f3fb" <= (char or "") <= "\U0001f3ff")
    )


def _joining_letter(char: str | None) -> bool:
    """A letter or mark of the scripts from Hebrew on, where the zero-width
    joiner and non-joiner decide how letters connect (Arabic, Indic...)."""
    return (
        char is not None
        and ord(char) >= 0x0590
        and unicodedata.category(char)[0] in "LM"
    )


def _shapes(char: str, before: str | None, after: str | None) -> bool:
    """Whether a default-ignorable `char` between `before` (what the name
    keeps so far) and `after` changes what is drawn, so it stays: a joiner
    inside an emoji sequence (👩‍💻) or between letters of a joining script, a
    variation selector after a visible character (❤️), emoji tags after a
    black flag (🏴 of Scotland), Mongolian variation selectors after a
    Mongolian letter."""
    if char == ZWJ and _ends_emoji(before) and _is_emoji(after):
        return True
    if char in (ZWJ, ZWNJ):
        return _joining_letter(before) and _joining_letter(after)
    if "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef":
        return before is not None and _visible_char(before)
    if "\U000e0020" <= char <= "\U000e007f":
        return before is not None and (
            before == "\U0001f3f4" or "\U000e0020" <= before <= "\U000e007e"
        )
    if char in "\u180b\u180c\u180d\u180f":
        return before is not None and "\u1820" <= before <= "\u18aa"
    return False


def _visible_char(char: str) -> bool:
    """A letter, digit, punctuation mark or symbol that is drawn as something."""
    return (
        unicodedata.category(char)[0] in "LNPS"
        and char not in BLANKS
        and not DEFAULT_IGNORABLE.match(char)
    )


def _forbidden(name: str) -> str | None:
    """The first character a name may never hold, as U+XXXX: a control
    character (white space aside), half of a broken surrogate pair (text that
    was not valid UTF-8), or a text-direction override."""
    for char in name:
        control = unicodedata.category(char) in ("Cc", "Cs")
        if char in BIDI_CONTROLS or (control and not WHITE_SPACE.fullmatch(char)):
            return f"U+{ord(char):04X}"
    return None


def _visible(name: str) -> str:
    """The name as it is kept: NFC, without default-ignorable characters
    except where they shape their neighbours (_shapes), every run of white
    space one space, no space at either end."""
    name = unicodedata.normalize("NFC", name)
    kept: list[str] = []
    for index, char in enumerate(name):
        if DEFAULT_IGNORABLE.match(char):
            before = kept[-1] if kept else None
            after = name[index + 1] if index + 1 < len(name) else None
            if not _shapes(char, before, after):
                continue
        kept.append(char)
    return WHITE_SPACE.sub(" ", "".join(kept)).strip()


def typed_length(raw: str) -> int:
    """The length the catalog will check for what a person typed: counted
    (name_length) after the same cleaning `clean_category_name` applies."""
    return name_length(_visible(raw))


# The refusals _clean_name may raise, by the kind of name (keys built from
# these, so they are listed for the test that checks every key has a text).
NAME_KINDS: dict[str, tuple[str, str, int]] = {
    "category": ("category.name", "A category name", CATEGORY_NAME_MAX),
    "campaign": ("campaign.title", "A campaign title", TITLE_MAX),
    "message": ("message.name", "The name of message {position}", MESSAGE_NAME_MAX),
    "goal": ("goal.name", "The name of goal {position}", GOAL_NAME_MAX),
}
NAME_REFUSAL_KEYS: tuple[str, ...] = tuple(
    f"{prefix}_{problem}"
    for prefix, _, _ in NAME_KINDS.values()
    for problem in ("empty", "too_long", "bad_char")
)


def _clean_name(raw: str, kind: str, **where: Any) -> str:
    """A name as the catalog keeps it (see _visible), or a refusal: it holds a
    forbidden character (_forbidden), nothing visible, or more than its kind's
    limit of characters (see name_length)."""
    prefix, subject, limit = NAME_KINDS[kind]
    subject = subject.format(**where)
    bad = _forbidden(raw or "")
    if bad is not None:
        raise CatalogError(
            f"{prefix}_bad_char",
            f"{subject} cannot contain the invisible character {{char}} (a control "
            "character, a text-direction override or a broken character).",
            char=bad,
            **where,
        )
    name = _visible(raw or "")
    if not any(_visible_char(c) for c in name):
        raise CatalogError(
            f"{prefix}_empty", f"{subject} needs a visible character.", **where
        )
    if name_length(name) > limit:
        raise CatalogError(
            f"{prefix}_too_long",
            f"{subject} has at most {{max}} characters; this one has {{count}}.",
            max=limit,
            count=name_length(name),
            **where,
        )
    return name


def clean_category_name(raw: str) -> str:
    return _clean_name(raw, "category")


def clean_title(raw: str) -> str:
    return _clean_name(raw, "campaign")


def repair_name(raw: str, limit: int, fallback: str) -> str:
    """A name from elsewhere (an import, an older catalog) made to follow the
    rule instead of refused: forbidden characters dropped, cleaned as
    _visible, shortened to `limit` characters; `fallback` (an id) when
    nothing visible is left."""
    for candidate in (raw or "", fallback or ""):
        bare = "".join(c for c in candidate if _forbidden(c) is None)
        name = _visible(_visible(bare)[:limit])
        if any(_visible_char(c) for c in name):
            return name
    return "?"


def clean_author(raw: str) -> str:
    """Who made a change, as the change log records it: one line without
    control characters, at most AUTHOR_MAX characters ("unknown" if empty)."""
    return repair_name(raw, AUTHOR_MAX, "unknown")


@dataclass(frozen=True)
class MessageSpec:
    name: str
    channel: str
    id: str | None = None


@dataclass(frozen=True)
class GoalSpec:
    name: str
    id: str | None = None


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    is_default: bool
    campaign_count: int = 0


@dataclass(frozen=True)
class Change:
    at: datetime
    author: str
    entity: str
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class Campaign:
    id: str
    title: str
    status: str
    entry_type: str
    category_id: str
    category_name: str
    category_is_default: bool
    created_at: datetime
    created_by: str
    launched_at: datetime | None
    modified_at: datetime
    modified_by: str
    version: int
    messages: tuple[MessageSpec, ...] = field(default_factory=tuple)
    goals: tuple[GoalSpec, ...] = field(default_factory=tuple)
    # Where Restore would take it (meaningful while archived).
    restore_to: str = "draft"

    @property
    def actions(self) -> tuple[str, ...]:
        return ACTIONS_BY_STATUS[self.status]


def _sqlite_immediate(engine: Engine) -> None:
    """Make every SQLite transaction BEGIN IMMEDIATE, with WAL and foreign keys."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("pragma journal_mode=wal")
        cursor.execute("pragma foreign_keys=on")
        cursor.execute(f"pragma busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front, so two of them queue instead
        # of failing on a lock upgrade; readers never wait for writers (WAL).
        conn.exec_driver_sql(
            "begin immediate" if conn.info.get(WRITE_FLAG) else "begin"
        )


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _advisory_lock(conn: Connection, key: int) -> None:
    """Hold PostgreSQL advisory lock `key` until the transaction ends (a no-op
    on SQLite, whose BEGIN IMMEDIATE already serialises every writer)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))


# SQLite's primary result codes (the low byte of an extended one) and
# PostgreSQL's SQLSTATE classes that mean trouble with the database itself.
SQLITE_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
SQLITE_DAMAGE_CODES = {
    sqlite3.SQLITE_CORRUPT,
    sqlite3.SQLITE_NOTADB,
    sqlite3.SQLITE_IOERR,
}
PG_BUSY_STATES = ("40001", "40P01", "55P03")  # serialization, deadlock, lock
PG_UNREACHABLE_STATES = ("08", "28", "3D000", "57P")  # connection, auth, no db


def _read_only(detail: str) -> CatalogError:
    return CatalogError(
        "catalog.read_only",
        "The catalog database is read-only ({detail}), so nothing was "
        "changed; make it writable (for SQLite, the file and its folder) or "
        "set JOURNEYS_CATALOG_URL to a writable one.",
        detail=detail,
    )


def _unwritable(database: str | None) -> bool:
    """Whether a SQLite catalog file, or the folder it is or would be in, is
    on a read-only filesystem or may not be written by this process."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return False
    path = Path(database).absolute()
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        read_only_fs = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False
    return (
        read_only_fs
        or not os.access(folder, os.W_OK)
        or (path.exists() and not os.access(path, os.W_OK))
    )


def database_trouble(error: sa.exc.DBAPIError) -> CatalogError | None:
    """One sentence for a catalog database that is busy, read-only,
    unreachable or damaged; None for any other error (a bug: it raises as
    it is, never reported as a damaged database)."""
    orig = error.orig
    detail = _first_line(orig) if orig is not None else ""
    sqlite_code = getattr(orig, "sqlite_errorcode", None)
    sqlstate = getattr(orig, "sqlstate", None)
    primary = sqlite_code & 0xFF if isinstance(sqlite_code, int) else None
    if primary in SQLITE_BUSY_CODES or (sqlstate or "").startswith(PG_BUSY_STATES):
        logger.warning("catalog busy: %s", detail)
        return CatalogError(
            "catalog.busy",
            "The catalog is busy with another change; nothing was done. "
            "Try again in a moment.",
        )
    if primary == sqlite3.SQLITE_READONLY or sqlstate == "25006":
        return _read_only(detail)
    # A driver that could not connect at all reports no SQLSTATE.
    lost = isinstance(error, sa.exc.OperationalError) or error.connection_invalidated
    if (
        primary == sqlite3.SQLITE_CANTOPEN
        or (sqlstate or "").startswith(PG_UNREACHABLE_STATES)
        or (primary is None and sqlstate is None and lost)
    ):
        return CatalogError(
            "catalog.unreachable",
            "The catalog database cannot be opened ({detail}); check "
            "JOURNEYS_CATALOG_URL, and that its server is running or its "
            "folder exists.",
            detail=detail,
        )
    if primary in SQLITE_DAMAGE_CODES:
        return CatalogError(
            "catalog.unreadable",
            "The catalog database cannot be read ({detail}); check "
            "JOURNEYS_CATALOG_URL or restore the file from a backup.",
            detail=detail,
        )
    return None


@cache
def reserved_name_keys() -> frozenset[str]:
    """What the Default category is called in every language, folded: no
    custom category may look like it in any of them ("Défaut" in French)."""
    labels = {"Default", *(i18n.t("category.default", lang) for lang in i18n.LANGS)}
    return frozenset(fold_name(label) for label in labels)


def _category_gone() -> CatalogError:
    return CatalogError(
        "category.not_found", "That category no longer exists; reload the page."
    )


def _violated(error: sa.exc.IntegrityError) -> tuple[str, str]:
    """Which kind of constraint an insert or update broke ("foreign_key",
    "unique", "check", "not_null" or "other") and what the database says
    of it (PostgreSQL's constraint name, SQLite's message)."""
    orig = error.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate is not None:
        diag = getattr(orig, "diag", None)
        name = getattr(diag, "constraint_name", None) or ""
        kinds = {"23503": "foreign_key", "23505": "unique", "23514": "check"}
        return kinds.get(sqlstate, "not_null" if sqlstate == "23502" else "other"), name
    code = str(getattr(orig, "sqlite_errorname", ""))
    kinds = {
        "SQLITE_CONSTRAINT_FOREIGNKEY": "foreign_key",
        "SQLITE_CONSTRAINT_UNIQUE": "unique",
        "SQLITE_CONSTRAINT_PRIMARYKEY": "unique",
        "SQLITE_CONSTRAINT_CHECK": "check",
        "SQLITE_CONSTRAINT_NOTNULL": "not_null",
    }
    return kinds.get(code, "other"), _first_line(orig) if orig is not None else ""


@contextmanager
def _category_must_exist() -> Iterator[None]:
    """A campaign put into a category that vanished anyway is refused as
    category.not_found, not with the database's foreign-key error."""
    try:
        yield
    except sa.exc.IntegrityError as error:
        if _violated(error)[0] != "foreign_key":
            raise
        raise _category_gone() from error


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, default=str, ensure_ascii=False)


# Who the change log says repaired what an upgrade changed.
UPGRADE_AUTHOR = "catalog upgrade"


def _free_name(name: str, taken: set[str]) -> str:
    """`name`, or `name 2`, `name 3`... shortened to fit, whichever no other
    category has (keys in `taken`)."""
    candidate, number = name, 1
    while fold_name(candidate) in taken:
        number += 1
        suffix = f" {number}"
        candidate = _visible(name[: CATEGORY_NAME_MAX - len(suffix)]) + suffix
    return candidate


def _names_follow_the_rule(conn: Connection) -> None:
    """Version 1 to 2: names stored before the naming rule of version 2
    (control characters and direction overrides refused, default-ignorable
    characters dropped, white space folded, Default's name in every language
    reserved) are repaired as an import would repair them (repair_name); a
    category whose repaired name is taken gets a number. Category keys are
    recomputed. Each repair is in the change log."""
    at = now_utc()

    def log(entity: str, entity_id: str, action: str, before: Any, after: Any) -> None:
        conn.execute(
            change_log.insert().values(
                at=at,
                author=UPGRADE_AUTHOR,
                entity=entity,
                entity_id=entity_id,
                action=action,
                before=_json(before),
                after=_json(after),
            )
        )

    rows = conn.execute(
        sa.select(category.c.id, category.c.name)
        .where(~category.c.is_default)
        .order_by(category.c.created_at, category.c.id)
    ).all()
    # Free every key first: repaired names may take each other's keys.
    conn.execute(
        category.update()
        .where(~category.c.is_default)
        .values(name_key=sa.literal("~") + category.c.id)
    )
    # Names that need no repair keep theirs; repaired ones yield to them.
    repaired = {r.id: repair_name(r.name, CATEGORY_NAME_MAX, "Category") for r in rows}
    taken = set(reserved_name_keys())
    for row in sorted(rows, key=lambda r: repaired[r.id] != r.name):
        name = _free_name(repaired[row.id], taken)
        taken.add(fold_name(name))
        conn.execute(
            category.update()
            .where(category.c.id == row.id)
            .values(name=name, name_key=fold_name(name))
        )
        if name != row.name:
            log("category", row.id, "rename", {"name": row.name}, {"name": name})
    for row in conn.execute(sa.select(campaign.c.id, campaign.c.title)).all():
        title = repair_name(row.title, TITLE_MAX, row.id)
        if title != row.title:
            conn.execute(
                campaign.update().where(campaign.c.id == row.id).values(title=title)
            )
            log("campaign", row.id, "rename", {"title": row.title}, {"title": title})
    for table, noun, limit in (
        (message, "message", MESSAGE_NAME_MAX),
        (goal, "goal", GOAL_NAME_MAX),
    ):
        for item in conn.execute(
            sa.select(table.c.campaign_id, table.c.id, table.c.name)
        ).all():
            name = repair_name(item.name, limit, item.id)
            if name != item.name:
                conn.execute(
                    table.update()
                    .where(
                        table.c.campaign_id == item.campaign_id, table.c.id == item.id
                    )
                    .values(name=name)
                )
                log(
                    "campaign",
                    item.campaign_id,
                    "edit",
                    {noun: item.name},
                    {noun: name},
                )


MIGRATIONS[1] = _names_follow_the_rule


class Catalog:
    """The campaigns, their messages and goals, the categories and the change log."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Catalog:
        """The catalog at a SQLAlchemy URL, its schema created or upgraded.

        A plain postgresql:// URL uses the psycopg driver. A database that
        cannot be reached, read or written is refused in one sentence
        (see database_trouble); anything else is a bug and raises as it is.
        """
        try:
            parsed = sa.make_url(url)
            if parsed.drivername == "postgresql":
                parsed = parsed.set(drivername="postgresql+psycopg")
            if parsed.get_backend_name() == "sqlite":
                database = parsed.database
                if database and database != ":memory:" and "uri" not in parsed.query:
                    Path(database).parent.mkdir(parents=True, exist_ok=True)
                engine = sa.create_engine(
                    parsed, connect_args={"timeout": BUSY_TIMEOUT_S}
                )
                _sqlite_immediate(engine)
            else:
                engine = sa.create_engine(parsed, pool_pre_ping=True)
        except (sa.exc.ArgumentError, ImportError) as error:
            raise CatalogError(
                "catalog.bad_url",
                "JOURNEYS_CATALOG_URL is not a database this installation can use "
                "({detail}); use sqlite:///path/to/catalog.sqlite or "
                "postgresql://user:password@host/database.",
                detail=_first_line(error),
            ) from error
        except OSError as error:  # its folder could not be made
            if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise _read_only(_first_line(error)) from error
            raise CatalogError(
                "catalog.unreachable",
                "The catalog database cannot be opened ({detail}); check "
                "JOURNEYS_CATALOG_URL, and that its server is running or its "
                "folder exists.",
                detail=_first_line(error),
            ) from error
        catalog = cls(engine)
        catalog.migrate()
        return catalog

    # -- schema ------------------------------------------------------------------

    def _schema_is_current(self) -> bool:
        """True when nothing needs creating: checked without the write lock,
        so opening the catalog never queues behind a writer."""
        with self._read() as conn:
            if not sa.inspect(conn).has_table(schema_info.name):
                return False
            found = conn.execute(sa.select(schema_info.c.version)).scalar()
            has_default = conn.execute(
                sa.select(category.c.id).where(category.c.is_default)
            ).first()
            return found == SCHEMA_VERSION and has_default is not None

    def migrate(self) -> None:
        """Create the schema on first start, upgrade an older one step by step
        (MIGRATIONS), and record its version."""
        if self._schema_is_current():
            return
        with self._write() as conn:
            # Replicas starting at once on an empty PostgreSQL database: one
            # creates the schema, the others wait here, then find it (the
            # checks below run again after the lock). SQLite's BEGIN IMMEDIATE
            # already serialises this.
            _advisory_lock(conn, MIGRATION_LOCK)
            metadata.create_all(conn)
            found = conn.execute(sa.select(schema_info.c.version)).scalar()
            if found is None:
                conn.execute(schema_info.insert().values(id=1, version=SCHEMA_VERSION))
                logger.info("catalog schema created at version %s", SCHEMA_VERSION)
            elif found > SCHEMA_VERSION:
                raise CatalogError(
                    "catalog.too_new",
                    "The catalog was written by a newer version ({found}); "
                    "upgrade the application.",
                    found=found,
                )
            elif found < SCHEMA_VERSION:
                for version in range(found, SCHEMA_VERSION):
                    if version not in MIGRATIONS:
                        raise CatalogError(
                            "catalog.no_migration",
                            "The catalog's schema version {found} cannot be "
                            "upgraded to {current}; nothing was changed.",
                            found=found,
                            current=SCHEMA_VERSION,
                        )
                    MIGRATIONS[version](conn)
                conn.execute(schema_info.update().values(version=SCHEMA_VERSION))
                logger.info("catalog schema upgraded from %s", found)
            has_default = conn.execute(
                sa.select(category.c.id).where(category.c.is_default)
            ).first()
            if has_default is None:
                conn.execute(
                    category.insert().values(
                        id=DEFAULT_CATEGORY_ID,
                        name="Default",
                        name_key=fold_name("Default"),
                        is_default=True,
                        created_at=now_utc(),
                    )
                )

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(conn.execute(sa.select(schema_info.c.version)).scalar_one())

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite).

        A writer that waited out SQLite's busy timeout, or found the database
        read-only, unreachable or damaged, gets one sentence (database_trouble)
        instead of the driver's error.
        """
        try:
            with self.engine.connect() as conn:
                conn.info[WRITE_FLAG] = True
                try:
                    with conn.begin():
                        yield conn
                finally:
                    conn.info.pop(WRITE_FLAG, None)
        except sa.exc.DBAPIError as error:
            trouble = self._trouble(error)
            if trouble is None:
                raise
            raise trouble from error

    def _trouble(self, error: sa.exc.DBAPIError) -> CatalogError | None:
        """database_trouble, knowing the file: SQLite says it cannot open a
        catalog it cannot write (it makes files beside it), so one on a
        read-only filesystem or in a folder the app may not write is called
        read-only."""
        trouble = database_trouble(error)
        if (
            trouble is not None
            and trouble.key == "catalog.unreachable"
            and self.engine.dialect.name == "sqlite"
            and _unwritable(self.engine.url.database)
        ):
            return _read_only(str(trouble.params.get("detail", "")))
        return trouble

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection for reading; database trouble as in `_write`."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except sa.exc.DBAPIError as error:
            trouble = self._trouble(error)
            if trouble is None:
                raise
            raise trouble from error

    def _log(
        self,
        conn: Connection,
        *,
        at: datetime,
        author: str,
        entity: str,
        entity_id: str,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        conn.execute(
            change_log.insert().values(
                at=at,
                author=author,
                entity=entity,
                entity_id=entity_id,
                action=action,
                before=_json(before),
                after=_json(after),
            )
        )

    # -- categories ----------------------------------------------------------------

    def categories(self) -> list[Category]:
        counts = (
            sa.select(campaign.c.category_id, sa.func.count().label("n"))
            .group_by(campaign.c.category_id)
            .subquery()
        )
        query = (
            sa.select(
                category.c.id,
                category.c.name,
                category.c.is_default,
                sa.func.coalesce(counts.c.n, 0),
            )
            .select_from(
                category.outerjoin(counts, counts.c.category_id == category.c.id)
            )
            .order_by(category.c.is_default.desc(), category.c.name_key)
        )
        with self._read() as conn:
            return [
                Category(
                    id=r[0], name=r[1], is_default=bool(r[2]), campaign_count=int(r[3])
                )
                for r in conn.execute(query)
            ]

    def _lock_categories(self, conn: Connection) -> None:
        """Serialise category additions, renames and deletions (an advisory
        lock on PostgreSQL, so moves into Default never wait for them; SQLite's
        BEGIN IMMEDIATE already serialises every writer)."""
        _advisory_lock(conn, CATEGORY_LOCK)

    def _check_name_free(
        self, conn: Connection, name: str, except_id: str | None
    ) -> None:
        if fold_name(name) in reserved_name_keys():
            raise CatalogError(
                "category.name_reserved",
                "“{name}” is the name of the Default category in one of the "
                "application's languages; choose another name.",
                name=name,
            )
        query = sa.select(category.c.id).where(category.c.name_key == fold_name(name))
        if except_id is not None:
            query = query.where(category.c.id != except_id)
        if conn.execute(query).first() is not None:
            raise CatalogError(
                "category.name_taken",
                "A category named “{name}” already exists (names ignore case).",
                name=name,
            )

    def add_category(self, name: str, actor: str) -> str:
        actor = clean_author(actor)
        clean = clean_category_name(name)
        new_id = str(uuid.uuid4())
        try:
            with self._write() as conn:
                self._lock_categories(conn)
                self._check_name_free(conn, clean, None)
                custom = conn.execute(
                    sa.select(sa.func.count())
                    .select_from(category)
                    .where(~category.c.is_default)
                ).scalar_one()
                if custom >= MAX_CUSTOM_CATEGORIES:
                    raise CatalogError(
                        "category.limit",
                        "There can be at most {max} categories besides Default; "
                        "delete one first.",
                        max=MAX_CUSTOM_CATEGORIES,
                    )
                at = now_utc()
                conn.execute(
                    category.insert().values(
                        id=new_id,
                        name=clean,
                        name_key=fold_name(clean),
                        is_default=False,
                        created_at=at,
                    )
                )
                self._log(
                    conn,
                    at=at,
                    author=actor,
                    entity="category",
                    entity_id=new_id,
                    action="create",
                    before=None,
                    after={"name": clean},
                )
        except sa.exc.IntegrityError as error:
            # Two writers adding the same name at once: the unique key refuses
            # the second. Any other violation is a bug, not a taken name.
            kind, constraint = _violated(error)
            if kind != "unique" or "name_key" not in constraint:
                raise
            raise CatalogError(
                "category.name_taken",
                "A category named “{name}” already exists (names ignore case).",
                name=clean,
            ) from error
        logger.info("category %s added by %s", new_id, actor)
        return new_id

    def _custom_category(
        self, conn: Connection, category_id: str, *, deleting: bool = False
    ) -> sa.Row[Any]:
        """The custom category's row, locked: FOR UPDATE to delete it, so no
        campaign moves in meanwhile (see _check_category); FOR NO KEY UPDATE to
        rename it, which lets moves go on."""
        row = conn.execute(
            sa.select(category)
            .where(category.c.id == category_id)
            .with_for_update(key_share=not deleting)
        ).first()
        if row is None:
            raise CatalogError(
                "category.not_found", "That category no longer exists; reload the page."
            )
        if row.is_default:
            raise CatalogError(
                "category.default_locked",
                "The Default category cannot be renamed or deleted.",
            )
        return row

    def rename_category(
        self,
        category_id: str,
        name: str,
        actor: str,
        *,
        expected_name: str | None = None,
    ) -> None:
        """Rename a custom category. `expected_name` is the name the person saw:
        a rename made meanwhile by someone else is not silently replaced."""
        actor = clean_author(actor)
        clean = clean_category_name(name)
        try:
            with self._write() as conn:
                self._lock_categories(conn)
                row = self._custom_category(conn, category_id)
                if expected_name is not None and row.name != expected_name:
                    raise CatalogError(
                        "category.renamed_meanwhile",
                        "Someone renamed this category meanwhile (to “{name}”); "
                        "nothing was done.",
                        name=row.name,
                    )
                if row.name == clean:
                    return
                self._check_name_free(conn, clean, category_id)
                conn.execute(
                    category.update()
                    .where(category.c.id == category_id)
                    .values(name=clean, name_key=fold_name(clean))
                )
                self._log(
                    conn,
                    at=now_utc(),
                    author=actor,
                    entity="category",
                    entity_id=category_id,
                    action="rename",
                    before={"name": row.name},
                    after={"name": clean},
                )
        except sa.exc.IntegrityError as error:
            # Two writers adding the same name at once: the unique key refuses
            # the second. Any other violation is a bug, not a taken name.
            kind, constraint = _violated(error)
            if kind != "unique" or "name_key" not in constraint:
                raise
            raise CatalogError(
                "category.name_taken",
                "A category named “{name}” already exists (names ignore case).",
                name=clean,
            ) from error

    def delete_category(self, category_id: str, actor: str) -> int:
        """Delete a custom category, moving its campaigns to Default; returns how many."""
        actor = clean_author(actor)
        with self._write() as conn:
            self._lock_categories(conn)
            row = self._custom_category(conn, category_id, deleting=True)
            at = now_utc()
            # The campaigns logged are the ones this statement moved, whatever
            # moved in or out before it ran.
            moved = list(
                conn.execute(
                    campaign.update()
                    .where(campaign.c.category_id == category_id)
                    .values(
                        category_id=DEFAULT_CATEGORY_ID,
                        updated_at=at,
                        updated_by=actor,
                        version=campaign.c.version + 1,
                    )
                    .returning(campaign.c.id)
                ).scalars()
            )
            for campaign_id in sorted(moved):
                self._log(
                    conn,
                    at=at,
                    author=actor,
                    entity="campaign",
                    entity_id=campaign_id,
                    action="category",
                    before={"category_id": category_id, "category": row.name},
                    after={"category_id": DEFAULT_CATEGORY_ID, "category": "Default"},
                )
            conn.execute(category.delete().where(category.c.id == category_id))
            self._log(
                conn,
                at=at,
                author=actor,
                entity="category",
                entity_id=category_id,
                action="delete",
                before={"name": row.name, "campaigns": len(moved)},
                after=None,
            )
        logger.info(
            "category %s deleted by %s; %d moved", category_id, actor, len(moved)
        )
        return len(moved)

    def category_campaign_count(self, category_id: str) -> int:
        with self._read() as conn:
            return int(
                conn.execute(
                    sa.select(sa.func.count())
                    .select_from(campaign)
                    .where(campaign.c.category_id == category_id)
                ).scalar_one()
            )

    # -- campaigns -----------------------------------------------------------------

    def _category_name(self, conn: Connection, category_id: str) -> str | None:
        """The name of the category a campaign goes into, its row locked FOR
        KEY SHARE until the transaction ends: a deletion under way (which
        holds it FOR UPDATE) finishes first and this finds nothing, or waits
        for this transaction and then moves the campaign to Default itself."""
        name = conn.execute(
            sa.select(category.c.name)
            .where(category.c.id == category_id)
            .with_for_update(read=True, key_share=True)
        ).scalar()
        return None if name is None else str(name)

    def _check_category(self, conn: Connection, category_id: str) -> str:
        name = self._category_name(conn, category_id)
        if name is None:
            raise _category_gone()
        return name

    def _insert_children(
        self,
        conn: Connection,
        campaign_id: str,
        messages: Sequence[MessageSpec],
        goals: Sequence[GoalSpec],
    ) -> None:
        seen: set[str] = set()
        for position, spec in enumerate(messages, start=1):
            if spec.channel not in CHANNELS:
                raise CatalogError(
                    "message.bad_channel",
                    "Unknown channel “{channel}”.",
                    channel=spec.channel,
                )
            name = _clean_name(spec.name, "message", position=position)
            message_id = spec.id or str(uuid.uuid4())
            if message_id in seen:
                continue
            seen.add(message_id)
            conn.execute(
                message.insert().values(
                    campaign_id=campaign_id,
                    id=message_id,
                    name=name,
                    channel=spec.channel,
                    position=position,
                )
            )
        # A goal left blank (an empty line of the form) is no goal.
        for position, goal_spec in enumerate(goals, start=1):
            raw = goal_spec.name or ""
            if not _forbidden(raw) and not any(map(_visible_char, _visible(raw))):
                continue
            conn.execute(
                goal.insert().values(
                    campaign_id=campaign_id,
                    id=goal_spec.id or str(uuid.uuid4()),
                    name=_clean_name(goal_spec.name, "goal", position=position),
                )
            )

    def create_campaign(
        self,
        title: str,
        entry_type: str,
        actor: str,
        *,
        category_id: str = DEFAULT_CATEGORY_ID,
        messages: Sequence[MessageSpec] = (),
        goals: Sequence[GoalSpec] = (),
        campaign_id: str | None = None,
        status: str = "draft",
        created_at: datetime | None = None,
        launched_at: datetime | None = None,
        source: str = "local",
        action: str = "create",
    ) -> str:
        actor = clean_author(actor)
        clean = clean_title(title)
        if entry_type not in ENTRY_TYPES:
            raise CatalogError(
                "campaign.bad_entry_type",
                "Unknown entry type “{entry_type}”.",
                entry_type=entry_type,
            )
        if status not in STATUSES:
            raise CatalogError(
                "campaign.bad_status", "Unknown status “{status}”.", status=status
            )
        new_id = campaign_id or str(uuid.uuid4())
        with _category_must_exist(), self._write() as conn:
            self._check_category(conn, category_id)
            self._insert_campaign(
                conn,
                new_id,
                clean,
                entry_type,
                category_id,
                actor,
                at=created_at or now_utc(),
                messages=messages,
                goals=goals,
                status=status,
                launched_at=launched_at,
                source=source,
                action=action,
            )
        logger.info("campaign %s created by %s (%s)", new_id, actor, action)
        return new_id

    def _insert_campaign(
        self,
        conn: Connection,
        campaign_id: str,
        title: str,
        entry_type: str,
        category_id: str,
        actor: str,
        *,
        at: datetime,
        messages: Sequence[MessageSpec],
        goals: Sequence[GoalSpec],
        status: str = "draft",
        launched_at: datetime | None = None,
        source: str = "local",
        action: str = "create",
    ) -> None:
        """Insert a campaign whose title and category were checked, its
        messages and goals, and log its creation."""
        conn.execute(
            campaign.insert().values(
                id=campaign_id,
                title=title,
                status=status,
                entry_type=entry_type,
                category_id=category_id,
                created_at=at,
                created_by=actor,
                updated_at=at,
                updated_by=actor,
                launched_at=launched_at,
                source=source,
                version=1,
            )
        )
        self._insert_children(conn, campaign_id, messages, goals)
        self._log(
            conn,
            at=at,
            author=actor,
            entity="campaign",
            entity_id=campaign_id,
            action=action,
            before=None,
            after={"title": title, "status": status, "category_id": category_id},
        )

    def _campaign_row(self, conn: Connection, campaign_id: str) -> sa.Row[Any]:
        row = conn.execute(
            sa.select(campaign).where(campaign.c.id == campaign_id).with_for_update()
        ).first()
        if row is None:
            raise CatalogError(
                "campaign.not_found",
                "That campaign does not exist (or no longer exists).",
            )
        return row

    def _refuse_action(self, action: str, status: str) -> CatalogError:
        if action in REFUSALS:
            return CatalogError(
                f"campaign.refused.{action}", REFUSALS[action], status=status
            )
        return CatalogError(
            "campaign.action_refused",
            "There is no action “{action}”; the actions are {known}.",
            action=action,
            known=", ".join(ACTIONS),
        )

    def apply(
        self,
        campaign_id: str,
        action: str,
        actor: str,
        *,
        expected_status: str | None = None,
        expected_title: str | None = None,
        title: str | None = None,
        restore_to: str | None = None,
    ) -> str | None:
        """Carry out one lifecycle action; returns the new id for clone.

        `expected_status` and `expected_title` are what the person saw: when
        another writer changed them in between, the action is refused rather
        than applied to a campaign the person did not see (a rename from a
        stale page would silently undo someone else's).
        """
        actor = clean_author(actor)
        if action == "clone":
            return self.clone(campaign_id, actor, title=title)
        with self._write() as conn:
            row = self._campaign_row(conn, campaign_id)
            if expected_status is not None and row.status != expected_status:
                raise CatalogError(
                    "campaign.changed_meanwhile",
                    "Someone changed this campaign meanwhile (it is now {status}); "
                    "nothing was done.",
                    status=row.status,
                )
            if expected_title is not None and row.title != expected_title:
                raise CatalogError(
                    "campaign.renamed_meanwhile",
                    "Someone renamed this campaign meanwhile (to “{title}”); "
                    "nothing was done.",
                    title=row.title,
                )
            if action not in ACTIONS_BY_STATUS[row.status]:
                raise self._refuse_action(action, row.status)
            at = now_utc()
            values: dict[str, Any] = {"updated_at": at, "updated_by": actor}
            before: dict[str, Any]
            after: dict[str, Any]
            if action == "rename":
                clean = clean_title(title or "")
                if clean == row.title:
                    return None  # nothing changes, so nothing is logged
                values["title"] = clean
                before, after = {"title": row.title}, {"title": clean}
            elif action == "restore":
                target = self._restore_target(conn, campaign_id, row.launched_at)
                if restore_to is not None and restore_to != target:
                    raise CatalogError(
                        f"campaign.restore_only_to_{target}",
                        "This campaign can only go back to {target}: "
                        + (
                            "it was launched once, and deactivation is permanent."
                            if target == "inactive"
                            else "it was never launched."
                        ),
                        target=target,
                    )
                values["status"] = target
                before, after = {"status": row.status}, {"status": target}
            else:
                target = TRANSITIONS[action]
                if action == "launch":
                    count = conn.execute(
                        sa.select(sa.func.count())
                        .select_from(message)
                        .where(message.c.campaign_id == campaign_id)
                    ).scalar_one()
                    if count == 0:
                        raise CatalogError(
                            "campaign.launch_needs_message",
                            "A campaign needs at least one message before it can be "
                            "launched.",
                        )
                    if row.launched_at is None:
                        values["launched_at"] = at
                values["status"] = target
                before, after = {"status": row.status}, {"status": target}
            result = conn.execute(
                campaign.update()
                .where(campaign.c.id == campaign_id, campaign.c.version == row.version)
                .values(version=campaign.c.version + 1, **values)
            )
            if result.rowcount != 1:
                raise CatalogError(
                    "campaign.changed_meanwhile",
                    "Someone changed this campaign meanwhile; nothing was done.",
                    status=row.status,
                )
            self._log(
                conn,
                at=at,
                author=actor,
                entity="campaign",
                entity_id=campaign_id,
                action=action,
                before=before,
                after=after,
            )
        logger.info("campaign %s: %s by %s", campaign_id, action, actor)
        return None

    def set_category(
        self,
        campaign_id: str,
        category_id: str,
        actor: str,
        *,
        expected_category_id: str | None = None,
    ) -> None:
        """Move a campaign to a category. `expected_category_id` is the one the
        person saw: a move made meanwhile by someone else is not undone."""
        actor = clean_author(actor)
        with _category_must_exist(), self._write() as conn:
            row = self._campaign_row(conn, campaign_id)
            if (
                expected_category_id is not None
                and row.category_id != expected_category_id
                and row.category_id != category_id
            ):
                raise CatalogError(
                    "campaign.moved_meanwhile",
                    "Someone moved this campaign to another category meanwhile; "
                    "nothing was done.",
                )
            if row.category_id == category_id:
                return
            target_name = self._check_category(conn, category_id)
            previous = conn.execute(
                sa.select(category.c.name).where(category.c.id == row.category_id)
            ).scalar()
            at = now_utc()
            conn.execute(
                campaign.update()
                .where(campaign.c.id == campaign_id)
                .values(
                    category_id=category_id,
                    updated_at=at,
                    updated_by=actor,
                    version=campaign.c.version + 1,
                )
            )
            self._log(
                conn,
                at=at,
                author=actor,
                entity="campaign",
                entity_id=campaign_id,
                action="category",
                before={"category_id": row.category_id, "category": previous},
                after={"category_id": category_id, "category": target_name},
            )

    def clone(self, campaign_id: str, actor: str, *, title: str | None = None) -> str:
        """A new draft with the source's entry type, category, messages and
        goals, read in the same transaction that writes the copy."""
        actor = clean_author(actor)
        new_id = str(uuid.uuid4())
        with _category_must_exist(), self._write() as conn:
            # On PostgreSQL a deletion of the source's category may commit
            # between reading the source and locking its category: the source
            # is then in Default, so it is read again (SQLite never gets here).
            for _attempt in range(3):
                source = conn.execute(
                    sa.select(campaign).where(campaign.c.id == campaign_id)
                ).first()
                if source is None:
                    raise CatalogError(
                        "campaign.not_found",
                        "That campaign does not exist (or no longer exists).",
                    )
                if self._category_name(conn, source.category_id) is not None:
                    break
            else:
                raise _category_gone()
            messages = [
                MessageSpec(m.name, m.channel)
                for m in conn.execute(
                    sa.select(message.c.name, message.c.channel)
                    .where(message.c.campaign_id == campaign_id)
                    .order_by(message.c.position, message.c.id)
                )
            ]
            goals = [
                GoalSpec(g.name)
                for g in conn.execute(
                    sa.select(goal.c.name)
                    .where(goal.c.campaign_id == campaign_id)
                    .order_by(goal.c.name)
                )
            ]
            self._insert_campaign(
                conn,
                new_id,
                clean_title(title or copy_title(source.title)),
                source.entry_type,
                source.category_id,
                actor,
                at=now_utc(),
                messages=messages,
                goals=goals,
                action="clone",
            )
        logger.info("campaign %s cloned from %s by %s", new_id, campaign_id, actor)
        return new_id

    # -- reading -------------------------------------------------------------------

    def _last_changes(self) -> sa.Subquery:
        latest = (
            sa.select(
                change_log.c.entity_id, sa.func.max(change_log.c.id).label("last_id")
            )
            .where(change_log.c.entity == "campaign")
            .group_by(change_log.c.entity_id)
            .subquery()
        )
        return (
            sa.select(
                change_log.c.entity_id,
                change_log.c.at.label("modified_at"),
                change_log.c.author.label("modified_by"),
            )
            .select_from(change_log.join(latest, latest.c.last_id == change_log.c.id))
            .subquery()
        )

    def get(self, campaign_id: str) -> Campaign:
        last = self._last_changes()
        query = (
            sa.select(
                campaign,
                category.c.name.label("category_name"),
                category.c.is_default.label("category_is_default"),
                last.c.modified_at,
                last.c.modified_by,
            )
            .select_from(
                campaign.join(
                    category, category.c.id == campaign.c.category_id
                ).outerjoin(last, last.c.entity_id == campaign.c.id)
            )
            .where(campaign.c.id == campaign_id)
        )
        with self._read() as conn:
            row = conn.execute(query).first()
            if row is None:
                raise CatalogError(
                    "campaign.not_found",
                    "That campaign does not exist (or no longer exists).",
                )
            messages = tuple(
                MessageSpec(id=m.id, name=m.name, channel=m.channel)
                for m in conn.execute(
                    sa.select(message)
                    .where(message.c.campaign_id == campaign_id)
                    .order_by(message.c.position, message.c.id)
                )
            )
            goals = tuple(
                GoalSpec(id=g.id, name=g.name)
                for g in conn.execute(
                    sa.select(goal)
                    .where(goal.c.campaign_id == campaign_id)
                    .order_by(goal.c.name)
                )
            )
            restore_to = self._restore_target(conn, campaign_id, row.launched_at)
        return Campaign(
            id=row.id,
            title=row.title,
            status=row.status,
            entry_type=row.entry_type,
            category_id=row.category_id,
            category_name=row.category_name,
            category_is_default=bool(row.category_is_default),
            created_at=as_utc(row.created_at),  # type: ignore[arg-type]
            created_by=row.created_by,
            launched_at=as_utc(row.launched_at),
            modified_at=as_utc(row.modified_at or row.updated_at),  # type: ignore[arg-type]
            modified_by=row.modified_by or row.updated_by,
            version=row.version,
            messages=messages,
            goals=goals,
            restore_to=restore_to,
        )

    def _restore_target(
        self, conn: Connection, campaign_id: str, launched_at: datetime | None
    ) -> str:
        """See `restore_target`; the status it was archived from is the
        'before' of its latest archive in the change log."""
        before = conn.execute(
            sa.select(change_log.c.before)
            .where(
                change_log.c.entity == "campaign",
                change_log.c.entity_id == campaign_id,
                change_log.c.action == "archive",
            )
            .order_by(change_log.c.id.desc())
            .limit(1)
        ).scalar()
        archived_from = json.loads(before).get("status") if before else None
        return restore_target(launched_at, archived_from)

    def exists(self, campaign_id: str) -> bool:
        with self._read() as conn:
            return (
                conn.execute(
                    sa.select(campaign.c.id).where(campaign.c.id == campaign_id)
                ).first()
                is not None
            )

    def campaigns_frame(self) -> pl.DataFrame:
        """Every campaign with its category, last change and message count."""
        last = self._last_changes()
        counts = (
            sa.select(message.c.campaign_id, sa.func.count().label("message_count"))
            .group_by(message.c.campaign_id)
            .subquery()
        )
        query = sa.select(
            campaign.c.id,
            campaign.c.title,
            campaign.c.status,
            campaign.c.entry_type,
            campaign.c.category_id,
            category.c.name.label("category_name"),
            category.c.is_default.label("category_is_default"),
            campaign.c.created_at,
            campaign.c.created_by,
            campaign.c.launched_at,
            sa.func.coalesce(last.c.modified_at, campaign.c.updated_at).label(
                "modified_at"
            ),
            sa.func.coalesce(last.c.modified_by, campaign.c.updated_by).label(
                "modified_by"
            ),
            sa.func.coalesce(counts.c.message_count, 0).label("message_count"),
        ).select_from(
            campaign.join(category, category.c.id == campaign.c.category_id)
            .outerjoin(last, last.c.entity_id == campaign.c.id)
            .outerjoin(counts, counts.c.campaign_id == campaign.c.id)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        schema = {
            "id": pl.String(),
            "title": pl.String(),
            "status": pl.String(),
            "entry_type": pl.String(),
            "category_id": pl.String(),
            "category_name": pl.String(),
            "category_is_default": pl.Boolean(),
            "created_at": pl.Datetime("us", "UTC"),
            "created_by": pl.String(),
            "launched_at": pl.Datetime("us", "UTC"),
            "modified_at": pl.Datetime("us", "UTC"),
            "modified_by": pl.String(),
            "message_count": pl.Int64(),
        }
        data = [
            (
                r.id,
                r.title,
                r.status,
                r.entry_type,
                r.category_id,
                r.category_name,
                bool(r.category_is_default),
                as_utc(r.created_at),
                r.created_by,
                as_utc(r.launched_at),
                as_utc(r.modified_at),
                r.modified_by,
                int(r.message_count),
            )
            for r in rows
        ]
        return pl.DataFrame(data, schema=schema, orient="row")

    def messages_frame(self) -> pl.DataFrame:
        with self._read() as conn:
            rows = conn.execute(
                sa.select(
                    message.c.campaign_id,
                    message.c.id,
                    message.c.name,
                    message.c.channel,
                    message.c.position,
                )
            ).all()
        return pl.DataFrame(
            [tuple(r) for r in rows],
            schema={
                "campaign_id": pl.String(),
                "id": pl.String(),
                "name": pl.String(),
                "channel": pl.String(),
                "position": pl.Int64(),
            },
            orient="row",
        )

    def history(self, campaign_id: str, limit: int = 50) -> list[Change]:
        with self._read() as conn:
            rows = conn.execute(
                sa.select(change_log)
                .where(
                    change_log.c.entity == "campaign",
                    change_log.c.entity_id == campaign_id,
                )
                .order_by(change_log.c.id.desc())
                .limit(limit)
            ).all()
        return [
            Change(
                at=as_utc(r.at),  # type: ignore[arg-type]
                author=r.author,
                entity=r.entity,
                entity_id=r.entity_id,
                action=r.action,
                before=json.loads(r.before) if r.before else None,
                after=json.loads(r.after) if r.after else None,
            )
            for r in rows
        ]

    def revision(self) -> int:
        """A number that grows with every change: cached figures key on it."""
        with self._read() as conn:
            return int(
                conn.execute(sa.select(sa.func.max(change_log.c.id))).scalar() or 0
            )

    def is_empty(self) -> bool:
        with self._read() as conn:
            return conn.execute(sa.select(campaign.c.id).limit(1)).first() is None

    # -- bulk: seeding and imports ---------------------------------------------------

    def seed(self, spec: dict[str, Any], actor: str) -> None:
        """Load a catalog in the shape of shared/examples/metrics/catalog.json.

        Campaigns may carry status, created_at/by, updated_at/by and launched_at
        (ISO 8601); categories keep their ids. Used by the demo and the tests.
        """
        with self._write() as conn:
            for cat in spec.get("categories", []):
                if cat.get("is_default"):
                    continue
                clean = clean_category_name(cat["name"])
                conn.execute(
                    category.insert().values(
                        id=cat["id"],
                        name=clean,
                        name_key=fold_name(clean),
                        is_default=False,
                        created_at=now_utc(),
                    )
                )
            for item in spec.get("campaigns", []):
                created = _parse_time(item.get("created_at")) or now_utc()
                updated = _parse_time(item.get("updated_at")) or created
                created_by = clean_author(item.get("created_by", actor))
                conn.execute(
                    campaign.insert().values(
                        id=item["id"],
                        title=clean_title(item["title"]),
                        status=item.get("status", "draft"),
                        entry_type=item.get("entry_type", "trigger"),
                        category_id=item.get("category_id") or DEFAULT_CATEGORY_ID,
                        created_at=created,
                        created_by=created_by,
                        updated_at=updated,
                        updated_by=clean_author(item.get("updated_by", created_by)),
                        launched_at=_parse_time(item.get("launched_at")),
                        source=item.get("source", "seed"),
                        version=1,
                    )
                )
                self._insert_children(
                    conn,
                    item["id"],
                    [
                        MessageSpec(m["name"], m["channel"], m["id"])
                        for m in item["messages"]
                    ],
                    [GoalSpec(g["name"], g["id"]) for g in item.get("goals", [])],
                )
                self._log_seeded_history(conn, item, created, updated, created_by)

    def _log_seeded_history(
        self,
        conn: Connection,
        item: dict[str, Any],
        created: datetime,
        updated: datetime,
        created_by: str,
    ) -> None:
        """A seeded campaign's history as the live actions would have logged it:
        created, launched at its launch time, then each transition to its status
        (see seeded_path). The last change is at updated_at by updated_by; a
        later update that no status change explains is a plain edit."""
        updated_by = clean_author(item.get("updated_by", created_by))
        launched = _parse_time(item.get("launched_at"))
        path = seeded_path(item.get("status", "draft"), launched is not None)
        changes: list[
            tuple[datetime, str, str, dict[str, Any] | None, dict[str, Any] | None]
        ] = [(created, created_by, "create", None, {"title": item["title"]})]
        for step, (action, source, target) in enumerate(path):
            last = step == len(path) - 1
            at = launched if action == "launch" and launched else updated
            author = updated_by if last and at == updated else created_by
            changes.append((at, author, action, {"status": source}, {"status": target}))
        if updated > changes[-1][0]:
            changes.append((updated, updated_by, "edit", None, None))
        for at, author, action, before, after in changes:
            self._log(
                conn,
                at=at,
                author=author,
                entity="campaign",
                entity_id=item["id"],
                action=action,
                before=before,
                after=after,
            )

    def ensure_known(
        self,
        campaigns: Iterable[tuple[str, str, datetime | None]],
        messages: Iterable[tuple[str, str, str, str]],
        actor: str,
        source: str,
    ) -> tuple[int, int]:
        """Add campaigns (id, title, first event) and messages (campaign id, id,
        name, channel) that events mention but the catalog lacks.

        An imported campaign is active, trigger-based, in Default; its launch is
        its first event. Titles and names are repaired, not refused (see
        repair_name): the id stands in for one with nothing visible. Messages
        added to a campaign that was already there are logged on it. Returns
        how many campaigns and messages were added.
        """
        actor = clean_author(actor)
        added_campaigns = added_messages = 0
        with self._write() as conn:
            known = set(conn.execute(sa.select(campaign.c.id)).scalars())
            imported: set[str] = set()
            at = now_utc()
            for campaign_id, title, first_seen in campaigns:
                if campaign_id in known:
                    continue
                known.add(campaign_id)
                imported.add(campaign_id)
                clean = repair_name(title, TITLE_MAX, campaign_id)
                conn.execute(
                    campaign.insert().values(
                        id=campaign_id,
                        title=clean,
                        status="active",
                        entry_type="trigger",
                        category_id=DEFAULT_CATEGORY_ID,
                        created_at=at,
                        created_by=actor,
                        updated_at=at,
                        updated_by=actor,
                        launched_at=first_seen,
                        source=source,
                        version=1,
                    )
                )
                self._log(
                    conn,
                    at=at,
                    author=actor,
                    entity="campaign",
                    entity_id=campaign_id,
                    action="import",
                    before=None,
                    after={"title": clean, "source": source},
                )
                added_campaigns += 1
            existing = {
                (row[0], row[1])
                for row in conn.execute(sa.select(message.c.campaign_id, message.c.id))
            }
            positions: dict[str, int] = {
                row[0]: int(row[1])
                for row in conn.execute(
                    sa.select(
                        message.c.campaign_id, sa.func.max(message.c.position)
                    ).group_by(message.c.campaign_id)
                )
            }
            counts = Counter(campaign_id for campaign_id, _ in existing)
            added: Counter[str] = Counter()
            for campaign_id, message_id, name, channel in messages:
                if (campaign_id, message_id) in existing or channel not in CHANNELS:
                    continue
                existing.add((campaign_id, message_id))
                positions[campaign_id] = positions.get(campaign_id, 0) + 1
                conn.execute(
                    message.insert().values(
                        campaign_id=campaign_id,
                        id=message_id,
                        name=repair_name(name, MESSAGE_NAME_MAX, message_id),
                        channel=channel,
                        position=positions[campaign_id],
                    )
                )
                added[campaign_id] += 1
                added_messages += 1
            # A campaign already in the catalog changed: its messages grew.
            for campaign_id in sorted(set(added) - imported):
                before = counts[campaign_id]
                conn.execute(
                    campaign.update()
                    .where(campaign.c.id == campaign_id)
                    .values(
                        updated_at=at,
                        updated_by=actor,
                        version=campaign.c.version + 1,
                    )
                )
                self._log(
                    conn,
                    at=at,
                    author=actor,
                    entity="campaign",
                    entity_id=campaign_id,
                    action="edit",
                    before={"messages": before},
                    after={"messages": before + added[campaign_id], "source": source},
                )
        if added_campaigns or added_messages:
            logger.info(
                "catalog: %d campaigns and %d messages added from %s",
                added_campaigns,
                added_messages,
                source,
            )
        return added_campaigns, added_messages


def copy_title(title: str, pattern: str = "{title} (copy)") -> str:
    """A clone's title from `pattern` (the caller's language), kept within
    TITLE_MAX characters by shortening the original title, never the pattern."""
    room = TITLE_MAX - name_length(pattern.format(title=""))
    short = unicodedata.normalize("NFC", title.strip())[: max(room, 1)].rstrip()
    return pattern.format(title=short)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
