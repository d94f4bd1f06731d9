"""The campaign card's sections, each a function the page calls in order."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

import polars as pl
import streamlit as st

from journeys import charts, i18n
from journeys.catalog import DEFAULT_CATEGORY_ID, Campaign, Change
from journeys.errors import JourneysError
from journeys.export import (
    DIALECTS,
    CsvFormat,
    campaign_summary_csv,
    card_file_name,
    message_stats_csv,
)
from journeys.importers.rules import ID_LIMITS
from journeys.metrics import reports
from journeys.periods import Period, today_in, zone
from ui import _actions, _data_files, _ui, _url

logger = logging.getLogger(__name__)

ID_PARAM = "id"
# The longest campaign id an import can bring (and the catalog holds).
ID_MAX = ID_LIMITS["campaign_id"]
LIST_PAGE = "pages/campaigns.py"
HEADLINE: tuple[tuple[str, str], ...] = (
    ("total_reach", "total_reach"),
    ("goals_reached", "goals_reached"),
    ("avg_ctr_pct", "avg_ctr"),
)
SUPPORTING: tuple[tuple[str, str], ...] = (
    ("unique_users", "unique_users"),
    ("entries", "entries"),
    ("users_in_journey", "users_in_journey"),
    ("drops", "drops"),
    ("total_sends", "total_sends"),
    ("pooled_ctr_pct", "pooled_ctr"),
    ("goal_conversion_pct", "goal_conversion"),
)
ACTIVITY_SERIES = ("sends", "opens", "clicks", "goals")
FUNNEL_STEPS = ("entered", "reached", "opened", "clicked", "goal")


def is_well_formed(campaign_id: str) -> bool:
    return 0 < len(campaign_id) <= ID_MAX and campaign_id.isprintable()


def fmt_value(column: str, value: Any) -> str:
    """A figure for display: percentages by `_pct` in the name, else a count."""
    lang = _ui.lang()
    return (
        i18n.fmt_pct(value, lang)
        if column.endswith("_pct")
        else i18n.fmt_int(value, lang)
    )


def fmt_change(column: str, now: Any, before: Any) -> str | None:
    """The change against the previous period; None when either is undefined."""
    if now is None or before is None:
        return None
    if column.endswith("_pct"):
        return i18n.fmt_delta_points(now - before, _ui.lang())
    diff = int(now) - int(before)
    return ("+" if diff >= 0 else "-") + i18n.fmt_int(abs(diff), _ui.lang())


# -- no campaign, or a wrong one -------------------------------------------------


def chosen_id() -> str | None:
    """The campaign the card shows: the URL's `id` when the URL changed from
    outside, else the one shown last (picked, cloned). A repeated `id` is
    ambiguous: no campaign, and the picker."""
    _url.seed(
        _actions.CARD_ID,
        lambda raw: raw[0] if len(raw) == 1 else None,
        None,
        param=ID_PARAM,
    )
    value = st.session_state.get(_actions.CARD_ID)
    if not isinstance(value, str) or not value:
        return None
    _url.put(ID_PARAM, [value])
    return value


def back_to_list() -> None:
    """A link to the list as the person left it."""
    _ui.page_link(
        "campaigns", LIST_PAGE, label=_ui.t("card.back"), icon=":material/arrow_back:"
    )


def campaign_picker() -> None:
    """Without an id in the URL: choose a campaign instead of an error."""
    st.title(_ui.t("nav.campaign"), anchor=False)
    frame = _ui.workspace().catalog.campaigns_frame().sort("title")
    if frame.is_empty():
        st.info(_ui.t("card.no_campaigns"))
        back_to_list()
        return
    titles = dict(zip(frame["id"].to_list(), frame["title"].to_list(), strict=True))

    def open_picked() -> None:
        picked = st.session_state.get("card_pick")
        if picked:
            st.session_state[_actions.CARD_ID] = picked
            st.session_state["card_pick"] = None

    st.selectbox(
        _ui.t("card.pick"),
        list(titles),
        index=None,
        format_func=lambda cid: titles.get(cid, cid),
        placeholder=_ui.t("card.pick_placeholder"),
        key="card_pick",
        on_change=open_picked,
    )


def not_found(campaign_id: str = "") -> None:
    st.title(_ui.t("nav.campaign"), anchor=False)
    shown = campaign_id[: _ui.QUOTED_MAX]  # a link can carry anything
    st.error(_ui.t_md("card.not_found", id=shown), icon=":material/search_off:")
    back_to_list()


def load(campaign_id: str) -> Campaign | None:
    if not is_well_formed(campaign_id):
        logger.info("malformed campaign id in the URL")
        return None
    try:
        return _ui.workspace().catalog.get(campaign_id)
    except JourneysError:
        logger.info("unknown campaign %r", campaign_id)
        return None


# -- overview ---------------------------------------------------------------------


def _field(label: str, value: str) -> None:
    st.caption(label)
    st.text(value)


def overview(campaign: Campaign) -> None:
    lang, tz = _ui.lang(), _ui.tz()
    _ui.plain_heading(campaign.title)
    with st.container(horizontal=True, vertical_alignment="center"):
        _ui.status_badge(campaign.status)
        _actions.campaign_actions(
            campaign.id,
            campaign.status,
            campaign.title,
            restore_to=campaign.restore_to,
            key_prefix="card",
        )
    first, second, third = st.columns(3)
    with first:
        _field(
            _ui.t("card.last_modified"),
            _ui.t(
                "card.modified_value",
                when=i18n.fmt_datetime(campaign.modified_at, lang, tz),
                who=campaign.modified_by,
            ),
        )
    with second:
        category_selector(campaign)
    with third:
        _field(
            _ui.t("card.entry_type"), i18n.entry_type_label(campaign.entry_type, lang)
        )
    first, second, third = st.columns(3)
    with first:
        _field(_ui.t("metric.messages"), i18n.fmt_int(len(campaign.messages), lang))
    with second:
        _field(_ui.t("card.created"), i18n.fmt_datetime(campaign.created_at, lang, tz))
    with third:
        _field(
            _ui.t("card.launched"),
            i18n.fmt_datetime(campaign.launched_at, lang, tz)
            if campaign.launched_at
            else _ui.t("card.never_launched"),
        )
    st.caption(_ui.t("card.uuid"))
    st.code(campaign.id, language=None, wrap_lines=True)


def category_selector(campaign: Campaign) -> None:
    """Changing the category applies at once and is recorded in the change log."""
    categories = _ui.workspace().catalog.categories()
    labels = {
        c.id: i18n.category_label(c.name, c.is_default, _ui.lang()) for c in categories
    }
    ids = list(labels)
    # The key follows the campaign's version, so a change made elsewhere shows.
    key = f"card_category_{campaign.version}"

    def change() -> None:
        picked = st.session_state.get(key)
        if picked and picked != campaign.category_id:
            done = _ui.guarded(
                lambda: (
                    _ui.workspace().catalog.set_category(
                        campaign.id,
                        picked,
                        _ui.actor(),
                        expected_category_id=campaign.category_id,
                    )
                    or True
                )
            )
            if done:
                _ui.flash("card.category_changed", category=labels.get(picked, picked))

    if st.session_state.get(key) not in ids:
        st.session_state[key] = (
            campaign.category_id if campaign.category_id in ids else ids[0]
        )
    _ui.keep_choices(key)
    st.selectbox(
        _ui.t("card.category"),
        ids,
        format_func=lambda cid: labels.get(cid, cid),
        key=key,
        on_change=change,
    )


# -- figures ----------------------------------------------------------------------


def headline(
    summary: dict[str, Any], previous: dict[str, Any] | None, compared: Period
) -> None:
    """The three headline metrics with their change against `previous`, the
    figures of the period `compared`; `--` without stats.

    While the period runs, `compared` stops after as much time as has passed
    in it (see `Period.previous`), and the change says so.
    """
    has_stats = bool(summary.get("has_stats"))
    before = previous if previous and previous.get("has_stats") else None
    # Literal keys: a test finds them and checks both plural forms exist.
    description = (
        _ui.t_count("card.vs_same_time", compared.days)
        if compared.is_partial
        else _ui.t_count("card.vs_previous", compared.days)
    )
    row = st.container(horizontal=True, wrap=True, gap="medium", key="card_headline")
    for field, key in HEADLINE:
        now = summary.get(field) if has_stats else None
        change = fmt_change(field, now, before.get(field) if before else None)
        # No change, or one that rounds to none ("-0.00 %"), is no rise or fall:
        # no sign, no arrow, no colour.
        flat = change is not None and not any(c in "123456789" for c in change)
        # A metric's value is markdown: escaped, `--` stays two hyphens
        # instead of turning into a dash.
        row.metric(
            _ui.t(f"metric.{key}"),
            _ui.escape_markdown(fmt_value(field, now)),
            delta=change.lstrip("+-") if change and flat else change,
            delta_color="off" if flat else "normal",
            delta_arrow="off" if flat else "auto",
            help=_ui.t(f"metric.{key}_help"),
            border=True,
            width=250,
            delta_description=description if change else None,
        )


def supporting(summary: dict[str, Any]) -> None:
    """The supporting figures, wrapping onto more rows on narrow screens.

    Unlike the headline, they show their counts even without events in the
    period: users may still be in the journey, and zero entries is a fact.
    """
    row = st.container(horizontal=True, wrap=True, gap="medium")
    for field, key in SUPPORTING:
        value = summary.get(field)
        row.metric(
            _ui.t(f"metric.{key}"),
            _ui.escape_markdown(fmt_value(field, value)),
            help=_ui.t(f"metric.{key}_help"),
            width=190,
        )


def message_table(messages: pl.DataFrame) -> pl.DataFrame:
    """Per-message figures as display texts, in journey order."""
    lang = _ui.lang()

    # A figure the channel does not report reads `--`, never a 0 that would
    # pass for "none happened" (DESIGN.md section 4); the CSV leaves it empty.
    def applies(channel: str, figure: str, value: Any) -> str:
        return i18n.fmt_int(value, lang) if reports(channel, figure) else i18n.UNDEFINED

    rows = []
    for row in messages.iter_rows(named=True):
        channel = row["channel"]
        rows.append(
            {
                _ui.t("card.col.message"): row["message_name"],
                _ui.t("card.col.channel"): i18n.channel_label(channel, lang),
                _ui.t("card.col.sends"): i18n.fmt_int(row["sends"], lang),
                _ui.t("card.col.deliveries"): applies(
                    channel, "deliveries", row["deliveries"]
                ),
                _ui.t("card.col.opens"): applies(channel, "opens", row["opens"]),
                _ui.t("card.col.open_rate"): i18n.fmt_pct(row["open_rate_pct"], lang),
                _ui.t("card.col.clicks"): i18n.fmt_int(row["clicks"], lang),
                _ui.t("card.col.ctr"): i18n.fmt_pct(row["ctr_pct"], lang),
                _ui.t("card.col.unsubscribes"): applies(
                    channel, "unsubscribes", row["unsubscribes"]
                ),
                _ui.t("card.col.skips"): applies(channel, "skips", row["skips"]),
            }
        )
    return pl.DataFrame(rows, schema=list(rows[0]) if rows else None)


def channel_table(channels: pl.DataFrame) -> pl.DataFrame:
    lang = _ui.lang()
    return pl.DataFrame(
        [
            {
                _ui.t("card.col.channel"): i18n.channel_label(row["channel"], lang),
                _ui.t("card.col.sends"): i18n.fmt_int(row["sends"], lang),
                _ui.t("card.col.deliveries"): (
                    i18n.fmt_int(row["deliveries"], lang)
                    if reports(row["channel"], "deliveries")
                    else i18n.UNDEFINED
                ),
                _ui.t("card.col.opens"): (
                    i18n.fmt_int(row["opens"], lang)
                    if reports(row["channel"], "opens")
                    else i18n.UNDEFINED
                ),
                _ui.t("card.col.clicks"): i18n.fmt_int(row["clicks"], lang),
                _ui.t("card.col.ctr"): i18n.fmt_pct(row["ctr_pct"], lang),
            }
            for row in channels.iter_rows(named=True)
        ]
    )


TEXT_COLUMNS = ("card.col.message", "card.col.channel")


def table(frame: pl.DataFrame, empty_key: str) -> None:
    """Figures are pre-formatted texts: right-aligned so their digits line up."""
    if frame.is_empty():
        st.caption(_ui.t(empty_key))
        return
    texts = {_ui.t(key) for key in TEXT_COLUMNS}
    config = {
        column: st.column_config.TextColumn(alignment="right")
        for column in frame.columns
        if column not in texts
    }
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)


# -- charts -----------------------------------------------------------------------


# Axis numbers and dates in the chart follow the language (Vega's d3 locales).
CHART_LOCALES: dict[str, dict[str, Any]] = {
    "fr": {
        "number": {
            "decimal": ",",
            "thousands": "\u202f",
            "grouping": [3],
            "currency": ["", "\u00a0€"],
        },
        "time": {
            "dateTime": "%A %e %B %Y à %X",
            "date": "%d/%m/%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [
                "dimanche",
                "lundi",
                "mardi",
                "mercredi",
                "jeudi",
                "vendredi",
                "samedi",
            ],
            "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
            "months": [
                "janvier",
                "février",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août",
                "septembre",
                "octobre",
                "novembre",
                "décembre",
            ],
            "shortMonths": [
                "janv.",
                "févr.",
                "mars",
                "avr.",
                "mai",
                "juin",
                "juil.",
                "août",
                "sept.",
                "oct.",
                "nov.",
                "déc.",
            ],
        },
    }
}


def chart_or_sentence(
    frame: pl.DataFrame,
    columns: tuple[str, ...],
    build: Callable[[], Any],
    title_key: str,
    *,
    drawable: Callable[[pl.DataFrame, tuple[str, ...]], bool] = charts.has_data,
) -> None:
    """A chart, or a sentence saying there is nothing to draw."""
    if drawable(frame, columns):
        chart = build()
        if _ui.lang() in CHART_LOCALES:
            chart = chart.configure(locale=CHART_LOCALES[_ui.lang()])
        st.altair_chart(chart, width="stretch")
    else:
        st.caption(_ui.t(title_key))
        st.info(_ui.t("card.chart_empty"), icon=":material/bar_chart_off:")


def data_start_note(period: Period, first_day: date | None) -> None:
    """Say so when the period starts before the store's first event: its
    earlier days have no data, which is not the same as no activity."""
    if first_day is None or period.start >= first_day:
        return
    key = "card.data_starts_after" if period.end < first_day else "card.data_starts"
    st.caption(_ui.t_md(key, date=i18n.fmt_date(first_day, _ui.lang())))


def activity_chart(
    daily: pl.DataFrame, period: Period, first_day: date | None = None
) -> None:
    """Sends, then the responses to them, each on an axis of its own: sends run
    a hundred times higher than goals, and on one axis goals would lie flat.

    The lines run only over days that can have data: from the store's first
    event (`first_day`) to today, drawn dashed as a day still under way, so
    neither the days before the data nor today's low figures read as a fall.
    """
    today = today_in(period.tz)
    daily = daily.filter(pl.col("day").is_between(first_day or period.start, today))
    partial_day = today if period.start <= today <= period.end else None
    for title_key, y_key, series in (
        ("card.chart.activity_sends", "card.series.sends", ACTIVITY_SERIES[:1]),
        ("card.chart.activity_responses", "card.chart.events", ACTIVITY_SERIES[1:]),
    ):
        text = charts.ChartText(
            _ui.t(title_key),
            _ui.t("card.chart.day"),
            _ui.t(y_key),
            partial=_ui.t("chart.partial_day"),
        )
        chart_or_sentence(
            daily,
            series,
            lambda series=series, text=text: charts.time_series_chart(
                daily,
                x="day",
                series=[(name, _ui.t(f"card.series.{name}")) for name in series],
                text=text,
                height=320,
                partial_day=partial_day,
            ),
            title_key,
        )


def ctr_chart(messages: pl.DataFrame) -> None:
    lang = _ui.lang()
    frame = messages.with_row_index("n", offset=1).select(
        pl.format("{}. {}", "n", "message_name").alias("label"),
        pl.col("ctr_pct"),
        pl.col("ctr_pct")
        .map_elements(lambda v: i18n.fmt_pct(v, lang), return_dtype=pl.String)
        .alias("ctr_text"),
    )
    text = charts.ChartText(
        _ui.t("card.chart.ctr"),
        _ui.t("card.chart.message"),
        _ui.t("card.chart.ctr_axis"),
    )
    chart_or_sentence(
        frame,
        ("ctr_pct",),
        lambda: charts.bar_chart(
            frame, category="label", value="ctr_pct", text=text, value_label="ctr_text"
        ),
        "card.chart.ctr",
        drawable=charts.has_values,  # a 0 % CTR is a result worth a bar
    )


def funnel_chart(funnel: pl.DataFrame) -> None:
    lang = _ui.lang()
    frame = funnel.select(
        pl.col("step")
        .map_elements(
            lambda s: i18n.t(f"card.funnel.{s}", lang), return_dtype=pl.String
        )
        .alias("label"),
        pl.col("users"),
        pl.col("users")
        .map_elements(lambda v: i18n.fmt_int(v, lang), return_dtype=pl.String)
        .alias("users_text"),
    )
    text = charts.ChartText(
        _ui.t("card.chart.funnel"),
        _ui.t("card.chart.step"),
        _ui.t("card.chart.people"),
        note=_ui.t("card.chart.funnel_note"),
    )
    chart_or_sentence(
        frame,
        ("users",),
        lambda: charts.bar_chart(
            frame,
            category="label",
            value="users",
            text=text,
            value_label="users_text",
            counts=True,
        ),
        "card.chart.funnel",
    )


# -- data, links, downloads, history ---------------------------------------------------


def pinned_link(version: int) -> str:
    """This page's URL as this run writes it, pinned to `version`."""
    _ui.shared_to_url()
    base = str(st.context.url or "").split("?")[0]
    pairs = [
        (key, value)
        for key, values in _url.params().items()
        if key != _ui.VERSION_KEY
        for value in values
    ]
    pairs.append((_ui.VERSION_KEY, str(version)))
    return f"{base}?{urlencode(pairs)}"


