"""The campaign card in a browser: its category and its options menu."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.streamlit_dom import (
    choose_in,
    grid,
    grid_rows,
    keyed,
    keyed_prefix,
    link_id,
    link_title,
    menu_pick,
    text,
    toast_text,
)
from journeys.export import card_file_name
from journeys.periods import preset_period
from ui._text import WORD_JOINER

Open = Callable[[str], Page]
Shot = Callable[[str], Path]


def campaign_id(open_app: Open, title: str) -> str:
    page = open_app(f"/?list_search={title}")
    rows = grid_rows(grid(page, "list_table_"))
    return next(link_id(r[0]) for r in rows if link_title(r[0]) == title)


def test_changing_the_category_on_the_card_is_kept(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    cid = campaign_id(open_app, "Birthday voucher")
    page = open_app(f"/campaign?id={cid}")
    selector = keyed_prefix(page, "card_category_")
    current = selector.get_by_role("combobox").input_value()
    target = "Promotions" if current != "Promotions" else "Retention"

    choose_in(selector, page, target)
    settle()
    assert target in toast_text(page)
    shot("card-category-changed")
    page.reload()
    settle()

    assert keyed_prefix(page, "card_category_").get_by_role(
        "combobox"
    ).input_value() == (target)


def test_clone_rename_launch_and_deactivate_from_the_options_menu(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    cid = campaign_id(open_app, "Free trial ending")
    page = open_app(f"/campaign?id={cid}")
    new_title = f"E2E menu {uuid.uuid4().hex[:8]}"

    menu_pick(page, keyed(page, f"card_actions_{cid}"), text("actions.clone"))
    settle()
    expect(page.get_by_role("heading", name="Free trial ending (copy)")).to_be_visible()
    clone_id = page.url.split("id=")[1].split("&")[0]
    assert clone_id != cid
    expect(page.locator(".stMarkdownBadge").first).to_have_text("Draft")
    shot("card-menu-cloned")

    menu_pick(page, keyed(page, f"card_actions_{clone_id}"), text("actions.rename"))
    dialog = page.get_by_role("dialog")
    dialog.locator("input").fill(new_title)
    dialog.get_by_role("button", name=text("actions.rename_save")).click()
    settle()
    expect(page.get_by_role("heading", name=new_title)).to_be_visible()

    menu_pick(page, keyed(page, f"card_actions_{clone_id}"), text("actions.launch"))
    settle()
    expect(page.locator(".stMarkdownBadge").first).to_have_text("Active")

    menu_pick(page, keyed(page, f"card_actions_{clone_id}"), text("actions.deactivate"))
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(text("actions.deactivate_warning"))
    shot("card-menu-deactivate-dialog")
    dialog.get_by_role("button", name=text("actions.deactivate_confirm")).click()
    settle()

    expect(page.locator(".stMarkdownBadge").first).to_have_text("Inactive")
    expect(page.get_by_role("heading", name=new_title)).to_be_visible()
    shot("card-menu-deactivated")


def test_undefined_figures_read_as_two_hyphens_not_a_dash(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/?list_status=draft")
    draft = link_id(grid_rows(grid(page, "list_table_"))[0][0])
    page = open_app(f"/campaign?id={draft}")

    tiles = keyed(page, "card_headline").get_by_test_id("stMetricValue")
    expect(tiles).to_have_count(3)
    settle()
    headline = [v.replace(WORD_JOINER, "") for v in tiles.all_inner_texts()]

    assert headline == ["--", "--", "--"]
    assert "—" not in page.get_by_test_id("stMain").inner_text()
    shot("card-undefined-figures")


def test_the_card_downloads_are_named_for_the_campaign_and_the_period(
    open_app: Open,
) -> None:
    cid = campaign_id(open_app, "Birthday voucher")
    page = open_app(f"/campaign?id={cid}&card_period=7d")
    week = preset_period("7d", "UTC")

    with page.expect_download() as info:
        keyed(page, "card_download_messages").get_by_role("button").click()

    name = f"birthday-voucher-messages-{week.start}-to-{week.end}.csv"
    assert info.value.suggested_filename == name
    assert name == card_file_name("Birthday voucher", cid, "messages", week)


def test_in_a_narrow_window_the_ctr_and_funnel_charts_stand_one_under_the_other(
    open_app: Open, shot: Shot
) -> None:
    cid = campaign_id(open_app, "Birthday voucher")
    page = open_app(f"/campaign?id={cid}")
    page.set_viewport_size({"width": 800, "height": 900})
    funnel_chart = keyed(page, "card_funnel").get_by_test_id("stVegaLiteChart")
    expect(funnel_chart).to_be_visible()
    page.wait_for_timeout(500)  # the charts take the new width

    ctr, funnel = (keyed(page, k).bounding_box() for k in ("card_ctr", "card_funnel"))
    main = page.get_by_test_id("stMainBlockContainer").bounding_box()
    assert ctr and funnel and main
    assert funnel["y"] >= ctr["y"] + ctr["height"]
    for box in (ctr, funnel):
        assert box["width"] > main["width"] * 0.8  # the main area's whole width
    period = keyed(page, "card_period").bounding_box()
    assert period and period["width"] >= 300  # "Depuis le lancement" whole
    shot("card-narrow-charts")
