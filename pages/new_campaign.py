"""Work in progress: being built in its own issue."""

import streamlit as st

from pages import _ui

st.title(_ui.t("nav.new_campaign"))
