"""The statistics CSV (DESIGN.md section 6) as bytes, on the worked example.

March 2026 in UTC (shared/examples/metrics/expected.md): c1 "Welcome series"
reach 5, unique users 3, entries 4, users in journey 3, drops 1, sends 9,
average CTR 47.22 %, goals 1; push 4 sends, 2 deliveries, 1 open, CTR 25 %;
email 3, 3, 2 opens, 2 clicks, 1 unsubscribe, 66.67 %; in-app 2 impressions,
1 interaction, 1 skip, 50 %. c2 "Win-back": SMS 2 sends, 1 delivery, 1 click,
50 %; WhatsApp 1, 1, 1 read, 1 click, 100 %. c3 "Spring promo" is a draft
without events: counts 0, rates empty.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import polars as pl
import pytest

from journeys.export import (
    SLUG_MAX,
    CsvFormat,
    campaign_stats_csv,
    campaign_summary_csv,
    card_file_name,
    export_file_name,
    message_stats_csv,
    neutralise,
    slug,
    to_csv,
)
from journeys.metrics import ListFilters
from journeys.periods import Period
from journeys.workspace import Workspace

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
HEADER = [
    "Title",
    "Status",
    "Created",
    "Category",
    "Type",
    "UUID",
    "Total reach",
    "Unique users",
    "Entries",
    "Users in journey",
    "Drops",
    "Total sends",
    "Average CTR (%)",
    "Goals reached",
    "Push sends",
    "Push deliveries",
    "Push opens",
    "Push CTR (%)",
    "Email sends",
    "Email deliveries",
    "Email opens",
    "Email clicks",
    "Email unsubscribes",
    "Email CTR (%)",
    "SMS sends",
    "SMS deliveries",
    "SMS clicks",
    "SMS CTR (%)",
    "WhatsApp sends",
    "WhatsApp deliveries",
    "WhatsApp reads",
    "WhatsApp clicks",
    "WhatsApp CTR (%)",
    "In-app impressions",
    "In-app interactions",
    "In-app skips",
    "In-app CTR (%)",
]


def export(workspace: Workspace, dialect: str, lang: str = "en") -> bytes:
    rows = workspace.analytics().export_rows(MARCH, ListFilters())
    return campaign_stats_csv(rows, CsvFormat(dialect, lang), "UTC")


def parse(data: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def by_uuid(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["UUID"]: row for row in rows}


def test_the_standard_file_has_the_documented_columns_in_order_and_no_bom(
    example_workspace: Workspace,
) -> None:
    data = export(example_workspace, "standard")

    assert not data.startswith(b"\xef\xbb\xbf")
    first_line = data.decode("utf-8").split("\r\n", 1)[0]
    assert first_line.split(",") == HEADER
    assert len(HEADER) == 37


def test_the_standard_file_holds_the_worked_example_figures(
    example_workspace: Workspace,
) -> None:
    rows = by_uuid(parse(export(example_workspace, "standard")))

    c1 = rows["c1"]
    assert (c1["Title"], c1["Status"], c1["Category"], c1["Type"]) == (
        "Welcome series",
        "Active",
        "Onboarding",
        "Trigger-based",
    )
    assert [c1[h] for h in HEADER[6:14]] == ["5", "3", "4", "3", "1", "9", "47.22", "1"]
    assert [c1[h] for h in HEADER[14:18]] == ["4", "2", "1", "25.00"]
    assert [c1[h] for h in HEADER[18:24]] == ["3", "3", "2", "2", "1", "66.67"]
    assert [c1[h] for h in HEADER[33:37]] == ["2", "1", "1", "50.00"]
    c2 = rows["c2"]
    assert [c2[h] for h in HEADER[24:28]] == ["2", "1", "1", "50.00"]
    assert [c2[h] for h in HEADER[28:33]] == ["1", "1", "1", "1", "100.00"]
    assert c2["Average CTR (%)"] == "75.00"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", c1["Created"])


def test_undefined_rates_are_empty_cells_and_counts_are_zero(
    example_workspace: Workspace,
) -> None:
    rows = by_uuid(parse(export(example_workspace, "standard")))

    c3 = rows["c3"]
    rates = [h for h in HEADER if h.endswith("(%)")]
    assert [c3[h] for h in rates] == [""] * 6
    assert c3["Total reach"] == "0" and c3["Goals reached"] == "0"
    assert rows["c1"]["SMS CTR (%)"] == ""  # c1 sent no SMS
    assert rows["c2"]["Push CTR (%)"] == ""


def test_the_french_excel_file_has_a_bom_semicolons_and_decimal_commas(
    example_workspace: Workspace,
) -> None:
    data = export(example_workspace, "excel", "fr")

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\xef\xbb\xbf") == 1
    rows = by_uuid(parse(data, ";"))
    c1 = rows["c1"]
    assert c1["CTR moyen (%)"] == "47,22"
    assert c1["Statut"] == "Active"
    assert rows["c3"]["Statut"] == "Brouillon"
    assert rows["c2"]["Catégorie"] == "Défaut"
    assert "Catégorie".encode() in data  # UTF-8 bytes, not a legacy code page


def test_the_english_excel_file_keeps_commas_and_points_with_a_bom(
    example_workspace: Workspace,
) -> None:
    data = export(example_workspace, "excel", "en")

    assert data.startswith(b"\xef\xbb\xbf")
    assert by_uuid(parse(data))["c1"]["Average CTR (%)"] == "47.22"


@pytest.mark.parametrize("dialect", ["standard", "excel"])
def test_accented_titles_survive_both_dialects(
    example_workspace: Workspace, dialect: str
) -> None:
    example_workspace.catalog.apply(
        "c2", "rename", "tester", title="Été : crème brûlée"
    )

    data = export(example_workspace, dialect, "fr")

    delimiter, title = (";", "Titre") if dialect == "excel" else (",", "Title")
    assert by_uuid(parse(data, delimiter))["c2"][title] == "Été : crème brûlée"
    assert "Été : crème brûlée".encode() in data


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 promo", "'+33 promo"),
        ("-20% sale", "'-20% sale"),
        ("@everyone", "'@everyone"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
        ("Plain = fine", "Plain = fine"),
    ],
    ids=["equals", "plus", "minus", "at", "tab", "carriage-return", "inner"],
)
def test_text_that_a_spreadsheet_would_run_is_neutralised(
    title: str, cell: str
) -> None:
    frame = pl.DataFrame({"title": [title], "id": ["c9"]})
    columns = (("title", "export.title", "text"), ("id", "export.uuid", "text"))

    data = to_csv(frame, columns, CsvFormat("standard", "en"))

    assert neutralise(title) == cell
    assert parse(data)[0]["Title"] == cell


def test_a_negative_number_stays_a_number() -> None:
    frame = pl.DataFrame({"drops": [-3], "ctr": [-12.5]})
    columns = (("drops", "export.drops", "int"), ("ctr", "export.avg_ctr_pct", "pct"))

    standard = to_csv(frame, columns, CsvFormat("standard", "en"))
    excel = to_csv(frame, columns, CsvFormat("excel", "fr"))

    assert standard.decode().splitlines()[1] == "-3,-12.50"
    assert excel.decode("utf-8-sig").splitlines()[1] == "-3;-12,50"


def test_the_file_name_carries_the_period() -> None:
    assert export_file_name(MARCH) == "campaign-stats_2026-03-01_2026-03-31.csv"


NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))
CARD_ID = "5b5b2ed9-c07f-5abe-a0ae-8b3c92fa0001"
# Anything after the slug: what the file holds and its period.
CARD_FILE = re.compile(r"[a-z0-9-]+-messages-2026-11-01-to-2026-11-30\.csv")


def test_a_card_file_is_named_for_its_campaign_what_it_holds_and_its_period() -> None:
    name = card_file_name("Spring Sale", CARD_ID, "messages", NOVEMBER)

    assert name == "spring-sale-messages-2026-11-01-to-2026-11-30.csv"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Crème de la crème VIP offers", "creme-de-la-creme-vip-offers"),
        ("Straße & Œuvre: -20 %!", "strasse-oeuvre-20"),
        ("../../etc/passwd", "etc-passwd"),
        ('Say "hi"\nthen\r\nleave', "say-hi-then-leave"),
        ("C:\\Windows\\con", "c-windows-con"),
        ("🎉 Launch party 🎉", "launch-party"),
        ("ＦＵＬＬ ｗｉｄｔｈ", "full-width"),
        ("Ürün İndirimi", "urun-indirimi"),
    ],
    ids=[
        "accents",
        "letters without a decomposition",
        "slashes",
        "quotes and line breaks",
        "backslashes and a device name",
        "emoji",
        "full width",
        "Turkish",
    ],
)
def test_a_hostile_title_gives_a_plain_ascii_slug(title: str, expected: str) -> None:
    assert slug(title) == expected
    name = card_file_name(title, CARD_ID, "messages", NOVEMBER)
    assert CARD_FILE.fullmatch(name)


@pytest.mark.parametrize("title", ["!!! ???", "🎉🎉", "—", "   ", "中文标题"])
def test_a_title_with_nothing_to_keep_falls_back_to_the_campaign_id(
    title: str,
) -> None:
    name = card_file_name(title, CARD_ID, "summary", NOVEMBER)

    assert name == f"{CARD_ID}-summary-2026-11-01-to-2026-11-30.csv"
    assert card_file_name(title, "///", "summary", NOVEMBER).startswith("campaign-")


def test_a_long_title_is_cut_after_a_whole_word() -> None:
    title = "Reactivation of customers who have not ordered anything in ninety days"
    cut = slug(title)

    assert len(cut) <= SLUG_MAX
    assert title.lower().replace(" ", "-").startswith(cut + "-")
    assert slug("x" * 100) == "x" * SLUG_MAX


def test_the_cards_summary_file_gives_a_draft_zero_counts_and_empty_rates(
    example_workspace: Workspace,
) -> None:
    summary = example_workspace.analytics().campaign_summary("c3", MARCH)
    assert summary is not None

    (row,) = parse(
        campaign_summary_csv(summary, MARCH, CsvFormat("standard", "en"), "UTC")
    )

    assert (row["Total reach"], row["Goals reached"], row["Total sends"]) == (
        "0",
        "0",
        "0",
    )
    assert (row["Average CTR (%)"], row["Pooled CTR (%)"]) == ("", "")


def test_the_message_file_leaves_empty_what_a_channel_does_not_report(
    example_workspace: Workspace,
) -> None:
    messages = example_workspace.analytics().message_stats("c1", MARCH)

    rows = parse(message_stats_csv(messages, CsvFormat("standard", "en"), "UTC"))

    figures = ("Channel", "Sends", "Deliveries", "Opens", "Unsubscribes", "Skips")
    # Push and e-mail report deliveries and opens, only e-mail unsubscribes;
    # in-app reports none of them, only skips (the card shows `--` there).
    assert [tuple(r[h] for h in figures) for r in rows] == [
        ("Push", "4", "2", "1", "", ""),
        ("Email", "3", "3", "2", "1", ""),
        ("In-app", "2", "", "", "", "1"),
    ]


def test_the_message_file_keeps_real_zeros_and_leaves_rates_without_sends_empty(
    example_workspace: Workspace,
) -> None:
    messages = example_workspace.analytics().message_stats("c3", MARCH)
    assert messages.height > 0

    rows = parse(message_stats_csv(messages, CsvFormat("standard", "en"), "UTC"))

    assert {r["Sends"] for r in rows} == {"0"}
    assert {r["Clicks"] for r in rows} == {"0"}
    assert {r["CTR (%)"] for r in rows} == {""}
    assert {r["Open rate (%)"] for r in rows} == {""}
