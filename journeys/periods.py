"""Reporting periods: whole local days in a named time zone, as UTC instants."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from journeys.errors import QueryError

logger = logging.getLogger(__name__)

DEFAULT_TZ = "UTC"
# The rollup's slot, in seconds: every zone's days start on a quarter hour.
SLOT_SECONDS = 900
PRESETS: tuple[str, ...] = (
    "today",
    "yesterday",
    "7d",
    "30d",
    "90d",
    "custom",
    "launch",
)
DEFAULT_PRESET = "30d"


@cache
def known_time_zones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones() - {"localtime", "Factory"}))


@cache
def listed_time_zones() -> tuple[str, ...]:
    """The zones a person picks from: UTC and the tz database's zone.tab, one
    name per place, so old aliases (Asia/Calcutta, Africa/Asmera) are left
    out; a link naming an alias still works (`is_time_zone`)."""
    try:
        table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text()
    except (ModuleNotFoundError, FileNotFoundError):
        return known_time_zones()
    names = {
        line.split("\t")[2]
        for line in table.splitlines()
        if line and not line.startswith("#")
    }
    return ("UTC", *sorted(names & set(known_time_zones())))


def is_time_zone(name: str) -> bool:
    return name in known_time_zones() or name == "UTC"


@cache
def _pinned_zone(name: str) -> ZoneInfo:
    """The zone's rules from the pinned `tzdata` package, so every machine cuts
    days the same way whatever its operating system's copy says (zones such
    as America/Vancouver changed their rules in 2026); the system's copy only
    for a name the package lacks."""
    try:
        with resources.files("tzdata.zoneinfo").joinpath(name).open("rb") as data:
            return ZoneInfo.from_file(data, key=name)
    except (ModuleNotFoundError, OSError, ValueError):
        logger.debug("time zone %s not in the tzdata package", name)
        return ZoneInfo(name)


def zone(name: str) -> ZoneInfo:
    if not is_time_zone(name):
        raise QueryError("period.bad_zone", "Unknown time zone “{zone}”.", zone=name)
    try:
        return _pinned_zone(name)
    except ZoneInfoNotFoundError as error:
        raise QueryError(
            "period.bad_zone", "Unknown time zone “{zone}”.", zone=name
        ) from error


def local_midnight(day: date, tz: str) -> datetime:
    """The UTC instant at which `day` begins in `tz` (DST-safe)."""
    return datetime.combine(day, time(0), tzinfo=zone(tz)).astimezone(UTC)


@dataclass(frozen=True)
class Period:
    """The days `start` to `end`, both included, in the zone `tz`.

    `until` cuts the period short at a UTC instant (see `previous`): the days
    stay the same, the figures stop there.
    """

    start: date
    end: date
    tz: str = DEFAULT_TZ
    until: datetime | None = None

    def __post_init__(self) -> None:
        zone(self.tz)
        if self.end < self.start:
            raise QueryError(
                "period.end_before_start",
                "The period ends before it starts; pick an end on or after the start.",
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def t0(self) -> datetime:
        return local_midnight(self.start, self.tz)

    @property
    def t1(self) -> datetime:
        end = local_midnight(self.end + timedelta(days=1), self.tz)
        return end if self.until is None else max(self.t0, min(end, self.until))

    @property
    def is_partial(self) -> bool:
        """True when the period is cut short before its last day ends."""
        return self.until is not None and self.t1 < local_midnight(
            self.end + timedelta(days=1), self.tz
        )

    def day_list(self) -> list[date]:
        """Every day of the period, in order."""
        return [self.start + timedelta(days=n) for n in range(self.days)]

    def day_starts(self) -> list[datetime]:
        """The UTC instant at which each day of the period begins."""
        return [local_midnight(day, self.tz) for day in self.day_list()]

    def previous(self, now: datetime | None = None) -> Period:
        """The period of the same length just before this one.

        While this one is still running at `now` (today is one of its days),
        the previous one is cut after as much time as has passed in this one,
        rounded down to a quarter hour (the rollup's slot), so a morning is
        compared with the previous period's morning, not with a whole day.
        """
        earlier = Period(
            self.start - timedelta(days=self.days),
            self.start - timedelta(days=1),
            self.tz,
        )
        if now is None or not self.t0 <= now < self.t1:
            return earlier
        elapsed = now - self.t0
        elapsed -= timedelta(seconds=elapsed.total_seconds() % SLOT_SECONDS)
        return replace(earlier, until=earlier.t0 + elapsed)

    def label(self) -> str:
        """A compact label for file names: 2026-03-01_2026-03-31."""
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def today_in(tz: str, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(zone(tz)).date()


def preset_period(
    preset: str,
    tz: str = DEFAULT_TZ,
    *,
    now: datetime | None = None,
    custom: tuple[date, date] | None = None,
    launched: date | None = None,
) -> Period:
    """The period a preset names, as of `now` in `tz`.

    "custom" needs `custom` (start, end); "launch" runs from `launched` (or
    today when the campaign never launched) to today.
    """
    today = today_in(tz, now)
    if preset == "today":
        return Period(today, today, tz)
    if preset == "yesterday":
        day = today - timedelta(days=1)
        return Period(day, day, tz)
    if preset in ("7d", "30d", "90d"):
        days = int(preset[:-1])
        return Period(today - timedelta(days=days - 1), today, tz)
    if preset == "custom" and custom is not None:
        start, end = custom
        return Period(min(start, end), max(start, end), tz)
    if preset == "launch":
        start = min(launched or today, today)
        return Period(start, today, tz)
    return preset_period(DEFAULT_PRESET, tz, now=now)
