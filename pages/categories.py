"""Categories: the list with campaign counts; add, rename and delete.

Every rule (Default is fixed, at most ten others, 1 to 20 characters, unique
ignoring case) is the catalog's; this page only asks and shows the answer.
Changes run in button callbacks, before the page redraws, so the list below
always shows the result.
"""

from __future__ import annotations

import logging
import unicodedata

import streamlit as st

from journeys import i18n
from journeys.catalog import (
    CATEGORY_NAME_MAX,
    MAX_CUSTOM_CATEGORIES,
    Category,
    typed_length,
)
from journeys.errors import CatalogError
from ui import _ui

_ui.require_frame("categories")

logger = logging.getLogger(__name__)

NEW_NAME_KEY = "cat_new_name"
PENDING_DELETE_KEY = "cat_pending_delete"
FLASH_KEY = "cat_flash"
ERROR_KEY = "cat_error"
# A refused rename, (category id, error), shown inside that category's popover.
RENAME_ERROR_KEY = "cat_rename_error"


def rename_keys(category_id: str) -> tuple[str, str]:
    """The keys of a category's rename popover (its open state) and name input."""
    return f"cat_rename_open_{category_id}", f"cat_rename_name_{category_id}"


def _run(
    action: str, category_id: str | None = None, seen_name: str | None = None
) -> None:
    """A button's callback: one change to the catalog, its outcome kept for
    display. `seen_name` is the name the page showed, so a rename made
    meanwhile by someone else is refused rather than overwritten."""
    catalog = _ui.workspace().catalog
    state = st.session_state
    state.pop(RENAME_ERROR_KEY, None)
    try:
        if action == "add":
            name = state.get(NEW_NAME_KEY) or ""
            catalog.add_category(name, _ui.actor())
            state[FLASH_KEY] = _ui.t_md("cat.added", name=name.strip())
            state[NEW_NAME_KEY] = ""
        elif action == "rename" and category_id is not None:
            popover, name_key = rename_keys(category_id)
            name = state.get(name_key) or ""
            catalog.rename_category(
                category_id, name, _ui.actor(), expected_name=seen_name
            )
            state[popover] = False
            state[FLASH_KEY] = _ui.t_md("cat.renamed", name=name.strip())
        elif action == "delete" and category_id is not None:
            names = {c.id: c.name for c in catalog.categories()}
            moved = catalog.delete_category(category_id, _ui.actor())
            state.pop(PENDING_DELETE_KEY, None)
            key = {0: "cat.deleted_none", 1: "cat.deleted_one"}.get(
                moved, "cat.deleted"
            )
            state[FLASH_KEY] = _ui.t_md(
                key,
                name=names.get(category_id, ""),
                count=i18n.fmt_int(moved, _ui.lang()),
            )
    except CatalogError as error:
        logger.info("category %s refused: %s", action, error)
        if action == "rename" and category_id is not None:
            # Said beside the name just typed, in the popover kept open.
            state[RENAME_ERROR_KEY] = (category_id, error)
            state[rename_keys(category_id)[0]] = True
        else:
            state[ERROR_KEY] = error
        state.pop(PENDING_DELETE_KEY, None)


def _forget_rename_error() -> None:
    """A popover opened or closed: an earlier refusal no longer applies."""
    st.session_state.pop(RENAME_ERROR_KEY, None)


def _ask_delete(category_id: str) -> None:
    st.session_state[PENDING_DELETE_KEY] = category_id


def _cancel_delete() -> None:
    st.session_state.pop(PENDING_DELETE_KEY, None)


def _moves_text(count: int) -> str:
    if count == 0:
        return _ui.t("cat.delete_moves_none")
    if count == 1:
        return _ui.t("cat.delete_moves_one")
    return _ui.t("cat.delete_moves_many", count=i18n.fmt_int(count, _ui.lang()))


@st.dialog(_ui.t("cat.delete_title"), on_dismiss=_cancel_delete)
def confirm_delete(category: Category) -> None:
    if st.session_state.get(PENDING_DELETE_KEY) != category.id:
        st.rerun()
    st.text(category.name)
    # Counted now, not when the list was drawn, so the number is current.
    count = _ui.workspace().catalog.category_campaign_count(category.id)
    st.write(_moves_text(count))
    left, right = st.columns(2)
    left.button(
        _ui.t("cat.delete_confirm"),
        key="cat_confirm_delete",
        type="primary",
        on_click=_run,
        args=("delete", category.id),
        width="stretch",
    )
    right.button(
        _ui.t("cat.delete_cancel"),
        key="cat_cancel_delete",
        on_click=_cancel_delete,
        width="stretch",
    )


