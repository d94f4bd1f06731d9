"""Finding and using Streamlit widgets in the browser, by key, role or text.

Keyed elements carry an `st-key-<key>` class; tables drawn on a canvas also
render an accessible grid (`role="gridcell"`) whose cells hold their text.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from journeys import i18n


def text(key: str, lang: str = "en", **params: object) -> str:
    """The text the app shows for an i18n key, so a reworded label breaks no test."""
    return i18n.t(key, lang, **params)


def keyed(page: Page, key: str) -> Locator:
    """The element drawn with widget key `key`."""
    return page.locator(f".st-key-{key}")


def keyed_prefix(page: Page, prefix: str) -> Locator:
    """The element whose key starts with `prefix` (keys that carry an id)."""
    return page.locator(f'[class*="st-key-{prefix}"]')


def choose(page: Page, key: str, option: str) -> None:
    """Pick `option` (its visible text) in the selectbox with key `key`."""
    choose_in(keyed(page, key), page, option)


def choose_in(scope: Locator, page: Page, option: str) -> None:
    """Open the selectbox in `scope` and pick `option`.

    The option's text is typed first, so the list holds it even where a long
    list draws only the options in view; a click that lands while the page
    is still moving (an expander opening, a rerun) is repeated.
    """
    wanted = page.get_by_role("option", name=option, exact=True)
    box = scope.get_by_role("combobox")
    for attempt in range(5):
        try:
            box.click(timeout=10_000)
            page.keyboard.type(option)
            wanted.wait_for(timeout=5_000)
            wanted.click(timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == 4:
                raise
            page.keyboard.press("Escape")
            page.wait_for_timeout(500)


def selected_value(page: Page, key: str) -> str:
    return keyed(page, key).get_by_role("combobox").input_value()


def segment(page: Page, key: str, label_start: str) -> Locator:
    """The segmented-control button of `key` whose label starts with `label_start`."""
    return keyed(page, key).get_by_role("radio").filter(has_text=label_start).first


def checked_segment(page: Page, key: str) -> str:
    return keyed(page, key).locator('[role="radio"][aria-checked="true"]').inner_text()


def menu_pick(page: Page, scope: Locator, item: str) -> None:
    """Open the menu button in `scope` and pick the entry `item`."""
    scope.get_by_role("button").first.click()
    page.get_by_role("menuitem", name=item, exact=True).click()


def grid(page: Page, key_prefix: str) -> Locator:
    return keyed_prefix(page, key_prefix).locator('[data-testid="stDataFrame"]')


def grid_rows(table: Locator) -> list[list[str]]:
    """The cells' texts of the rows a data grid has drawn (its visible rows)."""
    table.locator('[role="gridcell"]').first.wait_for(state="attached")
    rows = table.locator('tbody [role="row"]')
    return [
        rows.nth(i).locator('[role="gridcell"]').all_text_contents()
        for i in range(rows.count())
    ]


def grid_headers(table: Locator) -> list[str]:
    table.locator('[role="columnheader"]').first.wait_for(state="attached")
    return table.locator('[role="columnheader"]').all_text_contents()


def link_title(cell: str) -> str:
    """The campaign title a Name cell shows: its link's fragment."""
    return unquote(urlsplit(cell).fragment)


def link_id(cell: str) -> str:
    return parse_qs(urlsplit(cell).query)["id"][0]


def row_index(table: Locator, title: str) -> int:
    """The position among the drawn rows of the row named `title`."""
    names = [link_title(row[0]) for row in grid_rows(table)]
    return names.index(title)


def click_cell(page: Page, table: Locator, row: int, x_offset: float) -> None:
    """Click inside drawn row `row` of a canvas grid, `x_offset` px from its left.

    The grid is a canvas: its header and rows are 35 px high.
    """
    box = table.locator("canvas").first.bounding_box()
    assert box is not None, "the grid has not been drawn"
    page.mouse.click(box["x"] + x_offset, box["y"] + 35 * (row + 1) + 17)


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def path(page: Page) -> str:
    return urlsplit(page.url).path


def visible_text(page: Page) -> str:
    """The main area's and sidebar's text, as a reader sees it."""
    return page.locator('[data-testid="stApp"]').inner_text()


def toast_text(page: Page) -> str:
    toast = page.locator('[data-testid="stToast"]').first
    toast.wait_for()
    return toast.inner_text()
