"""The frame: page set-up, navigation, and the sidebar every page shares."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from journeys import i18n
from journeys.errors import JourneysError
from journeys.periods import known_time_zones
from ui import _ui

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
        _ui.language_to_url()
        _ui.time_zone_from_url()
        st.selectbox(_ui.t("sidebar.time_zone"), known_time_zones(), key=_ui.TZ_KEY)
        _ui.time_zone_to_url()
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
                if _ui.pinned_version()
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
    if workspace.is_demo():
        st.info(_ui.t("banner.demo"), icon=":material/science:")


st.session_state[_ui.FRAME_KEY] = True
_ui.language_from_url()
pages = [
    st.Page(
        "pages/campaigns.py",
        title=_ui.t("nav.campaigns"),
        icon=":material/campaign:",
        url_path="campaigns",
        default=True,
    ),
    st.Page(
        "pages/campaign.py",
        title=_ui.t("nav.campaign"),
        icon=":material/insights:",
        url_path="campaign",
    ),
    st.Page(
        "pages/new.py",
        title=_ui.t("nav.new_campaign"),
        icon=":material/add_circle:",
        url_path="new",
    ),
    st.Page(
        "pages/categories.py",
        title=_ui.t("nav.categories"),
        icon=":material/label:",
        url_path="categories",
    ),
    st.Page(
        "pages/data.py",
        title=_ui.t("nav.data"),
        icon=":material/database:",
        url_path="data",
    ),
]
# The navigation is declared before the first start's long wait, so the
# sidebar lists the pages and not the files of the pages folder meanwhile.
navigation = st.navigation(pages, position="sidebar")
first_start()
sidebar()
try:
    navigation.run()
except JourneysError as error:
    # A domain error no page handled itself (figures that could not be
    # computed, say) is shown in the user's language, not as a traceback.
    logger.warning("page %s stopped: %s", navigation.url_path, error)
    _ui.show_error(error)
