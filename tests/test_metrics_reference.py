"""Every metric of DESIGN.md section 4, checked against an independent reference.

The reference below is plain Python over a list of events, written from the
definitions in DESIGN.md (and the worked example's goal conversion: goal users
over entries), not from `queries/`. A few seeded random data sets of small
campaigns are loaded into a real workspace, and every figure the product
computes (list, card and its trend, messages, channels, daily series, funnel,
export) is compared with the reference over many periods in seven reporting
zones: whole and half-hour zones, a 5:45 zone, a 30-minute DST, DST changes at
midnight (a day without one, a day with two), periods across DST changes,
single days, and events on or a microsecond beside day edges.

Choices the definitions leave open, and the reference makes like the product:
- an event's own channel says what it counts as: a push tap (`opened`) is the
  push click and a push `clicked` is not counted again; `sent` on in-app and
  `impression` elsewhere are not sends; SMS and in-app have no opens;
- total reach takes `entered`, `sent` and `impression` whatever the channel;
  the funnel's "reached" step is a send as defined above;
- users in journey never goes below zero (a store whose history starts
  mid-journey has exits without their entries);
- a message event that names no message (the importers refuse it; another
  tool writing the table could leave one) counts in no figure.
"""

from __future__ import annotations

import csv
import io
import math
import random
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from journeys.catalog import Catalog
from journeys.config import Settings
from journeys.export import CAMPAIGN_COLUMNS, CsvFormat, campaign_stats_csv
from journeys.metrics import Analytics, ListFilters
from journeys.periods import Period, zone
from journeys.schema import EVENT_SCHEMA
from journeys.store import EventStore
from journeys.workspace import Workspace

SEEDS = (11, 23)
ZONES = (
    "UTC",
    "Europe/Paris",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "America/Havana",
)
CHANNELS = ("push", "email", "sms", "whatsapp", "inapp")
STATUSES = ("draft", "active", "paused", "inactive", "archived")
MESSAGE_EVENTS = (
    "sent",
    "delivered",
    "opened",
    "clicked",
    "unsubscribed",
    "bounced",
    "impression",
    "skipped",
)
# What each channel's source really emits; other types show up now and then.
TYPICAL_EVENTS = {
    "push": ("sent", "sent", "delivered", "opened", "bounced"),
    "email": ("sent", "sent", "delivered", "opened", "clicked", "unsubscribed"),
    "sms": ("sent", "sent", "delivered", "clicked", "bounced"),
    "whatsapp": ("sent", "sent", "delivered", "opened", "clicked"),
    "inapp": ("impression", "impression", "clicked", "skipped"),
}
# Two seasons around the 2026 DST changes: St John's 8 March and 1 November,
# Paris 29 March and 25 October, Lord Howe (30 minutes) 5 April and 4 October,
# Havana at midnight: 8 March has none, 1 November has two.
SEASONS = (
    (date(2026, 2, 26), date(2026, 4, 12)),
    (date(2026, 9, 27), date(2026, 11, 8)),
)
HISTORY = (date(2026, 1, 5), date(2026, 2, 26))
# The first days and the days after the last days of the fixed periods below.
EDGE_DAYS = (
    date(2026, 3, 1),
    date(2026, 3, 8),
    date(2026, 4, 1),
    date(2026, 4, 7),
    date(2026, 9, 27),
    date(2026, 11, 1),
    date(2026, 11, 2),
)
USERS = tuple(f"u{i}" for i in range(7))
TITLES = ("Welcome", "Été promo", "ete promo", "=SUM(A1)", "-20% sale", "Win-back")
NOT_IN_CATALOG = 1_000_000  # the position of a message only the events name


# -- the data ------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    event_id: str
    ts: datetime
    campaign_id: str
    message_id: str | None
    channel: str | None
    user_id: str
    event_type: str
    goal_id: str | None


@dataclass(frozen=True)
class DataSet:
    catalog: dict[str, Any]
    events: list[Event]


