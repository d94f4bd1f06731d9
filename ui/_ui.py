"""What every page shares: the workspace, the language, cached figures, errors.

Pages stay thin: they call the core through the helpers here and render.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import polars as pl
import streamlit as st

from journeys import i18n
from journeys.errors import JourneysError
from journeys.importers.rules import EARLIEST_TS
from journeys.metrics import Analytics, ListFilters
from journeys.periods import (
    DEFAULT_PRESET,
    DEFAULT_TZ,
    PRESETS,
    Period,
    is_time_zone,
    preset_period,
    today_in,
    zone,
)
from journeys.workspace import Workspace
from ui import _text, _url
from ui._url import Parse

logger = logging.getLogger(__name__)

T = TypeVar("T")

FRAME_KEY = "_frame_ran"
LANG_KEY = _url.LANG
TZ_KEY = _url.TZ
VERSION_KEY = _url.VERSION
FLASH_KEY = "ui__flash"
# The snapshot this session's last run read: (pinned, version).
SEEN_KEY = "ui__seen_snapshot"
STATUS_COLOURS = {
    "draft": "gray",
    "active": "green",
    "paused": "orange",
    "inactive": "red",
    "archived": "violet",
}


@st.cache_resource(show_spinner=False)
def workspace() -> Workspace:
    return Workspace.open()


# Each Analytics holds its snapshot in memory: the newest plus a few pinned ones.
@st.cache_resource(show_spinner=False, max_entries=3)
def _analytics(version: int | None) -> Analytics:
    source = workspace().analytics(version)
    workspace().reconcile(source)
    return source


@st.cache_data(show_spinner=False, ttl=60)
def _known_versions() -> frozenset[int]:
    return frozenset(s.version for s in workspace().store.history())


def _known_version(raw: list[str]) -> int | None:
    if len(raw) == 1 and raw[0].isdigit() and int(raw[0]) in _known_versions():
        return int(raw[0])
    return None


def pinned_version() -> int | None:
    """A shared link may pin a snapshot version (`?v=3`) so its figures hold still.

    An unknown or malformed version reads the newest snapshot and leaves the URL.
    """
    seed_from_url(VERSION_KEY, _known_version, None)
    version = st.session_state.get(VERSION_KEY)
    return version if isinstance(version, int) else None


# How long a page run trusts its last look at the store's newest version: an
# import from another process (the command line, another replica) shows within
# this many seconds, on the next run, without a restart or "Refresh data".
FRESHNESS_TTL_SECONDS = 1


@st.cache_data(show_spinner=False, ttl=FRESHNESS_TTL_SECONDS)
def _latest_version() -> int | None:
    """The store's newest version: one folder listing, shared by every session."""
    return workspace().store.latest_version()


def analytics() -> Analytics:
    """The snapshot this run reads: the pinned one, or the newest there is."""
    version = pinned_version()
    source = _analytics(version)
    if version is None:
        _follow_newest(source)
    _note_snapshot(source, pinned=version is not None)
    return source


def _note_snapshot(source: Analytics, *, pinned: bool) -> None:
    """Say so when the figures move on to a newer snapshot unasked: an import
    by another process or session, found by `_follow_newest` (here or in
    another session, which share the Analytics). Shown on the run that
    switches; "Refresh data" and a pinned link move on as asked, silently.

    TODO: an idle page learns of a new snapshot only on its next run; a
    sidebar fragment with run_every could look every few seconds, but its
    periodic reruns would keep the browser tests from ever seeing the page
    settle.
    """
    snapshot = source.snapshot
    now = None if snapshot is None else snapshot.version
    seen = st.session_state.get(SEEN_KEY)
    st.session_state[SEEN_KEY] = (pinned, now)
    if pinned or snapshot is None or not isinstance(seen, tuple):
        return
    was_pinned, was = seen
    if was_pinned or was is None or snapshot.version <= was:
        return
    when = i18n.fmt_datetime(snapshot.created_at, lang(), tz())
    st.toast(
        t_md("snapshot.new_loaded", version=snapshot.version, when=when),
        icon=":material/update:",
    )


