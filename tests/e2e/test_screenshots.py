"""Every page in English and French, at a laptop's width and at 800 px.

The screenshots are for a person to look at; the assertions catch what no
finished page shows: an exception, None or NaN, English words on a French page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from e2e.streamlit_dom import grid, grid_rows, link_id, visible_text

PAGES = ("campaigns", "campaign", "new", "categories", "data")
WIDTHS = (1280, 800)
# Interface words that a French page must not show (demo campaign names are
# data, so only texts the app itself writes are listed).
ENGLISH_ONLY = (
    "Search by name",
    "Category",
    "Period",
    "Total reach",
    "Goals reached",
    "Average CTR",
    "Refresh data",
    "Time zone",
    "Last 30 days",
    "Draft",
    "Paused",
    "Archived",
    "Download",
    "Delete",
    "Rename",
    "Entry type",
    "Language",
)
RAW_VALUES = ("None", "NaN", "nan", "null", "undefined")


def page_path(name: str, campaign_id: str) -> str:
    return {
        "campaigns": "/",
        "campaign": f"/campaign?id={campaign_id}",
        "new": "/new",
        "categories": "/categories",
        "data": "/data",
    }[name]


@pytest.fixture
def active_campaign_id(open_app: Callable[[str], Page]) -> str:
    """An active demo campaign: its card has figures, charts and tables."""
    page = open_app("/?list_status=active&list_sort=reach")
    return link_id(grid_rows(grid(page, "list_table_"))[0][0])


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_looks_finished_in_both_languages_and_both_widths(
    name: str,
    lang: str,
    active_campaign_id: str,
    open_app: Callable[[str], Page],
    shot: Callable[[str], Path],
) -> None:
    path = page_path(name, active_campaign_id)
    separator = "&" if "?" in path else "?"
    page = open_app(path + (f"{separator}lang=fr" if lang == "fr" else ""))

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(500)
        shot(f"page-{name}-{lang}-{width}")

    assert page.locator('[data-testid="stException"]').count() == 0
    words = visible_text(page).split()
    assert not [w for w in words if w.strip(".,:;()") in RAW_VALUES]
    if lang == "fr":
        shown = visible_text(page)
        assert [w for w in ENGLISH_ONLY if w in shown] == []