def snapshot_bar() -> None:
    """Which snapshot the figures come from, Refresh, and a link pinned to it."""
    snapshot = _ui.analytics().snapshot
    row = st.container(horizontal=True, vertical_alignment="center")
    if snapshot is None:
        row.caption(_ui.t("sidebar.no_data"))
    else:
        pinned = _ui.pinned_version() is not None
        key = "card.snapshot_pinned" if pinned else "card.snapshot"
        when = i18n.fmt_datetime(snapshot.created_at, _ui.lang(), _ui.tz())
        row.caption(_ui.t(key, version=snapshot.version, when=when))
    row.button(
        _ui.t("sidebar.refresh"),
        icon=":material/refresh:",
        help=_ui.t("sidebar.refresh_help"),
        key="card_refresh",
        on_click=_ui.refresh_data,
    )
    if snapshot is not None:
        with row.popover(_ui.t("card.pin_link"), icon=":material/link:"):
            st.caption(_ui.t("card.pin_link_help", version=snapshot.version))
            st.code(pinned_link(snapshot.version), language=None, wrap_lines=True)


def downloads(
    campaign: Campaign, summary: dict[str, Any], messages: pl.DataFrame, period: Period
) -> None:
    st.session_state.setdefault("card_csv_dialect", "standard")
    _ui.keep_choices("card_csv_dialect")
    dialect = st.segmented_control(
        _ui.t("card.csv_dialect"),
        DIALECTS,
        required=True,
        format_func=_ui.labeller(DIALECTS, lambda d: _ui.t(f"card.csv_{d}")),
        key="card_csv_dialect",
        help=_ui.t("card.csv_dialect_help"),
    )
    fmt = CsvFormat(str(dialect or "standard"), _ui.lang())
    left, right = st.columns(2)
    left.download_button(
        _ui.t("card.download_summary"),
        campaign_summary_csv(summary, period, fmt, _ui.tz()),
        file_name=card_file_name(campaign.title, campaign.id, "summary", period),
        mime="text/csv",
        icon=":material/download:",
        key="card_download_summary",
        on_click="ignore",
        width="stretch",
    )
    right.download_button(
        _ui.t("card.download_messages"),
        message_stats_csv(messages, fmt, _ui.tz()),
        file_name=card_file_name(campaign.title, campaign.id, "messages", period),
        mime="text/csv",
        icon=":material/download:",
        key="card_download_messages",
        on_click="ignore",
        width="stretch",
    )