def random_day(rng: random.Random, span: tuple[date, date]) -> date:
    return span[0] + timedelta(days=rng.randrange((span[1] - span[0]).days))


def random_instant(rng: random.Random) -> datetime:
    """Mostly anywhere in a season; often on, or a hair beside, a local midnight."""
    roll = rng.random()
    if roll < 0.3:
        day = (
            rng.choice(EDGE_DAYS)
            if rng.random() < 0.5
            else random_day(rng, rng.choice(SEASONS))
        )
        # Zone rules are an input, not a metric: the reference reads the same
        # pinned tzdata package as the product.
        local = datetime.combine(day, time(0), tzinfo=zone(rng.choice(ZONES)))
        nudge = rng.choice((0, 0, -1, 1, -500_000, 999_999))
        return local.astimezone(UTC) + timedelta(microseconds=nudge)
    span = HISTORY if roll < 0.4 else rng.choice(SEASONS)
    start = datetime.combine(span[0], time(0), tzinfo=UTC)
    length = (span[1] - span[0]).days * 86_400 * 1_000_000
    return start + timedelta(microseconds=rng.randrange(length))


def random_data_set(seed: int, campaigns: int = 32) -> DataSet:
    """Small random campaigns; the first is busy on every channel and sends what
    each channel does not count, the second is a draft with events."""
    rng = random.Random(seed)
    specs: list[dict[str, Any]] = []
    events: list[Event] = []
    for number in range(campaigns):
        campaign_id = f"s{seed}c{number:02d}"
        status = {0: "active", 1: "draft"}.get(number) or rng.choice(
            STATUSES + ("active",) * 3
        )
        channels = CHANNELS if number < 2 else rng.choices(CHANNELS, k=rng.randrange(5))
        messages = [
            {"id": f"{campaign_id}m{j}", "name": f"Step {j}", "channel": channel}
            for j, channel in enumerate(channels)
        ]
        specs.append(
            {
                "id": campaign_id,
                "title": f"{rng.choice(TITLES)} {rng.randrange(3)}",
                "status": status,
                "entry_type": rng.choice(("trigger", "audience", "mixed")),
                "category_id": rng.choice(("default", "onboarding")),
                "messages": messages,
                "goals": [{"id": f"{campaign_id}g0", "name": "Goal"}],
            }
        )
        count = (150, 30)[number] if number < 2 else rng.choice((0, 0, 3, 10, 25, 50))
        for _ in range(count):
            events.append(random_event(rng, f"e{len(events)}", campaign_id, messages))
        if number == 0:
            for message, event_type in zip(
                messages,
                ("clicked", "impression", "opened", "sent", "sent"),
                strict=True,
            ):
                events.append(
                    Event(
                        f"e{len(events)}",
                        datetime(2026, 3, 15, tzinfo=UTC)
                        + timedelta(minutes=rng.randrange(7 * 24 * 60)),
                        campaign_id,
                        message["id"],
                        message["channel"],
                        rng.choice(USERS),
                        event_type,
                        None,
                    )
                )
    catalog = {
        "categories": [
            {"id": "default", "name": "Default", "is_default": True},
            {"id": "onboarding", "name": "Onboarding", "is_default": False},
        ],
        "campaigns": specs,
    }
    return DataSet(catalog, events)


