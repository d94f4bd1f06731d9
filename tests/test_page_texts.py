"""The texts pages put on screen: names kept literal in markdown, counts in the
right singular or plural (no Streamlit needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journeys import i18n
from ui._text import MARKDOWN_SPECIALS, WORD_JOINER, count_text, escape_markdown

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = (
    "[link](http://x)",
    "**bold**",
    "<b>x</b>",
    "$x^2$",
    ":red[alert]",
    "&lt;b&gt;",
    "<img src=x onerror=alert(1)>",
    ":blue-background[x] $\\alpha$",
    "www.example.com",
    "mail me@example.com",
    "A -> B -- C >= D",
    ":streamlit:",
    "# not a heading",
    "1. not a list",
)
# t_count("key", ...), _ui.t_count("key", ...), count_text("key", ...)
COUNT_KEY = re.compile(r"""\b(?:t_count|count_text)\(\s*["']([a-z_.]+)["']""")


def commonmark_text(markdown: str) -> str:
    """What CommonMark shows for text made only of literal characters and
    backslash escapes; the word joiners are invisible."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


@pytest.mark.parametrize("name", HOSTILE)
def test_an_escaped_name_reads_as_the_name_itself(name: str) -> None:
    escaped = escape_markdown(name)

    assert commonmark_text(escaped) == name
    unescaped = re.sub(r"\\.", "", escaped)
    assert not set(unescaped) & MARKDOWN_SPECIALS


def test_entities_are_escaped_so_they_are_not_decoded() -> None:
    assert escape_markdown("&lt;b&gt;") == "\\&lt;b\\&gt;"


@pytest.mark.parametrize(
    "name", ["www.example.com", "http://x.io", "me@example.com", "a -- b", "x->y"]
)
def test_autolinks_and_typographic_arrows_are_broken_by_a_word_joiner(
    name: str,
) -> None:
    assert WORD_JOINER in escape_markdown(name)


@pytest.mark.parametrize(
    ("lang", "count", "text"),
    [
        ("en", 0, "0 campaigns in f.csv"),
        ("en", 1, "1 campaign in f.csv"),
        ("en", 2, "2 campaigns in f.csv"),
        ("en", 1234, "1,234 campaigns in f.csv"),
        ("fr", 0, "0 campagne dans f.csv"),
        ("fr", 1, "1 campagne dans f.csv"),
        ("fr", 2, "2 campagnes dans f.csv"),
    ],
)
def test_a_count_takes_the_singular_or_plural_its_language_uses(
    lang: str, count: int, text: str
) -> None:
    assert count_text("list.export.summary", count, lang, name="f.csv") == text


def test_every_counted_text_has_a_singular_and_a_plural_in_both_languages() -> None:
    sources = [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]
    keys = {k for path in sources for k in COUNT_KEY.findall(path.read_text("utf-8"))}

    assert "list.count" in keys
    for lang in i18n.LANGS:
        texts = i18n.catalog(lang)
        missing = [
            f"{key}.{form}"
            for key in sorted(keys)
            for form in ("one", "other")
            if f"{key}.{form}" not in texts
        ]
        assert missing == [], lang
        assert all("{count}" in texts[f"{key}.one"] for key in keys), lang
