"""The Campaigns page's pieces: its URL state, its table, row actions, dialogs.

The page's own state lives in the URL under stable codes (`list_status=draft`,
`list_category=<id>`, `list_sort=reach`), not under the labels a widget
shows, so a link survives a change of language or of the counts in the tab
labels. `sync_from_url` seeds the widgets from the URL when the page opens
(or the URL changed from outside), `write_url` puts the canonical state back;
a bad or repeated value falls back to its default and leaves the URL.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

import polars as pl
import streamlit as st

from journeys import i18n
from journeys.catalog import ACTIONS_BY_STATUS, TITLE_MAX
from journeys.catalog import copy_title as catalog_copy_title
from journeys.errors import JourneysError
from journeys.export import DIALECTS, CsvFormat, campaign_stats_csv, export_file_name
from journeys.metrics import SORTS, ListFilters, reports
from journeys.periods import DEFAULT_PRESET, PRESETS, Period, preset_period
from journeys.schema import STATUSES
from ui import _actions, _ui, _url

logger = logging.getLogger(__name__)

STATUS_TABS: tuple[str, ...] = (
    "all",
    "active",
    "inactive",
    "draft",
    "paused",
    "archived",
)
ENTRY_TYPES: tuple[str, ...] = ("trigger", "audience", "mixed")
DIRECTIONS: tuple[str, ...] = ("desc", "asc")
ACTIONS: tuple[str, ...] = (
    "view",
    *dict.fromkeys(a for v in ACTIONS_BY_STATUS.values() for a in v),
)
SEARCH_MAX = 100
ANY = ""

SEARCH = "list_search"
STATUS = "list_status"
CATEGORY = "list_category"
ENTRY_TYPE = "list_type"
LAUNCH_FROM = "list_launch_from"
LAUNCH_TO = "list_launch_to"
SORT = "list_sort"
DIRECTION = "list_dir"
SELECTED = "list_selected"
# Whether the "more filters" expander is open (a widget, not in the URL).
MORE_FILTERS = "list_more_filters"
URL_KEYS: tuple[str, ...] = (
    SEARCH,
    STATUS,
    CATEGORY,
    ENTRY_TYPE,
    LAUNCH_FROM,
    LAUNCH_TO,
    SORT,
    DIRECTION,
    SELECTED,
)
# Session keys that are not widgets (Streamlit never forgets them on a page switch).
RENAMING = "list__renaming"
DIALOG = "list__dialog"
SEARCH_CUT = "list__search_cut"
MORE_FILTERS_OPEN = "list__more_filters_open"


def labeller(
    options: Iterable[str], text: Callable[[str], str]
) -> Callable[[Any], str]:
    """A widget's format_func with its texts fixed now, in the current language:
    Streamlit may call it again outside the run that knows the language."""
    texts = {option: text(option) for option in options}
    return lambda option: texts.get(option, str(option))


def default_direction(sort: str) -> str:
    """Names read A to Z; every other sort starts with the largest or newest."""
    return "asc" if sort == "name" else "desc"


def defaults() -> dict[str, Any]:
    return {
        SEARCH: "",
        STATUS: "all",
        CATEGORY: ANY,
        ENTRY_TYPE: ANY,
        LAUNCH_FROM: None,
        LAUNCH_TO: None,
        SORT: "modified",
        DIRECTION: "desc",
        SELECTED: None,
    }


def more_filters_set(values: Mapping[str, Any]) -> int:
    """How many of the "more filters" differ from their defaults: the entry
    type, the launch range (either end) and the order (sort or direction)."""
    default = defaults()
    return sum(
        any(values[k] != default[k] for k in keys)
        for keys in ((ENTRY_TYPE,), (LAUNCH_FROM, LAUNCH_TO), (SORT, DIRECTION))
    )


def remember_more_filters() -> None:
    """The expander was opened or closed: keep that for its next label."""
    st.session_state[MORE_FILTERS_OPEN] = st.session_state[MORE_FILTERS]


# -- the URL -------------------------------------------------------------------------


def parse_url(
    raw: Mapping[str, list[str]], category_ids: Collection[str]
) -> tuple[dict[str, Any], bool]:
    """The page state a URL asks for, and whether the search had to be cut.

    Anything unknown, malformed or repeated falls back to its default.
    """
    values = defaults()
    cut = False
    choices: dict[str, Collection[str]] = {
        STATUS: STATUS_TABS,
        CATEGORY: category_ids,
        ENTRY_TYPE: ENTRY_TYPES,
        SORT: SORTS,
    }
    for key in URL_KEYS:
        given = raw.get(key, [])
        if len(given) != 1 or not given[0]:
            continue
        value = given[0]
        if key == SEARCH:
            cut = len(value) > SEARCH_MAX
            values[key] = value[:SEARCH_MAX]
        elif key in choices:
            if value in choices[key]:
                values[key] = value
        elif key in (LAUNCH_FROM, LAUNCH_TO):
            values[key] = _ui.one_date(_ui.date_bounds())(given)
        elif key == SELECTED:
            values[key] = value
    values[DIRECTION] = default_direction(values[SORT])
    given_direction = raw.get(DIRECTION, [])
    if len(given_direction) == 1 and given_direction[0] in DIRECTIONS:
        values[DIRECTION] = given_direction[0]
    return values, cut


def not_understood(
    raw: Mapping[str, list[str]], values: Mapping[str, Any]
) -> list[str]:
    """The keys whose URL value the page state does not hold: each fell back
    to its default (a search cut to length is the search, shorter)."""
    bad = []
    for key in URL_KEYS:
        given = [value for value in raw.get(key, []) if value]
        held = values[key]
        text = held.isoformat() if isinstance(held, date) else held
        if given and key != SEARCH and given != [text]:
            bad.append(key)
    return bad


def canonical_url(values: Mapping[str, Any]) -> dict[str, str]:
    """The URL parameters of a page state: only what differs from the default."""
    params: dict[str, str] = {}
    base = defaults()
    base[DIRECTION] = default_direction(values[SORT])
    for key in URL_KEYS:
        value = values.get(key)
        if value is None or value == base[key]:
            continue
        params[key] = value.isoformat() if isinstance(value, date) else str(value)
    return params


def sync_from_url(category_ids: Collection[str]) -> None:
    """Seed the page's widgets from the URL when it changed from outside.

    A pasted link, Back or Forward, or a link from another page (which carries
    the state this page was left in) sets every control; otherwise the
    controls keep their values, and one that has none yet takes the URL's.
    """
    _ui.keep_choices(CATEGORY, ENTRY_TYPE, SORT, DIRECTION, STATUS)
    given = _url.incoming()
    source = given if given is not None else _url.current()
    values, cut = parse_url(source, category_ids)
    seeding = given is not None or SELECTED not in st.session_state
    chosen = values[SELECTED]
    if seeding and chosen is not None and not _ui.workspace().catalog.exists(chosen):
        values[SELECTED] = None  # a campaign deleted since the link was made
    bad = not_understood(source, values)
    for key, value in values.items():
        if given is not None or key not in st.session_state:
            st.session_state[key] = value
            if key in bad:
                _url.reject(key, source[key])
    if given is not None:
        # The note about a cut search stays while that search is shown.
        st.session_state[SEARCH_CUT] = values[SEARCH] if cut else None
    if st.session_state[CATEGORY] not in (ANY, *category_ids):
        st.session_state[CATEGORY] = ANY
    for key in (LAUNCH_FROM, LAUNCH_TO):
        day = st.session_state[key]
        if day is not None and not _ui.within(day, _ui.date_bounds()):
            st.session_state[key] = None  # the zone moved today, and the bounds


def search_was_cut(search: str) -> bool:
    """Whether to say that searches are limited: the search shown is the one
    a URL gave too long, or it fills the whole box."""
    cut = st.session_state.get(SEARCH_CUT)
    return (cut is not None and search == cut) or len(search) >= SEARCH_MAX


def state() -> dict[str, Any]:
    return {key: st.session_state.get(key, value) for key, value in defaults().items()}


def write_url() -> None:
    """Plan the page's canonical state for the URL (written once, at the end)."""
    params = canonical_url(state())
    for key in URL_KEYS:
        _url.put(key, [params[key]] if key in params else [])