def random_event(
    rng: random.Random, event_id: str, campaign_id: str, messages: list[dict[str, str]]
) -> Event:
    ts = random_instant(rng)
    user = rng.choice(USERS)
    if not messages or rng.random() < 0.4:
        event_type = rng.choices(
            ("entered", "exited", "dropped", "goal_reached"), weights=(4, 2, 1, 2)
        )[0]
        goal_id = f"{campaign_id}g0" if event_type == "goal_reached" else None
        message_id = channel = None
        if messages and rng.random() < 0.1:
            # a journey event may name the step it happened at
            message = rng.choice(messages)
            message_id = message["id"]
            channel = message["channel"] if rng.random() < 0.5 else None
        return Event(
            event_id, ts, campaign_id, message_id, channel, user, event_type, goal_id
        )
    roll = rng.random()
    if roll < 0.05:
        # a message the catalog does not know (yet)
        channel = rng.choice(CHANNELS)
        message_id = f"{campaign_id}x-{channel}"
    elif roll < 0.08:
        # no message named: only another tool writing the table does that
        message_id, channel = None, rng.choice(CHANNELS)
    else:
        message = rng.choice(messages)
        message_id, channel = message["id"], message["channel"]
    pool = TYPICAL_EVENTS[channel] if rng.random() < 0.8 else MESSAGE_EVENTS
    return Event(
        event_id, ts, campaign_id, message_id, channel, user, rng.choice(pool), None
    )


# -- the reference -------------------------------------------------------------------


def is_send(event: Event) -> bool:
    """Sends: `sent` on push, email, SMS, WhatsApp; `impression` on in-app."""
    if event.channel == "inapp":
        return event.event_type == "impression"
    return event.channel is not None and event.event_type == "sent"


def is_open(event: Event) -> bool:
    """Opens: `opened` (a push tap, a WhatsApp read); none for SMS and in-app."""
    opening = ("push", "email", "whatsapp")
    return event.event_type == "opened" and event.channel in opening


def is_click(event: Event) -> bool:
    """Clicks: `clicked`; for push the tap (`opened`) is the interaction."""
    if event.channel == "push":
        return event.event_type == "opened"
    return event.channel is not None and event.event_type == "clicked"


def pct(part: int, whole: int) -> Fraction | None:
    """A rate in percent; undefined (None) when its denominator is zero."""
    return Fraction(100 * part, whole) if whole else None


def days(start: date, end: date) -> Iterator[date]:
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


@dataclass(frozen=True)
class Window:
    """Whole days `start` to `end` in the zone `tz`."""

    start: date
    end: date
    tz: str

    def day_of(self, event: Event) -> date:
        return event.ts.astimezone(zone(self.tz)).date()

    def holds(self, event: Event) -> bool:
        return self.start <= self.day_of(event) <= self.end

    def previous(self) -> Window:
        """The same number of days, ending the day before this one starts."""
        length = (self.end - self.start).days + 1
        return Window(
            self.start - timedelta(days=length), self.start - timedelta(days=1), self.tz
        )

    def period(self) -> Period:
        return Period(self.start, self.end, self.tz)


