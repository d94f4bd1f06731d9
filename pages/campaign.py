"""Campaign card: one campaign's overview, figures, charts, downloads and history.

Opened as /campaign?id=<campaign id>; without an id it offers a picker, and an
unknown id gets a message with the way back to the list.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from journeys.catalog import Campaign
from ui import _card, _ui

_ui.require_frame("campaign")


def card(campaign: Campaign) -> None:
    st.set_page_config(page_title=_ui.tab_title(campaign.title))
    _card.overview(campaign)
    st.divider()
    # A fixed width, not a third of the page: a narrow window cut its labels.
    with st.container(width=320):
        period = _ui.period_picker("card", launched=_card.launched_day(campaign))
    st.caption(_ui.period_caption(period))
    first_day = _ui.first_event_day()
    _card.data_start_note(period, first_day)
    _card.snapshot_bar()

    summary = _ui.summary(campaign.id, period)
    if summary is None:  # deleted between the two reads
        _card.not_found()
        return
    # A period still running is compared with as much of the previous one.
    compared = period.previous(now=datetime.now(UTC))
    previous = _ui.summary(campaign.id, compared)
    if campaign.status == "draft":
        st.info(_ui.t("card.draft_note"), icon=":material/edit_note:")
    elif not summary["has_stats"]:
        st.info(_ui.t("card.no_data_period"), icon=":material/event_busy:")
    _card.headline(summary, previous, compared)
    _card.supporting(summary)

    messages = _ui.figures("message_stats", period=period, campaign_id=campaign.id)
    st.subheader(_ui.t("card.messages"), anchor=False)
    _card.table(_card.message_table(messages), "card.messages_empty")

    st.subheader(_ui.t("card.charts"), anchor=False)
    _card.activity_chart(
        _ui.figures("daily_activity", period=period, campaign_id=campaign.id),
        period,
        first_day,
    )
    # One under the other: side by side, a narrow window leaves each chart too
    # little room for its names and bars, and Streamlit cannot tell the width.
    with st.container(key="card_ctr"):
        _card.ctr_chart(messages)
    with st.container(key="card_funnel"):
        _card.funnel_chart(
            _ui.figures("funnel", period=period, campaign_id=campaign.id)
        )

    st.subheader(_ui.t("card.channels"), anchor=False)
    channels = _ui.figures("channel_stats", period=period, campaign_id=campaign.id)
    _card.table(_card.channel_table(channels), "card.channels_empty")

    st.subheader(_ui.t("card.download"), anchor=False)
    _card.downloads(campaign, summary, messages, period)
    _card.history(campaign.id)


_ui.show_flash()
campaign_id = _card.chosen_id()
if campaign_id is None:
    _card.campaign_picker()
    _ui.keep_period("card")
elif (campaign := _card.load(campaign_id)) is None:
    _card.not_found(campaign_id)
    _ui.keep_period("card")
else:
    card(campaign)
_ui.finish_page()