def reset_filters() -> None:
    """Back to every default (a callback: it runs before the widgets)."""
    for key, value in defaults().items():
        if key != SELECTED:
            st.session_state[key] = value


def on_sort_change() -> None:
    st.session_state[DIRECTION] = default_direction(st.session_state[SORT])


# -- filters and figures ---------------------------------------------------------------


def list_filters(values: Mapping[str, Any]) -> ListFilters:
    """The SQL layer's filters for a page state; a reversed launch range is turned round."""
    start, end = values[LAUNCH_FROM], values[LAUNCH_TO]
    if start and end and end < start:
        start, end = end, start
    return ListFilters(
        search=values[SEARCH] or None,
        status=None if values[STATUS] == "all" else values[STATUS],
        category_id=values[CATEGORY] or None,
        entry_type=values[ENTRY_TYPE] or None,
        launch_from=start,
        launch_to=end,
        sort=values[SORT],
        descending=values[DIRECTION] == "desc",
    )


@st.cache_data(show_spinner=False, max_entries=128, ttl=3600)
def _status_counts(
    token: tuple[int | None, int], version: int | None, filters: ListFilters, tz: str
) -> dict[str, int]:
    del token, version
    return _ui.analytics().status_counts(filters, tz)


def status_counts(filters: ListFilters, tz: str) -> dict[str, int]:
    """Campaigns per status tab under every filter but the status itself."""
    counts = _status_counts(_ui.cache_token(), _ui.pinned_version(), filters, tz)
    return {"all": sum(counts.values()), **counts}


