"""Links and history: a copied URL and the Back button lead to the same view."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, Page, expect

from e2e.conftest import VIEWPORT, wait_for_streamlit
from e2e.streamlit_dom import (
    checked_segment,
    choose,
    click_cell,
    grid,
    grid_rows,
    keyed,
    link_title,
    path,
    query,
    row_index,
    segment,
    selected_value,
    text,
)

Open = Callable[[str], Page]
Shot = Callable[[str], Path]


def titles(page: Page) -> list[str]:
    return [link_title(r[0]) for r in grid_rows(grid(page, "list_table_"))]


def test_a_copied_list_link_opens_the_same_view_in_a_fresh_browser(
    open_app: Open, settle: Callable[[], None], browser: Browser, shot: Shot
) -> None:
    page = open_app("/?lang=fr")
    segment(page, "list_status", "Actives").click()
    settle()
    search = keyed(page, "list_search").locator("input")
    search.fill("a")
    search.press("Enter")
    settle()
    link, shown = page.url, titles(page)

    fresh = browser.new_context(viewport=VIEWPORT, locale="en-US")
    try:
        other = fresh.new_page()
        other.goto(link)
        wait_for_streamlit(other)
        assert checked_segment(other, "list_status").startswith("Actives")
        assert keyed(other, "list_search").locator("input").input_value() == "a"
        assert titles(other) == shown
        assert other.url == link
        other.screenshot(
            path=str(shot("links-list-original").with_name("links-list-fresh.png"))
        )
    finally:
        fresh.close()


def test_a_copied_card_link_keeps_its_period_in_a_fresh_browser(
    open_app: Open, settle: Callable[[], None], browser: Browser, shot: Shot
) -> None:
    page = open_app("/?list_search=Birthday%20voucher")
    card = grid_rows(grid(page, "list_table_"))[0][0].split("#")[0]
    page = open_app("/" + card)
    choose(page, "card_period", text("period.7d"))
    settle()
    assert query(page)["card_period"] == ["7d"]
    heading = page.get_by_role("heading", level=2).first.inner_text()
    link = page.url
    shot("links-card-original")

    fresh = browser.new_context(viewport=VIEWPORT)
    try:
        other = fresh.new_page()
        other.goto(link)
        wait_for_streamlit(other)
        assert selected_value(other, "card_period") == text("period.7d")
        expect(other.get_by_role("heading", name=heading)).to_be_visible()
    finally:
        fresh.close()


def test_back_returns_to_the_previous_tab_with_url_and_view_agreeing(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/")
    segment(page, "list_status", "Draft").click()
    settle()
    segment(page, "list_status", "Paused").click()
    settle()
    assert query(page)["list_status"] == ["paused"]

    page.go_back()
    settle()

    assert query(page)["list_status"] == ["draft"]
    assert checked_segment(page, "list_status").startswith("Draft")
    statuses = [r[1] for r in grid_rows(grid(page, "list_table_"))]
    assert set(statuses) == {"Draft"}
    shot("links-back")


def sidebar_link(page: Page, label: str) -> None:
    """Follow the sidebar's link to the page named `label`."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=label, exact=True).click()


def history_length(page: Page) -> int:
    length: int = page.evaluate("history.length")
    return length


