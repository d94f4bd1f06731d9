"""Templates for new campaigns: six common journeys, filled in either language."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeys import i18n
from journeys.catalog import Catalog
from journeys.schema import CHANNELS, ENTRY_TYPES
from journeys.templates import TEMPLATES, TEMPLATES_BY_ID, Template, fill

REQUIRED = {
    "welcome",
    "abandoned_cart",
    "winback",
    "feature_adoption",
    "post_purchase",
    "renewal",
}


def test_the_six_common_journeys_are_shipped() -> None:
    assert set(TEMPLATES_BY_ID) >= REQUIRED
    assert len(TEMPLATES) == len(TEMPLATES_BY_ID)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_each_template_has_an_entry_type_several_channels_and_a_goal(
    template: Template,
) -> None:
    assert template.entry_type in ENTRY_TYPES
    channels = template.channels
    assert set(channels) <= set(CHANNELS) and len(set(channels)) >= 2
    assert template.goal_count >= 1


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_every_template_text_exists_in_each_language(
    template: Template, lang: str
) -> None:
    texts = i18n.catalog(lang)
    keys = template.text_keys()
    assert [k for k in keys if not texts.get(k)] == []


def test_a_template_fills_in_the_language_asked_for() -> None:
    english = fill("abandoned_cart", "en")
    french = fill("abandoned_cart", "fr")
    assert (english.title, french.title) == ("Abandoned cart", "Panier abandonné")
    assert english.entry_type == french.entry_type == "trigger"
    assert [(m.name, m.channel) for m in english.messages] == [
        ("Items still in your cart", "push"),
        ("Your cart is waiting", "email"),
        ("Last call for your cart", "sms"),
    ]
    assert [m.channel for m in french.messages] == ["push", "email", "sms"]
    assert french.messages[0].name == "Des articles vous attendent"
    assert [g.name for g in french.goals] == ["Commande passée"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_every_filled_template_is_accepted_by_the_catalog(
    tmp_path: Path, template: Template
) -> None:
    catalog = Catalog.open(f"sqlite:///{tmp_path / 'catalog.sqlite'}")
    draft = fill(template.id, "fr")
    campaign_id = catalog.create_campaign(
        draft.title,
        draft.entry_type,
        "ana",
        messages=draft.messages,
        goals=draft.goals,
    )
    created = catalog.get(campaign_id)
    assert (created.status, created.category_id) == ("draft", "default")
    assert len(created.messages) == len(draft.messages)
    catalog.apply(campaign_id, "launch", "ana")