def _follow_newest(source: Analytics) -> None:
    """Load a newer snapshot written since `source` was (by any process)."""
    latest = _latest_version()
    loaded = source.snapshot.version if source.snapshot else None
    if latest is None or (loaded is not None and latest <= loaded):
        return
    logger.info("snapshot v%d found (reading v%s): loading it", latest, loaded)
    _known_versions.clear()
    source.refresh()
    workspace().reconcile(source)


def refresh_data() -> None:
    """Read the newest snapshot and forget every cached figure.

    The snapshot is loaded again only when a newer version exists.
    """
    _known_versions.clear()
    _latest_version.clear()
    cached_frame.clear()
    cached_summary.clear()
    cached_first_event.clear()
    newest = _analytics(None)
    newest.refresh()
    workspace().reconcile(newest)
    loaded = newest.snapshot.version if newest.snapshot else None
    st.session_state[SEEN_KEY] = (False, loaded)  # asked for: no notice


def lang() -> str:
    return i18n.lang_or_default(st.session_state.get(LANG_KEY))


def tz() -> str:
    value = st.session_state.get(TZ_KEY, DEFAULT_TZ)
    return value if isinstance(value, str) and is_time_zone(value) else DEFAULT_TZ


def t(key: str, **params: Any) -> str:
    return i18n.t(key, lang(), **params)


def actor() -> str:
    """Who the change log records: the signed-in user when sign-in is set up,
    otherwise JOURNEYS_AUTHOR or the operating-system user (see config)."""
    user = st.user
    if user.get("is_logged_in"):
        for field in ("email", "name", "sub"):
            value = user.get(field)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return workspace().settings.author


def labeller(
    options: Iterable[str], text: Callable[[str], str]
) -> Callable[[Any], str]:
    """A widget's format_func with its texts fixed now, in the current language:
    Streamlit may call it again outside the run that knows the language."""
    texts = {option: text(option) for option in options}
    return lambda option: texts.get(option, str(option))


def keep_choices(*keys: str) -> None:
    """Restate the codes chosen in keyed choice widgets before they are drawn.

    Streamlit remembers a selectbox's, a radio's or a segmented control's
    choice by its label. When the labels change between two runs (the language
    was switched, a status tab's count moved) the remembered label matches no
    option and the widget shows the stale label, returns it as its value, or
    loses its choice. Before the widget is drawn again in this run, its state
    still decodes with the last run's labels; writing the decoded code back
    makes this run encode it with the new ones.
    """
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def show_error(error: JourneysError) -> None:
    """Every domain error is rendered here, in the user's language.

    st.error renders markdown, so the names an error quotes are escaped (and
    an error without a translation shows its English text, escaped whole).
    """
    if error.key in i18n.catalog(lang()):
        text = t_md(error.key, **error.params)
    else:
        text = escape_markdown(str(error))
    st.error(text, icon=":material/error:")


def guarded(action: Callable[[], T]) -> T | None:
    """Run a catalog or import action; show its refusal instead of raising."""
    try:
        return action()
    except JourneysError as error:
        logger.info("refused: %s", error)
        show_error(error)
        return None