class Reference:
    def __init__(self, data: DataSet) -> None:
        self.campaigns = {c["id"]: c for c in data.catalog["campaigns"]}
        self.by_campaign: dict[str, list[Event]] = {}
        for event in data.events:
            if event.event_type in MESSAGE_EVENTS and event.message_id is None:
                continue  # the importers refuse it; it counts nowhere
            self.by_campaign.setdefault(event.campaign_id, []).append(event)

    def events(self, campaign_id: str, window: Window) -> list[Event]:
        return [e for e in self.by_campaign.get(campaign_id, []) if window.holds(e)]

    def messages(self, campaign_id: str, window: Window) -> dict[str, dict[str, Any]]:
        """Per-message figures: every catalog message, plus those only events name."""
        known = {
            m["id"]: (position, m["name"], m["channel"])
            for position, m in enumerate(self.campaigns[campaign_id]["messages"], 1)
        }
        events = [e for e in self.events(campaign_id, window) if e.message_id]
        rows: dict[str, dict[str, Any]] = {}
        named = {e.message_id for e in events if e.message_id}
        ids = list(known) + sorted(named - set(known))
        for message_id in ids:
            mine = [e for e in events if e.message_id == message_id]
            channels = [e.channel for e in mine if e.channel]
            position, name, channel = known.get(
                message_id,
                (NOT_IN_CATALOG, message_id, channels[0] if channels else None),
            )
            types = Counter(e.event_type for e in mine)
            sends = sum(map(is_send, mine))
            opens = sum(map(is_open, mine))
            clicks = sum(map(is_click, mine))
            rows[message_id] = {
                "campaign_id": campaign_id,
                "message_id": message_id,
                "message_name": name,
                "channel": channel,
                "position": position,
                "sends": sends,
                "deliveries": types["delivered"],
                "opens": opens,
                "open_rate_pct": None
                if channel in ("sms", "inapp")
                else pct(opens, sends),
                "clicks": clicks,
                "ctr_pct": pct(clicks, sends),
                "unsubscribes": types["unsubscribed"],
                "bounces": types["bounced"],
                "skips": types["skipped"],
            }
        return rows

    def channels(self, campaign_id: str, window: Window) -> dict[str, dict[str, Any]]:
        """Each channel the journey uses or the events name, its messages pooled."""
        events = [
            e
            for e in self.events(campaign_id, window)
            if e.message_id and e.event_type in MESSAGE_EVENTS
        ]
        used = {m["channel"] for m in self.campaigns[campaign_id]["messages"]}
        used |= {e.channel for e in events if e.channel}
        rows: dict[str, dict[str, Any]] = {}
        for channel in (c for c in CHANNELS if c in used):
            mine = [e for e in events if e.channel == channel]
            types = Counter(e.event_type for e in mine)
            sends = sum(map(is_send, mine))
            opens = sum(map(is_open, mine))
            clicks = sum(map(is_click, mine))
            rows[channel] = {
                "sends": sends,
                "deliveries": types["delivered"],
                "opens": opens,
                "clicks": clicks,
                "unsubscribes": types["unsubscribed"],
                "skips": types["skipped"],
                "open_rate_pct": None
                if channel in ("sms", "inapp")
                else pct(opens, sends),
                "ctr_pct": pct(clicks, sends),
            }
        return rows

    def users_in_journey(self, campaign_id: str, window: Window) -> int:
        """Entries minus exits minus drops over all time up to the period's end."""
        balance = 0
        for event in self.by_campaign.get(campaign_id, []):
            if window.day_of(event) <= window.end:
                balance += {"entered": 1, "exited": -1, "dropped": -1}.get(
                    event.event_type, 0
                )
        return max(balance, 0)

    def campaign(self, campaign_id: str, window: Window) -> dict[str, Any]:
        """The list's and the card's row: headline figures undefined without stats."""
        events = self.events(campaign_id, window)
        types = Counter(e.event_type for e in events)
        entered = {e.user_id for e in events if e.event_type == "entered"}
        reached = {
            e.user_id
            for e in events
            if e.event_type in ("entered", "sent", "impression")
        }
        goal_users = {e.user_id for e in events if e.event_type == "goal_reached"}
        messages = self.messages(campaign_id, window).values()
        sends = sum(m["sends"] for m in messages)
        clicks = sum(m["clicks"] for m in messages)
        ctrs = [m["ctr_pct"] for m in messages if m["sends"] > 0]
        has_stats = self.campaigns[campaign_id]["status"] != "draft" and bool(events)
        headline = {
            "total_reach": len(reached),
            "goals_reached": types["goal_reached"],
            "avg_ctr_pct": sum(ctrs) / len(ctrs) if ctrs else None,
            "pooled_ctr_pct": pct(clicks, sends),
        }
        return {
            "has_stats": has_stats,
            **{k: v if has_stats else None for k, v in headline.items()},
            "unique_users": len(entered),
            "entries": types["entered"],
            "users_in_journey": self.users_in_journey(campaign_id, window),
            "drops": types["dropped"],
            "total_sends": sends,
            "goal_conversion_pct": pct(len(goal_users), types["entered"]),
        }

    def daily(self, campaign_id: str, window: Window) -> dict[date, dict[str, int]]:
        series = {
            day: dict.fromkeys(("sends", "opens", "clicks", "goals", "entries"), 0)
            for day in days(window.start, window.end)
        }
        for event in self.events(campaign_id, window):
            counts = series[window.day_of(event)]
            counts["sends"] += is_send(event)
            counts["opens"] += is_open(event)
            counts["clicks"] += is_click(event)
            counts["goals"] += event.event_type == "goal_reached"
            counts["entries"] += event.event_type == "entered"
        return series

    def funnel(self, campaign_id: str, window: Window) -> dict[str, int]:
        events = self.events(campaign_id, window)
        steps: dict[str, Callable[[Event], bool]] = {
            "entered": lambda e: e.event_type == "entered",
            "reached": is_send,
            "opened": is_open,
            "clicked": is_click,
            "goal": lambda e: e.event_type == "goal_reached",
        }
        return {
            step: len({e.user_id for e in events if test(e)})
            for step, test in steps.items()
        }

    def export_row(self, campaign_id: str, window: Window) -> dict[str, Any]:
        """DESIGN.md section 6: counts are 0 where the card shows `--`, rates empty."""
        row = self.campaign(campaign_id, window)
        channels = self.channels(campaign_id, window)
        empty = dict.fromkeys(
            ("sends", "deliveries", "opens", "clicks", "unsubscribes", "skips"), 0
        )

        def channel(name: str) -> dict[str, Any]:
            return channels.get(name, {**empty, "ctr_pct": None})

        push, email, sms = channel("push"), channel("email"), channel("sms")
        whatsapp, inapp = channel("whatsapp"), channel("inapp")
        return {
            "id": campaign_id,
            "total_reach": row["total_reach"] or 0,
            "unique_users": row["unique_users"],
            "entries": row["entries"],
            "users_in_journey": row["users_in_journey"],
            "drops": row["drops"],
            "total_sends": row["total_sends"],
            "avg_ctr_pct": row["avg_ctr_pct"],
            "goals_reached": row["goals_reached"] or 0,
            "push_sends": push["sends"],
            "push_deliveries": push["deliveries"],
            "push_opens": push["opens"],
            "push_ctr_pct": push["ctr_pct"],
            "email_sends": email["sends"],
            "email_deliveries": email["deliveries"],
            "email_opens": email["opens"],
            "email_clicks": email["clicks"],
            "email_unsubscribes": email["unsubscribes"],
            "email_ctr_pct": email["ctr_pct"],
            "sms_sends": sms["sends"],
            "sms_deliveries": sms["deliveries"],
            "sms_clicks": sms["clicks"],
            "sms_ctr_pct": sms["ctr_pct"],
            "whatsapp_sends": whatsapp["sends"],
            "whatsapp_deliveries": whatsapp["deliveries"],
            "whatsapp_reads": whatsapp["opens"],
            "whatsapp_clicks": whatsapp["clicks"],
            "whatsapp_ctr_pct": whatsapp["ctr_pct"],
            "inapp_impressions": inapp["sends"],
            "inapp_interactions": inapp["clicks"],
            "inapp_skips": inapp["skips"],
            "inapp_ctr_pct": inapp["ctr_pct"],
        }