@st.cache_data(show_spinner=False, max_entries=128, ttl=3600)
def _first_launch(
    token: tuple[int | None, int], version: int | None, filters: ListFilters, tz: str
) -> date | None:
    del token, version
    return _ui.analytics().first_launch(filters, tz)


def first_launch(filters: ListFilters, tz: str) -> date | None:
    return _first_launch(_ui.cache_token(), _ui.pinned_version(), filters, tz)


# -- the table ---------------------------------------------------------------------------


def card_state(
    campaign_id: str, period_preset: str | None, period: Period
) -> dict[str, list[str]]:
    """The campaign card's own URL parameters for the campaign and this period,
    as the card writes them (a link the card rewrites would leave a history
    entry behind)."""
    state: dict[str, list[str]] = {"id": [campaign_id]}
    if period_preset in PRESETS and period_preset != "custom":
        if period_preset != DEFAULT_PRESET:
            state["card_period"] = [period_preset]
    else:
        state["card_period"] = ["custom"]
        state["card_range"] = [period.start.isoformat(), period.end.isoformat()]
    return state


def card_query(
    campaign_id: str, period_preset: str | None, period: Period
) -> dict[str, list[str]]:
    """The card's URL parameters with the list's language, time zone and pinned
    snapshot (a link opened in a new tab starts a session of its own), as
    this run plans them (`_ui.shared_to_url`)."""
    return {**_url.shared(), **card_state(campaign_id, period_preset, period)}


def card_link(campaign_id: str, period_preset: str | None, period: Period) -> str:
    query = card_query(campaign_id, period_preset, period)
    return "campaign?" + urlencode(query, doseq=True)


def table(rows: pl.DataFrame, link: Callable[[str], str]) -> pl.DataFrame:
    """The rows as shown: every figure pre-formatted in the user's language.

    The title rides in the link's fragment, where the Name column reads it
    back as the link's text (the browser never sends a fragment to the server).
    """
    lang, tz = _ui.lang(), _ui.tz()
    ids = rows["id"].to_list()
    titles = rows["title"].to_list()
    defaults_flags = rows["category_is_default"].to_list()
    return pl.DataFrame(
        {
            "name": [
                f"{link(i)}#{quote(title, safe='')}"
                for i, title in zip(ids, titles, strict=True)
            ],
            # A one-label list: the Status column draws it as a coloured badge.
            "status": [[i18n.status_label(s, lang)] for s in rows["status"]],
            "total_reach": [i18n.fmt_int(v, lang) for v in rows["total_reach"]],
            "goals_reached": [i18n.fmt_int(v, lang) for v in rows["goals_reached"]],
            "avg_ctr": [i18n.fmt_pct(v, lang) for v in rows["avg_ctr_pct"]],
            "messages": rows["message_count"],
            "entry_type": [i18n.entry_type_label(e, lang) for e in rows["entry_type"]],
            "category": [
                i18n.category_label(name, bool(flag), lang)
                for name, flag in zip(
                    rows["category_name"].to_list(), defaults_flags, strict=True
                )
            ],
            "modified_at": [
                i18n.fmt_datetime(v, lang, tz) for v in rows["modified_at"].to_list()
            ],
            "modified_by": rows["modified_by"].fill_null(i18n.UNDEFINED),
        },
        schema_overrides={"messages": pl.Int64},
    )