def cache_token() -> tuple[int | None, int]:
    """What cached figures depend on: the snapshot read and the catalog's state."""
    snapshot = analytics().snapshot
    return (snapshot.version if snapshot else None, workspace().catalog.revision())


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def cached_frame(
    name: str,
    token: tuple[int | None, int],
    version: int | None,
    period: Period | None,
    filters: ListFilters | None,
    campaign_id: str | None,
) -> pl.DataFrame:
    """Figures keyed by everything they depend on; `token` changes with the data."""
    del token
    source = _analytics(version)
    if name == "campaign_list":
        assert period is not None
        return source.campaign_list(period, filters or ListFilters())
    if name == "export_rows":
        assert period is not None
        return source.export_rows(period, filters or ListFilters())
    if name == "message_stats":
        assert period is not None
        return source.message_stats(campaign_id, period)
    if name == "channel_stats":
        assert period is not None
        return source.channel_stats(campaign_id, period)
    if name == "daily_activity":
        assert period is not None and campaign_id is not None
        return source.daily_activity(campaign_id, period)
    if name == "funnel":
        assert period is not None and campaign_id is not None
        return source.funnel(campaign_id, period)
    raise ValueError(name)


def figures(
    name: str,
    *,
    period: Period | None = None,
    filters: ListFilters | None = None,
    campaign_id: str | None = None,
) -> pl.DataFrame:
    return cached_frame(
        name, cache_token(), pinned_version(), period, filters, campaign_id
    )


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def cached_summary(
    token: tuple[int | None, int],
    version: int | None,
    campaign_id: str,
    period: Period,
) -> dict[str, Any] | None:
    """One campaign's card figures, keyed like `cached_frame`."""
    del token
    return _analytics(version).campaign_summary(campaign_id, period)


def summary(campaign_id: str, period: Period) -> dict[str, Any] | None:
    return cached_summary(cache_token(), pinned_version(), campaign_id, period)


@st.cache_data(show_spinner=False, max_entries=16, ttl=3600)
def cached_first_event(
    token: tuple[int | None, int], version: int | None
) -> datetime | None:
    """When the snapshot's earliest event happened (None without events)."""
    del token
    return _analytics(version).freshness()["first_event_at"]


def first_event_day() -> date | None:
    """The day, in the user's zone, of the earliest event in the store: before
    it there is no data at all, which is not the same as no activity."""
    first = cached_first_event(cache_token(), pinned_version())
    return None if first is None else first.astimezone(zone(tz())).date()


escape_markdown = _text.escape_markdown


def t_md(key: str, **params: Any) -> str:
    """A text for a markdown element, its parameters (names) shown literally."""
    return t(key, **_text.escaped(params))


def t_count(key: str, count: int, **params: Any) -> str:
    """A text about `count` things, singular or plural as the language wants,
    for a markdown element (its other parameters escaped)."""
    return _text.count_text(key, count, lang(), **_text.escaped(params))


def flash(key: str, **names: Any) -> None:
    """A toast shown once, after the rerun that follows an action.

    The text is put together when shown, with the names escaped: a toast
    renders markdown.
    """
    st.session_state[FLASH_KEY] = (key, names)


def show_flash() -> None:
    pending = st.session_state.pop(FLASH_KEY, None)
    if pending:
        key, names = pending
        st.toast(t_md(key, **names), icon=":material/check_circle:")


def plain_heading(text: str) -> None:
    """A heading showing a name from data as text, never as markdown."""
    st.header(escape_markdown(text), anchor=False)


def status_badge(status: str) -> None:
    st.badge(
        i18n.status_label(status, lang()), color=STATUS_COLOURS.get(status, "gray")
    )


# -- state in the URL, under stable codes ------------------------------------------
#
# Streamlit's own widget binding writes a widget's displayed label into the URL
# ("Français", "Last 7 days"), which breaks a link as soon as the language
# changes. The URL keeps codes instead ("fr", "7d"): it seeds the widgets when
# it changed from outside (a pasted link, the Back button, a link from another
# page) and each run writes the widgets' codes back in one go (see _url).

seed_from_url = _url.seed
write_to_url = _url.put


def one_of(options: Sequence[str]) -> Parse:
    """A parser for a single code among `options`."""
    return lambda raw: raw[0] if len(raw) == 1 and raw[0] in options else None


