"""Texts for the screen: names made literal for markdown, counts with their plural.

No Streamlit here, so helpers without a session (the Data page's report) use
it as the pages do.
"""

from __future__ import annotations

import re
from typing import Any

from babel import Locale

from journeys import i18n

# The ASCII punctuation Streamlit's markdown gives a meaning to: emphasis,
# links and autolinks (`/`, `@`, `.`), HTML and its entities (`&`), math
# (`$`), directives, emoji and icons (`:`), tables, lists, headings, and the
# typographic dashes and quotes. CommonMark lets a backslash escape any of them.
MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()#+-.!|<>~$:=&\"'^@/")


# Some of Streamlit's markdown reads the text after escapes are undone:
# GitHub's autolinks ("www.", "http://", "a@b.io"), the typographic arrows and
# dashes ("--" becomes "—", "->" an arrow, ">=" a sign) and the ":streamlit:"
# logo. An invisible word joiner inside each keeps it from matching.
WORD_JOINER = "\u2060"
JOINED = re.compile(
    r"(?i)\b(?:www|https?|ftp)(?=[.:])"  # after the scheme or "www"
    r"|(?=@)"  # before an e-mail's "@"
    r"|[-<>~](?=[-<>=])"  # between the two signs of an arrow or a dash
    r"|:(?=streamlit:)"
)


def escape_markdown(text: str) -> str:
    """A name from data as literal text in any element that renders markdown.

    The one escaping helper: toasts, alerts, captions, labels, help texts,
    metric values and dialog titles all take names through it (or `t_md`).
    """
    text = JOINED.sub(lambda match: match.group(0) + WORD_JOINER, text)
    return "".join("\\" + c if c in MARKDOWN_SPECIALS else c for c in text)


def escaped(params: dict[str, Any]) -> dict[str, Any]:
    """Text parameters escaped for markdown; numbers left as they are."""
    return {
        k: escape_markdown(v) if isinstance(v, str) else v for k, v in params.items()
    }


def count_text(key: str, count: int, lang: str, **params: Any) -> str:
    """A text about `count` things in the singular or plural `lang` uses for
    that number (English "1 campaign", "0 campaigns"; French "0 campagne").

    The catalogs hold `<key>.one` and `<key>.other`; `{count}` is the number
    written in the language.
    """
    form = Locale.parse(i18n.LOCALES[i18n.lang_or_default(lang)]).plural_form(count)
    suffix = "one" if form == "one" else "other"
    return i18n.t(f"{key}.{suffix}", lang, count=i18n.fmt_int(count, lang), **params)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, every character but ASCII letters and
    digits written as a six-digit hex escape, so no text can close the string
    or the rule. (A space after an escape would be swallowed by it, so spaces
    are escaped too.)"""
    return (
        '"'
        + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in text)
        + '"'
    )
