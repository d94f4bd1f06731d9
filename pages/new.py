"""New campaign: a draft from scratch or from a template, then its card.

A template fills the form in the user's language (journeys.templates), to be
changed freely before "Create draft"; nothing is saved until then. A draft's
messages cannot be changed once it exists (DESIGN.md, actions by status), so
the form refuses a half-filled message row or no message at all rather than
create a draft that could never launch. The catalog checks everything again
when it creates the campaign.
"""

from __future__ import annotations

import logging

import polars as pl
import streamlit as st

from journeys import i18n
from journeys.catalog import (
    DEFAULT_CATEGORY_ID,
    TITLE_MAX,
    GoalSpec,
    MessageSpec,
    clean_title,
)
from journeys.errors import CatalogError
from journeys.schema import CHANNELS, ENTRY_TYPES
from journeys.templates import TEMPLATES, TEMPLATES_BY_ID, fill
from ui import _ui

_ui.require_frame("new")

logger = logging.getLogger(__name__)

SOURCE_KEY = "new_source"
TEMPLATE_KEY = "new_template"
TITLE_KEY = "new_title"
ENTRY_KEY = "new_entry_type"
CATEGORY_KEY = "new_category"
MESSAGES_KEY = "new_messages"
GOALS_KEY = "new_goals"
# The rows the message editor starts from (a template's messages, or none);
# the editor's own state holds the person's edits on top of them.
BASE_ROWS_KEY = "new_base_rows"
FILLED_FROM_KEY = "new_filled_from"
FORM_KEYS = (TITLE_KEY, ENTRY_KEY, GOALS_KEY, MESSAGES_KEY, BASE_ROWS_KEY)


def fill_from_template(template_id: str) -> None:
    """Put a template into the form (widget state is set before the widgets run)."""
    draft = fill(template_id, _ui.lang())
    state = st.session_state
    state[TITLE_KEY] = draft.title
    state[ENTRY_KEY] = draft.entry_type
    state[GOALS_KEY] = "\n".join(g.name for g in draft.goals)
    state[BASE_ROWS_KEY] = [
        {"name": m.name, "channel": m.channel} for m in draft.messages
    ]
    state.pop(MESSAGES_KEY, None)
    state[FILLED_FROM_KEY] = template_id


def clear_form() -> None:
    for key in (*FORM_KEYS, FILLED_FROM_KEY):
        st.session_state.pop(key, None)


def message_specs(rows: pl.DataFrame) -> tuple[list[MessageSpec], list[CatalogError]]:
    """The editor's rows as messages, and a refusal for every row (as the
    table numbers it) that has a name without a channel or the reverse.

    Blank rows are dropped; at least one message is needed, since a draft is
    never edited after it is created and launching needs a message. The
    catalog refuses unknown channels and names that are too long.
    """
    specs: list[MessageSpec] = []
    problems: list[CatalogError] = []
    for number, row in enumerate(rows.iter_rows(named=True), start=1):
        name = (row.get("name") or "").strip()
        channel = (row.get("channel") or "").strip()
        if not name and not channel:
            continue
        if not channel:
            problems.append(
                CatalogError(
                    "new.row_needs_channel",
                    "Message row {row} (“{name}”) has no channel: pick one, or "
                    "clear the row.",
                    row=number,
                    name=name,
                )
            )
        elif not name:
            problems.append(
                CatalogError(
                    "new.row_needs_name",
                    "Message row {row} has a channel but no name: name the "
                    "message, or clear the row.",
                    row=number,
                )
            )
        else:
            specs.append(MessageSpec(name=name, channel=channel))
    if not specs and not problems:
        problems.append(
            CatalogError(
                "new.no_messages",
                "Add at least one message with a name and a channel: a draft's "
                "messages cannot be changed after it is created, and a campaign "
                "needs one to launch.",
            )
        )
    return specs, problems


def goal_specs(text: str) -> list[GoalSpec]:
    return [GoalSpec(name=line.strip()) for line in text.splitlines() if line.strip()]


def source_picker() -> None:
    # Labels are worked out now, in this run's language: a format function
    # that read the language later could disagree with the options shown.
    # The URL keeps codes (new_source=template&new_template=welcome_series).
    lang = _ui.lang()
    sources = ("scratch", "template")
    _ui.keep_choices(SOURCE_KEY, TEMPLATE_KEY)
    _ui.seed_from_url(SOURCE_KEY, _ui.one_of(sources), "scratch")
    source = st.segmented_control(
        _ui.t("new.source"),
        sources,
        required=True,
        format_func=lambda s: i18n.t(f"new.{s}", lang),
        key=SOURCE_KEY,
    )
    _ui.write_to_url(SOURCE_KEY, [] if source != "template" else ["template"])
    if source != "template":
        _ui.write_to_url(TEMPLATE_KEY, [])
        if st.session_state.get(FILLED_FROM_KEY):
            clear_form()  # "scratch" means an empty form
        return
    ids = [t.id for t in TEMPLATES]
    _ui.seed_from_url(TEMPLATE_KEY, _ui.one_of(ids), ids[0])
    chosen = st.selectbox(
        _ui.t("new.template_pick"),
        ids,
        format_func=lambda i: i18n.t(TEMPLATES_BY_ID[i].title_key(), lang),
        key=TEMPLATE_KEY,
    )
    if chosen is None:
        return
    _ui.write_to_url(TEMPLATE_KEY, [chosen])
    st.caption(_ui.t(TEMPLATES_BY_ID[chosen].description_key()))
    if st.session_state.get(FILLED_FROM_KEY) != chosen:
        fill_from_template(chosen)
    st.button(
        _ui.t("new.template_apply"),
        key="new_apply_template",
        icon=":material/restart_alt:",
        on_click=fill_from_template,
        args=(chosen,),
    )


