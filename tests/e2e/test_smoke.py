"""The app starts, renders its home page and shows no exception."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e


def test_the_home_page_opens_with_its_title_and_no_error(
    open_app: Callable[[str], Page], shot: Callable[[str], Path]
) -> None:
    page = open_app("/")

    assert page.title() == "Campaigns · Journeys"
    assert page.locator('[data-testid="stException"]').count() == 0
    assert shot("smoke-home").stat().st_size > 0
