"""French and English: the sidebar's choice, kept in the URL, and French formats."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.streamlit_dom import checked_segment, grid, grid_headers, grid_rows, query

Open = Callable[[str], Page]
Shot = Callable[[str], Path]
FRENCH_PCT = re.compile(r"^\d{1,3},\d{2}[\u202f\u00a0 ]%$")
FRENCH_INT = re.compile(r"^\d{1,3}([\u202f\u00a0 ]\d{3})*$")


def test_choosing_francais_in_the_sidebar_translates_the_list_and_sets_lang_fr(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/")

    page.get_by_text("Français", exact=True).click()
    settle()

    assert query(page)["lang"] == ["fr"]
    expect(page.get_by_role("heading", name="Campagnes")).to_be_visible()
    assert checked_segment(page, "list_status").startswith("Toutes")
    table = grid(page, "list_table_")
    assert grid_headers(table)[:5] == [
        "Nom",
        "Statut",
        "Portée totale",
        "Objectifs atteints",
        "CTR moyen",
    ]
    rows = grid_rows(table)
    assert {r[1] for r in rows} <= {
        "Brouillon",
        "Active",
        "Inactive",
        "En pause",
        "Archivée",
    }
    ctr = [r[4] for r in rows if r[4] != "--"]
    assert ctr and all(FRENCH_PCT.match(v) for v in ctr), ctr
    for label in ("Brouillons", "En pause", "Archivées"):
        expect(page.get_by_role("radio").filter(has_text=label)).to_be_visible()
    shot("languages-list-fr")


def test_french_dates_read_day_month_year(open_app: Open) -> None:
    page = open_app("/?lang=fr")

    caption = page.get_by_text(re.compile(r"\(UTC\)$")).first.inner_text()

    assert re.match(r"^\d{1,2} [a-zéû]+\.? \d{4} – \d{1,2} [a-zéû]+\.? \d{4}", caption)


def test_the_french_card_shows_french_figures_and_the_default_category_in_french(
    open_app: Open, shot: Shot
) -> None:
    page = open_app("/?list_status=active&list_sort=reach")
    card = grid_rows(grid(page, "list_table_"))[0][0].split("#")[0]
    page = open_app("/" + card + "&lang=fr")  # the link carries no default

    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics.locator('[data-testid="stMetricLabel"]').first).to_have_text(
        "Portée totale"
    )
    labels = metrics.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = metrics.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert labels[:3] == ["Portée totale", "Objectifs atteints", "CTR moyen"]
    assert FRENCH_INT.match(values[0]), values[0]
    assert FRENCH_PCT.match(values[2]), values[2]
    for title in ("Messages", "Graphiques", "Canaux"):
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    shot("languages-card-fr")

    page = open_app("/new?lang=fr")
    category = page.locator(".st-key-new_category").get_by_role("combobox")
    assert category.input_value() == "Défaut"


def test_switching_back_to_english_drops_lang_from_the_url(
    open_app: Open, settle: Callable[[], None]
) -> None:
    page = open_app("/categories?lang=fr")
    expect(page.get_by_role("heading", name="Catégories")).to_be_visible()

    page.get_by_text("English", exact=True).click()
    settle()

    assert "lang" not in query(page)
    expect(page.get_by_role("heading", name="Categories")).to_be_visible()
