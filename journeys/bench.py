"""The benchmark: median times of the main queries on a large demo set.

It builds the demo set (10 million events by default) in a temporary folder,
then times each measured step several times and reports the median, the
fastest and the slowest run. The first run of each step is reported apart: it
pays for opening files that later runs find in the operating system's cache.
"""

from __future__ import annotations

import logging
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from journeys.catalog import Catalog
from journeys.export import CsvFormat, campaign_stats_csv
from journeys.metrics import Analytics
from journeys.periods import preset_period
from journeys.store import EventStore

logger = logging.getLogger(__name__)

TARGETS_S = {
    "campaign list": 0.5,
    "campaign summary + messages": 0.3,
    "CSV export": 1.0,
}


def _timed(step: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    started = time.perf_counter()
    step()
    first = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return first, times


def run_benchmark(
    *, events: int, runs: int, report: Callable[[str], None], folder: Path | None = None
) -> dict[str, float]:
    from journeys.demo import generate_demo

    with tempfile.TemporaryDirectory(prefix="journeys-bench-") as scratch:
        root = folder or Path(scratch)
        started = time.perf_counter()
        demo = generate_demo(events)
        generated = time.perf_counter() - started
        catalog = Catalog.open(f"sqlite:///{root / 'catalog.sqlite'}")
        catalog.seed(demo.catalog, actor="bench")
        store = EventStore(root / "events")
        started = time.perf_counter()
        store.append(demo.events, author="bench", source="bench")
        written = time.perf_counter() - started
        report(
            f"{demo.events.height:,} events, {len(demo.catalog['campaigns'])} campaigns: "
            f"generated in {generated:.1f}s, written in {written:.1f}s"
        )
        del demo
        started = time.perf_counter()
        analytics = Analytics(store, catalog)
        report(
            f"snapshot loaded into DuckDB and rolled up in {time.perf_counter() - started:.1f}s"
        )
        period = preset_period("30d")
        biggest = (
            analytics.campaign_list(period)
            .sort("total_reach", descending=True, nulls_last=True)
            .row(0, named=True)["id"]
        )

        def campaign_card() -> None:
            analytics.campaign_summary(biggest, period)
            analytics.campaign_summary(biggest, period.previous())
            analytics.message_stats(biggest, period)

        def export() -> None:
            campaign_stats_csv(
                analytics.export_rows(period), CsvFormat("excel", "fr"), "UTC"
            )

        steps: dict[str, Callable[[], object]] = {
            "campaign list": lambda: analytics.campaign_list(period),
            "campaign summary + messages": campaign_card,
            "CSV export": export,
        }
        medians: dict[str, float] = {}
        report(
            f"{'step':<30}{'median':>9}{'min':>9}{'max':>9}{'first':>9}{'target':>9}"
        )
        for name, step in steps.items():
            first, times = _timed(step, runs)
            medians[name] = statistics.median(times)
            report(
                f"{name:<30}{medians[name]:>8.3f}s{min(times):>8.3f}s{max(times):>8.3f}s"
                f"{first:>8.3f}s{TARGETS_S[name]:>8.1f}s"
            )
        report(
            f"({runs} runs each after a first run; period {period.start} to {period.end})"
        )
        analytics.close()
        return medians
