"""Deterministic demo data: a campaign catalog and plausible journey events.

Everything is drawn from one seed, campaign by campaign, and each journey step
is simulated for all of a campaign's runs at once with numpy, so millions of
events take seconds. A run is: `entered`, then the campaign's messages in order
with a channel-shaped funnel, then maybe `goal_reached`, then one `exited` or
`dropped` (or nothing yet, for runs still in the journey when the window ends).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from dataclasses import dataclass, field, replace

import numpy as np
import polars as pl

from journeys.schema import EVENT_SCHEMA, EVENT_TYPES

logger = logging.getLogger(__name__)

US_PER_SECOND = 1_000_000
US_PER_HOUR = 3_600 * US_PER_SECOND
US_PER_DAY = 24 * US_PER_HOUR
NO_END = np.iinfo(np.int64).max

# Runs may start this long before the window so that the window opens on
# journeys already under way (messages whose `entered` is not in the period).
LOOKBACK_DAYS = 21
PILOT_RUNS = 2_000
CODE = {name: code for code, name in enumerate(EVENT_TYPES)}

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://journeys.invalid/demo")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("default", "Default"),
    ("onboarding", "Onboarding"),
    ("retention", "Retention"),
    ("promotions", "Promotions"),
    ("transactional", "Transactional"),
    ("reengagement", "Re-engagement"),
)

AUTHORS: tuple[str, ...] = (
    "alice.martin@example.com",
    "bruno.lefevre@example.com",
    "chloe.nguyen@example.com",
    "david.okafor@example.com",
    "emma.schultz@example.com",
)

# title | category | entry type | status | channels in order | goals
_CAMPAIGN_TABLE = """
Welcome series|onboarding|trigger|active|email push inapp|First purchase
Account activation reminders|onboarding|trigger|active|email sms|Account activated
App onboarding tour|onboarding|trigger|active|inapp push|Profile completed
Win-back: 60 days inactive|reengagement|audience|active|email push whatsapp|Returned;Purchase
Abandoned cart recovery|retention|trigger|active|push email sms|Order placed
Été sale countdown|promotions|audience|active|email push inapp|Purchase
Weekly newsletter|default|audience|active|email|
Order shipped notifications|transactional|trigger|active|push sms|Delivery confirmed
Password reset follow-up|transactional|trigger|paused|email|
Loyalty points expiring|retention|mixed|active|email push|Points redeemed
Black Friday early access|promotions|audience|archived|email sms push|Purchase
Birthday voucher|retention|trigger|active|email whatsapp|Voucher used
Café loyalty rewards|retention|mixed|active|inapp push|Reward claimed
Subscription renewal reminder|transactional|trigger|active|email sms|Renewed
Price drop alerts|promotions|trigger|active|push|Purchase
Back in stock|promotions|trigger|active|push email|Purchase
Re-engage lapsed app users|reengagement|mixed|paused|push inapp email|App opened
Spring collection launch|promotions|audience|inactive|email push|Purchase
Survey: tell us what you think|default|audience|inactive|email inapp|Survey completed
Free trial ending|retention|trigger|active|email push inapp sms|Upgraded to paid
Referral programme invite|retention|mixed|active|email whatsapp|Friend referred
WhatsApp opt-in|default|audience|paused|sms whatsapp|Opted in
Holiday gift guide|promotions|audience|archived|email push|Purchase
New feature announcement|default|audience|archived|inapp email|Feature used
Payment failed recovery|transactional|trigger|active|email sms push|Payment updated
Crème de la crème VIP offers|promotions|mixed|inactive|email whatsapp|Purchase
Cart reminder SMS test|retention|trigger|paused|sms|Order placed
First order thank you|onboarding|trigger|active|email|Second order
Dormant users last chance|reengagement|audience|inactive|email sms|Returned
Summer clearance|promotions|audience|archived|push email whatsapp|Purchase
Flash sale: 24 hours only|promotions|audience|inactive|push sms|Purchase
App rating prompt|default|trigger|active|inapp|Rated the app
Webinar reminders|default|mixed|archived|email sms whatsapp|Attended
Delivery feedback request|transactional|trigger|inactive|sms email|Feedback sent
Mobile number verification|onboarding|trigger|paused|sms|Number verified
Back to school promo|promotions|audience|draft|email push|Purchase
Winter loyalty programme|retention|mixed|draft|email inapp whatsapp|Enrolled
Onboarding v2|onboarding|trigger|draft|push email inapp|First purchase
Win-back SMS experiment|reengagement|audience|draft|sms|
Product tips series|default|trigger|archived|email inapp|Feature used;Upgraded to paid
"""

MESSAGE_NAMES: dict[str, tuple[str, ...]] = {
    "email": ("Intro email", "Reminder email", "Offer email", "Last chance email"),
    "push": ("Nudge push", "Reminder push", "Offer push", "Last call push"),
    "sms": ("Reminder SMS", "Offer SMS", "Confirmation SMS"),
    "whatsapp": ("WhatsApp follow-up", "WhatsApp offer", "WhatsApp reminder"),
    "inapp": ("In-app banner", "In-app modal", "In-app tooltip"),
}

# Per channel, ranges the per-message rates are drawn from. Rates are shares of
# sends except `click`, which is a share of opens (email, WhatsApp) or of
# deliveries (SMS) or of impressions (in-app).
CHANNEL_RATES: dict[str, dict[str, tuple[float, float]]] = {
    "email": {
        "deliver": (0.95, 0.98),
        "bounce": (0.01, 0.02),
        "open": (0.18, 0.30),
        "click": (0.06, 0.12),
    },
    "push": {"deliver": (0.87, 0.93), "bounce": (0.02, 0.05), "open": (0.04, 0.08)},
    "sms": {"deliver": (0.93, 0.97), "bounce": (0.01, 0.025), "click": (0.04, 0.08)},
    "whatsapp": {
        "deliver": (0.94, 0.98),
        "bounce": (0.005, 0.015),
        "open": (0.55, 0.65),
        "click": (0.13, 0.19),
    },
    "inapp": {"reach": (0.55, 0.85), "click": (0.08, 0.16), "skip": (0.35, 0.55)},
}


@dataclass
class DemoData:
    """A catalog shaped like `examples/metrics/catalog.json`, and its events."""

    catalog: dict
    events: pl.DataFrame


@dataclass
class _Plan:
    """What the simulation needs to know about one campaign."""

    index: int
    status: str
    entry_type: str
    channels: tuple[str, ...]
    message_offset: int
    goal_offset: int
    n_goals: int
    rates: list[dict[str, float]]
    gaps_hours: np.ndarray
    launch_us: int | None
    stop_us: int | None
    weight: float
    goal_rate: float
    drop_rate: float
    exit_wait_hours: float
    blast_every_days: int
    blast_hour: float
    user_share: float = field(default=0.0)


@dataclass
class _Runs:
    """A campaign's simulated runs and their events (run-local indices)."""

    user: np.ndarray
    start: np.ndarray
    end: np.ndarray
    ev_run: np.ndarray
    ev_ts: np.ndarray
    ev_code: np.ndarray
    ev_message: np.ndarray
    ev_goal: np.ndarray

    def select_events(self, mask: np.ndarray) -> _Runs:
        return replace(
            self,
            end=self.end.copy(),
            ev_run=self.ev_run[mask],
            ev_ts=self.ev_ts[mask],
            ev_code=self.ev_code[mask],
            ev_message=self.ev_message[mask],
            ev_goal=self.ev_goal[mask],
        )

    def add_events(
        self, run: np.ndarray, ts: np.ndarray, code: int, goal: np.ndarray | None = None
    ) -> _Runs:
        """Append journey-level events (no message), with goals if given."""
        n = len(run)
        goal = np.full(n, -1, np.int16) if goal is None else goal.astype(np.int16)
        return replace(
            self,
            ev_run=np.concatenate([self.ev_run, run.astype(np.int32)]),
            ev_ts=np.concatenate([self.ev_ts, ts]),
            ev_code=np.concatenate([self.ev_code, np.full(n, code, np.int8)]),
            ev_message=np.concatenate([self.ev_message, np.full(n, -1, np.int16)]),
            ev_goal=np.concatenate([self.ev_goal, goal]),
        )


