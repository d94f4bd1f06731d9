"""The app opens on each page without an exception (AppTest, no browser)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from journeys.workspace import Workspace

APP = Path(__file__).resolve().parent.parent / "app.py"
PAGES = (
    "pages/campaigns.py",
    "pages/campaign.py",
    "pages/new.py",
    "pages/categories.py",
    "pages/data.py",
)


@pytest.mark.usefixtures("fresh_streamlit_caches")
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_without_an_exception(
    example_workspace: Workspace, page: str
) -> None:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]


@pytest.mark.usefixtures("fresh_streamlit_caches")
def test_first_start_fills_an_empty_store_with_demo_data_and_says_so(
    empty_workspace: Workspace,
) -> None:
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert not empty_workspace.catalog.is_empty()
    assert any("demo data" in info.value for info in app.info)


def test_every_page_file_is_named_after_its_url_path() -> None:
    """A fresh server answers its first request from the pages folder alone,
    before app.py declares the navigation: a shared link to /new finds a page
    only when the file is pages/new.py."""
    source = APP.read_text(encoding="utf-8")
    declared = re.findall(r'"pages/(\w+)\.py".*?url_path="(\w+)"', source, re.S)

    assert len(declared) == len(PAGES)
    assert all(stem == url_path for stem, url_path in declared), declared
