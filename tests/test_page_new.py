"""The New campaign page (AppTest): from scratch and from a template, by key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from journeys.workspace import Workspace

APP = Path(__file__).resolve().parent.parent / "app.py"


def open_page(lang: str = "en") -> AppTest:
    """The page in `lang`, chosen through the URL as a shared link would."""
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("pages/new.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def seed_messages(app: AppTest, *rows: dict[str, Any]) -> None:
    """Rows added in the message editor (AppTest cannot type into it)."""
    app.session_state["new_messages"] = {
        "edited_rows": {},
        "added_rows": list(rows),
        "deleted_rows": [],
    }


def new_ids(workspace: Workspace) -> list[str]:
    known = {"c1", "c2", "c3"}  # the worked example's campaigns
    return [i for i in workspace.catalog.campaigns_frame()["id"] if i not in known]


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_campaign_from_scratch_is_a_draft_in_the_chosen_category(
    example_workspace: Workspace,
) -> None:
    app = open_page()
    app.text_input(key="new_title").input("  Summer sale  ")
    app.selectbox(key="new_entry_type").set_value("audience")
    app.selectbox(key="new_category").set_value("onboarding")
    # AppTest cannot type into a data editor; its edit state is seeded instead.
    app.session_state["new_messages"] = {
        "edited_rows": {},
        "added_rows": [
            {"name": "Sale starts", "channel": "email"},
            {"name": "Last hours", "channel": "sms"},
        ],
        "deleted_rows": [],
    }
    app.text_area(key="new_goals").input("Purchase\n\n  Newsletter sign-up ")
    app.button(key="new_create").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]

    [new_id] = new_ids(example_workspace)
    created = example_workspace.catalog.get(new_id)
    assert (created.title, created.status, created.entry_type) == (
        "Summer sale",
        "draft",
        "audience",
    )
    assert (created.category_id, created.created_by) == ("onboarding", "tester")
    assert [(m.name, m.channel) for m in created.messages] == [
        ("Sale starts", "email"),
        ("Last hours", "sms"),
    ]
    assert sorted(g.name for g in created.goals) == ["Newsletter sign-up", "Purchase"]
    # The page then opens the new campaign's card.
    assert app.query_params["id"] == new_id


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_draft_with_one_message_goes_to_default(example_workspace: Workspace) -> None:
    app = open_page()
    assert app.selectbox(key="new_category").value == "default"
    app.text_input(key="new_title").input("Idea").run()
    seed_messages(app, {"name": "Hello", "channel": "push"})
    app.button(key="new_create").click().run()
    [new_id] = new_ids(example_workspace)
    created = example_workspace.catalog.get(new_id)
    assert (created.category_id, created.entry_type) == ("default", "trigger")
    assert [(m.name, m.channel) for m in created.messages] == [("Hello", "push")]


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_missing_title_is_refused_and_nothing_is_created(
    example_workspace: Workspace,
) -> None:
    app = open_page()
    seed_messages(app, {"name": "Hello", "channel": "push"})
    app.button(key="new_create").click().run()
    assert [e.value for e in app.error] == [
        "A campaign needs a title of at least one character."
    ]
    assert new_ids(example_workspace) == []


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_every_problem_of_the_form_is_reported_at_once(
    example_workspace: Workspace,
) -> None:
    app = open_page()
    seed_messages(app, {"name": "One"}, {"channel": "sms"})
    app.button(key="new_create").click().run()
    assert [e.value for e in app.error] == [
        "A campaign needs a title of at least one character.",
        "Message row 1 (“One”) has no channel: pick one, or clear the row.",
        "Message row 2 has a channel but no name: name the message, or clear the row.",
    ]
    assert new_ids(example_workspace) == []


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_an_empty_title_and_no_message_are_both_reported(
    example_workspace: Workspace,
) -> None:
    app = open_page()
    app.button(key="new_create").click().run()
    assert len(app.error) == 2
    assert "title" in app.error[0].value and "message" in app.error[1].value


@pytest.mark.usefixtures("fresh_streamlit_caches", "example_workspace")
def test_the_title_input_counts_up_to_the_limit() -> None:
    app = open_page()
    assert app.text_input(key="new_title").max_chars == 100


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize(
    "rows",
    [
        [],
        [{"name": None, "channel": None}],
        [{"name": "   ", "channel": None}, {}],
    ],
    ids=["no row", "a blank row", "rows of spaces"],
)
def test_a_draft_without_any_message_is_refused_because_it_could_never_launch(
    example_workspace: Workspace, rows: list[dict[str, Any]]
) -> None:
    app = open_page()
    app.text_input(key="new_title").input("Idea")
    seed_messages(app, *rows)
    app.button(key="new_create").click().run()
    assert [e.value for e in app.error] == [
        "Add at least one message with a name and a channel: a draft’s messages "
        "cannot be changed after it is created, and a campaign needs one to launch."
    ]
    assert new_ids(example_workspace) == []


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_message_without_a_channel_is_refused_naming_its_row(
    example_workspace: Workspace,
) -> None:
    app = open_page("fr")
    app.text_input(key="new_title").input("Test")
    seed_messages(
        app,
        {"name": "Un", "channel": "push"},
        {"name": None, "channel": None},  # a blank row still has its number
        {"name": "Trois"},
    )
    app.button(key="new_create").click().run()
    assert [e.value for e in app.error] == [
        "La ligne de message 3 (\u00ab\u00a0Trois\u00a0\u00bb) n’a pas de canal\u00a0: "
        "choisissez-en un, ou videz la ligne."
    ]
    assert new_ids(example_workspace) == []


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_channel_without_a_name_is_refused_naming_its_row(
    example_workspace: Workspace,
) -> None:
    app = open_page()
    app.text_input(key="new_title").input("Test")
    seed_messages(app, {"name": "One", "channel": "push"}, {"channel": "sms"})
    app.button(key="new_create").click().run()
    assert [e.value for e in app.error] == [
        "Message row 2 has a channel but no name: name the message, or clear the row."
    ]
    assert new_ids(example_workspace) == []


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_the_message_editor_shows_empty_cells_blank_and_holds_back_no_row() -> None:
    """No `required` column: with one, Chromium dropped channels picked with the
    mouse from the list a double click opens; half-filled rows are refused on
    "Create draft" instead. Empty cells read blank rather than "None"."""
    app = open_page()
    editor = app.data_editor(key="new_messages")
    assert editor.proto.placeholder == ""
    columns = json.loads(editor.proto.columns)
    assert [name for name, c in columns.items() if c.get("required")] == []
    assert editor.editing_mode == "dynamic"


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_page_never_promises_a_draft_stays_editable_and_says_how_to_add_rows(
    lang: str,
) -> None:
    app = open_page(lang)
    captions = " ".join(c.value for c in app.caption)
    assert "editable" not in captions and "modifiable" not in captions
    assert "+" in captions
    assert ("empty row" if lang == "en" else "ligne vide") in captions
    assert ("no longer be changed" if lang == "en" else "ne peuvent plus") in captions


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_a_template_fills_the_form_in_french_and_can_be_edited_before_saving(
    example_workspace: Workspace,
) -> None:
    app = open_page("fr")
    app.segmented_control(key="new_source").set_value("template").run()
    app.selectbox(key="new_template").set_value("winback").run()
    assert app.text_input(key="new_title").value == (
        "Reconquête des utilisateurs inactifs"
    )
    assert app.selectbox(key="new_entry_type").value == "audience"
    assert app.text_area(key="new_goals").value == "Retour dans l’application"
    table = app.data_editor(key="new_messages").value
    assert list(zip(table["name"], table["channel"], strict=True)) == [
        ("Vous nous manquez", "email"),
        ("Une offre de retour", "sms"),
        ("L’offre se termine bientôt", "whatsapp"),
    ]

    # Edit before saving: a new title, the second message renamed, the third
    # removed, and a push message added.
    app.text_input(key="new_title").input("Reconquête printemps")
    app.session_state["new_messages"] = {
        "edited_rows": {1: {"name": "Offre de printemps"}},
        "added_rows": [{"name": "Rappel", "channel": "push"}],
        "deleted_rows": [2],
    }
    app.button(key="new_create").click().run()
    assert not app.error, [e.value for e in app.error]

    [new_id] = new_ids(example_workspace)
    created = example_workspace.catalog.get(new_id)
    assert (created.title, created.status, created.entry_type) == (
        "Reconquête printemps",
        "draft",
        "audience",
    )
    assert created.category_id == "default"
    assert [(m.name, m.channel) for m in created.messages] == [
        ("Vous nous manquez", "email"),
        ("Offre de printemps", "sms"),
        ("Rappel", "push"),
    ]
    assert [g.name for g in created.goals] == ["Retour dans l’application"]
    assert app.query_params["id"] == new_id


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_going_back_to_scratch_empties_the_form(
    example_workspace: Workspace,
) -> None:
    app = open_page()
    app.segmented_control(key="new_source").set_value("template").run()
    app.selectbox(key="new_template").set_value("renewal").run()
    assert app.text_input(key="new_title").value == "Renewal reminder"
    app.segmented_control(key="new_source").set_value("scratch").run()
    assert app.text_input(key="new_title").value == ""
    assert len(app.data_editor(key="new_messages").value) == 0