# Custom ranges start no earlier than the first events importers accept (older
# days also fall in local mean times that do not start on a quarter hour) and
# end at most a year ahead, as the date pickers allow.
DATE_MIN: date = EARLIEST_TS.date()
DAYS_AHEAD = 366


def date_bounds() -> tuple[date, date]:
    """The first and last day a date picker accepts, in the user's zone."""
    return DATE_MIN, today_in(tz()) + timedelta(days=DAYS_AHEAD)


def within(day: date, bounds: tuple[date, date]) -> bool:
    return bounds[0] <= day <= bounds[1]


def one_date(bounds: tuple[date, date]) -> Parse:
    """A parser for a single ISO day within `bounds`."""

    def parse(raw: list[str]) -> date | None:
        if len(raw) != 1:
            return None
        try:
            day = date.fromisoformat(raw[0])
        except ValueError:
            return None
        return day if within(day, bounds) else None

    return parse


def date_range(raw: list[str], bounds: tuple[date, date]) -> tuple[date, date] | None:
    """Two ISO days within `bounds`, in order; None for anything else."""
    if len(raw) != 2:
        return None
    days = [one_date(bounds)([value]) for value in raw]
    if days[0] is None or days[1] is None:
        return None
    return (min(days[0], days[1]), max(days[0], days[1]))


def language_from_url() -> None:
    """Called first in app.py: the page's texts need the language before any widget."""
    seed_from_url(LANG_KEY, one_of(i18n.LANGS), i18n.DEFAULT_LANG)


def time_zone_from_url() -> None:
    seed_from_url(
        TZ_KEY,
        lambda raw: raw[0] if len(raw) == 1 and is_time_zone(raw[0]) else None,
        DEFAULT_TZ,
    )


def shared_to_url() -> None:
    """Plan the keys every page shares: language, time zone, pinned snapshot."""
    write_to_url(LANG_KEY, [] if lang() == i18n.DEFAULT_LANG else [lang()])
    write_to_url(TZ_KEY, [] if tz() == DEFAULT_TZ else [tz()])
    version = pinned_version()
    write_to_url(VERSION_KEY, [] if version is None else [str(version)])


def finish_page() -> None:
    """The last call of every page: the URL now shows what the page shows."""
    shared_to_url()
    show_rejected()
    _url.commit()


# The longest part of a bad value a notice quotes: a link can carry anything.
QUOTED_MAX = 60


def rejected_text(param: str, values: Sequence[str]) -> str:
    """What the page says about a URL value it could not use, and what it
    shows instead, as markdown (the value is quoted literally)."""
    value = ", ".join(values)
    if len(value) > QUOTED_MAX:
        value = value[: QUOTED_MAX - 1] + "…"
    newest = _latest_version() if param == VERSION_KEY else None
    if param == VERSION_KEY and newest is not None:
        key = "url.bad.version" if value.isdigit() else "url.bad.snapshot"
        return t_md(key, value=value, newest=newest)
    meaning = param.split("_", 1)[-1]  # card_period and list_period: period
    key = f"url.bad.{meaning}"
    if key not in i18n.catalog(lang()):
        return t_md("url.bad.other", param=param, value=value)
    return t_md(key, value=value, tz=DEFAULT_TZ, default=t(f"period.{DEFAULT_PRESET}"))


def show_rejected() -> None:
    """One notice, at the top of the page, naming each URL value this run
    could not use; the URL then leaves them out, so it shows once."""
    rejected = _url.rejected()
    if not rejected:
        return
    logger.info("link values not understood: %s", rejected)
    slot = _url.run().notice
    text = "\n\n".join(rejected_text(p, values) for p, values in rejected.items())
    (slot if slot is not None else st).warning(text, icon=":material/link_off:")


