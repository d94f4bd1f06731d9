"""The statistics export, downloaded from the browser and read back."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.streamlit_dom import choose_in, grid, grid_rows, keyed, link_title, text
from journeys.export import export_file_name
from journeys.periods import preset_period

Open = Callable[[str], Page]
Shot = Callable[[str], Path]


def download(page: Page, shot: Shot, name: str) -> bytes:
    keyed(page, "list_export").get_by_role("button").click()
    button = keyed(page, "list_export_download").get_by_role("button")
    expect(button).to_be_visible()
    shot(name)
    with page.expect_download() as info:
        button.click()
    saved = info.value.path()
    return Path(saved).read_bytes()


def test_the_export_holds_the_listed_campaigns_under_english_headers(
    open_app: Open, shot: Shot
) -> None:
    page = open_app("/?list_search=onboarding")
    listed = {link_title(r[0]) for r in grid_rows(grid(page, "list_table_"))}

    data = download(page, shot, "export-dialog-en")

    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == [text("export.title"), text("export.status"), "Created"]
    assert "Total reach" in header
    assert {r[0] for r in body} == listed


def test_the_french_excel_export_has_french_headers_semicolons_and_decimal_commas(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/?lang=fr&list_search=onboarding")
    keyed(page, "list_export").get_by_role("button").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text(text("list.export.dialect_excel", "fr")).click()
    settle()

    data = download_open(page, shot)

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[0] == "Titre"
    assert "Portée totale" in header
    assert "Objectifs atteints" in header
    ctr = [r[header.index("CTR moyen (%)")] for r in rows[1:]]
    assert any("," in v for v in ctr)
    assert not any("." in v for v in ctr)


def download_open(page: Page, shot: Shot) -> bytes:
    button = keyed(page, "list_export_download").get_by_role("button")
    expect(button).to_be_visible()
    shot("export-dialog-fr-excel")
    with page.expect_download() as info:
        button.click()
    return Path(info.value.path()).read_bytes()


def test_the_download_after_a_new_period_is_that_periods_file(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/?list_search=onboarding")
    keyed(page, "list_export").get_by_role("button").click()
    expect(keyed(page, "list_export_download").get_by_role("button")).to_be_enabled()

    choose_in(page.get_by_role("dialog"), page, text("period.7d"))
    settle()

    week = preset_period("7d", "UTC")
    expect(page.get_by_role("dialog")).to_contain_text(export_file_name(week))
    with page.expect_download() as info:
        keyed(page, "list_export_download").get_by_role("button").click()
    assert info.value.suggested_filename == export_file_name(week)
    shot("export-dialog-new-period")