def column_config() -> dict[str, Any]:
    """The headline figures come right after the name and status, so they stay
    in view on a laptop screen; the name stays pinned while scrolling across."""
    text = st.column_config.TextColumn

    def figure(key: str) -> Any:
        return text(_ui.t(key), help=_ui.t(f"{key}_help"), alignment="right", width=130)

    return {
        "name": st.column_config.LinkColumn(
            _ui.t("list.col.name"),
            display_text=r"#(.+)$",
            width=200,
            help=_ui.t("list.col.name_help"),
            pinned=True,
        ),
        "status": st.column_config.MultiselectColumn(
            _ui.t("list.col.status"),
            options=[i18n.status_label(s, _ui.lang()) for s in STATUSES],
            color=[_ui.STATUS_COLOURS[s] for s in STATUSES],
            width=95,
        ),
        "total_reach": figure("metric.total_reach"),
        "goals_reached": figure("metric.goals_reached"),
        "avg_ctr": figure("metric.avg_ctr"),
        "messages": st.column_config.NumberColumn(_ui.t("metric.messages"), width=85),
        "entry_type": text(_ui.t("list.col.type"), width=140),
        "category": text(_ui.t("list.col.category"), width=120),
        "modified_at": text(_ui.t("list.col.modified")),
        "modified_by": text(_ui.t("list.col.modified_by")),
    }


def table_key(ids: list[str]) -> str:
    """A new table (and selection) whenever the rows shown change, so a selected
    position can never point at another campaign; the selection is carried
    over by campaign id."""
    digest = hashlib.blake2b("\n".join(ids).encode(), digest_size=8).hexdigest()
    return f"list_table_{digest}"


# -- row actions ---------------------------------------------------------------------------


def act(action: Callable[[], Any]) -> tuple[bool, Any]:
    """Run a catalog action; a refusal is shown where the action was asked for."""
    try:
        return True, action()
    except JourneysError as error:
        logger.info("refused: %s", error)
        _ui.show_error(error)
        return False, None


def copy_title(title: str) -> str:
    """The clone's title in the user's language, kept within the title limit."""
    return catalog_copy_title(title, _ui.t("list.copy_title", title="{title}"))


def apply(row: Mapping[str, Any], action: str, **options: Any) -> None:
    """Carry out a lifecycle action on the row's campaign and show the list again."""
    workspace = _ui.workspace()
    actor = _ui.actor()
    campaign_id, title = row["id"], row["title"]
    if action == "clone":
        ok, new_id = act(
            lambda: workspace.catalog.clone(campaign_id, actor, title=copy_title(title))
        )
        if ok:
            close_dialog()
            st.session_state[SELECTED] = new_id
            _ui.flash("list.done.clone", title=copy_title(title))
            st.rerun()
        return
    ok, _ = act(
        lambda: workspace.catalog.apply(
            campaign_id, action, actor, expected_status=row["status"], **options
        )
    )
    if ok:
        st.session_state.pop(RENAMING, None)
        close_dialog()
        shown = options.get("title") or title
        _ui.flash(f"list.done.{action}", title=shown)
        st.rerun()


def close_dialog() -> None:
    st.session_state.pop(DIALOG, None)


def open_dialog(kind: str, campaign_id: str | None = None) -> None:
    """Ask for a dialog; it stays open across reruns until dismissed or done."""
    st.session_state[DIALOG] = (kind, campaign_id)


def confirm_deactivate(row: Mapping[str, Any]) -> None:
    """The card's deactivate dialog, word for word (`_actions`)."""
    answer = _actions.deactivate_confirmation(
        row["title"],
        cancel_key="list_deactivate_cancel",
        confirm_key="list_deactivate_confirm",
    )
    if answer is False:
        close_dialog()
        st.rerun()
    if answer:
        apply(row, "deactivate")