def period_picker(prefix: str, *, launched: date | None = None) -> Period:
    """The stats period: a preset or a custom range, kept in the URL as codes.

    `<prefix>_period` holds the preset ("7d", "custom", ...), `<prefix>_range`
    the custom range's first and last day. A custom range that is malformed or
    outside the picker's bounds falls back to the default preset; a
    half-picked range never raises: its one day is used and the user is told.
    """
    bounds = date_bounds()
    today = preset_period("today", tz()).end
    presets = [p for p in PRESETS if p != "launch" or launched is not None]
    preset_key, range_key = f"{prefix}_period", f"{prefix}_range"
    keep_choices(preset_key)
    _seed_period(prefix, presets, bounds)
    preset = st.selectbox(
        t("period.label"),
        presets,
        format_func=labeller(presets, lambda p: t(f"period.{p}")),
        key=preset_key,
    )
    if preset != "custom":
        write_to_url(preset_key, [] if preset == DEFAULT_PRESET else [preset])
        write_to_url(range_key, [])
        return preset_period(preset or DEFAULT_PRESET, tz(), launched=launched)
    held = st.session_state.get(range_key)
    days_held = [d for d in (held if isinstance(held, tuple | list) else [held]) if d]
    if not days_held or not all(within(d, bounds) for d in days_held):
        # Never picked, or out of bounds since the zone (and so today) moved.
        st.session_state[range_key] = (today - timedelta(days=29), today)
    picked = st.date_input(
        t("period.range"),
        min_value=bounds[0],
        max_value=bounds[1],
        format=t("period.date_format"),
        key=range_key,
    )
    days = [d for d in (picked if isinstance(picked, tuple | list) else [picked]) if d]
    if len(days) < 2:
        st.caption(t("period.pick_end"))
        start = end = days[0] if days else today
    else:
        start, end = min(days[0], days[1]), max(days[0], days[1])
    write_to_url(preset_key, ["custom"])
    write_to_url(range_key, [start.isoformat(), end.isoformat()])
    return Period(start, end, tz())


def _seed_period(
    prefix: str, presets: Sequence[str], bounds: tuple[date, date]
) -> None:
    """The period's preset and range from the URL when it changed from outside
    (or the picker was not drawn on the last run)."""
    preset_key, range_key = f"{prefix}_period", f"{prefix}_range"
    given = _url.incoming()
    if given is not None or preset_key not in st.session_state:
        source = given if given is not None else _url.current()
        given_preset = source.get(preset_key, [])
        preset = one_of(presets)(given_preset)
        if preset is None:
            _url.reject(preset_key, given_preset)
            preset = DEFAULT_PRESET
        given_range = source.get(range_key, [])
        picked = date_range(given_range, bounds)
        if preset == "custom" and picked is None:
            # A custom period without its days is a period not understood.
            bad = (
                (range_key, given_range) if given_range else (preset_key, given_preset)
            )
            _url.reject(*bad)
            preset = DEFAULT_PRESET
        st.session_state[preset_key] = preset
        if picked is not None and preset == "custom":
            st.session_state[range_key] = picked
    if st.session_state[preset_key] not in presets:
        st.session_state[preset_key] = DEFAULT_PRESET


def keep_period(prefix: str) -> None:
    """Keep the period in the URL on a run that does not draw its picker (the
    card while it asks which campaign to show)."""
    bounds = date_bounds()
    preset_key, range_key = f"{prefix}_period", f"{prefix}_range"
    _seed_period(prefix, PRESETS, bounds)
    preset = st.session_state[preset_key]
    held = st.session_state.get(range_key)
    days = [d for d in (held if isinstance(held, tuple | list) else [held]) if d]
    if preset == "custom" and days and all(within(d, bounds) for d in days):
        write_to_url(preset_key, ["custom"])
        write_to_url(range_key, [min(days).isoformat(), max(days).isoformat()])
        return
    preset = DEFAULT_PRESET if preset == "custom" else preset
    write_to_url(preset_key, [] if preset == DEFAULT_PRESET else [preset])
    write_to_url(range_key, [])


