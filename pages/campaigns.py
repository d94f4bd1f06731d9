"""Campaigns (home): every campaign with its status, type, category and headline
figures; search, status tabs, filters, sort and period live in the URL."""

from __future__ import annotations

import streamlit as st

from journeys import i18n
from journeys.catalog import ACTIONS_BY_STATUS
from journeys.metrics import SORTS
from ui import _campaign_list as page
from ui import _ui

_ui.require_frame("campaigns")

lang, tz = _ui.lang(), _ui.tz()
_ui.show_flash()
categories = _ui.workspace().catalog.categories()
category_names = {
    c.id: i18n.category_label(c.name, c.is_default, lang) for c in categories
}
page.sync_from_url(category_names)

# -- header and controls -------------------------------------------------------------
with st.container(
    horizontal=True, vertical_alignment="center", horizontal_alignment="distribute"
):
    st.title(_ui.t("nav.campaigns"), anchor=False, width="content")
    with st.container(
        horizontal=True,
        horizontal_alignment="right",
        vertical_alignment="center",
        width="content",
        gap="small",
    ):
        st.page_link(
            "pages/new.py",
            label=_ui.t("list.create"),
            icon=":material/add_circle:",
        )
        open_export = st.button(
            _ui.t("list.export.open"), icon=":material/download:", key="list_export"
        )
search_col = st.container()
category_col, period_col = st.columns(2)
search = search_col.text_input(
    _ui.t("list.search"),
    key=page.SEARCH,
    max_chars=page.SEARCH_MAX,
    placeholder=_ui.t("list.search_placeholder"),
    icon=":material/search:",
)
if page.search_was_cut(search or ""):
    search_col.caption(_ui.t("list.search_cut", max=page.SEARCH_MAX))
category_col.selectbox(
    _ui.t("list.category"),
    [page.ANY, *category_names],
    format_func=page.labeller(
        [page.ANY, *category_names],
        lambda c: category_names.get(c, _ui.t("list.any_category")),
    ),
    key=page.CATEGORY,
)
values = page.state()
more_set = page.more_filters_set(values)
# Open when a link brings filters with it, then as the person leaves it: a new
# label (its count) makes a new expander, which opens from the remembered state.
st.session_state.setdefault(page.MORE_FILTERS_OPEN, more_set > 0)
with st.expander(
    _ui.t("list.more_filters_set", count=more_set)
    if more_set
    else _ui.t("list.more_filters"),
    expanded=st.session_state[page.MORE_FILTERS_OPEN],
    key=page.MORE_FILTERS,
    on_change=page.remember_more_filters,
    icon=":material/tune:",
):
    type_col, from_col, to_col = st.columns(3)
    type_col.selectbox(
        _ui.t("list.type"),
        [page.ANY, *page.ENTRY_TYPES],
        format_func=page.labeller(
            [page.ANY, *page.ENTRY_TYPES],
            lambda e: i18n.entry_type_label(e, lang) if e else _ui.t("list.any_type"),
        ),
        key=page.ENTRY_TYPE,
    )
    low, high = _ui.date_bounds()
    from_col.date_input(
        _ui.t("list.launched_from"),
        value=None,
        min_value=low,
        max_value=high,
        format=_ui.t("period.date_format"),
        key=page.LAUNCH_FROM,
    )
    to_col.date_input(
        _ui.t("list.launched_to"),
        value=None,
        min_value=low,
        max_value=high,
        format=_ui.t("period.date_format"),
        key=page.LAUNCH_TO,
    )
    # The direction's two labels need more than a third of a narrow screen.
    sort_col, dir_col = st.columns([1, 2])
    sort_col.selectbox(
        _ui.t("list.sort"),
        SORTS,
        format_func=page.labeller(SORTS, lambda s: _ui.t(f"list.sort.{s}")),
        key=page.SORT,
        on_change=page.on_sort_change,
    )
    dir_col.segmented_control(
        _ui.t("list.direction"),
        page.DIRECTIONS,
        format_func=page.labeller(
            page.DIRECTIONS, lambda d: _ui.t(f"list.direction.{d}")
        ),
        required=True,
        key=page.DIRECTION,
    )
    values = page.state()
    start, end = values[page.LAUNCH_FROM], values[page.LAUNCH_TO]
    if start and end and end < start:
        st.caption(_ui.t("list.launch_swapped"))

