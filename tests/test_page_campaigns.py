"""AppTest tests of the Campaigns page on the worked example (shared/examples/metrics).

Its three campaigns in March 2026 (UTC): c1 "Welcome series" (active, trigger,
Onboarding; reach 5, goals 1, average CTR 47.22 %), c2 "Win-back" (active,
audience, Default; reach 2, goals 1, 75.00 %) and c3 "Spring promo" (draft,
mixed, Default; every headline figure undefined).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from test_page_texts import HOSTILE, commonmark_text

from journeys import i18n
from journeys.i18n import fmt_date
from journeys.metrics import SORTS, ListFilters
from journeys.periods import Period, today_in
from journeys.workspace import Workspace
from ui import _campaign_list as _list
from ui._text import escape_markdown

APP = Path(__file__).resolve().parent.parent / "app.py"
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
MARCH_PARAMS = {
    "list_period": "custom",
    "list_range": ["2026-03-01", "2026-03-31"],
}

pytestmark = pytest.mark.usefixtures("fresh_streamlit_caches")


def open_page(lang: str = "en", **params: Any) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if lang != "en":
        at.query_params["lang"] = lang
    for key, value in {**MARCH_PARAMS, **params}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table(at: AppTest) -> list[dict[str, Any]]:
    """The list's rows as shown, with the campaign id and title read off the link."""
    frames = [d.value for d in at.dataframe if "name" in d.value.columns]
    if not frames:
        return []
    rows = frames[0].to_dict("records")
    for row in rows:
        link = row["name"]
        row["id"] = parse_qs(urlsplit(link).query)["id"][0]
        row["title"] = unquote(link.split("#", 1)[1])
        (row["status"],) = row["status"]  # a one-label badge
    return rows


def shown_ids(at: AppTest) -> list[str]:
    return [row["id"] for row in table(at)]


def sql_ids(workspace: Workspace, filters: ListFilters | None = None) -> list[str]:
    frame = workspace.analytics().campaign_list(MARCH, filters or ListFilters())
    return frame["id"].to_list()


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.info, *at.caption, *at.warning, *at.error)]
    return "\n".join(str(p) for p in parts)


# -- the rows ---------------------------------------------------------------------------


def test_the_list_shows_every_campaign_with_the_worked_example_figures(
    example_workspace: Workspace,
) -> None:
    at = open_page()

    rows = {row["id"]: row for row in table(at)}
    assert shown_ids(at) == sql_ids(example_workspace)
    assert rows["c1"]["title"] == "Welcome series"
    assert (rows["c1"]["status"], rows["c1"]["entry_type"]) == (
        "Active",
        "Trigger-based",
    )
    assert rows["c1"]["category"] == "Onboarding"
    assert rows["c1"]["messages"] == 3
    assert (rows["c1"]["total_reach"], rows["c1"]["goals_reached"]) == ("5", "1")
    assert rows["c1"]["avg_ctr"] == "47.22 %"
    assert (rows["c2"]["total_reach"], rows["c2"]["avg_ctr"]) == ("2", "75.00 %")
    assert rows["c2"]["category"] == "Default"
    assert (rows["c3"]["status"], rows["c3"]["messages"]) == ("Draft", 1)
    assert [rows["c3"][k] for k in ("total_reach", "goals_reached", "avg_ctr")] == [
        "--",
        "--",
        "--",
    ]
    assert rows["c1"]["modified_by"] == "tester"


def test_the_list_speaks_french_with_french_numbers(
    example_workspace: Workspace,
) -> None:
    at = open_page("fr")

    rows = {row["id"]: row for row in table(at)}
    assert rows["c1"]["avg_ctr"] == "47,22\u00a0%"
    assert rows["c3"]["status"] == "Brouillon"
    assert rows["c2"]["category"] == "Défaut"
    assert at.button_group(key="list_status").options[0] == "Toutes (3)"


