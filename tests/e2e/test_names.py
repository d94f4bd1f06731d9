"""Names from data read as text in the browser: never a link, bold, HTML, math,
a colour or a decoded entity, in headings, toasts and messages alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from e2e.streamlit_dom import (
    choose_in,
    keyed,
    keyed_prefix,
    menu_pick,
    text,
)
from journeys.catalog import Catalog, MessageSpec
from ui._text import WORD_JOINER

Open = Callable[[str], Page]
Shot = Callable[[str], Path]
# Every kind of markup the tester tried, in one title (at most 100 characters
# once cloned: " (copy)" is added).
NAME = (
    "[a](http://x) **b** <b>x</b> $x^2$ :red[alert] &lt;b&gt; "
    "<img src=x onerror=alert(1)> a -- b"
)
CATEGORY = "**b** :red[x] &lt;"
# What markup would have made of them.
RENDERED_MARKUP = "a, img, strong, em, b, del, .katex"


def shown(container: Locator) -> str:
    """The text a person reads; the word joiners that break autolinks and
    arrows (ui/_text.py) are invisible."""
    return container.inner_text().replace(WORD_JOINER, "").strip()


def assert_plain(container: Locator, expected: str) -> None:
    expect(container).to_be_visible()
    assert shown(container) == expected
    assert container.locator(RENDERED_MARKUP).count() == 0


def toast(page: Page, start: str) -> Locator:
    found = page.get_by_test_id("stToast").filter(has_text=start).last
    found.wait_for()
    return found.get_by_test_id("stMarkdownContainer")


def test_a_hostile_campaign_name_reads_as_text_on_the_card_and_in_its_toasts(
    open_app: Open, settle: Callable[[], None], shot: Shot, server_catalog: Catalog
) -> None:
    cid = server_catalog.create_campaign(
        NAME, "trigger", "e2e", messages=[MessageSpec("Hello", "email")]
    )
    category = server_catalog.add_category(CATEGORY, "e2e")
    page = open_app(f"/campaign?id={cid}")
    assert_plain(page.get_by_role("heading", level=2).first, NAME)
    assert page.title() == f"{NAME} · Journeys"  # the tab names the campaign
    shot("names-card-heading")

    menu_pick(page, keyed(page, f"card_actions_{cid}"), text("actions.launch"))
    settle()
    assert_plain(toast(page, "Launched"), text("actions.done_launch", title=NAME))
    shot("names-card-toast")

    choose_in(keyed_prefix(page, "card_category_"), page, CATEGORY)
    settle()
    assert_plain(
        toast(page, "Category changed"),
        text("card.category_changed", category=CATEGORY),
    )
    server_catalog.delete_category(category, "e2e")


def test_a_hostile_campaign_name_reads_as_text_in_the_lists_toasts(
    open_app: Open, settle: Callable[[], None], shot: Shot, server_catalog: Catalog
) -> None:
    cid = server_catalog.create_campaign(
        NAME, "audience", "e2e", messages=[MessageSpec("Hello", "sms")]
    )
    page = open_app(f"/?list_search=onerror&list_status=draft&list_selected={cid}")

    menu_pick(page, keyed(page, "list_options"), text("actions.clone"))
    settle()

    copy = text("list.copy_title", title=NAME)
    assert_plain(toast(page, "Cloned"), text("list.done.clone", title=copy))
    shot("names-list-toast")


def test_a_hostile_category_name_reads_as_text_in_the_categories_messages(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/categories")
    field = keyed(page, "cat_new_name").locator("input")

    field.fill(CATEGORY)
    settle()
    keyed(page, "cat_add").get_by_role("button").click()
    settle()

    added = page.get_by_test_id("stAlert").filter(has_text=CATEGORY)
    assert_plain(
        added.get_by_test_id("stMarkdownContainer"), text("cat.added", name=CATEGORY)
    )
    shot("names-category-added")
    row = page.locator('[data-testid="stHorizontalBlock"]').filter(
        has=page.get_by_text(CATEGORY, exact=True)
    )
    row.get_by_role("button", name=text("cat.delete")).click()
    page.get_by_role("dialog").get_by_role(
        "button", name=text("cat.delete_confirm")
    ).click()
    settle()
    expect(page.get_by_text(CATEGORY, exact=True)).to_have_count(0)