def cancel_or_confirm(action: str, label: str) -> bool:
    """Cancel (closes the dialog, changes nothing) beside the action's button;
    whether the action was confirmed."""
    answer = _actions.cancel_or_confirm(
        label, cancel_key=f"list_{action}_cancel", confirm_key=f"list_{action}_confirm"
    )
    if answer is False:
        close_dialog()
        st.rerun()
    return bool(answer)


def choose_restore(row: Mapping[str, Any]) -> None:
    """Restore has one possible target (see `restore_target`): say which and
    why before the person confirms."""
    target = _ui.workspace().catalog.get(row["id"]).restore_to
    st.text(row["title"])
    st.markdown(_ui.t("list.restore.to", status=i18n.status_label(target, _ui.lang())))
    st.caption(_ui.t(f"list.restore.why_{target}"))
    if cancel_or_confirm("restore", _ui.t("list.restore.confirm")):
        apply(row, "restore", restore_to=target)


def rename_form(row: Mapping[str, Any]) -> None:
    """The new name, asked for in place under the selected row."""
    with st.form("list_rename_form", border=True):
        name = st.text_input(
            _ui.t("actions.rename_label"),
            value=row["title"],
            max_chars=TITLE_MAX,
            key="list_rename_title",
        )
        # Cancel, then the action, as in the card's rename dialog.
        left, right = st.columns(2)
        cancel = left.form_submit_button(
            _ui.t("actions.cancel"), width="stretch", key="list_rename_cancel"
        )
        save = right.form_submit_button(
            _ui.t("actions.rename_save"),
            type="primary",
            width="stretch",
            key="list_rename_save",
        )
    if cancel:
        st.session_state.pop(RENAMING, None)
        st.rerun()
    if save:
        apply(row, "rename", title=name or "", expected_title=row["title"])


def message_table(messages: pl.DataFrame) -> pl.DataFrame:
    lang = _ui.lang()
    return pl.DataFrame(
        {
            "message": messages["message_name"],
            "channel": [i18n.channel_label(c, lang) for c in messages["channel"]],
            "sends": [i18n.fmt_int(v, lang) for v in messages["sends"]],
            "opens": [
                i18n.fmt_int(v, lang) if reports(c, "opens") else i18n.UNDEFINED
                for c, v in zip(messages["channel"], messages["opens"], strict=True)
            ],
            "open_rate": [i18n.fmt_pct(v, lang) for v in messages["open_rate_pct"]],
            "clicks": [i18n.fmt_int(v, lang) for v in messages["clicks"]],
            "ctr": [i18n.fmt_pct(v, lang) for v in messages["ctr_pct"]],
        },
        schema=dict.fromkeys(
            ("message", "channel", "sends", "opens", "open_rate", "clicks", "ctr"),
            pl.String,
        ),
    )


@st.dialog(" ", width="large", on_dismiss=close_dialog)
def message_stats(row: Mapping[str, Any], period: Period) -> None:
    st.subheader(_ui.t("list.messages.title"), anchor=False)
    st.text(row["title"])
    st.caption(_ui.period_caption(period))
    messages = _ui.figures("message_stats", period=period, campaign_id=row["id"])
    if messages.is_empty():
        st.info(_ui.t("list.messages.none"))
        return
    text = st.column_config.TextColumn
    st.dataframe(
        message_table(messages),
        hide_index=True,
        width="stretch",
        key="list_messages_table",
        column_config={
            "message": text(_ui.t("list.messages.name")),
            "channel": text(_ui.t("list.messages.channel")),
            "sends": text(
                _ui.t("list.messages.sends"),
                help=_ui.t("list.messages.sends_help"),
                alignment="right",
            ),
            "opens": text(_ui.t("list.messages.opens"), alignment="right"),
            "open_rate": text(_ui.t("list.messages.open_rate"), alignment="right"),
            "clicks": text(_ui.t("list.messages.clicks"), alignment="right"),
            "ctr": text(_ui.t("list.messages.ctr"), alignment="right"),
        },
    )


# -- the export ------------------------------------------------------------------------


EXPORT_PRESETS = tuple(p for p in PRESETS if p != "launch")