def test_the_name_links_to_the_card_with_language_zone_and_period(
    example_workspace: Workspace,
) -> None:
    at = open_page("fr", tz="Europe/Paris")

    link = next(row["name"] for row in table(at) if row["id"] == "c1")
    query = parse_qs(urlsplit(link).query)
    assert urlsplit(link).path == "campaign"
    assert query["id"] == ["c1"] and query["lang"] == ["fr"]
    assert query["tz"] == ["Europe/Paris"]
    assert query["card_period"] == ["custom"]
    assert query["card_range"] == ["2026-03-01", "2026-03-31"]


# -- search -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("welcome", ["c1"]),
        ("BACK", ["c2"]),
        ("ete", ["c2"]),
        ("ÉTÉ", ["c2"]),
        ("50% off_(x)+*'\"", ["c2"]),
        ("%", ["c2"]),
        ("_", ["c2"]),
        ("w%e", []),
        ("*", ["c2"]),
    ],
    ids=lambda v: repr(v) if isinstance(v, str) else None,
)
def test_search_is_literal_and_ignores_case_and_accents(
    example_workspace: Workspace, search: str, expected: list[str]
) -> None:
    example_workspace.catalog.apply(
        "c2", "rename", "tester", title="Été 50% off_(x)+*'\" back"
    )
    at = open_page()

    at.text_input(key="list_search").set_value(search).run()

    assert sorted(shown_ids(at)) == expected
    assert sorted(sql_ids(example_workspace, ListFilters(search=search))) == expected


def test_a_search_longer_than_the_limit_is_cut_with_a_message(
    example_workspace: Workspace,
) -> None:
    at = open_page(list_search="w" * 500)

    assert at.text_input(key="list_search").value == "w" * 100
    assert "limited to 100 characters" in texts(at)
    assert at.query_params["list_search"] == "w" * 100


def test_no_match_says_so_and_clearing_brings_the_rows_back(
    example_workspace: Workspace,
) -> None:
    at = open_page(list_search="zzz")

    assert table(at) == []
    assert "No campaign matches this search" in texts(at)
    at.button(key="list_clear").click().run()
    assert at.text_input(key="list_search").value == ""
    assert len(table(at)) == 3


def test_a_new_store_invites_to_create_a_campaign(
    empty_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Workspace, "ensure_demo", lambda self, n=None: False)
    at = open_page()

    assert table(at) == []
    assert "There are no campaigns yet" in texts(at)


# -- status tabs, category, more filters ------------------------------------------------


def test_status_tabs_count_the_campaigns_under_the_other_filters(
    example_workspace: Workspace,
) -> None:
    at = open_page(list_search="w")  # Welcome series and Win-back

    tabs = at.button_group(key="list_status")
    assert tabs.options == [
        "All (2)",
        "Active (2)",
        "Inactive (0)",
        "Draft (0)",
        "Paused (0)",
        "Archived (0)",
    ]


def test_a_status_tab_shows_only_its_campaigns_and_an_empty_one_says_so(
    example_workspace: Workspace,
) -> None:
    at = open_page()

    at.button_group(key="list_status").set_value("draft").run()
    assert shown_ids(at) == ["c3"]
    assert shown_ids(at) == sql_ids(example_workspace, ListFilters(status="draft"))
    at.button_group(key="list_status").set_value("paused").run()
    assert table(at) == []
    assert "No campaign in the “Paused” tab" in texts(at)


@pytest.mark.parametrize(
    ("category", "expected"), [("onboarding", ["c1"]), ("default", ["c2", "c3"])]
)
def test_the_category_filter_keeps_that_category(
    example_workspace: Workspace, category: str, expected: list[str]
) -> None:
    at = open_page()

    at.selectbox(key="list_category").set_value(category).run()

    assert sorted(shown_ids(at)) == expected
    filters = ListFilters(category_id=category)
    assert sorted(sql_ids(example_workspace, filters)) == expected


