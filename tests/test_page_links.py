"""Links with values the pages cannot use (AppTest on the worked example).

Each bad value gives way to its default, leaves the URL, and is named once,
as text, in one warning at the top of the page, in the user's language.
"""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from test_page_campaign import open_card
from test_page_campaigns import open_page
from test_page_texts import HOSTILE, commonmark_text
from test_store import events

from journeys.workspace import Workspace

pytestmark = pytest.mark.usefixtures("fresh_streamlit_caches")


def notices(app: AppTest) -> list[str]:
    """The warnings as the browser shows them."""
    return [commonmark_text(w.value) for w in app.warning]


def test_a_period_not_understood_is_named_and_the_last_30_days_are_shown(
    example_workspace: Workspace,
) -> None:
    app = open_card("c1", card_period="garbage")

    assert notices(app) == [
        "This link's period “garbage” is not understood: "
        "showing “Last 30 days” instead."
    ]
    assert app.selectbox(key="card_period").value == "30d"
    assert "card_period" not in app.query_params


def test_the_notice_shows_once_as_the_url_then_holds_only_what_is_shown(
    example_workspace: Workspace,
) -> None:
    app = open_card("c1", card_period="garbage")
    app.run()

    assert notices(app) == []


def test_a_link_pinned_to_a_missing_snapshot_shows_the_newest_and_says_so(
    example_workspace: Workspace,
) -> None:
    example_workspace.store.append(events("x1"), author="t", source="second")

    app = open_card("c1", v="999")

    assert notices(app) == [
        "This link is pinned to data snapshot v999, which does not exist: "
        "showing the newest data (v1)."
    ]
    assert "v" not in app.query_params
    assert "Data snapshot v1" in app.sidebar.caption[0].value


def test_an_unknown_language_is_named_in_english(
    example_workspace: Workspace,
) -> None:
    app = open_card("c1", lang="xx")

    assert notices(app) == [
        "This link's language “xx” is not available: showing English instead."
    ]
    assert app.radio(key="lang").value == "en"


def test_a_french_link_names_its_bad_value_in_french(
    example_workspace: Workspace,
) -> None:
    app = open_card("c1", lang="fr", card_period="garbage")

    assert notices(app) == [
        "La période «\u00a0garbage\u00a0» de ce lien n’est pas comprise\u00a0: "
        "affichage de «\u00a030 derniers jours\u00a0» à la place."
    ]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_bad_value_is_quoted_as_text_never_as_markdown(
    example_workspace: Workspace, value: str
) -> None:
    app = open_card("c1", card_period=value)

    assert f"period “{value}” is not" in notices(app)[0]


def test_several_bad_values_share_one_warning(example_workspace: Workspace) -> None:
    app = open_card("c1", card_period="garbage", tz="Mars/Olympus")

    (notice,) = notices(app)
    assert "time zone “Mars/Olympus” is not known: showing times in UTC" in notice
    assert "period “garbage”" in notice


def test_a_good_link_shows_no_notice(example_workspace: Workspace) -> None:
    assert notices(open_card("c1", v="0", tz="Europe/Paris", lang="fr")) == []
    assert notices(open_page(list_sort="reach", list_status="active")) == []


@pytest.mark.parametrize(
    ("key", "value", "text"),
    [
        ("list_status", "deleted", "status tab “deleted” is not understood"),
        ("list_status", ["active", "draft"], "status tab “active, draft”"),
        ("list_category", "gone", "category “gone” does not exist"),
        ("list_type", "email", "entry type “email” is not understood"),
        ("list_launch_from", "2026-02-30", "first launch day “2026-02-30”"),
        ("list_launch_to", "yesterday", "last launch day “yesterday”"),
        ("list_sort", "colour", "sort “colour” is not understood"),
        ("list_dir", "sideways", "sort direction “sideways”"),
        ("list_selected", "c404", "campaign “c404”, which does not exist"),
        ("list_period", "fortnight", "period “fortnight” is not understood"),
        ("list_range", "garbage", "date range “garbage” cannot be shown"),
    ],
)
def test_a_bad_list_value_is_named_and_leaves_the_url(
    example_workspace: Workspace, key: str, value: Any, text: str
) -> None:
    at = open_page(**{key: value})

    (notice,) = notices(at)
    assert text in notice
    assert key not in at.query_params
