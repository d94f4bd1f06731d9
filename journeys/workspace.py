"""The product's state in one place: settings, catalog, event store, analytics.

The app and the command line open a Workspace; on first start with an empty
data folder it fills itself with the deterministic demo set.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

import polars as pl
from filelock import FileLock

from journeys.catalog import Catalog
from journeys.config import Settings, load_settings
from journeys.metrics import Analytics
from journeys.store import EventStore

logger = logging.getLogger(__name__)

DEMO_SOURCE = "demo"
DEFAULT_DEMO_EVENTS = 2_000_000


def demo_size() -> int:
    """JOURNEYS_DEMO_EVENTS sizes the demo set (tests and e2e use small ones)."""
    raw = os.environ.get("JOURNEYS_DEMO_EVENTS", "")
    return int(raw) if raw.strip().isdigit() else DEFAULT_DEMO_EVENTS


@dataclass
class Workspace:
    settings: Settings
    catalog: Catalog
    store: EventStore

    @classmethod
    def open(cls, settings: Settings | None = None) -> Workspace:
        settings = settings or load_settings()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return cls(
            settings=settings,
            catalog=Catalog.open(settings.catalog_url),
            store=EventStore(settings.events_dir),
        )

    def analytics(self, version: int | None = None) -> Analytics:
        return Analytics(self.store, self.catalog, version=version)

    def reconcile(self, analytics: Analytics) -> int:
        """Name in the catalog what the events mention but it lacks.

        An import writes its events first (one atomic commit), then adds the
        campaigns and messages they name; a crash in between leaves events
        the catalog cannot show. This repairs that, by id. Returns how many
        campaigns and messages were added.
        """
        missing = analytics.unknown_to_catalog()
        if missing.is_empty():
            return 0
        campaigns = [
            (row["campaign_id"], row["campaign_id"], row["first_seen"])
            for row in missing.unique("campaign_id", keep="first").iter_rows(named=True)
        ]
        messages = [
            (row["campaign_id"], row["message_id"], row["message_id"], row["channel"])
            for row in missing.filter(pl.col("message_id").is_not_null()).iter_rows(
                named=True
            )
        ]
        added = self.catalog.ensure_known(
            campaigns, messages, "system", source="repair"
        )
        logger.warning("catalog repaired: %d campaigns and %d messages added", *added)
        return sum(added)

    def is_empty(self) -> bool:
        return self.catalog.is_empty() and not self.store.exists()

    def demo_share(self) -> str | None:
        """ "only" while every snapshot came from the demo generator, "mixed"
        once files were imported beside the demo data, None without demo data."""
        sources = {s.source == DEMO_SOURCE for s in self.store.history()}
        if True not in sources:
            return None
        return "mixed" if False in sources else "only"

    def ensure_demo(self, n_events: int | None = None) -> bool:
        """Fill an empty workspace with demo data; True when it did.

        A size of 0 (`JOURNEYS_DEMO_EVENTS=0`) leaves it empty, for a folder
        meant for one's own data only.
        """
        size = demo_size() if n_events is None else n_events
        if size <= 0:
            return False
        lock = FileLock(str(self.settings.data_dir / ".bootstrap.lock"))
        with lock:
            if not self.is_empty():
                return False
            self.load_demo(size)
            return True

    def load_demo(self, n_events: int, *, seed: int = 7) -> None:
        from journeys.demo import generate_demo

        started = time.perf_counter()
        demo = generate_demo(n_events, seed=seed)
        self.catalog.seed(demo.catalog, actor="demo")
        self.store.append(demo.events, author="demo", source=DEMO_SOURCE)
        logger.info(
            "demo data: %d campaigns, %d events in %.1fs",
            len(demo.catalog["campaigns"]),
            demo.events.height,
            time.perf_counter() - started,
        )
