"""Nothing is fetched from outside: fonts, icons and scripts come from the app."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import Page, Request

from e2e.streamlit_dom import grid, grid_rows

Open = Callable[[str], Page]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
INLINE_SCHEMES = {"data", "blob", "about"}


def test_every_request_of_every_page_goes_to_the_local_server(
    open_app: Open, page: Page
) -> None:
    seen: list[str] = []

    def record(request: Request) -> None:
        seen.append(request.url)

    page.on("request", record)
    list_page = open_app("/?lang=fr")
    card = grid_rows(grid(list_page, "list_table_"))[0][0].split("#")[0]
    for path in (f"/{card}", "/new", "/categories", "/data", "/?lang=en"):
        open_app(path)

    outside = [
        url
        for url in seen
        if urlsplit(url).scheme not in INLINE_SCHEMES
        and urlsplit(url).hostname not in LOCAL_HOSTS
    ]
    assert len(seen) > 20
    assert outside == []
