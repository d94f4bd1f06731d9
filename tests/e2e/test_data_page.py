"""The Data page in the browser: chosen files' sizes in the user's language,
and invalid rows that read in full on a narrow screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page

from e2e.streamlit_dom import keyed, text

Open = Callable[[str], Page]
Shot = Callable[[str], Path]
HEADER = "event_id,ts,campaign_id,message_id,channel,user_id,event_type,goal_id\n"
# A reason and a content long enough to be cut short in a one-line cell.
BAD_ROW = "b1,2026-03-05T08:00:00Z,c-new,,,u1,teleported-" + "x" * 60 + ",\n"


def test_chosen_files_show_their_sizes_in_french(
    open_app: Open, settle: Callable[[], None], shot: Shot, tmp_path: Path
) -> None:
    small, big = tmp_path / "small.csv", tmp_path / "big.csv"
    small.write_bytes(b"x" * 81)
    big.write_bytes(b"x" * 1_258_291)
    page = open_app("/data?lang=fr")
    keyed(page, "data_upload").locator("input[type=file]").set_input_files(
        [str(small), str(big)]
    )
    settle()

    chips = keyed(page, "data_upload").get_by_test_id("stFileChip")
    sizes = {}
    for index in range(chips.count()):
        chip = chips.nth(index)
        name = chip.get_by_test_id("stFileChipName").inner_text()
        sizes[name] = chip.evaluate(
            """chip => getComputedStyle(
                chip.querySelector('[data-testid="stFileChipName"] + *'), '::after'
            ).content"""
        )
    assert sizes == {"small.csv": '"81\u00a0o"', "big.csv": '"1,2\u00a0Mo"'}
    shot("data-chip-sizes-fr")


def test_invalid_rows_wrap_at_800_pixels_wide(
    open_app: Open, settle: Callable[[], None], shot: Shot, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + BAD_ROW, encoding="utf-8")
    page = open_app("/data")
    page.set_viewport_size({"width": 800, "height": 900})
    keyed(page, "data_upload").locator("input[type=file]").set_input_files(str(bad))
    settle()
    page.get_by_role("button", name=text("data.check")).click()
    settle()

    table = page.get_by_test_id("stTable")
    reason = table.get_by_text("Unknown event type", exact=False)
    reason.wait_for()
    # The whole reason is on screen: the cell grows, it does not cut it.
    assert "see “Canonical format” above" in reason.inner_text()
    # Nothing reaches past the window, even the long unbroken raw line.
    edges = table.evaluate(
        """t => [...t.querySelectorAll('th, td')].map(c => {
            const box = c.getBoundingClientRect();
            return box.right;
        })"""
    )
    assert max(edges) <= 800
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 800
    shot("data-problems-800px")


def test_the_uploader_names_every_accepted_type_at_800_pixels_wide(
    open_app: Open, settle: Callable[[], None], shot: Shot
) -> None:
    page = open_app("/data")
    page.set_viewport_size({"width": 800, "height": 900})
    settle()

    zone = keyed(page, "data_upload").get_by_test_id(
        "stFileUploaderDropzoneInstructions"
    )
    # The short instructions fit: nothing in them is cut or scrolled away.
    cut = zone.evaluate(
        """z => [z, ...z.querySelectorAll('*')].some(
            e => e.scrollWidth > e.clientWidth + 1)"""
    )
    assert not cut
    types = page.get_by_text("Accepted files: CSV, PARQUET, AVRO, JSON", exact=False)
    assert "NDJSON, GZ, ZIP." in types.inner_text()
    box = types.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 800
    shot("data-uploader-800px")