def generate_demo(
    n_events: int = 2_000_000,
    *,
    seed: int = 7,
    today: dt.date | None = None,
    days: int = 90,
    until: dt.datetime | None = None,
) -> DemoData:
    """Build a catalog of about 40 campaigns and close to `n_events` events.

    Events fall in the `days` whole UTC days ending with `today`, and never
    after `until`. With neither given, `today` is the current UTC date and
    `until` the current moment, so a fresh demo set holds nothing from the
    future. The same seed, `today` and `until` give identical output.
    """
    if n_events < 0 or days < 1:
        raise ValueError("n_events must be >= 0 and days >= 1")
    started = time.perf_counter()
    if today is None:
        until = until or dt.datetime.now(dt.UTC)
        today = until.astimezone(dt.UTC).date()
    day_after = _day_us(today) + US_PER_DAY
    window_start = day_after - days * US_PER_DAY
    window_end = day_after
    if until is not None:
        window_end = max(
            min(day_after, int(until.timestamp() * US_PER_SECOND)), window_start + 1
        )
    rng = np.random.default_rng(seed)
    catalog, plans = _build_catalog(rng, seed, window_start, window_end, days)
    for plan in plans:
        plan.user_share = float(rng.random())

    targets = _campaign_targets(plans, n_events, window_start, window_end)
    seeds = np.random.SeedSequence(seed).spawn(len(plans))
    streams = [[np.random.default_rng(s) for s in child.spawn(2)] for child in seeds]
    pilot_rngs = [pilot for pilot, _ in streams]
    n_runs = _run_counts(plans, targets, pilot_rngs, window_start, window_end)

    n_users = max(1_000, n_events // 8, *n_runs)
    parts: list[tuple[int, _Runs]] = []
    for plan, (_, run_rng) in zip(plans, streams, strict=True):
        if n_runs[plan.index]:
            runs = _simulate(
                plan, n_runs[plan.index], n_users, window_start, window_end, run_rng
            )
            parts.append((plan.index, runs))

    events = _assemble(parts, catalog)
    logger.info(
        "generated %d demo events for %d campaigns in %.1fs",
        events.height,
        len(plans),
        time.perf_counter() - started,
    )
    return DemoData(catalog=catalog, events=events)


def _run_counts(
    plans: list[_Plan],
    targets: list[int],
    pilot_rngs: list[np.random.Generator],
    window_start: int,
    window_end: int,
) -> list[int]:
    """How many runs each campaign needs to yield about its target of events.

    A small pilot per campaign measures the in-window events one run yields
    (funnels, window clipping, overlapping re-entries); its pool never wraps.
    A campaign whose pilot saw nothing (say, audience blasts that all miss a
    short window) gets no runs, and the others share its part of the total.
    """
    per_run = [0.0] * len(plans)
    for plan, target, rng in zip(plans, targets, pilot_rngs, strict=True):
        if target > 0:
            pilot = _simulate(
                plan, PILOT_RUNS, 50 * PILOT_RUNS, window_start, window_end, rng
            )
            per_run[plan.index] = len(pilot.ev_ts) / PILOT_RUNS
    live = sum(t for t, r in zip(targets, per_run, strict=True) if r > 0)
    scale = sum(targets) / live if live else 0.0
    return [
        max(1, round(t * scale / r)) if t > 0 and r > 0 else 0
        for t, r in zip(targets, per_run, strict=True)
    ]


def _day_us(day: dt.date) -> int:
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return (midnight - _EPOCH) // dt.timedelta(microseconds=1)


def _iso(us: int) -> str:
    moment = _EPOCH + dt.timedelta(microseconds=us)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _stable_id(seed: int, *parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, ":".join(str(p) for p in (seed, *parts))))


