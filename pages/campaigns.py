"""Campaigns: every campaign with its status, type, category and headline figures."""

from __future__ import annotations

import polars as pl
import streamlit as st

from journeys import i18n
from pages import _ui

lang = _ui.lang()
st.title(_ui.t("nav.campaigns"))
period = _ui.period_picker("list")
st.caption(_ui.period_caption(period))

rows = _ui.figures("campaign_list", period=period)
if rows.is_empty():
    st.info(_ui.t("campaigns.empty_store"))
    st.stop()

table = rows.select(
    pl.col("title").alias(_ui.t("campaigns.col.name")),
    pl.col("status")
    .map_elements(lambda s: i18n.status_label(s, lang), return_dtype=pl.String)
    .alias(_ui.t("campaigns.col.status")),
    pl.col("entry_type")
    .map_elements(lambda s: i18n.entry_type_label(s, lang), return_dtype=pl.String)
    .alias(_ui.t("campaigns.col.type")),
    pl.struct("category_name", "category_is_default")
    .map_elements(
        lambda r: i18n.category_label(
            r["category_name"], r["category_is_default"], lang
        ),
        return_dtype=pl.String,
    )
    .alias(_ui.t("campaigns.col.category")),
    pl.col("total_reach")
    .map_elements(
        lambda v: i18n.fmt_int(v, lang), return_dtype=pl.String, skip_nulls=False
    )
    .alias(_ui.t("metric.total_reach")),
    pl.col("goals_reached")
    .map_elements(
        lambda v: i18n.fmt_int(v, lang), return_dtype=pl.String, skip_nulls=False
    )
    .alias(_ui.t("metric.goals_reached")),
    pl.col("avg_ctr_pct")
    .map_elements(
        lambda v: i18n.fmt_pct(v, lang), return_dtype=pl.String, skip_nulls=False
    )
    .alias(_ui.t("metric.avg_ctr")),
)
st.dataframe(table, hide_index=True, width="stretch")