# -- comparing -----------------------------------------------------------------------


def same(actual: Any, expected: Any) -> bool:
    """Counts equal; rates equal to rounding error, finite, undefined as None."""
    if expected is None or isinstance(expected, str | date | bool):
        return actual == expected and type(actual) is type(expected)
    if isinstance(expected, Fraction):
        return (
            isinstance(actual, float)
            and math.isfinite(actual)
            and math.isclose(actual, float(expected), rel_tol=1e-9, abs_tol=1e-9)
        )
    return isinstance(actual, int) and actual == expected


class Differences:
    """Collects every mismatch so one failure shows them all."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def compare(
        self, where: str, actual: dict[str, Any], expected: dict[str, Any]
    ) -> None:
        for key, value in expected.items():
            if not same(actual.get(key), value):
                self.found.append(
                    f"{where}: {key} is {actual.get(key)!r}, expected {value!r}"
                )

    def check(self) -> None:
        assert not self.found, f"{len(self.found)} differences:\n" + "\n".join(
            self.found[:30]
        )


def windows(seed: int) -> list[Window]:
    """Single days, DST months and weeks, and random spans, in every zone."""
    rng = random.Random(seed * 7919)
    found: list[Window] = []
    for tz in ZONES:
        found += [
            Window(date(2026, 3, 1), date(2026, 3, 31), tz),
            Window(date(2026, 3, 8), date(2026, 4, 6), tz),
            Window(date(2026, 9, 27), date(2026, 10, 31), tz),
            Window(date(2026, 11, 1), date(2026, 11, 1), tz),
        ]
        start = random_day(rng, rng.choice(SEASONS))
        length = rng.choice((0, 0, 1, 6, 13))
        found.append(Window(start, start + timedelta(days=length), tz))
    return found


@dataclass
class Loaded:
    data: DataSet
    reference: Reference
    analytics: Analytics
    windows: list[Window]

    def a_campaign(self, rng: random.Random) -> str:
        """A campaign for the per-campaign queries, busy ones more often."""
        ids = sorted(self.reference.campaigns)
        weights = [1 + len(self.reference.by_campaign.get(c, [])) for c in ids]
        return rng.choices(ids, weights=weights)[0]


def load(data: DataSet, folder: Path) -> Analytics:
    settings = Settings(
        data_dir=folder,
        catalog_url=f"sqlite:///{folder / 'catalog.sqlite'}",
        import_dir=folder / "imports",
        max_upload_mb=200,
        author="tester",
    )
    workspace = Workspace(
        settings=settings,
        catalog=Catalog.open(settings.catalog_url),
        store=EventStore(settings.events_dir),
    )
    workspace.catalog.seed(data.catalog, actor="tester")
    frame = pl.DataFrame([vars(e) for e in data.events], schema=EVENT_SCHEMA)
    workspace.store.append(frame, author="tester", source="reference")
    return workspace.analytics()


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed-{s}" for s in SEEDS])
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Loaded]:
    seed: int = request.param
    data = random_data_set(seed)
    analytics = load(data, tmp_path_factory.mktemp(f"reference-{seed}"))
    yield Loaded(data, Reference(data), analytics, windows(seed))
    analytics.close()


def by(frame: pl.DataFrame, *keys: str) -> dict[Any, dict[str, Any]]:
    return {
        tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]]: r
        for r in frame.iter_rows(named=True)
    }


# -- the checks ----------------------------------------------------------------------


def test_the_campaign_list_matches_the_reference_in_every_zone_and_period(
    loaded: Loaded,
) -> None:
    differences = Differences()
    for window in loaded.windows:
        rows = by(loaded.analytics.campaign_list(window.period()), "id")
        assert set(rows) == set(loaded.reference.campaigns)
        for campaign_id in loaded.reference.campaigns:
            differences.compare(
                f"{campaign_id} {window}",
                rows[campaign_id],
                loaded.reference.campaign(campaign_id, window),
            )
    differences.check()


def test_the_card_and_its_trend_match_the_reference_for_the_previous_period(
    loaded: Loaded,
) -> None:
    differences = Differences()
    rng = random.Random(5)
    for window in loaded.windows:
        period = window.period()
        previous = window.previous()
        assert period.previous() == previous.period()
        assert period.previous().days == period.days
        campaign_id = loaded.a_campaign(rng)
        for shown in (window, previous):
            summary = loaded.analytics.campaign_summary(campaign_id, shown.period())
            assert summary is not None
            differences.compare(
                f"{campaign_id} {shown}",
                summary,
                loaded.reference.campaign(campaign_id, shown),
            )
    differences.check()


def test_every_message_matches_the_reference_in_journey_order(loaded: Loaded) -> None:
    differences = Differences()
    for window in loaded.windows:
        frame = loaded.analytics.message_stats(None, window.period())
        rows = by(frame, "campaign_id", "message_id")
        expected: dict[tuple[str, str], dict[str, Any]] = {}
        for campaign_id in sorted(loaded.reference.campaigns):
            for message_id, row in loaded.reference.messages(
                campaign_id, window
            ).items():
                expected[campaign_id, message_id] = row
        assert sorted(rows) == sorted(expected), window
        for key, row in expected.items():
            differences.compare(f"{key} {window}", rows[key], row)
        order = [
            (r["campaign_id"], r["message_id"]) for r in frame.iter_rows(named=True)
        ]
        assert order == sorted(
            expected,
            key=lambda k: (k[0], expected[k]["position"], expected[k]["message_name"]),
        ), window
    differences.check()


def test_every_channel_pools_its_messages_like_the_reference(loaded: Loaded) -> None:
    differences = Differences()
    for window in loaded.windows:
        frame = loaded.analytics.channel_stats(None, window.period())
        rows = by(frame, "campaign_id", "channel")
        expected = {
            (campaign_id, channel): row
            for campaign_id in loaded.reference.campaigns
            for channel, row in loaded.reference.channels(campaign_id, window).items()
        }
        assert sorted(rows, key=str) == sorted(expected, key=str), window
        for key, row in expected.items():
            differences.compare(f"{key} {window}", rows[key], row)
    differences.check()


def test_the_daily_series_and_the_funnel_match_the_reference(loaded: Loaded) -> None:
    differences = Differences()
    rng = random.Random(9)
    for window in loaded.windows:
        campaign_id = loaded.a_campaign(rng)
        daily = loaded.analytics.daily_activity(campaign_id, window.period())
        expected = loaded.reference.daily(campaign_id, window)
        assert daily["day"].to_list() == list(expected), window
        for row in daily.iter_rows(named=True):
            differences.compare(
                f"{campaign_id} {row['day']} {window.tz}", row, expected[row["day"]]
            )
        funnel = loaded.analytics.funnel(campaign_id, window.period())
        steps = loaded.reference.funnel(campaign_id, window)
        assert funnel["step"].to_list() == list(steps)
        differences.compare(
            f"{campaign_id} funnel {window}",
            dict(zip(funnel["step"], funnel["users"], strict=True)),
            steps,
        )
    differences.check()


def test_the_export_rows_match_the_reference_in_title_order(loaded: Loaded) -> None:
    differences = Differences()
    for window in loaded.windows:
        frame = loaded.analytics.export_rows(window.period())
        documented = [name for name, _, _ in CAMPAIGN_COLUMNS]
        assert [c for c in frame.columns if c in documented] == documented
        rows = by(frame, "id")
        for campaign_id in loaded.reference.campaigns:
            differences.compare(
                f"{campaign_id} {window}",
                rows[campaign_id],
                loaded.reference.export_row(campaign_id, window),
            )
        assert frame["id"].to_list() == sorted(
            loaded.reference.campaigns,
            key=lambda c: (fold(loaded.reference.campaigns[c]["title"]), c),
        )
    differences.check()


def fold(title: str) -> str:
    decomposed = unicodedata.normalize("NFD", title.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def half_up(value: Fraction) -> set[str]:
    """The cell of an exact rate, halves away from zero; on an exact half of a
    hundredth either neighbour, since a double's last bit decides there."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    cells = {str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))}
    if (value * 200).denominator == 1 and (value * 100).denominator != 1:
        cells.add(str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_DOWN)))
    return cells