def _change_value(field: str, value: Any, is_default: bool = False) -> str:
    lang = _ui.lang()
    if value is None:
        return i18n.UNDEFINED
    if field == "status":
        return i18n.status_label(str(value), lang)
    if field == "entry_type":
        return i18n.entry_type_label(str(value), lang)
    if field == "category":
        return i18n.category_label(str(value), is_default, lang)
    if field == "source":
        kind, files = _data_files.source_label(str(value), lang)
        return f"{kind} ({files})" if files else kind
    if isinstance(value, int):
        return i18n.fmt_int(value, lang)
    return str(value)


def is_default(side: dict[str, Any]) -> bool:
    """Whether one side of a change names the Default category (by its id)."""
    return side.get("category_id") == DEFAULT_CATEGORY_ID


def describe_change(change: Change) -> str:
    """Before → after for each field the change touched (ids left out)."""
    before, after = change.before or {}, change.after or {}
    fields = [f for f in dict.fromkeys([*before, *after]) if not f.endswith("_id")]
    if not fields:  # an edit whose details were not recorded (seeded history)
        return _ui.t("card.history.no_detail")
    return "; ".join(
        _ui.t(
            "card.history.diff",
            field=_ui.t(f"card.field.{f}") if f in FIELDS else f,
            before=_change_value(f, before.get(f), is_default(before)),
            after=_change_value(f, after.get(f), is_default(after)),
        )
        for f in fields
    )