def _build_catalog(
    rng: np.random.Generator, seed: int, window_start: int, window_end: int, days: int
) -> tuple[dict, list[_Plan]]:
    campaigns: list[dict] = []
    plans: list[_Plan] = []
    message_offset = goal_offset = 0
    archived_seen = 0
    rows = [line.split("|") for line in _CAMPAIGN_TABLE.strip().splitlines()]
    for index, (title, category, entry_type, status, chans, goals_text) in enumerate(
        rows
    ):
        channels = tuple(chans.split())
        goal_names = [g for g in goals_text.split(";") if g]
        campaign_id = _stable_id(seed, "campaign", index)
        launch_us, stop_us = _lifetime(rng, status, archived_seen, window_start, days)
        archived_seen += status == "archived"

        if launch_us is None:
            created_us = window_end - int(rng.uniform(2, 30) * US_PER_DAY)
            updated_us = created_us + int(rng.uniform(0, 1) * US_PER_DAY)
        else:
            created_us = launch_us - int(rng.uniform(1, 20) * US_PER_DAY)
            updated_us = stop_us or launch_us + int(rng.uniform(0, 30) * US_PER_DAY)
        # Catalog edits happen before the last day, never "later today".
        last_day = window_start + (days - 1) * US_PER_DAY
        updated_us = min(
            updated_us, last_day + 9 * US_PER_HOUR, window_end - US_PER_HOUR
        )
        created_us = min(created_us, updated_us)
        creator, updater = rng.choice(len(AUTHORS), size=2)
        names_used: set[str] = set()
        messages = []
        for position, channel in enumerate(channels):
            options = [n for n in MESSAGE_NAMES[channel] if n not in names_used]
            name = options[int(rng.integers(len(options)))]
            names_used.add(name)
            messages.append(
                {
                    "id": _stable_id(seed, "message", index, position),
                    "name": name,
                    "channel": channel,
                }
            )
        campaigns.append(
            {
                "id": campaign_id,
                "title": title,
                "status": status,
                "entry_type": entry_type,
                "category_id": category,
                "created_at": _iso(created_us),
                "created_by": AUTHORS[creator],
                "updated_at": _iso(updated_us),
                "updated_by": AUTHORS[updater],
                "launched_at": None if launch_us is None else _iso(launch_us),
                "messages": messages,
                "goals": [
                    {"id": _stable_id(seed, "goal", index, k), "name": name}
                    for k, name in enumerate(goal_names)
                ],
            }
        )
        rates = [
            {k: float(rng.uniform(*span)) for k, span in CHANNEL_RATES[c].items()}
            for c in channels
        ]
        plans.append(
            _Plan(
                index=index,
                status=status,
                entry_type=entry_type,
                channels=channels,
                message_offset=message_offset,
                goal_offset=goal_offset,
                n_goals=len(goal_names),
                rates=rates,
                gaps_hours=rng.uniform(6, 72, size=len(channels)),
                launch_us=launch_us,
                stop_us=stop_us,
                weight=float(rng.lognormal(0.0, 1.1)),
                goal_rate=float(rng.uniform(0.04, 0.25)) if goal_names else 0.0,
                drop_rate=float(rng.uniform(0.03, 0.15)),
                exit_wait_hours=float(rng.uniform(2, 48)),
                blast_every_days=int(rng.choice([7, 14, 30])),
                blast_hour=float(rng.choice([7.5, 9.0, 12.0, 16.5, 18.0])),
            )
        )
        message_offset += len(channels)
        goal_offset += len(goal_names)
    categories = [
        {"id": cid, "name": name, "is_default": cid == "default"}
        for cid, name in CATEGORIES
    ]
    return {"categories": categories, "campaigns": campaigns}, plans


