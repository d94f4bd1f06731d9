"""The options menu of one campaign: the actions its status allows.

Shared by the Campaigns list (one menu per row) and the campaign card. Every
action goes through `Catalog`, which re-checks the rules and records who did
what; a refusal is shown, never raised.
"""

from __future__ import annotations

import logging

import streamlit as st

from journeys.catalog import ACTIONS_BY_STATUS, TITLE_MAX
from journeys.catalog import copy_title as catalog_copy_title
from ui import _ui

logger = logging.getLogger(__name__)

# The campaign the card shows (session state; the card writes it to the URL).
CARD_ID = "card__id"
# Restore leads back to draft or to inactive (`restore_target`): the menu
# entry names where, so the person knows before picking it.
RESTORE_OPTIONS: dict[str, str] = {
    "restore_draft": "draft",
    "restore_inactive": "inactive",
}


def menu_options(status: str, restore_to: str = "draft") -> list[str]:
    """The menu entries for a status, in the order DESIGN.md lists them (View
    aside: the card is where the menu is); `restore_to` is where Restore would
    take this campaign."""
    options = []
    for action in ACTIONS_BY_STATUS.get(status, ()):
        options.append(f"restore_{restore_to}" if action == "restore" else action)
    return options


def copy_title(title: str) -> str:
    """The clone's title in the user's language, within the title limit."""
    return catalog_copy_title(title, _ui.t("campaign.copy_title", title="{title}"))


def _actor() -> str:
    return _ui.actor()


def _done(message_key: str, title: str) -> None:
    _ui.flash(message_key, title=title)
    st.rerun()


def _apply(campaign_id: str, action: str, status: str, title: str) -> None:
    restore_to = RESTORE_OPTIONS.get(action)
    name = "restore" if restore_to else action
    done = _ui.guarded(
        lambda: (
            _ui.workspace().catalog.apply(
                campaign_id,
                name,
                _actor(),
                expected_status=status,
                restore_to=restore_to,
            )
            or True
        )
    )
    if done:
        _done(f"actions.done_{action}", title)


def cancel_or_confirm(label: str, cancel_key: str, confirm_key: str) -> bool | None:
    """Cancel on the left, the action (primary) on the right, wherever an
    action asks first: True when confirmed, False when cancelled, else None."""
    left, right = st.columns(2)
    if left.button(_ui.t("actions.cancel"), key=cancel_key, width="stretch"):
        return False
    if right.button(label, key=confirm_key, type="primary", width="stretch"):
        return True
    return None


def deactivate_confirmation(
    title: str, cancel_key: str, confirm_key: str
) -> bool | None:
    """The body of the deactivate dialog, the same in the list and on the card:
    the campaign, why to think twice, Cancel and Deactivate for good."""
    st.text(title)
    st.warning(_ui.t("actions.deactivate_warning"), icon=":material/warning:")
    return cancel_or_confirm(
        _ui.t("actions.deactivate_confirm"), cancel_key, confirm_key
    )


def _deactivate_dialog(campaign_id: str, status: str, title: str) -> None:
    answer = deactivate_confirmation(
        title,
        cancel_key=f"actions_deactivate_no_{campaign_id}",
        confirm_key=f"actions_deactivate_yes_{campaign_id}",
    )
    if answer:
        _apply(campaign_id, "deactivate", status, title)
    elif answer is False:
        st.rerun()


def _rename_dialog(campaign_id: str, status: str, title: str) -> None:
    new_title = st.text_input(
        _ui.t("actions.rename_label"),
        value=title,
        max_chars=TITLE_MAX,
        key=f"actions_rename_{campaign_id}",
    )
    answer = cancel_or_confirm(
        _ui.t("actions.rename_save"),
        cancel_key=f"actions_rename_cancel_{campaign_id}",
        confirm_key=f"actions_rename_save_{campaign_id}",
    )
    if answer is False:
        st.rerun()
    if answer:
        done = _ui.guarded(
            lambda: (
                _ui.workspace().catalog.apply(
                    campaign_id,
                    "rename",
                    _actor(),
                    expected_status=status,
                    expected_title=title,
                    title=new_title,
                )
                or True
            )
        )
        if done:
            _done("actions.done_rename", new_title.strip())


def _clone(campaign_id: str, title: str) -> None:
    """Clone, then show the new draft's card (the same page: one history entry)."""
    new_id = _ui.guarded(
        lambda: _ui.workspace().catalog.clone(
            campaign_id, _actor(), title=copy_title(title)
        )
    )
    if new_id:
        st.session_state[CARD_ID] = new_id
        _done("actions.done_clone", title)


def campaign_actions(
    campaign_id: str,
    status: str,
    title: str,
    *,
    restore_to: str,
    key_prefix: str,
) -> None:
    """A menu button with the actions `status` allows, carried out on pick.

    The widget key is `<key_prefix>_actions_<campaign_id>`. Deactivate asks for
    confirmation (it is permanent); Rename asks for the new title; Clone opens
    the new draft's card; the others apply at once and rerun. Call
    `_ui.show_flash()` once per page to show what was done.
    """
    options = menu_options(status, restore_to)
    choice = st.menu_button(
        _ui.t("actions.menu"),
        options,
        key=f"{key_prefix}_actions_{campaign_id}",
        format_func=_ui.labeller(
            options,
            lambda action: _ui.t(f"actions.{action}"),
        ),
        icon=":material/more_vert:",
        help=_ui.t("actions.menu_help"),
    )
    if choice is None:
        return
    logger.debug("campaign %s: %s picked", campaign_id, choice)
    if choice == "deactivate":
        st.dialog(_ui.t("actions.deactivate_title"))(_deactivate_dialog)(
            campaign_id, status, title
        )
    elif choice == "rename":
        st.dialog(_ui.t("actions.rename_title"))(_rename_dialog)(
            campaign_id, status, title
        )
    elif choice == "clone":
        _clone(campaign_id, title)
    else:
        _apply(campaign_id, choice, status, title)