def test_back_from_the_first_tab_change_returns_to_all_and_stays_there(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/")
    segment(page, "list_status", "Draft").click()
    settle()
    assert query(page) == {"list_status": ["draft"]}

    page.go_back()
    settle()
    page.wait_for_timeout(1_000)  # nothing rewrites the URL afterwards

    assert query(page) == {}
    assert checked_segment(page, "list_status").startswith("All")
    shot("links-back-to-all")


def test_back_after_choosing_francais_returns_to_english(
    open_app: Open, settle: Callable[[], None]
) -> None:
    page = open_app("/categories")
    page.get_by_text("Français", exact=True).click()
    settle()
    expect(page.get_by_role("heading", name="Catégories")).to_be_visible()
    assert query(page) == {"lang": ["fr"]}

    page.go_back()
    settle()
    page.wait_for_timeout(1_000)

    assert query(page) == {}
    expect(page.get_by_role("heading", name="Categories")).to_be_visible()
    assert page.get_by_role("radio", name="English").is_checked()


def test_each_step_is_one_history_entry_and_back_walks_the_views_seen(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/?lang=fr")
    start = history_length(page)
    search = keyed(page, "list_search").locator("input")
    search.fill("a")
    search.press("Enter")
    settle()
    segment(page, "list_status", "Actives").click()
    settle()
    page.get_by_text(text("list.more_filters", "fr"), exact=True).click()
    expect(keyed(page, "list_sort")).to_be_visible()
    choose(page, "list_sort", text("list.sort.name", "fr"))
    settle()
    filtered = page.url
    sidebar_link(page, text("nav.categories", "fr"))
    settle()
    expect(page.get_by_role("heading", name="Catégories")).to_be_visible()

    assert history_length(page) == start + 4  # search, tab, sort, page
    assert query(page) == {"lang": ["fr"]}
    page.go_back()
    settle()
    assert page.url == filtered
    assert checked_segment(page, "list_status").startswith("Actives")
    assert selected_value(page, "list_sort") == text("list.sort.name", "fr")
    page.go_back()
    settle()
    assert query(page) == {
        "lang": ["fr"],
        "list_search": ["a"],
        "list_status": ["active"],
    }
    assert selected_value(page, "list_sort") == text("list.sort.modified", "fr")
    shot("links-back-walks-the-views")


def test_another_page_and_back_through_the_sidebar_keeps_the_filters(
    open_app: Open, settle: Callable[[], None]
) -> None:
    page = open_app("/?list_status=draft&list_search=e")
    shown = titles(page)
    sidebar_link(page, text("nav.data"))
    settle()
    assert query(page) == {}

    sidebar_link(page, text("nav.campaigns"))
    settle()

    assert query(page) == {"list_status": ["draft"], "list_search": ["e"]}
    assert checked_segment(page, "list_status").startswith("Draft")
    assert titles(page) == shown


def test_the_card_keeps_its_campaign_period_and_snapshot_across_pages(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/?list_search=Birthday%20voucher&v=0")
    card = grid_rows(grid(page, "list_table_"))[0][0].split("#")[0]
    page = open_app("/" + card)
    choose(page, "card_period", text("period.7d"))
    settle()
    heading = page.get_by_role("heading", level=2).first.inner_text()
    card_query = query(page)
    assert card_query["v"] == ["0"] and card_query["card_period"] == ["7d"]

    sidebar_link(page, text("nav.campaigns"))
    settle()
    sidebar_link(page, text("nav.campaign"))
    settle()

    assert query(page) == card_query
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert selected_value(page, "card_period") == text("period.7d")
    expect(page.get_by_text("pinned to data snapshot v0")).to_be_visible()
    shot("links-card-kept")


def test_back_from_a_card_opened_with_view_shows_the_list_as_it_was(
    open_app: Open, settle: Callable[[], None]
) -> None:
    page = open_app("/?list_search=App%20onboarding&list_status=active")
    table = grid(page, "list_table_")
    click_cell(page, table, row_index(table, "App onboarding tour"), 16)
    settle()
    listed = page.url
    assert query(page)["list_selected"]

    page.get_by_role("link", name=text("list.action.view"), exact=True).click()
    settle()
    expect(page.get_by_role("heading", name="App onboarding tour")).to_be_visible()
    page.go_back()
    settle()

    assert page.url == listed
    expect(keyed(page, "list_options")).to_be_visible()


def test_the_old_campaigns_address_opens_the_list(open_app: Open, shot: Shot) -> None:
    page = open_app("/campaigns?list_status=draft")

    expect(page.get_by_role("heading", name=text("nav.campaigns"))).to_be_visible()
    assert checked_segment(page, "list_status").startswith("Draft")
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert path(page) == "/campaigns"
    shot("links-old-campaigns-address")


def test_a_name_link_on_a_pinned_list_opens_the_card_pinned_too(
    open_app: Open,
) -> None:
    page = open_app("/?v=0&list_search=Birthday%20voucher")
    link = grid_rows(grid(page, "list_table_"))[0][0].split("#")[0]
    assert parse_qs(urlsplit(link).query)["v"] == ["0"]

    card = open_app("/" + link)

    expect(card.get_by_text("pinned to data snapshot v0")).to_be_visible()


def test_back_from_a_new_campaigns_card_shows_the_new_campaign_page(
    open_app: Open, settle: Callable[[], None]
) -> None:
    page = open_app("/new?new_source=template")
    title = keyed(page, "new_title").locator("input")
    title.fill("E2E back from the card")
    title.press("Tab")
    settle()
    keyed(page, "new_create").get_by_role("button").click()
    settle()
    expect(page.get_by_role("heading", name="E2E back from the card")).to_be_visible()

    page.go_back()
    settle()

    assert path(page) == "/new"
    assert "id" not in query(page)
    assert query(page)["new_source"] == ["template"]
    expect(page.get_by_role("heading", name=text("nav.new_campaign"))).to_be_visible()