def reading_order(category: Category) -> tuple[bool, str]:
    """Default first, then names as a reader sorts them (accents ignored)."""
    plain = unicodedata.normalize("NFKD", category.name.casefold())
    return (
        not category.is_default,
        "".join(c for c in plain if not unicodedata.combining(c)),
    )


def length_caption(raw: str) -> str:
    """The same count the catalog applies (see `typed_length`)."""
    count = typed_length(raw)
    key = "cat.length_over" if count > CATEGORY_NAME_MAX else "cat.length"
    return _ui.t(key, count=count, max=CATEGORY_NAME_MAX)


def add_form(custom: int) -> None:
    """The new name and Add; both disabled, with the reason, when all the
    custom categories are taken (the catalog refuses an eleventh anyway)."""
    full = custom >= MAX_CUSTOM_CATEGORIES
    st.text_input(
        _ui.t("cat.add_label"),
        key=NEW_NAME_KEY,
        help=_ui.t("cat.name_help", max=CATEGORY_NAME_MAX),
        live=True,
        disabled=full,
        width=420,  # room for 20 characters, not a whole wide screen
    )
    if not full:
        st.caption(length_caption(st.session_state.get(NEW_NAME_KEY) or ""))
    st.button(
        _ui.t("cat.add"),
        key="cat_add",
        icon=":material/add:",
        type="primary",
        on_click=_run,
        args=("add",),
        disabled=full,
    )
    if full:
        st.caption(_ui.t("cat.full", max=MAX_CUSTOM_CATEGORIES))
    else:
        st.caption(_ui.t("cat.used", used=custom, max=MAX_CUSTOM_CATEGORIES))


def category_row(category: Category) -> None:
    # One bordered row that wraps on a narrow screen instead of squeezing the
    # buttons; the border keeps wrapped buttons with their category.
    row = st.container(
        border=True,
        horizontal=True,
        wrap=True,
        vertical_alignment="center",
        gap="small",
    )
    label = i18n.category_label(category.name, category.is_default, _ui.lang())
    row.text(label, width=220)
    count = category.campaign_count
    row.text(
        {0: _ui.t("cat.count_none"), 1: _ui.t("cat.count_one")}.get(count)
        or _ui.t("cat.count", count=i18n.fmt_int(count, _ui.lang())),
        width=130,
    )
    if category.is_default:
        row.caption(_ui.t("cat.default_note"), width=260)
        return
    popover, name_key = rename_keys(category.id)
    with row.popover(
        _ui.t("cat.rename"),
        icon=":material/edit:",
        key=popover,
        on_change=_forget_rename_error,
    ):
        st.text_input(
            _ui.t("cat.rename_label"),
            value=category.name,
            key=name_key,
            help=_ui.t("cat.name_help", max=CATEGORY_NAME_MAX),
        )
        refused = st.session_state.get(RENAME_ERROR_KEY)
        if refused is not None and refused[0] == category.id:
            _ui.show_error(refused[1])
        st.button(
            _ui.t("cat.rename_save"),
            key=f"cat_rename_{category.id}",
            on_click=_run,
            args=("rename", category.id, category.name),
        )
    row.button(
        _ui.t("cat.delete"),
        key=f"cat_delete_{category.id}",
        icon=":material/delete:",
        on_click=_ask_delete,
        args=(category.id,),
    )


st.title(_ui.t("nav.categories"), anchor=False)
st.caption(_ui.t("cat.intro", max=MAX_CUSTOM_CATEGORIES))

if (flash := st.session_state.pop(FLASH_KEY, None)) is not None:
    st.success(flash, icon=":material/check:")
if (error := st.session_state.pop(ERROR_KEY, None)) is not None:
    _ui.show_error(error)

categories = sorted(_ui.workspace().catalog.categories(), key=reading_order)
add_form(sum(1 for c in categories if not c.is_default))
st.divider()
for item in categories:
    category_row(item)

pending = st.session_state.get(PENDING_DELETE_KEY)
chosen = next((c for c in categories if c.id == pending), None)
if chosen is not None:
    confirm_delete(chosen)
elif pending is not None:
    st.session_state.pop(PENDING_DELETE_KEY, None)
_ui.finish_page()