def campaign_form() -> None:
    """The form's widgets; their values live in session state under FORM_KEYS."""
    state = st.session_state
    lang = _ui.lang()
    _ui.keep_choices(ENTRY_KEY, CATEGORY_KEY)
    state.setdefault(ENTRY_KEY, ENTRY_TYPES[0])
    state.setdefault(BASE_ROWS_KEY, [])
    # The limit shows as a counter; the catalog checks it again after trimming.
    st.text_input(
        _ui.t("new.title"),
        key=TITLE_KEY,
        max_chars=TITLE_MAX,
        help=_ui.t("new.title_help", max=TITLE_MAX),
    )
    left, right = st.columns(2)
    left.selectbox(
        _ui.t("new.entry_type"),
        ENTRY_TYPES,
        format_func=lambda e: i18n.entry_type_label(e, lang),
        key=ENTRY_KEY,
    )
    categories = _ui.workspace().catalog.categories()
    labels = {c.id: i18n.category_label(c.name, c.is_default, lang) for c in categories}
    if state.get(CATEGORY_KEY) not in labels:
        state[CATEGORY_KEY] = DEFAULT_CATEGORY_ID
    right.selectbox(
        _ui.t("new.category"), list(labels), format_func=labels.get, key=CATEGORY_KEY
    )
    st.subheader(_ui.t("new.messages"), anchor=False)
    st.caption(_ui.t("new.messages_hint"))
    base = pl.DataFrame(
        state[BASE_ROWS_KEY], schema={"name": pl.String(), "channel": pl.String()}
    )
    # No column is `required`: with it, a channel picked with the mouse from
    # the list a double click opens was dropped (the list closed without
    # taking it; seen in Chromium, Streamlit 1.67). Half-filled rows are
    # refused on "Create draft" instead, naming the row. The placeholder
    # leaves empty cells blank rather than "None".
    st.data_editor(
        base,
        key=MESSAGES_KEY,
        num_rows="dynamic",
        hide_index=True,
        placeholder="",
        column_config={
            "name": st.column_config.TextColumn(_ui.t("new.col_name")),
            "channel": st.column_config.SelectboxColumn(
                _ui.t("new.col_channel"),
                options=list(CHANNELS),
                format_func=lambda c: i18n.channel_label(c, lang),
            ),
        },
        width="stretch",
    )
    st.text_area(
        _ui.t("new.goals"), key=GOALS_KEY, help=_ui.t("new.goals_help"), height=100
    )


def edited_rows() -> pl.DataFrame:
    """The base rows with the editor's edits, additions and deletions applied.

    Read from the editor's state rather than its return value so the same
    code serves the button's run and a test that seeds the edits.
    """
    rows = [dict(r) for r in st.session_state.get(BASE_ROWS_KEY, [])]
    edits = st.session_state.get(MESSAGES_KEY) or {}
    for index, change in (edits.get("edited_rows") or {}).items():
        if int(index) < len(rows):
            rows[int(index)].update(change)
    deleted = {int(i) for i in edits.get("deleted_rows") or []}
    rows = [r for i, r in enumerate(rows) if i not in deleted]
    rows.extend(dict(r) for r in edits.get("added_rows") or [])
    return pl.DataFrame(
        [{"name": r.get("name"), "channel": r.get("channel")} for r in rows],
        schema={"name": pl.String(), "channel": pl.String()},
    )


def title_problems(title: str) -> list[CatalogError]:
    try:
        clean_title(title)
    except CatalogError as error:
        return [error]
    return []


def create() -> str | None:
    """The new draft's id; None when refused, every problem of the form shown
    at once (the title's and each message row's) so one fix is not followed
    by news of the next."""
    state = st.session_state
    title = state.get(TITLE_KEY) or ""
    messages, problems = message_specs(edited_rows())
    problems = [*title_problems(title), *problems]
    if problems:
        logger.info("new campaign refused: %s", "; ".join(map(str, problems)))
        for problem in problems:
            _ui.show_error(problem)
        return None
    try:
        return _ui.workspace().catalog.create_campaign(
            title,
            state.get(ENTRY_KEY) or ENTRY_TYPES[0],
            _ui.actor(),
            category_id=state.get(CATEGORY_KEY) or DEFAULT_CATEGORY_ID,
            messages=messages,
            goals=goal_specs(state.get(GOALS_KEY) or ""),
        )
    except CatalogError as error:
        logger.info("new campaign refused: %s", error)
        _ui.show_error(error)
        return None


st.title(_ui.t("nav.new_campaign"), anchor=False)
st.caption(_ui.t("new.intro_draft"))
source_picker()
campaign_form()
if st.button(
    _ui.t("new.create"), key="new_create", type="primary", icon=":material/save:"
):
    new_id = create()
    if new_id is not None:
        clear_form()
        _ui.switch_page("campaign", "pages/campaign.py", {"id": [new_id]})
_ui.finish_page()