def test_the_entry_type_filter_keeps_that_type(example_workspace: Workspace) -> None:
    at = open_page()

    at.selectbox(key="list_type").set_value("audience").run()

    assert shown_ids(at) == ["c2"]


def test_the_launch_range_keeps_campaigns_launched_in_it_even_given_backwards(
    example_workspace: Workspace,
) -> None:
    example_workspace.catalog.apply("c3", "launch", "tester")
    today = today_in("UTC")
    at = open_page()

    at.date_input(key="list_launch_from").set_value(today).run()
    assert shown_ids(at) == ["c3"]
    at.date_input(key="list_launch_from").set_value(date(2026, 1, 1))
    at.date_input(key="list_launch_to").set_value(date(2025, 1, 1)).run()
    assert not at.exception
    assert table(at) == []
    assert "end first" in texts(at)


@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize("sort", SORTS)
def test_each_sort_orders_the_rows_as_the_sql_layer_does(
    example_workspace: Workspace, sort: str, direction: str
) -> None:
    at = open_page()

    at.selectbox(key="list_sort").set_value(sort).run()
    at.button_group(key="list_dir").set_value(direction).run()

    filters = ListFilters(sort=sort, descending=direction == "desc")
    assert shown_ids(at) == sql_ids(example_workspace, filters)
    if sort in ("reach", "goals", "ctr"):
        assert shown_ids(at)[-1] == "c3"  # undefined sorts last both ways


# -- the URL ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "widget", "expected_ids"),
    [
        ("list_search", "back", "text_input", ["c2"]),
        ("list_status", "draft", "button_group", ["c3"]),
        ("list_category", "onboarding", "selectbox", ["c1"]),
        ("list_type", "mixed", "selectbox", ["c3"]),
        ("list_launch_from", "2000-01-01", "date_input", []),
        ("list_sort", "name", "selectbox", ["c3", "c1", "c2"]),
        ("list_dir", "asc", "button_group", ["c1", "c2", "c3"]),
    ],
)
def test_a_url_parameter_restores_its_control_and_stays_in_the_url(
    example_workspace: Workspace,
    key: str,
    value: str,
    widget: str,
    expected_ids: list[str],
) -> None:
    at = open_page(**{key: value})

    control = getattr(at, widget)(key=key)
    shown = control.value.isoformat() if key == "list_launch_from" else control.value
    assert shown == value
    assert at.query_params[key] == value
    assert shown_ids(at) == expected_ids


@pytest.mark.parametrize(
    ("key", "value", "widget", "default"),
    [
        ("list_status", "deleted", "button_group", "all"),
        ("list_status", ["active", "draft"], "button_group", "all"),
        ("list_category", "gone-category", "selectbox", ""),
        ("list_type", "email", "selectbox", ""),
        ("list_launch_from", "2026-02-30", "date_input", None),
        ("list_launch_to", "yesterday", "date_input", None),
        ("list_sort", "colour", "selectbox", "modified"),
        ("list_dir", "sideways", "button_group", "desc"),
    ],
)
def test_a_bad_url_value_falls_back_to_the_default_and_leaves_the_url(
    example_workspace: Workspace, key: str, value: Any, widget: str, default: Any
) -> None:
    at = open_page(**{key: value})

    assert getattr(at, widget)(key=key).value == default
    assert key not in at.query_params
    assert len(table(at)) == 3


def test_a_changed_control_is_written_to_the_url(example_workspace: Workspace) -> None:
    at = open_page()

    at.selectbox(key="list_sort").set_value("reach").run()
    at.button_group(key="list_status").set_value("active").run()

    assert at.query_params["list_sort"] == "reach"
    assert at.query_params["list_status"] == "active"
    assert "list_dir" not in at.query_params  # the sort's own default direction


def nav_link(at: AppTest, url_path: str) -> dict[str, list[str]]:
    """The query of the sidebar's link to the page at `url_path` ("" is the list)."""
    links = {
        link.proto.page: parse_qs(link.proto.query_string)
        for link in at.sidebar.get("page_link")
    }
    return links[url_path]


