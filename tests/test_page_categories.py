"""The Categories page (AppTest): list with counts; add, rename, delete by key.

The worked example holds Default (Win-back, Spring promo) and Onboarding
(Welcome series).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from test_page_texts import HOSTILE, commonmark_text

from journeys import i18n
from journeys.workspace import Workspace
from ui._text import escape_markdown

APP = Path(__file__).resolve().parent.parent / "app.py"


def open_page(lang: str = "en") -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("pages/categories.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def shown(app: AppTest) -> list[str]:
    return [t.value for t in app.text]


def counts(workspace: Workspace) -> dict[str, int]:
    return {c.name: c.campaign_count for c in workspace.catalog.categories()}


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_the_list_shows_each_category_with_its_campaign_count(
    example_workspace: Workspace,
) -> None:
    app = open_page()
    assert shown(app) == ["Default", "2 campaigns", "Onboarding", "1 campaign"]
    assert "1 of 10 custom categories used" in [c.value for c in app.caption]


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_the_list_speaks_french(example_workspace: Workspace) -> None:
    app = open_page("fr")
    assert shown(app) == ["Défaut", "2 campagnes", "Onboarding", "1 campagne"]


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_adding_a_category_trims_it_counts_characters_and_clears_the_input(
    example_workspace: Workspace,
) -> None:
    app = open_page()
    app.text_input(key="cat_new_name").input("  Été 🎉  ").run()
    # É, t, é, space, the emoji: five characters, as the catalog counts them.
    assert "5 / 20 characters" in [c.value for c in app.caption]
    app.button(key="cat_add").click().run()
    assert [s.value for s in app.success] == ["Category “Été 🎉” added."]
    assert app.text_input(key="cat_new_name").value == ""
    assert counts(example_workspace) == {"Default": 2, "Onboarding": 1, "Été 🎉": 0}
    # Sorted as a reader would: "Été" before "Onboarding", accents ignored.
    assert shown(app) == [
        "Default",
        "2 campaigns",
        "Été 🎉",
        "No campaigns",
        "Onboarding",
        "1 campaign",
    ]


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_refused_name_says_why_and_changes_nothing(
    example_workspace: Workspace,
) -> None:
    app = open_page()
    app.text_input(key="cat_new_name").input("ONBOARDING").run()
    app.button(key="cat_add").click().run()
    assert [e.value for e in app.error] == [
        "A category named “ONBOARDING” already exists; names are compared "
        "ignoring upper and lower case."
    ]
    app.text_input(key="cat_new_name").input("x" * 21).run()
    assert "21 / 20 characters: too long" in [c.value for c in app.caption]
    app.button(key="cat_add").click().run()
    assert [e.value for e in app.error] == [
        "A category name has at most 20 characters, counting each letter (with "
        "or without accents), digit, space or single-symbol emoji as one, and a "
        "flag or a combined emoji as several; this one has 21."
    ]
    assert counts(example_workspace) == {"Default": 2, "Onboarding": 1}


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_at_ten_categories_add_is_disabled_and_says_why_in_french(
    example_workspace: Workspace,
) -> None:
    for n in range(9):
        example_workspace.catalog.add_category(f"Groupe {n}", "tester")
    app = open_page("fr")
    assert app.button(key="cat_add").disabled
    assert app.text_input(key="cat_new_name").disabled
    assert (
        "Les 10 catégories personnalisées sont utilisées\u00a0; supprimez-en une "
        "pour en ajouter une autre."
    ) in [c.value for c in app.caption]
    # one deleted, Add is back
    example_workspace.catalog.delete_category(
        example_workspace.catalog.categories()[-1].id, "tester"
    )
    app.run()
    assert not app.button(key="cat_add").disabled
    assert "9 catégories personnalisées sur 10 utilisées" in [
        c.value for c in app.caption
    ]


def under(node: Any, kind: str) -> list[Any]:
    """The elements or blocks of type `kind` under `node`, depth first."""
    found = [node] if getattr(node, "type", None) == kind else []
    for child in getattr(node, "children", {}).values():
        found += under(child, kind)
    return found


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_refused_rename_is_said_in_its_popover_which_stays_open(
    example_workspace: Workspace,
) -> None:
    app = open_page()
    app.text_input(key="cat_rename_name_onboarding").input("   ")
    app.button(key="cat_rename_onboarding").click().run()

    (popover,) = under(app.main, "popover")
    assert [e.value for e in under(popover, "error")] == [
        "A category needs a name of at least one character."
    ]
    assert len(app.error) == 1  # said there and nowhere else
    assert app.session_state["cat_rename_open_onboarding"] is True
    assert counts(example_workspace) == {"Default": 2, "Onboarding": 1}

    app.text_input(key="cat_rename_name_onboarding").input("First steps")
    app.button(key="cat_rename_onboarding").click().run()
    assert not app.error
    assert app.session_state["cat_rename_open_onboarding"] is False


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_renaming_a_category_by_its_key(example_workspace: Workspace) -> None:
    app = open_page()
    app.text_input(key="cat_rename_name_onboarding").input("First steps").run()
    app.button(key="cat_rename_onboarding").click().run()
    assert [s.value for s in app.success] == ["Category renamed to “First steps”."]
    assert shown(app) == ["Default", "2 campaigns", "First steps", "1 campaign"]
    assert example_workspace.catalog.get("c1").category_name == "First steps"


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_default_offers_no_rename_or_delete(example_workspace: Workspace) -> None:
    app = open_page()
    keys = {b.key for b in app.button}
    assert {"cat_rename_onboarding", "cat_delete_onboarding"} <= keys
    assert not {"cat_rename_default", "cat_delete_default"} & keys
    assert "Always there; cannot be renamed or deleted" in [
        c.value for c in app.caption
    ]


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_deleting_asks_how_many_move_then_moves_them_to_default(
    example_workspace: Workspace,
) -> None:
    app = open_page()
    app.button(key="cat_delete_onboarding").click().run()
    assert "Its 1 campaign will move to Default." in [m.value for m in app.markdown]
    assert counts(example_workspace) == {"Default": 2, "Onboarding": 1}
    app.button(key="cat_confirm_delete").click().run()
    assert [s.value for s in app.success] == [
        "Category “Onboarding” deleted; 1 campaign moved to Default."
    ]
    assert counts(example_workspace) == {"Default": 3}
    assert shown(app) == ["Default", "3 campaigns"]
    change = example_workspace.catalog.history("c1")[0]
    assert (change.action, change.author, change.after) == (
        "category",
        "tester",
        {"category_id": "default", "category": "Default"},
    )


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_cancelling_a_deletion_keeps_the_category(
    example_workspace: Workspace,
) -> None:
    app = open_page()
    app.button(key="cat_delete_onboarding").click().run()
    app.button(key="cat_cancel_delete").click().run()
    assert "cat_confirm_delete" not in {b.key for b in app.button}
    assert counts(example_workspace) == {"Default": 2, "Onboarding": 1}


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_rename_from_a_stale_page_is_refused_and_keeps_the_other_rename(
    example_workspace: Workspace,
) -> None:
    app = open_page()
    example_workspace.catalog.rename_category("onboarding", "Welcome", "someone")
    # Typed and saved in one go, as a browser sends them: the page the person
    # saw still said "Onboarding".
    app.text_input(key="cat_rename_name_onboarding").input("First steps")
    app.button(key="cat_rename_onboarding").click().run()
    assert [e.value for e in app.error] == [
        "Someone renamed this category in the meantime (to “Welcome”), so nothing "
        "was done; reload the page and try again."
    ]
    assert counts(example_workspace) == {"Default": 2, "Welcome": 1}


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize("name", [n for n in HOSTILE if len(n) <= 20])
def test_category_names_read_as_text_in_every_message(
    example_workspace: Workspace, name: str
) -> None:
    app = open_page()
    app.text_input(key="cat_new_name").input(name).run()
    app.button(key="cat_add").click().run()
    assert [commonmark_text(s.value) for s in app.success] == [
        f"Category “{name}” added."
    ]
    assert app.success[0].value == i18n.t("cat.added", "en", name=escape_markdown(name))
    assert name in shown(app)

    app.text_input(key="cat_new_name").input(name.upper()).run()
    app.button(key="cat_add").click().run()
    assert [commonmark_text(e.value) for e in app.error] == [
        f"A category named “{name.upper()}” already exists; names are compared "
        "ignoring upper and lower case."
    ]

    app.text_input(key="cat_rename_name_onboarding").input(name + "!").run()
    app.button(key="cat_rename_onboarding").click().run()
    assert [commonmark_text(s.value) for s in app.success] == [
        f"Category renamed to “{name}!”."
    ]
    app.button(key="cat_delete_onboarding").click().run()
    app.button(key="cat_confirm_delete").click().run()
    assert [commonmark_text(s.value) for s in app.success] == [
        f"Category “{name}!” deleted; 1 campaign moved to Default."
    ]