def _lifetime(
    rng: np.random.Generator,
    status: str,
    archived_seen: int,
    window_start: int,
    days: int,
) -> tuple[int | None, int | None]:
    """Launch and stop times; days are counted from the window start."""
    if status == "draft":
        return None, None
    span = {
        "active": (-2.2, 0.75),
        "paused": (-1.6, 0.5),
        "inactive": (-1.6, 0.4),
        "archived": (-2.5, 0.2),
    }[status]
    launch_day = rng.uniform(*span) * days
    stop_day: float | None = None
    if status == "paused":
        stop_day = rng.uniform(max(launch_day, 0) + 0.1 * days, 0.97 * days)
    elif status == "inactive":
        stop_day = rng.uniform(max(launch_day, 0) + 0.1 * days, 0.93 * days)
    elif status == "archived":
        stop_day = rng.uniform(max(launch_day + 0.15 * days, 0.1 * days), 0.6 * days)
        if archived_seen == 0:  # one archived campaign ended before the window
            launch_day, stop_day = -2.0 * days, -0.5 * days
    launch = window_start + int(launch_day * US_PER_DAY)
    if stop_day is None:
        return launch, None
    return launch, window_start + int(stop_day * US_PER_DAY)


def _campaign_targets(
    plans: list[_Plan], n_events: int, window_start: int, window_end: int
) -> list[int]:
    """Share `n_events` by campaign weight times days live in the window."""
    shares = []
    for plan in plans:
        if plan.launch_us is None:
            shares.append(0.0)
            continue
        live_from = max(plan.launch_us, window_start)
        live_to = min(plan.stop_us or window_end, window_end)
        shares.append(plan.weight * max(live_to - live_from, 0) / US_PER_DAY)
    total = sum(shares) or 1.0
    return [round(n_events * share / total) for share in shares]