@cache
def header(column: str) -> str:
    from journeys import i18n

    key = next(key for name, key, _ in CAMPAIGN_COLUMNS if name == column)
    return i18n.t(key, "en")


def test_the_csv_file_holds_the_reference_figures_as_numbers(loaded: Loaded) -> None:
    differences: list[str] = []
    for window in loaded.windows[::6]:
        frame = loaded.analytics.export_rows(window.period())
        data = campaign_stats_csv(frame, CsvFormat("standard", "en"), window.tz)
        cells = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
        assert [row["UUID"] for row in cells] == frame["id"].to_list()
        for row in cells:
            campaign_id = row["UUID"]
            title = loaded.reference.campaigns[campaign_id]["title"]
            assert row["Title"] == ("'" + title if title[0] in "=+-@" else title)
            for column, value in loaded.reference.export_row(
                campaign_id, window
            ).items():
                if column == "id":
                    continue
                cell = row[header(column)]
                if value is None:
                    ok = cell == ""
                elif isinstance(value, Fraction):
                    ok = cell in half_up(value)
                else:
                    ok = cell == str(value)
                if not ok:
                    differences.append(f"{campaign_id} {window} {column}: {cell!r}")
    assert not differences, "\n".join(differences[:30])


@pytest.mark.parametrize("sort", ["reach", "goals", "ctr"])
@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
def test_sorting_by_a_figure_puts_undefined_values_last(
    loaded: Loaded, sort: str, descending: bool
) -> None:
    column = {"reach": "total_reach", "goals": "goals_reached", "ctr": "avg_ctr_pct"}
    for window in loaded.windows[::7]:
        rows = loaded.analytics.campaign_list(
            window.period(), ListFilters(sort=sort, descending=descending)
        )
        values = rows[column[sort]].to_list()
        defined = [v for v in values if v is not None]
        assert values == defined + [None] * (len(values) - len(defined))
        expected = sorted(
            (
                loaded.reference.campaign(c, window)[column[sort]]
                for c in loaded.reference.campaigns
            ),
            key=lambda v: (v is None, -(v or 0) if descending else (v or 0)),
        )
        assert all(same(a, e) for a, e in zip(values, expected, strict=True)), window


