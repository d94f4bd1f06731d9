"""The Campaigns list in a browser: search, status tabs, category, sort, opening a card."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.streamlit_dom import (
    checked_segment,
    choose,
    click_cell,
    grid,
    grid_headers,
    grid_rows,
    keyed,
    link_title,
    query,
    row_index,
    segment,
    text,
)

Open = Callable[[str], Page]
Shot = Callable[[str], Path]


def tab_count(label: str) -> int:
    found = re.search(r"\(([\d\s\u202f\u00a0,]+)\)", label)
    assert found, label
    return int(re.sub(r"\D", "", found.group(1)))


def column(page: Page, header: str) -> list[str]:
    table = grid(page, "list_table_")
    index = grid_headers(table).index(header)
    return [row[index] for row in grid_rows(table)]


def test_the_list_counts_every_campaign_in_its_all_tab_and_its_caption(
    open_app: Open, shot: Shot
) -> None:
    page = open_app("/")

    total = tab_count(checked_segment(page, "list_status"))
    caption = page.get_by_text(re.compile(r"campaigns? listed")).inner_text()
    assert total > 0
    assert caption.startswith(f"{total} campaign")
    assert grid_headers(grid(page, "list_table_"))[:5] == [
        "Name",
        "Status",
        "Total reach",
        "Goals reached",
        "Average CTR",
    ]
    shot("list-all")


def test_a_search_keeps_only_matching_names_and_goes_into_the_url(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/")

    search = keyed(page, "list_search").locator("input")
    search.fill("onboarding")
    search.press("Enter")
    settle()

    titles = [link_title(cell) for cell in column(page, "Name")]
    assert titles
    assert all("onboarding" in title.casefold() for title in titles)
    assert query(page)["list_search"] == ["onboarding"]
    shot("list-search")


def test_the_draft_tab_shows_only_drafts_and_as_many_as_it_counts(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/")

    segment(page, "list_status", "Draft").click()
    settle()

    statuses = column(page, "Status")
    assert checked_segment(page, "list_status").startswith("Draft")
    assert query(page)["list_status"] == ["draft"]
    assert set(statuses) == {"Draft"}
    assert len(statuses) == tab_count(checked_segment(page, "list_status"))
    shot("list-tab-draft")


def test_a_category_filter_shows_only_that_category(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/")
    # Wide enough for the grid to draw its Category column.
    page.set_viewport_size({"width": 2400, "height": 900})

    choose(page, "list_category", "Promotions")
    settle()

    assert set(column(page, "Category")) == {"Promotions"}
    assert len(query(page)["list_category"]) == 1
    shot("list-category")


def test_sorting_by_total_reach_puts_the_largest_reach_first(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/")

    page.get_by_text(text("list.more_filters"), exact=True).click()
    expect(keyed(page, "list_sort")).to_be_visible()
    choose(page, "list_sort", text("list.sort.reach"))
    settle()

    reach = [int(v.replace(",", "")) for v in column(page, "Total reach") if v != "--"]
    assert query(page)["list_sort"] == ["reach"]
    assert len(reach) > 2
    assert reach == sorted(reach, reverse=True)
    shot("list-sort-reach")


def test_clicking_a_campaign_name_opens_its_card(open_app: Open, shot: Shot) -> None:
    page = open_app("/?list_search=App%20onboarding")
    table = grid(page, "list_table_")
    row = row_index(table, "App onboarding tour")

    click_cell(page, table, row, 80)  # the first click selects the cell
    with page.expect_popup() as popup:
        click_cell(page, table, row, 80)
    card = popup.value
    card.wait_for_load_state()

    expect(card.get_by_role("heading", name="App onboarding tour")).to_be_visible(
        timeout=60_000
    )
    assert "/campaign" in card.url


def test_selecting_a_row_and_following_view_opens_its_card(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/?list_search=App%20onboarding")
    table = grid(page, "list_table_")

    click_cell(page, table, row_index(table, "App onboarding tour"), 16)
    settle()
    bar_menu = keyed(page, "list_options")
    expect(bar_menu).to_be_visible()
    shot("list-row-selected")
    page.get_by_role("link", name=text("list.action.view"), exact=True).click()
    settle()

    expect(page.get_by_role("heading", name="App onboarding tour")).to_be_visible()
    assert page.url.split("?")[0].endswith("/campaign")
    shot("list-opened-card")