def _delay(rng: np.random.Generator, n: int, mean_s: float, min_s: float) -> np.ndarray:
    return ((min_s + rng.exponential(mean_s, n)) * US_PER_SECOND).astype(np.int64)


def _entry_times(
    plan: _Plan, n_runs: int, first: int, last: int, rng: np.random.Generator
) -> np.ndarray:
    """Entry times: triggers follow the clock of the day, audiences come in blasts."""
    if last <= first:
        return np.empty(0, dtype=np.int64)
    n_blast = {"trigger": 0, "audience": n_runs, "mixed": n_runs // 2}[plan.entry_type]
    n_trigger = n_runs - n_blast
    day_first, day_last = first // US_PER_DAY, (last - 1) // US_PER_DAY
    n_days = day_last - day_first + 1
    weekday = (np.arange(day_first, day_last + 1) + 3) % 7  # 0 is Monday
    day_weight = np.where(weekday >= 5, 0.75, 1.0) * np.linspace(0.9, 1.1, n_days)
    hours = np.arange(24)
    hour_weight = 0.15 + np.exp(-(((hours - 14) / 5.0) ** 2))
    day = rng.choice(n_days, size=n_trigger, p=day_weight / day_weight.sum())
    hour = rng.choice(24, size=n_trigger, p=hour_weight / hour_weight.sum())
    trigger = (
        (day_first + day) * US_PER_DAY
        + (hour * US_PER_HOUR)
        + (rng.random(n_trigger) * US_PER_HOUR).astype(np.int64)
    )
    step = plan.blast_every_days * US_PER_DAY
    first_blast = (first // US_PER_DAY) * US_PER_DAY + int(
        plan.blast_hour * US_PER_HOUR
    )
    blasts = np.arange(first_blast, last, step, dtype=np.int64)
    if len(blasts) == 0 or n_blast == 0:
        return trigger
    which = rng.integers(0, len(blasts), n_blast)
    blast = blasts[which] + _delay(rng, n_blast, 900, 1)
    return np.concatenate([trigger, blast])


def _simulate(
    plan: _Plan,
    n_runs: int,
    n_users: int,
    window_start: int,
    window_end: int,
    rng: np.random.Generator,
) -> _Runs:
    """Simulate about `n_runs` runs of one campaign, step by step for all at once."""
    assert plan.launch_us is not None
    first = max(plan.launch_us, window_start - LOOKBACK_DAYS * US_PER_DAY)
    last = min(plan.stop_us or window_end, window_end)
    start = _entry_times(plan, n_runs, first, last, rng)
    start = start[(start >= first) & (start < last)]
    n = len(start)
    # Trigger audiences are drawn from a campaign-sized slice of the user pool,
    # so some users come back for another run; blasts reach a segment.
    segment = max(1, int(n * (0.6 if plan.entry_type == "trigger" else 0.8)))
    offset = int(plan.user_share * n_users)
    user = ((offset + rng.integers(0, segment, n)) % n_users).astype(np.int32)

    m = len(plan.channels)
    outcome = rng.random(n)
    goal = outcome < plan.goal_rate
    drop = ~goal & (outcome < plan.goal_rate + plan.drop_rate)
    steps = np.full(n, m, dtype=np.int16)
    steps[goal] = rng.integers(1, m + 1, int(goal.sum()))
    steps[drop] = rng.integers(0, m, int(drop.sum()))
    boost = np.where(goal, 2.5, 1.0)

    chunks: list[tuple[np.ndarray, np.ndarray, int, int]] = [
        (np.arange(n), start, CODE["entered"], -1)
    ]
    latest = start.copy()
    send = start + _delay(rng, n, 90, 5)
    for position, channel in enumerate(plan.channels):
        alive = np.flatnonzero(steps > position)
        if position:
            gap = plan.gaps_hours[position] * US_PER_HOUR
            jitter = rng.uniform(0.8, 1.2, len(alive))
            send[alive] += (gap * jitter).astype(np.int64)
        message = plan.message_offset + position
        for local, ts, code in _message_events(
            channel, plan.rates[position], send[alive], boost[alive], rng
        ):
            runs = alive[local]
            chunks.append((runs, ts, code, message))
            _max_into(latest, runs, ts)

    end = np.full(n, NO_END, dtype=np.int64)
    goal_runs = np.flatnonzero(goal)
    goal_ts = latest[goal_runs] + _delay(rng, len(goal_runs), 4 * 3600, 60)
    goal_pick = np.minimum(rng.geometric(0.6, len(goal_runs)) - 1, plan.n_goals - 1)
    end[goal_runs] = goal_ts + _delay(rng, len(goal_runs), 60, 1)
    drop_runs = np.flatnonzero(drop)
    end[drop_runs] = latest[drop_runs] + _delay(rng, len(drop_runs), 18 * 3600, 60)
    done = np.flatnonzero(~goal & ~drop)
    end[done] = latest[done] + _delay(rng, len(done), plan.exit_wait_hours * 3600, 600)
    exited = np.concatenate([goal_runs, done])
    chunks.append((exited, end[exited], CODE["exited"], -1))
    chunks.append((drop_runs, end[drop_runs], CODE["dropped"], -1))

    ev_run = np.concatenate([c[0] for c in chunks]).astype(np.int32)
    ev_ts = np.concatenate([c[1] for c in chunks])
    ev_code = np.concatenate([np.full(len(c[0]), c[2], np.int8) for c in chunks])
    ev_message = np.concatenate([np.full(len(c[0]), c[3], np.int16) for c in chunks])
    ev_goal = np.full(len(ev_run), -1, dtype=np.int16)
    runs = _Runs(user, start, end, ev_run, ev_ts, ev_code, ev_message, ev_goal)
    runs = runs.add_events(
        goal_runs, goal_ts, CODE["goal_reached"], plan.goal_offset + goal_pick
    )
    if plan.stop_us is not None:
        runs = _stop(runs, plan, rng)
    return _keep(runs, window_start, window_end)


def _max_into(latest: np.ndarray, runs: np.ndarray, ts: np.ndarray) -> None:
    # `runs` holds each run at most once per chunk, so plain indexing is safe.
    latest[runs] = np.maximum(latest[runs], ts)


def _message_events(
    channel: str,
    rates: dict[str, float],
    sent: np.ndarray,
    boost: np.ndarray,
    rng: np.random.Generator,
) -> list[tuple[np.ndarray, np.ndarray, int]]:
    """One message step for many runs: (run positions, timestamps, code) chunks."""
    n = len(sent)
    out: list[tuple[np.ndarray, np.ndarray, int]] = []

    def emit(mask: np.ndarray, ts: np.ndarray, event: str) -> None:
        where = np.flatnonzero(mask)
        out.append((where, ts[where], CODE[event]))

    if channel == "inapp":
        shown = rng.random(n) < rates["reach"]
        seen = sent + _delay(rng, n, 6 * 3600, 1)
        emit(shown, seen, "impression")
        u = rng.random(n)
        clicked = shown & (u < np.minimum(rates["click"] * boost, 0.9))
        skipped = shown & ~clicked & (rng.random(n) < rates["skip"])
        emit(clicked, seen + _delay(rng, n, 20, 1), "clicked")
        emit(skipped, seen + _delay(rng, n, 8, 1), "skipped")
        return out

    emit(np.ones(n, dtype=bool), sent, "sent")
    u = rng.random(n)
    bounced = u < rates["bounce"]
    delivered = u >= 1 - rates["deliver"]
    emit(bounced, sent + _delay(rng, n, 30, 1), "bounced")
    delivered_at = sent + _delay(rng, n, 20, 1)
    emit(delivered, delivered_at, "delivered")
    if "open" in rates:
        p_open = np.minimum(rates["open"] / rates["deliver"] * boost, 0.95)
        opened = delivered & (rng.random(n) < p_open)
        mean_open = {"email": 4 * 3600, "push": 1800, "whatsapp": 2 * 3600}[channel]
        opened_at = delivered_at + _delay(rng, n, mean_open, 2)
        emit(opened, opened_at, "opened")
    else:
        opened, opened_at = delivered, delivered_at
    if "click" in rates:
        p_click = np.minimum(rates["click"] * boost, 0.95)
        clicked = opened & (rng.random(n) < p_click)
        clicked_at = opened_at + _delay(rng, n, 90, 2)
        emit(clicked, clicked_at, "clicked")
        again = clicked & (rng.random(n) < 0.2)
        emit(again, clicked_at + _delay(rng, n, 1800, 5), "clicked")
    if channel == "email":
        unsubscribed = delivered & (rng.random(n) < np.where(opened, 0.02, 0.002))
        emit(unsubscribed, delivered_at + _delay(rng, n, 8 * 3600, 3), "unsubscribed")
    return out


def _stop(runs: _Runs, plan: _Plan, rng: np.random.Generator) -> _Runs:
    """Cut runs at the stop time: deactivation exits them, a pause holds them."""
    assert plan.stop_us is not None
    stop = plan.stop_us
    cut = np.flatnonzero(runs.end > stop)
    runs = runs.select_events(runs.ev_ts <= stop)
    if plan.status == "paused":
        runs.end[cut] = NO_END
        return runs
    runs.end[cut] = stop + _delay(rng, len(cut), 1800, 1)
    return runs.add_events(cut, runs.end[cut], CODE["exited"])


def _keep(runs: _Runs, window_start: int, window_end: int) -> _Runs:
    """Drop runs that overlap an earlier run of the same user, then clip to the window.

    A user is in a journey at most once at a time; a run still going at the
    end of the window blocks later entries, like a real journey would.
    """
    n = len(runs.start)
    if n == 0:
        return runs
    # Times become seconds since the first start, offset per user so that one
    # running maximum over the (user, start) order never crosses users; a run
    # that never ends reaches the end of its user's span.
    base = int(runs.start.min())
    open_ended = runs.end == NO_END
    end_s = (np.where(open_ended, base, runs.end) - base) // US_PER_SECOND
    start_s = (runs.start - base) // US_PER_SECOND
    horizon = int(max(end_s.max(), start_s.max())) + 2
    end_s[open_ended] = horizon - 1
    order = np.lexsort((runs.start, runs.user))
    user = runs.user[order].astype(np.int64) * horizon
    reach = np.maximum.accumulate(user + end_s[order])
    previous = np.concatenate([[-1], reach[:-1]])
    keep_run = np.empty(n, dtype=bool)
    keep_run[order] = user + start_s[order] > previous
    # A run under way when the window opens has its entry before it; its exit
    # or drop goes too, else the users in journey (entries minus exits and
    # drops, over all time) would sink below zero. Its messages stay: users
    # reached without an entry in the period.
    early_end = (runs.start[runs.ev_run] < window_start) & np.isin(
        runs.ev_code, [CODE["exited"], CODE["dropped"]]
    )
    keep = (
        keep_run[runs.ev_run]
        & ~early_end
        & (runs.ev_ts >= window_start)
        & (runs.ev_ts < window_end)
    )
    return runs.select_events(keep)


def _assemble(parts: list[tuple[int, _Runs]], catalog: dict) -> pl.DataFrame:
    """Concatenate the campaigns, sort by campaign then time, and name things."""
    if not parts:
        return pl.DataFrame(schema=EVENT_SCHEMA)
    campaign = np.concatenate(
        [np.full(len(r.ev_ts), i, dtype=np.int16) for i, r in parts]
    )
    ts = np.concatenate([r.ev_ts for _, r in parts])
    user = np.concatenate([r.user[r.ev_run] for _, r in parts])
    code = np.concatenate([r.ev_code for _, r in parts])
    message = np.concatenate([r.ev_message for _, r in parts])
    goal = np.concatenate([r.ev_goal for _, r in parts])
    order = np.lexsort((ts, campaign))

    campaigns = catalog["campaigns"]
    messages = [m for c in campaigns for m in c["messages"]]
    goals = [g for c in campaigns for g in c["goals"]]

    def lookup(values: list[str | None], codes: np.ndarray) -> pl.Series:
        # Index -1 (none) lands on the trailing null.
        table = pl.Series([*values, None], dtype=pl.String)
        index = np.where(codes < 0, len(values), codes).astype(np.uint32)
        return table.gather(pl.Series(index))

    n = len(order)
    frame = pl.DataFrame(
        {
            "event_id": pl.Series(np.arange(n, dtype=np.int64)),
            "ts": pl.Series(ts[order]).cast(pl.Datetime("us", "UTC")),
            "campaign_id": lookup([c["id"] for c in campaigns], campaign[order]),
            "message_id": lookup([m["id"] for m in messages], message[order]),
            "channel": lookup([m["channel"] for m in messages], message[order]),
            "user_id": pl.Series(user[order]),
            "event_type": lookup(list(EVENT_TYPES), code[order]),
            "goal_id": lookup([g["id"] for g in goals], goal[order]),
        }
    )
    frame = frame.with_columns(
        pl.format("demo-{}", pl.col("event_id")).alias("event_id"),
        pl.format("u{}", pl.col("user_id")).alias("user_id"),
    )
    return frame.select(
        pl.col(name).cast(dtype) for name, dtype in EVENT_SCHEMA.items()
    )