def follow(at: AppTest, page: str, query: dict[str, list[str]]) -> None:
    """Open `page` with `query`, as a click on a link to it does."""
    at.query_params.clear()
    for key, values in query.items():
        at.query_params[key] = values
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]


def test_leaving_for_another_page_and_coming_back_keeps_the_filters(
    example_workspace: Workspace,
) -> None:
    at = open_page("fr")
    at.text_input(key="list_search").set_value("win").run()
    at.selectbox(key="list_sort").set_value("name").run()
    back_to_list = nav_link(at, "")

    follow(at, "pages/categories.py", nav_link(at, "categories"))
    assert dict(at.query_params) == {"lang": "fr"}
    follow(at, "pages/campaigns.py", back_to_list)

    assert back_to_list["list_search"] == ["win"]
    assert at.text_input(key="list_search").value == "win"
    assert at.selectbox(key="list_sort").value == "name"
    assert shown_ids(at) == ["c2"]
    assert at.query_params["lang"] == "fr"


def test_a_url_without_the_lists_keys_shows_the_default_view(
    example_workspace: Workspace,
) -> None:
    """Back from `/?list_status=draft` to `/` shows All, as `/` did before."""
    at = open_page()
    at.button_group(key="list_status").set_value("draft").run()
    assert at.query_params["list_status"] == "draft"

    at.query_params.pop("list_status")
    at.run()

    assert at.button_group(key="list_status").value == "all"
    assert "list_status" not in at.query_params
    assert len(table(at)) == 3


# -- the selected campaign --------------------------------------------------------------


def test_the_selection_follows_the_campaign_whatever_the_sort(
    example_workspace: Workspace,
) -> None:
    at = open_page(list_selected="c2")

    assert at.menu_button(key="list_options").options == [
        "Pause",
        "Deactivate…",
        "Rename…",
        "Clone",
    ]
    assert "Win-back" in [t.value for t in at.text]
    at.selectbox(key="list_sort").set_value("name").run()
    at.button_group(key="list_dir").set_value("desc").run()
    assert shown_ids(at) == ["c2", "c1", "c3"]
    assert "Win-back" in [t.value for t in at.text]
    assert at.query_params["list_selected"] == "c2"


def test_pause_from_the_options_menu_updates_the_list(
    example_workspace: Workspace,
) -> None:
    at = open_page(list_selected="c2")

    at.menu_button(key="list_options").click("pause").run()

    assert example_workspace.catalog.get("c2").status == "paused"
    rows = {row["id"]: row for row in table(at)}
    assert rows["c2"]["status"] == "Paused"
    assert "Paused (1)" in at.button_group(key="list_status").options


def test_deactivate_asks_for_confirmation_and_says_it_is_permanent(
    example_workspace: Workspace,
) -> None:
    at = open_page(list_selected="c1")

    at.menu_button(key="list_options").click("deactivate").run()
    # Word for word the card's dialog (tests/test_page_campaign.py)
    assert [w.value for w in at.warning] == [i18n.t("actions.deactivate_warning", "en")]
    assert [b.label for b in at.button if b.key.startswith("list_deactivate")] == [
        "Cancel",
        "Deactivate for good",
    ]
    assert example_workspace.catalog.get("c1").status == "active"
    at.button(key="list_deactivate_confirm").click().run()

    assert example_workspace.catalog.get("c1").status == "inactive"
    assert {r["id"]: r["status"] for r in table(at)}["c1"] == "Inactive"


def test_rename_asks_for_the_new_name_in_place(example_workspace: Workspace) -> None:
    at = open_page(list_selected="c3")

    at.menu_button(key="list_options").click("rename").run()
    at.text_input(key="list_rename_title").set_value("Summer promo")
    at.button(key="list_rename_save").click().run()

    assert example_workspace.catalog.get("c3").title == "Summer promo"
    assert "Summer promo" in [r["title"] for r in table(at)]