FIELDS = ("status", "title", "category", "source", "entry_type", "messages")


def history(campaign_id: str) -> None:
    changes = _ui.workspace().catalog.history(campaign_id)
    with st.expander(
        _ui.t("card.history", count=len(changes)), icon=":material/history:"
    ):
        if not changes:
            st.caption(_ui.t("card.history.empty"))
            return
        lang, tz = _ui.lang(), _ui.tz()
        frame = pl.DataFrame(
            [
                {
                    _ui.t("card.history.when"): i18n.fmt_datetime(c.at, lang, tz),
                    _ui.t("card.history.who"): c.author,
                    _ui.t("card.history.what"): _ui.t(f"card.change.{c.action}")
                    if c.action in CHANGE_ACTIONS
                    else c.action,
                    _ui.t("card.history.detail"): describe_change(c),
                }
                for c in changes
            ]
        )
        st.dataframe(frame, hide_index=True, width="stretch")


CHANGE_ACTIONS = (
    "create",
    "clone",
    "import",
    "edit",
    "category",
    "rename",
    "launch",
    "pause",
    "resume",
    "deactivate",
    "archive",
    "restore",
)


def launched_day(campaign: Campaign) -> Any:
    if campaign.launched_at is None:
        return None
    return campaign.launched_at.astimezone(zone(_ui.tz())).date()
