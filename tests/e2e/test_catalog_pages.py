"""New campaign from a template, and categories added and deleted, in a browser."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.streamlit_dom import keyed, path, segment, selected_value, text

Open = Callable[[str], Page]
Shot = Callable[[str], Path]


def test_a_campaign_created_from_a_template_opens_as_a_draft_card(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/new")
    title = f"E2E template {uuid.uuid4().hex[:8]}"

    segment(page, "new_source", text("new.template")).click()
    settle()
    template = selected_value(page, "new_template")
    filled = keyed(page, "new_title").locator("input")
    assert filled.input_value()  # the template filled the form
    assert "new_source=template" in page.url
    filled.fill(title)
    filled.press("Tab")
    settle()
    shot("new-from-template")
    keyed(page, "new_create").get_by_role("button").click()
    settle()

    expect(page.get_by_role("heading", name=title)).to_be_visible()
    assert path(page) == "/campaign"
    expect(page.locator(".stMarkdownBadge").first).to_have_text("Draft")
    assert template
    shot("new-created-card")


def test_a_category_can_be_added_and_deleted(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/categories")
    name = f"E2E {uuid.uuid4().hex[:6]}"

    field = keyed(page, "cat_new_name").locator("input")
    field.fill(name)
    settle()
    keyed(page, "cat_add").get_by_role("button").click()
    settle()
    row = page.locator('[data-testid="stHorizontalBlock"]').filter(
        has=page.get_by_text(name, exact=True)
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text(text("cat.count_none"))
    shot("categories-added")

    row.get_by_role("button", name=text("cat.delete")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(name)
    dialog.get_by_role("button", name=text("cat.delete_confirm")).click()
    settle()

    expect(page.get_by_text(name, exact=True)).to_have_count(0)
    shot("categories-deleted")