def test_clone_makes_a_draft_with_a_localised_title_and_selects_it(
    example_workspace: Workspace,
) -> None:
    at = open_page("fr", list_selected="c2")

    at.menu_button(key="list_options").click("clone").run()

    rows = {row["title"]: row for row in table(at)}
    assert rows["Win-back (copie)"]["status"] == "Brouillon"
    clone_id = rows["Win-back (copie)"]["id"]
    assert example_workspace.catalog.get(clone_id).entry_type == "audience"
    assert at.query_params["list_selected"] == clone_id


def test_restore_says_where_the_campaign_goes_back_to_before_confirming(
    example_workspace: Workspace,
) -> None:
    example_workspace.catalog.apply("c3", "archive", "tester")
    at = open_page(list_selected="c3")

    at.menu_button(key="list_options").click("restore").run()
    assert "It goes back to **Draft**." in [m.value for m in at.markdown]
    at.button(key="list_restore_confirm").click().run()

    assert example_workspace.catalog.get("c3").status == "draft"


def test_cancel_closes_the_restore_dialog_and_changes_nothing(
    example_workspace: Workspace,
) -> None:
    example_workspace.catalog.apply("c3", "archive", "tester")
    history = len(example_workspace.catalog.history("c3"))
    at = open_page(list_selected="c3")

    at.menu_button(key="list_options").click("restore").run()
    at.button(key="list_restore_cancel").click().run()

    assert example_workspace.catalog.get("c3").status == "archived"
    assert len(example_workspace.catalog.history("c3")) == history
    assert not [b for b in at.button if b.key == "list_restore_confirm"]
    assert not at.toast


@pytest.mark.parametrize(
    ("params", "label"),
    [
        ({}, "More filters and sort"),
        ({"list_type": "audience"}, "More filters and sort (1)"),
        (
            {
                "list_type": "audience",
                "list_launch_to": "2026-03-31",
                "list_dir": "asc",
            },
            "More filters and sort (3)",
        ),
    ],
)
def test_the_more_filters_label_counts_the_filters_set_whether_open_or_closed(
    params: dict[str, str], label: str
) -> None:
    at = open_page(**params)

    (expander,) = [e for e in at.expander if e.label.startswith("More filters")]
    assert expander.label == label
    assert expander.proto.expanded == bool(params)


def test_the_more_filters_label_follows_a_filter_set_inside_it_and_stays_open() -> None:
    at = open_page("fr")
    at.session_state[_list.MORE_FILTERS_OPEN] = True  # as the person opened it

    at.selectbox(key="list_type").set_value("mixed").run()

    (expander,) = [e for e in at.expander if e.label.startswith("Autres filtres")]
    assert expander.label == "Autres filtres et tri (1)"
    assert expander.proto.expanded


def test_an_action_on_a_campaign_changed_meanwhile_is_refused(
    example_workspace: Workspace,
) -> None:
    at = open_page(list_selected="c2")
    at.menu_button(key="list_options").click("deactivate").run()

    example_workspace.catalog.apply("c2", "deactivate", "someone else")
    at.button(key="list_deactivate_confirm").click().run()

    assert "cannot be" in texts(at)  # an inactive campaign cannot be deactivated
    assert [c.action for c in example_workspace.catalog.history("c2")].count(
        "deactivate"
    ) == 1


def test_message_statistics_open_from_the_row(example_workspace: Workspace) -> None:
    at = open_page(list_selected="c1")

    at.button(key="list_stats").click().run()

    frames = [d.value for d in at.dataframe if "message" in d.value.columns]
    messages = frames[0].to_dict("records")
    assert [m["message"] for m in messages] == [
        "Welcome push",
        "Getting started",
        "Tour banner",
    ]
    assert [m["channel"] for m in messages] == ["Push", "Email", "In-app"]
    assert [m["sends"] for m in messages] == ["4", "3", "2"]
    assert [m["opens"] for m in messages] == ["1", "2", "--"]
    assert [m["open_rate"] for m in messages] == ["25.00 %", "66.67 %", "--"]
    assert [m["clicks"] for m in messages] == ["1", "2", "1"]
    assert [m["ctr"] for m in messages] == ["25.00 %", "66.67 %", "50.00 %"]