# Each page's name in the navigation, by its key in the URL state.
NAV_TITLES = {
    "campaigns": "nav.campaigns",
    "campaign": "nav.campaign",
    "new": "nav.new_campaign",
    "categories": "nav.categories",
    "data": "nav.data",
}


def tab_title(name: str) -> str:
    """The browser tab's title: what is shown, then the product."""
    return f"{name} · Journeys"


def period_caption(period: Period) -> str:
    """The period's dates and zone; a one-day period names its day once."""
    if period.start == period.end:
        day = i18n.fmt_date(period.start, lang())
        return t("period.caption_day", date=day, tz=period.tz)
    return t(
        "period.caption",
        start=i18n.fmt_date(period.start, lang()),
        end=i18n.fmt_date(period.end, lang()),
        tz=period.tz,
    )


def require_frame(page: str) -> None:
    """Make sure app.py frames every page, even on a fresh server's first visit,
    and name the page this run draws (`page`, its key in the URL state).

    Streamlit treats a `pages/` folder beside the main script as its old
    multipage mode until the first `st.navigation` call in the process. A link
    to a page opened first after a restart would then run that page alone,
    without the sidebar or the demo set-up. Leaving that mode and rerunning
    hands the same URL to app.py's navigation instead. Every page calls this
    first, and `finish_page` last.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        if not st.session_state.get(FRAME_KEY):
            logger.info("leaving Streamlit's pages-folder mode for app.py's navigation")
            PagesManager.uses_pages_directory = False
            st.rerun()
        # Only AppTest comes back to that mode once the frame has run: it runs
        # a switched-to page alone. Keep the sidebar's choices for it.
        _url.begin()
        language_from_url()
        time_zone_from_url()
    _url.enter(page)
    # The browser tab names the page (the campaign card then names its campaign).
    st.set_page_config(page_title=tab_title(t(NAV_TITLES[page])))
    # Filled by `finish_page` when the link holds values the page cannot use.
    _url.run().notice = st.empty()


def page_link(
    page: str,
    path: str | st.Page,
    own: dict[str, list[str]] | None = None,
    **options: Any,
) -> None:
    """A link to another page that carries the shared keys and the state the
    page last had (or `own`), so it opens as the person left it."""
    st.page_link(path, query_params=_url.link(page, own), **options)


def switch_page(page: str, path: str, own: dict[str, list[str]]) -> None:
    """Open another page from code, with the shared keys and its own state `own`."""
    shared_to_url()
    _url.switch(page, path, own)


def uploader_texts_style(key: str, button: str, instructions: str) -> str:
    """A style that shows `button` and `instructions` in the uploader `key`
    in place of Streamlit's English texts."""
    scope = f".st-key-{key} [data-testid='stFileUploaderDropzone']"
    return (
        "<style>"
        f"{scope} button [data-testid='stMarkdownContainer'] p,"
        f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span"
        "{font-size:0}"
        f"{scope} button [data-testid='stMarkdownContainer'] p::after"
        f"{{content:{_text.css_string(button)};font-size:14px}}"
        f"{scope} [data-testid='stFileUploaderDropzoneInstructions'] span::after"
        f"{{content:{_text.css_string(instructions)};font-size:14px}}"
        "</style>"
    )


def uploader_sizes_style(key: str, sizes: Sequence[tuple[str, str]]) -> str:
    """A style that shows each file chosen in the uploader `key` with the size
    given for its name, in place of Streamlit's own. A chip is found by its
    accessible name, "<file name>, <size>"."""
    rules = []
    for name, size in sizes:
        chip = (
            f".st-key-{key} [data-testid='stFileChip']"
            f"[aria-label^={_text.css_string(name + ', ')}]"
            " [data-testid='stFileChipName'] + *"
        )
        rules.append(
            f"{chip}{{font-size:0}}"
            f"{chip}::after{{content:{_text.css_string(size)};font-size:12px}}"
        )
    return "<style>" + "".join(rules) + "</style>"
