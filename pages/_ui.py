"""What every page shares: the workspace, the language, cached figures, errors.

Pages stay thin: they call the core through the helpers here and render.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
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


@st.cache_resource(show_spinner=False)
def _analytics(version: int | None) -> Analytics:
    return workspace().analytics(version)


def pinned_version() -> int | None:
    """A shared link may pin a snapshot version (`?v=3`) so its figures hold still."""
    raw = st.query_params.get(VERSION_KEY)
    if raw is None:
        return None
    if raw.isdigit():
        known = {s.version for s in workspace().store.history()}
        if int(raw) in known:
            return int(raw)
    del st.query_params[VERSION_KEY]
    return None


def analytics() -> Analytics:
    return _analytics(pinned_version())


def refresh_data() -> None:
    """Read the newest snapshot and forget every cached figure."""
    for cached in (_analytics,):
        cached.clear()
    cached_frame.clear()
    cached_summary.clear()
    _analytics(None).refresh()


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


def show_error(error: JourneysError) -> None:
    """Every domain error is rendered here, in the user's language."""
    st.error(i18n.error_text(error, lang()), icon=":material/error:")


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


def period_picker(prefix: str, *, launched: date | None = None) -> Period:
    """The stats period: a preset, or a custom range; bound to the URL.

    A half-picked or reversed custom range never raises: the last complete,
    ordered range is used and the user is told.
    """
    today = preset_period("today", tz()).end
    presets = [p for p in PRESETS if p != "launch" or launched is not None]
    preset = st.selectbox(
        t("period.label"),
        presets,
        index=presets.index("30d"),
        format_func=lambda p: t(f"period.{p}"),
        key=f"{prefix}_period",
        bind="query-params",
    )
    if preset != "custom":
        return preset_period(preset or "30d", tz(), launched=launched)
    picked = st.date_input(
        t("period.range"),
        value=(today - timedelta(days=29), today),
        max_value=today + timedelta(days=366),
        format=t("period.date_format"),
        key=f"{prefix}_range",
        bind="query-params",
    )
    days = [d for d in (picked if isinstance(picked, tuple | list) else [picked]) if d]
    if len(days) < 2:
        st.caption(t("period.pick_end"))
        start = end = days[0] if days else today
    else:
        start, end = min(days[0], days[1]), max(days[0], days[1])
    return Period(start, end, tz())


def period_caption(period: Period) -> str:
    return t(
        "period.caption",
        start=i18n.fmt_date(period.start, lang()),
        end=i18n.fmt_date(period.end, lang()),
        tz=period.tz,
    )