# -- the export -------------------------------------------------------------------------


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bytes]]:
    """Every file a download button offers, as (file name, bytes), newest last."""
    offered: list[tuple[str, bytes]] = []
    real = MemoryMediaFileStorage.load_and_get_id

    def record(
        self: MemoryMediaFileStorage,
        data: Any,
        mimetype: str,
        kind: Any,
        filename: str | None = None,
    ) -> str:
        if filename and filename.endswith(".csv"):
            offered.append((filename, bytes(data)))
        return real(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return offered


def csv_rows(data: bytes) -> list[list[str]]:
    return [line.split(",") for line in data.decode("utf-8").splitlines()]


def test_the_export_holds_the_filtered_campaigns_for_the_page_period(
    example_workspace: Workspace, downloads: list[tuple[str, bytes]]
) -> None:
    at = open_page(list_status="active")

    at.button(key="list_export").click().run()

    name, data = downloads[-1]
    assert name == "campaign-stats_2026-03-01_2026-03-31.csv"
    rows = csv_rows(data)
    assert [r[5] for r in rows[1:]] == ["c1", "c2"]  # UUID column, by title
    assert rows[1][6] == "5"  # c1 total reach in March
    at.radio(key="list_export_scope").set_value("all").run()
    assert [r[5] for r in csv_rows(downloads[-1][1])[1:]] == ["c3", "c1", "c2"]


def test_the_export_reflects_a_period_changed_just_before_the_click(
    example_workspace: Workspace, downloads: list[tuple[str, bytes]]
) -> None:
    at = open_page()
    at.button(key="list_export").click().run()

    at.date_input(key="list_export_range").set_value(
        (date(2026, 3, 3), date(2026, 3, 3))
    ).run()

    name, data = downloads[-1]
    assert name == "campaign-stats_2026-03-03_2026-03-03.csv"
    c1 = next(r for r in csv_rows(data) if r[5] == "c1")
    assert c1[6] == "1"  # on 3 March only u1 was reached (expected.md)
    assert c1[12] == "200.00"  # m2: 1 send, 2 clicks


def test_the_excel_export_follows_the_french_locale(
    example_workspace: Workspace, downloads: list[tuple[str, bytes]]
) -> None:
    at = open_page("fr")
    at.button(key="list_export").click().run()

    at.radio(key="list_export_dialect").set_value("excel").run()

    data = downloads[-1][1]
    assert data.startswith(b"\xef\xbb\xbf")
    header, *rows = data.decode("utf-8-sig").splitlines()
    assert header.startswith("Titre;Statut;")
    c1 = next(r.split(";") for r in rows if ";c1;" in r)
    assert c1[12] == "47,22"


# -- the stats period -------------------------------------------------------------------


def test_a_reversed_period_in_the_url_is_read_in_order(
    example_workspace: Workspace,
) -> None:
    at = open_page(list_range=["2026-03-31", "2026-03-01"])

    rows = {row["id"]: row for row in table(at)}
    assert rows["c1"]["total_reach"] == "5"
    assert "1 Mar 2026 – 31 Mar 2026 (UTC)" in texts(at)


def test_a_half_picked_period_shows_its_one_day_without_an_error(
    example_workspace: Workspace,
) -> None:
    at = open_page()

    at.date_input(key="list_range").set_value((date(2026, 3, 3),)).run()

    assert not at.exception
    rows = {row["id"]: row for row in table(at)}
    assert rows["c1"]["total_reach"] == "1"  # 3 March: only u1 was reached
    assert rows["c1"]["avg_ctr"] == "200.00 %"
    assert rows["c2"]["total_reach"] == "--"


def test_since_launch_runs_from_the_earliest_launch_listed_and_says_so(
    example_workspace: Workspace,
) -> None:
    example_workspace.catalog.apply("c3", "launch", "tester")
    today = today_in("UTC")
    at = open_page(list_period="launch")

    assert at.selectbox(key="list_period").value == "launch"
    assert "earliest first launch" in texts(at)
    day = fmt_date(today, "en")
    assert f"{day} (UTC)" in texts(at)
    assert f"{day} – {day}" not in texts(at)  # a one-day period names its day once


def test_a_period_of_several_days_names_its_first_and_last_day(
    example_workspace: Workspace,
) -> None:
    at = open_page()

    assert "1 Mar 2026 – 31 Mar 2026 (UTC)" in texts(at)


# -- URL values the page cannot use -----------------------------------------------------


@pytest.mark.parametrize(
    ("params", "key", "widget", "default"),
    [
        ({"list_launch_to": "9999-12-31"}, "list_launch_to", "date_input", None),
        ({"list_launch_from": "0001-01-01"}, "list_launch_from", "date_input", None),
        ({"list_launch_from": "1999-12-31"}, "list_launch_from", "date_input", None),
        (
            {"list_range": ["2028-01-01", "2028-01-31"]},
            "list_period",
            "selectbox",
            "30d",
        ),
        (
            {"list_range": ["0001-01-01", "9999-12-31"]},
            "list_period",
            "selectbox",
            "30d",
        ),
        (
            {"list_range": ["1900-01-01", "1900-01-31"], "tz": "Europe/Paris"},
            "list_period",
            "selectbox",
            "30d",
        ),
        ({"list_range": "garbage"}, "list_period", "selectbox", "30d"),
        ({"list_range": "2026-03-01"}, "list_period", "selectbox", "30d"),
        (
            {"list_range": ["2026-03-01", "2026-03-02", "2026-03-03"]},
            "list_period",
            "selectbox",
            "30d",
        ),
    ],
    ids=[
        "launched-until-the-last-day",
        "launched-from-year-1",
        "launched-from-before-2000",
        "range-beyond-a-year-ahead",
        "range-year-1-to-9999",
        "range-in-1900-in-paris",
        "range-garbage",
        "range-one-day",
        "range-three-days",
    ],
)
def test_a_date_the_picker_cannot_hold_falls_back_to_the_default_and_leaves_the_url(
    example_workspace: Workspace,
    params: dict[str, Any],
    key: str,
    widget: str,
    default: Any,
) -> None:
    at = open_page(**params)

    assert getattr(at, widget)(key=key).value == default
    assert key not in at.query_params
    if key == "list_period":
        assert "list_range" not in at.query_params
    assert not at.error
    assert len(table(at)) == 3


def test_keys_of_other_pages_and_unknown_keys_leave_the_url(
    example_workspace: Workspace,
) -> None:
    at = open_page(foo="bar", id="c1", card_period="7d", list_search="win")

    assert dict(at.query_params) == {
        "list_search": "win",
        "list_period": "custom",
        "list_range": ["2026-03-01", "2026-03-31"],
    }


def test_the_note_about_a_cut_search_goes_with_the_search(
    example_workspace: Workspace,
) -> None:
    at = open_page(list_search="w" * 300)
    assert "limited to 100 characters" in texts(at)

    at.text_input(key="list_search").set_value("win").run()

    assert "limited to 100 characters" not in texts(at)
    assert shown_ids(at) == ["c2"]


def test_a_link_pinned_to_version_0_stays_pinned_in_its_links(
    example_workspace: Workspace,
) -> None:
    assert example_workspace.store.current_version() == 0
    at = open_page(v="0", list_search="welcome")

    link = next(row["name"] for row in table(at))
    assert parse_qs(urlsplit(link).query)["v"] == ["0"]
    assert any("Pinned to snapshot v0" in c.value for c in at.sidebar.caption)
    assert at.query_params["v"] == "0"
    assert nav_link(at, "campaign") == {"v": ["0"]}


# -- counts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "search", "start"),
    [
        ("en", "welcome", "1 campaign listed."),
        ("en", "", "3 campaigns listed."),
        ("fr", "welcome", "1 campagne listée."),
        ("fr", "", "3 campagnes listées."),
    ],
)
def test_the_count_of_campaigns_listed_is_singular_for_one(
    example_workspace: Workspace, lang: str, search: str, start: str
) -> None:
    at = open_page(lang, list_search=search)

    assert any(c.value.startswith(start) for c in at.caption), texts(at)