counts = page.status_counts(page.list_filters({**values, page.STATUS: "all"}), tz)
st.segmented_control(
    _ui.t("list.status"),
    page.STATUS_TABS,
    format_func=page.labeller(
        page.STATUS_TABS,
        lambda s: _ui.t(
            "list.tab",
            label=_ui.t(f"list.tab.{s}"),
            count=i18n.fmt_int(counts.get(s, 0), lang),
        ),
    ),
    required=True,
    key=page.STATUS,
    label_visibility="collapsed",
)
values = page.state()
filters = page.list_filters(values)
with period_col:
    period = _ui.period_picker("list", launched=page.first_launch(filters, tz))
    preset = st.session_state.get("list_period")
    if preset == "launch":
        st.caption(_ui.t("list.since_launch_help"))
st.caption(_ui.period_caption(period))

# -- the list ---------------------------------------------------------------------------
rows = _ui.figures("campaign_list", period=period, filters=filters)
actions_box = st.container()
picked: list[int] = []
if rows.is_empty():
    if _ui.workspace().catalog.is_empty():
        st.info(_ui.t("list.empty.store"), icon=":material/campaign:")
    elif counts["all"] == 0:
        st.info(_ui.t("list.empty.filters"), icon=":material/filter_alt_off:")
        st.button(
            _ui.t("list.clear_filters"), key="list_clear", on_click=page.reset_filters
        )
    else:
        label = _ui.t(f"list.tab.{values[page.STATUS]}")
        st.info(_ui.t("list.empty.tab", status=label), icon=":material/inbox:")
else:
    ids = rows["id"].to_list()
    selected = values[page.SELECTED]
    _ui.shared_to_url()  # the links to the cards carry them
    event = st.dataframe(
        page.table(rows, lambda i: page.card_link(i, preset, period)),
        key=page.table_key(ids),
        on_select="rerun",
        selection_mode="single-row",
        selection_default=(
            {"selection": {"rows": [ids.index(selected)]}} if selected in ids else None
        ),
        hide_index=True,
        width="stretch",
        height=min(36 + 35 * len(ids), 640),
        column_config=page.column_config(),
    )
    picked = event.selection.rows
    st.session_state[page.SELECTED] = ids[picked[0]] if picked else None
    st.caption(_ui.t_count("list.count", len(ids)))
page.write_url()
if open_export:
    page.open_dialog("export")

# -- the selected campaign's actions ----------------------------------------------------
with actions_box:
    if rows.is_empty():
        pass
    elif not picked:
        st.caption(_ui.t("list.select_hint"))
    else:
        row = rows.row(picked[0], named=True)
        bar = st.container(
            horizontal=True, vertical_alignment="center", border=True, gap="small"
        )
        with bar:
            _ui.status_badge(row["status"])
            st.text(row["title"], width="stretch")
            # A link, not a menu entry: it opens the card in one step of the
            # browser's history, so Back returns to this list as it is.
            _ui.page_link(
                "campaign",
                "pages/campaign.py",
                page.card_state(row["id"], preset, period),
                label=_ui.t("list.action.view"),
                icon=":material/visibility:",
            )
            action = st.menu_button(
                _ui.t("list.options"),
                list(ACTIONS_BY_STATUS[row["status"]]),
                # The card's menu labels; Restore asks where, so it has its own.
                format_func=page.labeller(
                    page.ACTIONS,
                    lambda a: _ui.t(
                        "list.action.restore" if a == "restore" else f"actions.{a}"
                    ),
                ),
                icon=":material/more_vert:",
                key="list_options",
            )
            show_stats = st.button(
                _ui.t("list.messages.open"),
                icon=":material/bar_chart:",
                key="list_stats",
            )
        if show_stats:
            page.open_dialog("messages", row["id"])
        if action in ("deactivate", "restore"):
            page.open_dialog(action, row["id"])
        elif action == "rename":
            st.session_state[page.RENAMING] = row["id"]
        elif action is not None:
            page.apply(row, action)
        if st.session_state.get(page.RENAMING) == row["id"]:
            page.rename_form(row)
        st.space("small")  # room for the table's toolbar, drawn above its corner
page.show_dialog(rows, preset, period, filters)
_ui.finish_page()