def export_period(page_preset: str | None, page_period: Period) -> Period:
    """The export's own period picker, starting from the page's period."""
    start = page_preset if page_preset in EXPORT_PRESETS else "custom"
    preset = st.selectbox(
        _ui.t("period.label"),
        EXPORT_PRESETS,
        index=EXPORT_PRESETS.index(start),
        format_func=labeller(EXPORT_PRESETS, lambda p: _ui.t(f"period.{p}")),
        key="list_export_period",
    )
    if preset != "custom":
        return preset_period(preset, _ui.tz())
    bounds = _ui.date_bounds()
    start_days = (page_period.start, page_period.end)
    picked = st.date_input(
        _ui.t("period.range"),
        value=start_days if all(_ui.within(d, bounds) for d in start_days) else None,
        min_value=bounds[0],
        max_value=bounds[1],
        format=_ui.t("period.date_format"),
        key="list_export_range",
    )
    days = [d for d in (picked if isinstance(picked, tuple | list) else [picked]) if d]
    if len(days) < 2:
        st.caption(_ui.t("list.export.pick_end"))
        day = days[0] if days else page_period.start
        return Period(day, day, _ui.tz())
    return Period(min(days), max(days), _ui.tz())


@dataclass(frozen=True)
class ExportFile:
    name: str
    data: bytes
    campaigns: int


def export_file(
    period: Period, filters: ListFilters, dialect: str, lang: str
) -> ExportFile:
    """The CSV for exactly `period`: its name and its rows come from the same value."""
    rows = _ui.figures("export_rows", period=period, filters=filters)
    data = campaign_stats_csv(rows, CsvFormat(dialect, lang), period.tz)
    return ExportFile(export_file_name(period), data, rows.height)


@st.dialog(" ", width="medium", on_dismiss=close_dialog)
def export_dialog(
    page_preset: str | None, page_period: Period, filters: ListFilters
) -> None:
    st.subheader(_ui.t("list.export.title"), anchor=False)
    period = export_period(page_preset, page_period)
    st.caption(_ui.period_caption(period))
    scope = st.radio(
        _ui.t("list.export.scope"),
        ("filtered", "all"),
        format_func=labeller(
            ("filtered", "all"), lambda s: _ui.t(f"list.export.scope_{s}")
        ),
        key="list_export_scope",
    )
    dialect = st.radio(
        _ui.t("list.export.dialect"),
        DIALECTS,
        format_func=labeller(DIALECTS, lambda d: _ui.t(f"list.export.dialect_{d}")),
        key="list_export_dialect",
    )
    chosen = filters if scope == "filtered" else ListFilters()
    # The dialog reruns alone when a choice changes. Until the file for the
    # choices on screen is ready, the button shows disabled: a click on the
    # last run's button would download the previous period's file.
    button = st.empty()
    download_button(button, None)
    file = export_file(period, chosen, dialect, _ui.lang())
    st.caption(_ui.t_count("list.export.summary", file.campaigns, name=file.name))
    download_button(button, file)


def download_button(slot: Any, file: ExportFile | None) -> None:
    slot.download_button(
        _ui.t("list.export.download"),
        data=file.data if file else b"",
        file_name=file.name if file else None,
        mime="text/csv",
        icon=":material/download:",
        type="primary",
        key="list_export_download" if file else "list_export_download_wait",
        on_click="ignore",
        disabled=file is None,
    )


def show_dialog(
    rows: pl.DataFrame, preset: str | None, period: Period, filters: ListFilters
) -> None:
    """The dialog asked for, if any, on the campaign it was asked for."""
    kind, campaign_id = st.session_state.get(DIALOG) or (None, None)
    if kind == "export":
        export_dialog(preset, period, filters)
        return
    if kind is None:
        return
    matches = rows.filter(pl.col("id") == campaign_id)
    if matches.is_empty():
        close_dialog()
        return
    row = matches.row(0, named=True)
    # Titled like the card's dialogs, in the user's language.
    if kind == "deactivate":
        title = _ui.t("actions.deactivate_title")
        st.dialog(title, on_dismiss=close_dialog)(confirm_deactivate)(row)
    elif kind == "restore":
        title = _ui.t("list.restore.title")
        st.dialog(title, on_dismiss=close_dialog)(choose_restore)(row)
    elif kind == "messages":
        message_stats(row, period)