def test_the_export_says_one_campaign_for_one(
    example_workspace: Workspace, downloads: list[tuple[str, bytes]]
) -> None:
    at = open_page(list_search="welcome")

    at.button(key="list_export").click().run()

    summary = "1 campaign in campaign-stats_2026-03-01_2026-03-31.csv"
    assert summary in [commonmark_text(c.value) for c in at.caption]


# -- names are text ---------------------------------------------------------------------


@pytest.mark.parametrize("name", HOSTILE)
def test_the_toast_after_an_action_shows_the_campaign_name_as_text(
    example_workspace: Workspace, name: str
) -> None:
    example_workspace.catalog.apply("c2", "rename", "tester", title=name)
    at = open_page(list_selected="c2")

    at.menu_button(key="list_options").click("pause").run()

    [toast] = at.toast
    assert toast.value == i18n.t("list.done.pause", "en", title=escape_markdown(name))
    assert commonmark_text(toast.value) == f"“{name}” is paused."


@pytest.mark.parametrize("name", HOSTILE)
def test_renaming_and_cloning_toast_the_new_name_as_text(
    example_workspace: Workspace, name: str
) -> None:
    at = open_page(list_selected="c3")
    at.menu_button(key="list_options").click("rename").run()
    at.text_input(key="list_rename_title").set_value(name)
    at.button(key="list_rename_save").click().run()
    assert commonmark_text(at.toast[0].value) == f"Renamed to “{name}”."

    at.menu_button(key="list_options").click("clone").run()

    copy = f"{name} (copy)"
    assert commonmark_text(at.toast[0].value) == f"Cloned as the draft “{copy}”."
    assert at.toast[0].value == i18n.t(
        "list.done.clone", "en", title=escape_markdown(copy)
    )