def test_the_random_data_sets_hold_every_case_the_comparison_is_meant_to_cover(
    loaded: Loaded,
) -> None:
    reference, events = loaded.reference, loaded.data.events
    edges = {w.period().t0 for w in loaded.windows}
    edges |= {w.period().t1 for w in loaded.windows}
    rows = [
        (campaign_id, window, reference.campaign(campaign_id, window))
        for window in loaded.windows
        for campaign_id in reference.campaigns
    ]
    messages = [
        m
        for campaign_id, window, _ in rows
        for m in reference.messages(campaign_id, window).values()
    ]
    cases = {
        "an event on a period's first or next day's first instant": any(
            e.ts in edges for e in events
        ),
        "an event a microsecond before a period ends": any(
            e.ts + timedelta(microseconds=1) in edges for e in events
        ),
        "a draft with events in a period": any(
            not row["has_stats"] and reference.events(c, w) for c, w, row in rows
        ),
        "a running campaign without events in a period": any(
            reference.campaigns[c]["status"] != "draft" and not reference.events(c, w)
            for c, w, _ in rows
        ),
        "users still in the journey from before the period": any(
            row["users_in_journey"] > row["entries"] for _, _, row in rows
        ),
        "more exits than entries (the floor at zero)": any(
            row["users_in_journey"] == 0 and row["drops"] > 0 for _, _, row in rows
        ),
        "a message without sends beside one with sends": any(
            row["avg_ctr_pct"] is not None
            and any(
                m["sends"] == 0
                for m in reference.messages(c, w).values()
                if m["position"] != NOT_IN_CATALOG
            )
            for c, w, row in rows
        ),
        "a CTR above 100 %": any((m["ctr_pct"] or 0) > 100 for m in messages),
        "a message only the events name": any(
            m["position"] == NOT_IN_CATALOG for m in messages
        ),
        "a journey event naming a message without a channel": any(
            e.message_id and not e.channel for e in events
        ),
        "a message event naming no message": any(
            e.event_type in MESSAGE_EVENTS and not e.message_id for e in events
        ),
        "an in-app send, an SMS open and a push click, which count as none": all(
            any(
                (e.channel, e.event_type) == pair and w.holds(e)
                for e in events
                for w in loaded.windows
            )
            for pair in (("inapp", "sent"), ("sms", "opened"), ("push", "clicked"))
        ),
    }
    assert [case for case, held in cases.items() if not held] == []
