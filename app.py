"""The frame: page set-up, navigation, and the sidebar every page shares."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from journeys import i18n
from journeys.errors import JourneysError
from journeys.periods import listed_time_zones
from ui import _ui, _url

logging.basicConfig(
    level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s"
)

# A local icon file: a Material icon name would make the browser fetch the
# favicon from Google's font servers, and the app must work offline.
logger = logging.getLogger("journeys.app")

ICON = Path(__file__).parent / "assets" / "favicon.png"
st.set_page_config(page_title="Journeys", page_icon=str(ICON), layout="wide")


def sidebar() -> None:
    with st.sidebar:
        st.radio(
            i18n.t("sidebar.language", _ui.lang()),
            i18n.LANGS,
            format_func=lambda code: {"en": "English", "fr": "Français"}[code],
            horizontal=True,
            key=_ui.LANG_KEY,
        )
        _ui.time_zone_from_url()
        zones = listed_time_zones()
        if _ui.tz() not in zones:  # an alias from a link stays shown as chosen
            zones = (*zones, _ui.tz())
        st.selectbox(_ui.t("sidebar.time_zone"), zones, key=_ui.TZ_KEY)
        if st.button(
            _ui.t("sidebar.refresh"),
            icon=":material/refresh:",
            help=_ui.t("sidebar.refresh_help"),
            key="sidebar_refresh",
            width="stretch",
        ):
            _ui.refresh_data()
        snapshot = _ui.analytics().snapshot
        if snapshot is None:
            st.caption(_ui.t("sidebar.no_data"))
        else:
            key = (
                "sidebar.snapshot_pinned"
                if _ui.pinned_version() is not None
                else "sidebar.snapshot"
            )
            when = i18n.fmt_datetime(snapshot.created_at, _ui.lang(), _ui.tz())
            st.caption(_ui.t(key, version=snapshot.version, when=when))


def first_start() -> None:
    """Fill an empty data folder with the demo set, once, with a visible wait."""
    workspace = _ui.workspace()
    if workspace.is_empty():
        with st.spinner(_ui.t("demo.generating")):
            if workspace.ensure_demo():
                _ui.refresh_data()
    share = workspace.demo_share()
    if share == "only":
        st.info(_ui.t("banner.demo"), icon=":material/science:")
    elif share == "mixed":
        st.info(_ui.t("banner.demo_mixed"), icon=":material/science:")


@dataclass(frozen=True)
class Entry:
    """A page of the navigation, with what the sidebar's link to it shows."""

    key: str  # the page's name in the URL state (ui/_url.py)
    title: str
    icon: str
    page: st.Page
    visible: bool


def entry(
    key: str, file: str | Path, *, title: str, icon: str, **options: Any
) -> Entry:
    page = st.Page(file, title=title, icon=icon, **options)
    return Entry(key, title, icon, page, options.get("visibility") != "hidden")


def navigation_links(box: Any, entries: list[Entry]) -> None:
    """The sidebar's page list, drawn after the page ran.

    Streamlit's own menu opens a page with an empty query string; these links
    carry the language, zone and pinned snapshot, and the state each page was
    left in, so going back to a page shows it as it was (see ui/_url.py).
    """
    _ui.shared_to_url()
    with box:
        for item in entries:
            if item.visible:
                _ui.page_link(item.key, item.page, label=item.title, icon=item.icon)


_url.begin()
st.session_state[_ui.FRAME_KEY] = True
_ui.language_from_url()
entries = [
    # The list is the home page, served at the root. A hidden twin serves the
    # same file at /campaigns, the path its name promises.
    entry(
        "campaigns",
        Path("pages", "campaigns.py"),
        title=_ui.t("nav.campaigns"),
        icon=":material/campaign:",
        url_path="home",
        default=True,
    ),
    entry(
        "campaigns",
        "pages/campaigns.py",
        title=_ui.t("nav.campaigns"),
        icon=":material/campaign:",
        url_path="campaigns",
        visibility="hidden",
    ),
    entry(
        "campaign",
        "pages/campaign.py",
        title=_ui.t("nav.campaign"),
        icon=":material/insights:",
        url_path="campaign",
    ),
    entry(
        "new",
        "pages/new.py",
        title=_ui.t("nav.new_campaign"),
        icon=":material/add_circle:",
        url_path="new",
    ),
    entry(
        "categories",
        "pages/categories.py",
        title=_ui.t("nav.categories"),
        icon=":material/label:",
        url_path="categories",
    ),
    entry(
        "data",
        "pages/data.py",
        title=_ui.t("nav.data"),
        icon=":material/database:",
        url_path="data",
    ),
]
# The navigation is declared before the first start's long wait, so the
# sidebar does not list the files of the pages folder meanwhile.
navigation = st.navigation([item.page for item in entries], position="hidden")
links = st.sidebar.container()
first_start()
sidebar()
try:
    navigation.run()
except JourneysError as error:
    # A domain error no page handled itself (figures that could not be
    # computed, say) is shown in the user's language, not as a traceback.
    logger.warning("page %s stopped: %s", navigation.url_path, error)
    _ui.show_error(error)
    _ui.finish_page()
except Exception:
    navigation_links(links, entries)  # the way to the other pages stays
    raise
navigation_links(links, entries)
