"""English and French: the string catalogs and the locale rules for numbers and dates.

Each language's catalog is the folder `locales/<lang>/`, one JSON file per area
of the product, merged into one mapping of keys to texts. Texts use
`str.format` placeholders. Numbers, percentages and dates follow Babel's rules
for the language (French: "12,5 %", narrow no-break spaces between thousands,
day before month).
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from journeys.errors import JourneysError
from journeys.periods import zone

logger = logging.getLogger(__name__)

LANGS: tuple[str, ...] = ("en", "fr")
DEFAULT_LANG = "en"
LOCALES = {"en": "en_GB", "fr": "fr_FR"}
UNDEFINED = "--"
PCT_DECIMALS = 2
SIZE_UNITS: tuple[str, ...] = ("b", "kb", "mb", "gb")
LOCALES_DIR = Path(__file__).resolve().parent / "locales"


@cache
def catalog(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def lang_or_default(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str, /, **params: Any) -> str:
    """The text of `key` in `lang`, filled with `params`.

    A missing key falls back to English, then to the key itself, and is
    logged: a test keeps the catalogs complete, this keeps a page readable.
    """
    text = catalog(lang_or_default(lang)).get(key) or catalog(DEFAULT_LANG).get(key)
    if text is None:
        logger.warning("missing text for %r", key)
        return key
    try:
        return text.format(**params) if params else text
    except (KeyError, IndexError, ValueError):
        logger.warning("text %r does not fit its parameters %s", key, sorted(params))
        return text


def error_text(error: JourneysError, lang: str) -> str:
    """A domain error in the user's language (English message as a fallback)."""
    if error.key in catalog(lang_or_default(lang)):
        return t(error.key, lang, **error.params)
    return str(error)


def round_pct(value: float | None) -> Decimal | None:
    """The one rounding of a percentage: two decimals, halves away from zero.

    The list, the card and the CSV all use it, so a figure reads the same
    everywhere.
    """
    if value is None or value != value:  # None or NaN
        return None
    quantum = Decimal(1).scaleb(-PCT_DECIMALS)
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)


def fmt_int(value: int | float | None, lang: str) -> str:
    if value is None or value != value:
        return UNDEFINED
    return format_decimal(int(value), locale=LOCALES[lang_or_default(lang)])


def fmt_size(num_bytes: int | None, lang: str) -> str:
    """A file size in binary units the language writes: "81 B", "1.2 MB";
    French "81 o", "1,2 Mo"."""
    if num_bytes is None:
        return UNDEFINED
    value, unit = float(num_bytes), 0
    while value >= 1024 and unit < len(SIZE_UNITS) - 1:
        value, unit = value / 1024, unit + 1
    number = format_decimal(
        value,
        format="#,##0" if unit == 0 else "#,##0.0",
        locale=LOCALES[lang_or_default(lang)],
    )
    return t(f"format.size.{SIZE_UNITS[unit]}", lang, number=number)


def fmt_pct(value: float | None, lang: str) -> str:
    """A percentage given in percent units (12.5 -> "12.50 %" / "12,50 %")."""
    rounded = round_pct(value)
    if rounded is None:
        return UNDEFINED
    number = format_decimal(
        rounded, format="#,##0.00", locale=LOCALES[lang_or_default(lang)]
    )
    return t("format.percent", lang, number=number)


def fmt_delta_points(value: float | None, lang: str) -> str | None:
    """A signed change of a rate, in percentage points (a CTR going from 6.85 %
    to 6.63 % moves by -0.22 points, not by -0.22 %); None when undefined."""
    rounded = round_pct(value)
    if rounded is None:
        return None
    number = format_decimal(
        rounded, format="+#,##0.00;-#,##0.00", locale=LOCALES[lang_or_default(lang)]
    )
    return t("format.points", lang, number=number)


def fmt_date(value: date | datetime | None, lang: str) -> str:
    if value is None:
        return UNDEFINED
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, format="medium", locale=LOCALES[lang_or_default(lang)])


def fmt_datetime(value: datetime | None, lang: str, tz: str = "UTC") -> str:
    if value is None:
        return UNDEFINED
    return format_datetime(
        value,
        format=t("format.datetime", lang),
        tzinfo=zone(tz),
        locale=LOCALES[lang_or_default(lang)],
    )


def status_label(status: str, lang: str) -> str:
    return t(f"status.{status}", lang)


def entry_type_label(entry_type: str, lang: str) -> str:
    return t(f"entry_type.{entry_type}", lang)


def channel_label(channel: str, lang: str) -> str:
    return t(f"channel.{channel}", lang)


def category_label(name: str, is_default: bool, lang: str) -> str:
    """The Default category speaks the user's language; others keep their name."""
    return t("category.default", lang) if is_default else name
