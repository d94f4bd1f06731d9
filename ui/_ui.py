"""What every page shares: the workspace, the language, cached figures, errors.

Pages stay thin: they call the core through the helpers here and render.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

import polars as pl
import streamlit as st

from journeys import i18n
from journeys.errors import JourneysError
from journeys.metrics import Analytics, ListFilters
from journeys.periods import DEFAULT_TZ, PRESETS, Period, is_time_zone, preset_period
from journeys.workspace import Workspace

logger = logging.getLogger(__name__)

T = TypeVar("T")

FRAME_KEY = "_frame_ran"
LANG_KEY = "lang"
TZ_KEY = "tz"
VERSION_KEY = "v"
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


def pinned_version() -> int | None:
    """A shared link may pin a snapshot version (`?v=3`) so its figures hold still."""
    raw = st.query_params.get(VERSION_KEY)
    if raw is None:
        return None
    if raw.isdigit() and int(raw) in _known_versions():
        return int(raw)
    del st.query_params[VERSION_KEY]
    return None


def analytics() -> Analytics:
    return _analytics(pinned_version())


def refresh_data() -> None:
    """Read the newest snapshot and forget every cached figure.

    The snapshot is loaded again only when a newer version exists.
    """
    _known_versions.clear()
    cached_frame.clear()
    cached_summary.clear()
    newest = _analytics(None)
    newest.refresh()
    workspace().reconcile(newest)


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

    st.error renders markdown, so names quoted in the message are escaped.
    """
    params = {
        name: escape_markdown(value) if isinstance(value, str) else value
        for name, value in error.params.items()
    }
    safe = type(error)(error.key, escape_markdown(str(error)), **params)
    safe.params = params
    st.error(i18n.error_text(safe, lang()), icon=":material/error:")


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


MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()#+-.!|<>~$:=")


def escape_markdown(text: str) -> str:
    """A name from data as literal text in any element that renders markdown."""
    return "".join("\\" + c if c in MARKDOWN_SPECIALS else c for c in text)


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
# changes. These helpers keep codes in the URL instead ("fr", "7d"): the URL
# seeds the widget when it changed from outside (a pasted link, the Back
# button), and the widget's value is written back after it is drawn.

Parse = Callable[[list[str]], Any]


def _written_key(key: str) -> str:
    return f"_url_written_{key}"


def seed_from_url(key: str, parse: Parse, default: Any) -> None:
    """Give the widget `key` the URL's value when the URL changed from outside.

    `parse` turns the URL's values for `key` into a widget value, or None when
    they are malformed (unknown, repeated, unparsable): the widget then keeps
    its value and the bad value leaves the URL when it is written back. A
    widget that was not drawn on the last run lost its state; it comes back
    from what was last written to the URL.
    """
    raw = st.query_params.get_all(key)
    written = st.session_state.get(_written_key(key))
    if key not in st.session_state:
        restored = parse(written) if written else None
        st.session_state[key] = default if restored is None else restored
    if written is not None and raw in (written, []):
        # Unchanged, or this page's keys were dropped by a move to another page.
        return
    value = parse(raw) if raw else None
    if value is not None:
        st.session_state[key] = value


def write_to_url(key: str, codes: list[str]) -> None:
    """Put the widget's codes in the URL (none for the default value)."""
    if st.query_params.get_all(key) != codes:
        if codes:
            st.query_params[key] = codes
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state[_written_key(key)] = codes


def one_of(options: Sequence[str]) -> Parse:
    """A parser for a single code among `options`."""
    return lambda raw: raw[0] if len(raw) == 1 and raw[0] in options else None


def _date_range(raw: list[str]) -> tuple[date, date] | None:
    if len(raw) != 2:
        return None
    try:
        first, second = date.fromisoformat(raw[0]), date.fromisoformat(raw[1])
    except ValueError:
        return None
    return (min(first, second), max(first, second))


def language_from_url() -> None:
    """Called first in app.py: the page's texts need the language before any widget."""
    seed_from_url(LANG_KEY, one_of(i18n.LANGS), i18n.DEFAULT_LANG)


def language_to_url() -> None:
    value = lang()
    write_to_url(LANG_KEY, [] if value == i18n.DEFAULT_LANG else [value])


def time_zone_from_url() -> None:
    seed_from_url(
        TZ_KEY,
        lambda raw: raw[0] if len(raw) == 1 and is_time_zone(raw[0]) else None,
        DEFAULT_TZ,
    )


def time_zone_to_url() -> None:
    write_to_url(TZ_KEY, [] if tz() == DEFAULT_TZ else [tz()])


def period_picker(prefix: str, *, launched: date | None = None) -> Period:
    """The stats period: a preset or a custom range, kept in the URL as codes.

    `<prefix>_period` holds the preset ("7d", "custom", ...), `<prefix>_range`
    the custom range's first and last day. A half-picked or reversed custom
    range never raises: the ordered range is used and the user is told.
    """
    today = preset_period("today", tz()).end
    presets = [p for p in PRESETS if p != "launch" or launched is not None]
    preset_key, range_key = f"{prefix}_period", f"{prefix}_range"
    keep_choices(preset_key)
    seed_from_url(preset_key, one_of(presets), "30d")
    if st.session_state[preset_key] not in presets:
        st.session_state[preset_key] = "30d"
    preset = st.selectbox(
        t("period.label"),
        presets,
        format_func=labeller(presets, lambda p: t(f"period.{p}")),
        key=preset_key,
    )
    if preset != "custom":
        write_to_url(preset_key, [] if preset == "30d" else [preset])
        write_to_url(range_key, [])
        return preset_period(preset or "30d", tz(), launched=launched)
    seed_from_url(range_key, _date_range, (today - timedelta(days=29), today))
    picked = st.date_input(
        t("period.range"),
        max_value=today + timedelta(days=366),
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


def period_caption(period: Period) -> str:
    return t(
        "period.caption",
        start=i18n.fmt_date(period.start, lang()),
        end=i18n.fmt_date(period.end, lang()),
        tz=period.tz,
    )


def require_frame() -> None:
    """Make sure app.py frames every page, even on a fresh server's first visit.

    Streamlit treats a `pages/` folder beside the main script as its old
    multipage mode until the first `st.navigation` call in the process. A link
    to a page opened first after a restart would then run that page alone,
    without the sidebar or the demo set-up. Leaving that mode and rerunning
    hands the same URL to app.py's navigation instead. Every page calls this
    first.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if not PagesManager.uses_pages_directory:
        return
    if st.session_state.get(FRAME_KEY):
        # Only AppTest comes back to that mode once the frame has run: it runs
        # a switched-to page alone. Keep the sidebar's choices for it.
        language_from_url()
        time_zone_from_url()
        return
    logger.info("leaving Streamlit's pages-folder mode for app.py's navigation")
    PagesManager.uses_pages_directory = False
    st.rerun()