def test_the_download_shows_disabled_while_the_file_for_a_new_period_is_made(
    example_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dialog reruns alone on a change; until the new file exists the last
    run's button (the previous period's file) is replaced by a disabled one."""
    steps: list[str] = []
    make_file, draw_button = _list.export_file, _list.download_button

    def recorded_file(*args: Any) -> Any:
        steps.append("file")
        return make_file(*args)

    def recorded_button(slot: Any, file: Any) -> None:
        steps.append("ready" if file else "disabled")
        draw_button(slot, file)

    monkeypatch.setattr(_list, "export_file", recorded_file)
    monkeypatch.setattr(_list, "download_button", recorded_button)
    at = open_page()
    at.button(key="list_export").click().run()
    steps.clear()

    at.selectbox(key="list_export_period").set_value("7d").run()

    assert steps == ["disabled", "file", "ready"]
    [button] = at.get("download_button")
    assert not button.proto.disabled  # the one drawn last replaced the other


def test_the_zone_picker_lists_one_name_per_place_and_keeps_a_linked_alias(
    example_workspace: Workspace,
) -> None:
    zones = open_page().sidebar.selectbox(key="tz").options

    assert zones[0] == "UTC"
    assert "Asia/Kolkata" in zones and "Europe/Paris" in zones
    assert "Asia/Calcutta" not in zones and "Africa/Asmera" not in zones

    linked = open_page(tz="Asia/Calcutta").sidebar.selectbox(key="tz")
    assert linked.value == "Asia/Calcutta"
