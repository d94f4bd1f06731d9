"""The naming rule for categories, titles, messages and goals: what a name
keeps, what it may never hold, what it is compared on, and the names reserved
for Default; and the upgrade that makes older catalogs follow it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from journeys import catalog as catalog_module
from journeys import i18n
from journeys.catalog import (
    DEFAULT_CATEGORY_ID,
    Catalog,
    GoalSpec,
    MessageSpec,
    fold_name,
)
from journeys.errors import CatalogError


@pytest.fixture
def catalog(catalog_url: str) -> Catalog:
    return Catalog.open(catalog_url)


def names(catalog: Catalog) -> list[str]:
    return [c.name for c in catalog.categories()]


def refusal(action: object) -> CatalogError:
    assert callable(action)
    with pytest.raises(CatalogError) as refused:
        action()
    return refused.value


@pytest.mark.parametrize(
    "raw",
    [
        "\u200b",
        "\u200e\u200f",
        "\ufeff",
        "\u2060",
        "\u00ad",
        "\u3164",
        "\u2800",
        " \u0301 ",
    ],
    ids=[
        "zero-width space",
        "direction marks",
        "byte-order mark",
        "word joiner",
        "soft hyphen",
        "hangul filler",
        "braille blank",
        "a lone accent",
    ],
)
def test_a_name_that_looks_empty_is_refused_as_empty(
    catalog: Catalog, raw: str
) -> None:
    assert (
        refusal(lambda: catalog.add_category(raw, "ana")).key == "category.name_empty"
    )
    assert refusal(lambda: catalog.create_campaign(raw, "trigger", "ana")).key == (
        "campaign.title_empty"
    )
    assert names(catalog) == ["Default"]


@pytest.mark.parametrize(
    ("raw", "char"),
    [
        ("\x01", "U+0001"),
        ("\x00abc", "U+0000"),
        ("Pro\x7fmo", "U+007F"),
        ("\u202eomorP", "U+202E"),
        ("Pro\u2066mo\u2069", "U+2066"),
        ("Promo\udcff", "U+DCFF"),
    ],
    ids=[
        "a control character",
        "a NUL byte",
        "delete",
        "a right-to-left override that shows Promo",
        "a direction isolate",
        "half a broken character (invalid UTF-8)",
    ],
)
def test_a_name_holding_a_control_or_direction_character_is_refused_naming_it(
    catalog: Catalog, raw: str, char: str
) -> None:
    refused = refusal(lambda: catalog.add_category(raw, "ana"))
    assert (refused.key, refused.params) == ("category.name_bad_char", {"char": char})
    assert char in i18n.error_text(refused, "fr")
    refused = refusal(lambda: catalog.create_campaign(raw, "trigger", "ana"))
    assert refused.key == "campaign.title_bad_char"
    assert names(catalog) == ["Default"]


@pytest.mark.parametrize(
    "look_alike",
    ["P\u200bromo", "Pro\u00admo", "Promo\u2060", "\ufeffPROMO", "Pro\u200dmo"],
    ids=["zero-width space", "soft hyphen", "word joiner", "byte-order mark", "joiner"],
)
def test_a_look_alike_of_a_name_is_that_name(catalog: Catalog, look_alike: str) -> None:
    catalog.add_category("Promo", "ana")
    refused = refusal(lambda: catalog.add_category(look_alike, "bea"))
    assert refused.key == "category.name_taken"
    assert fold_name(look_alike) == fold_name("Promo")
    assert names(catalog) == ["Default", "Promo"]


def test_invisible_characters_inside_a_name_are_dropped_and_white_space_folds(
    catalog: Catalog,
) -> None:
    category_id = catalog.add_category("Pro\u00admo\tÉté\n\u200bNew", "ana")
    assert {c.id: c.name for c in catalog.categories()}[category_id] == "Promo Été New"
    campaign_id = catalog.create_campaign(
        "Line\tone\r\nline\u2028two", "trigger", "ana"
    )
    assert catalog.get(campaign_id).title == "Line one line two"


@pytest.mark.parametrize(
    "name",
    [
        "👩\u200d💻 Devs",
        "❤\ufe0f Fans",
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
        "می\u200cخواهم",
        "क्\u200dष",
    ],
    ids=[
        "joiner inside an emoji",
        "emoji presentation selector",
        "flag of Scotland",
        "Persian non-joiner",
        "Devanagari joiner",
    ],
)
def test_invisible_characters_that_shape_their_neighbours_are_kept(
    catalog: Catalog, name: str
) -> None:
    category_id = catalog.add_category(name, "ana")
    assert {c.id: c.name for c in catalog.categories()}[category_id] == name


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_default_s_name_in_every_language_is_reserved(
    catalog: Catalog, lang: str
) -> None:
    label = i18n.t("category.default", lang)
    other = catalog.add_category("Other", "ana")
    for raw in (label, label.upper(), f" {label.lower()}\u200b"):
        refused = refusal(lambda raw=raw: catalog.add_category(raw, "bea"))
        assert refused.key == "category.name_reserved"
        refused = refusal(lambda raw=raw: catalog.rename_category(other, raw, "bea"))
        assert refused.key == "category.name_reserved"
    assert names(catalog) == ["Default", "Other"]


def test_only_a_taken_name_is_reported_as_taken_not_any_constraint(
    catalog_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = Catalog.open(catalog_url)
    # Past the rule, a NUL breaks the length check (SQLite) or the text type
    # (PostgreSQL): a bug to see, never "already exists".
    monkeypatch.setattr(catalog_module, "clean_category_name", lambda raw: raw)
    with pytest.raises(sa.exc.DBAPIError):
        catalog.add_category("\x00abc", "ana")
    assert names(catalog) == ["Default"]


def test_message_and_goal_names_follow_the_rule_with_their_position(
    catalog: Catalog,
) -> None:
    def create(messages: list[MessageSpec], goals: list[GoalSpec]) -> CatalogError:
        return refusal(
            lambda: catalog.create_campaign(
                "Spring", "trigger", "ana", messages=messages, goals=goals
            )
        )

    hello = MessageSpec("Hello", "email")
    refused = create([hello, MessageSpec("Bad\x01", "push")], [])
    assert (refused.key, refused.params) == (
        "message.name_bad_char",
        {"char": "U+0001", "position": 2},
    )
    refused = create([MessageSpec("\u200b", "push")], [])
    assert (refused.key, refused.params) == ("message.name_empty", {"position": 1})
    refused = create([MessageSpec("m" * 401, "push")], [])
    assert (refused.key, refused.params) == (
        "message.name_too_long",
        {"position": 1, "max": 400, "count": 401},
    )
    refused = create([hello], [GoalSpec("Order"), GoalSpec("g" * 401)])
    assert (refused.key, refused.params) == (
        "goal.name_too_long",
        {"position": 2, "max": 400, "count": 401},
    )
    assert catalog.campaigns_frame().is_empty()
    campaign_id = catalog.create_campaign(
        "Spring",
        "trigger",
        "ana",
        messages=[MessageSpec(" Hello\tthere ", "email")],
        goals=[GoalSpec("  "), GoalSpec("First\norder"), GoalSpec("g" * 400)],
    )
    created = catalog.get(campaign_id)
    assert [m.name for m in created.messages] == ["Hello there"]
    assert sorted(g.name for g in created.goals) == ["First order", "g" * 400]


def test_an_older_catalog_s_names_are_repaired_and_logged_on_upgrade(
    catalog_url: str,
) -> None:
    catalog = Catalog.open(catalog_url)
    promo = catalog.add_category("Promo", "ana")
    campaign_id = catalog.create_campaign(
        "Spring", "trigger", "ana", messages=[MessageSpec("Hello", "email")]
    )
    # Names a version 1 catalog accepted, written as it stored them.
    older = {
        "c2": "P\u200bromo",
        "c3": "\x01Promo",
        "c4": "Défaut",
        "c5": "\u202eomorP",
        "c6": "\u3164",
        "c7": "Promo 2",
    }
    with catalog.engine.begin() as conn:
        for n, (category_id, name) in enumerate(older.items()):
            conn.execute(
                catalog_module.category.insert().values(
                    id=category_id,
                    name=name,
                    name_key=f"old {n}",
                    is_default=False,
                    created_at=catalog_module.now_utc(),
                )
            )
        conn.execute(catalog_module.campaign.update().values(title="Spring\tsale\n"))
        conn.execute(catalog_module.message.update().values(name="  "))
        conn.execute(catalog_module.schema_info.update().values(version=1))
    upgraded = Catalog.open(catalog_url)
    assert upgraded.schema_version() == catalog_module.SCHEMA_VERSION
    assert {c.id: c.name for c in upgraded.categories()} == {
        DEFAULT_CATEGORY_ID: "Default",
        promo: "Promo",
        "c2": "Promo 3",
        "c3": "Promo 4",
        "c4": "Défaut 2",
        "c5": "omorP",
        "c6": "Category",
        "c7": "Promo 2",
    }
    campaign = upgraded.get(campaign_id)
    assert campaign.title == "Spring sale"
    assert [m.name for m in campaign.messages] == [campaign.messages[0].id]
    assert campaign.modified_by == catalog_module.UPGRADE_AUTHOR
    assert {c.action for c in upgraded.history(campaign_id)} >= {"rename", "edit"}
    with pytest.raises(CatalogError) as refused:
        upgraded.add_category("PROMO 3", "ana")
    assert refused.value.key == "category.name_taken"
