"""The app opens on each page without an exception (AppTest, no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from journeys.workspace import Workspace

APP = Path(__file__).resolve().parent.parent / "app.py"
PAGES = (
    "pages/campaigns.py",
    "pages/campaign.py",
    "pages/new_campaign.py",
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
