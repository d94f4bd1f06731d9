"""Links and history: a copied URL and the Back button lead to the same view."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from e2e.conftest import VIEWPORT, wait_for_streamlit
from e2e.streamlit_dom import (
    checked_segment,
    choose,
    grid,
    grid_rows,
    keyed,
    link_title,
    query,
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
