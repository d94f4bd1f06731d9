"""Starting points for new campaigns: common journeys with their messages and goals.

A template holds only codes (entry type, channels) and text keys; its title,
message names and goal are looked up in the i18n catalogs when it fills the
New campaign form, so the draft starts in the user's language. The form can be
changed before the draft is created; after that its messages are fixed, so
every template has at least one message and a draft made from it can launch.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from journeys import i18n
from journeys.catalog import GoalSpec, MessageSpec

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Template:
    id: str
    entry_type: str
    # One channel per message, in journey order; the names are text keys
    # "template.<id>.m<position>".
    channels: tuple[str, ...]
    goal_count: int = 1

    def title_key(self) -> str:
        return f"template.{self.id}.title"

    def description_key(self) -> str:
        return f"template.{self.id}.description"

    def message_keys(self) -> tuple[str, ...]:
        return tuple(
            f"template.{self.id}.m{n}" for n in range(1, len(self.channels) + 1)
        )

    def goal_keys(self) -> tuple[str, ...]:
        return tuple(
            f"template.{self.id}.goal{n}" for n in range(1, self.goal_count + 1)
        )

    def text_keys(self) -> tuple[str, ...]:
        return (
            self.title_key(),
            self.description_key(),
            *self.message_keys(),
            *self.goal_keys(),
        )


TEMPLATES: tuple[Template, ...] = (
    Template("welcome", "trigger", ("email", "push", "inapp", "email")),
    Template("abandoned_cart", "trigger", ("push", "email", "sms")),
    Template("winback", "audience", ("email", "sms", "whatsapp")),
    Template("feature_adoption", "mixed", ("inapp", "push", "email")),
    Template("post_purchase", "trigger", ("email", "whatsapp", "push")),
    Template("renewal", "audience", ("email", "push", "sms", "email")),
)
TEMPLATES_BY_ID: dict[str, Template] = {t.id: t for t in TEMPLATES}


@dataclass(frozen=True)
class Draft:
    """What the New campaign form starts from."""

    title: str
    entry_type: str
    messages: tuple[MessageSpec, ...]
    goals: tuple[GoalSpec, ...]


def fill(template_id: str, lang: str) -> Draft:
    """The template's draft in `lang`; an unknown id raises KeyError."""
    template = TEMPLATES_BY_ID[template_id]
    return Draft(
        title=i18n.t(template.title_key(), lang),
        entry_type=template.entry_type,
        messages=tuple(
            MessageSpec(name=i18n.t(key, lang), channel=channel)
            for key, channel in zip(
                template.message_keys(), template.channels, strict=True
            )
        ),
        goals=tuple(GoalSpec(name=i18n.t(key, lang)) for key in template.goal_keys()),
    )
