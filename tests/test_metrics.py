"""Every metric of DESIGN.md section 4 on the worked example, checked by hand.

The fixture is tests/fixtures/example (a copy of shared/examples/metrics): 46
events, campaigns c1 (push m1, email m2, in-app m3), c2 (SMS m4, WhatsApp m5)
and the draft c3. Each expected value below says where it comes from.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any

import polars as pl
import pytest

from journeys import i18n
from journeys.metrics import Analytics, ListFilters
from journeys.periods import Period
from journeys.workspace import Workspace

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def analytics(example_workspace: Workspace) -> Analytics:
    return example_workspace.analytics()


def row(frame: pl.DataFrame, campaign_id: str) -> dict[str, object]:
    return frame.filter(pl.col("id") == campaign_id).row(0, named=True)


def march(tz: str = "UTC") -> Period:
    return Period(*MARCH, tz)


def test_welcome_series_in_march_utc_matches_the_worked_example(
    analytics: Analytics,
) -> None:
    c1 = row(analytics.campaign_list(march()), "c1")
    # entries e05 e18 e31 e33 (e01, e02 are February); e33 is 23:30 on the 31st
    assert c1["entries"] == 4
    # u1 (twice), u2, u5
    assert c1["unique_users"] == 3
    # u1 u2 u5 entered; u3 was sent e03 and u4 sent e25 without entering in March
    assert c1["total_reach"] == 5
    # all-time entries up to the end 6 - exits 2 (e17 e30) - drops 1 (e24)
    assert c1["users_in_journey"] == 3
    assert c1["drops"] == 1
    assert c1["goals_reached"] == 1
    # push 4 sends + email 3 + in-app 2 impressions
    assert c1["total_sends"] == 9
    # mean of 25 %, 66.67 % and 50 %
    assert c1["avg_ctr_pct"] == pytest.approx((25 + 200 / 3 + 50) / 3)
    # (1 + 2 + 1) clicks / 9 sends
    assert c1["pooled_ctr_pct"] == pytest.approx(400 / 9)
    # 1 goal user / 4 entries
    assert c1["goal_conversion_pct"] == pytest.approx(25.0)


def test_win_back_in_march_utc_matches_the_worked_example(analytics: Analytics) -> None:
    c2 = row(analytics.campaign_list(march()), "c2")
    assert (c2["entries"], c2["unique_users"], c2["total_reach"]) == (2, 2, 2)
    assert (c2["users_in_journey"], c2["drops"], c2["goals_reached"]) == (0, 1, 1)
    assert c2["total_sends"] == 3
    # SMS 1/2 = 50 %, WhatsApp 1/1 = 100 %
    assert c2["avg_ctr_pct"] == pytest.approx(75.0)
    assert c2["pooled_ctr_pct"] == pytest.approx(200 / 3)


def test_a_draft_shows_undefined_headline_figures_never_zero_or_nan(
    analytics: Analytics,
) -> None:
    c3 = row(analytics.campaign_list(march()), "c3")
    assert c3["total_reach"] is None
    assert c3["goals_reached"] is None
    assert c3["avg_ctr_pct"] is None
    assert c3["has_stats"] is False


def test_per_message_figures_follow_each_channels_rules(analytics: Analytics) -> None:
    stats = analytics.message_stats("c1", march())
    by_id = {r["message_id"]: r for r in stats.iter_rows(named=True)}
    assert list(stats["message_id"]) == ["m1", "m2", "m3"]  # journey order
    push, email, inapp = by_id["m1"], by_id["m2"], by_id["m3"]
    # push: 4 sends, 2 deliveries, the tap e08 is both the open and the click
    assert (push["sends"], push["deliveries"], push["opens"], push["clicks"]) == (
        4,
        2,
        1,
        1,
    )
    assert push["open_rate_pct"] == pytest.approx(25.0)
    assert push["ctr_pct"] == pytest.approx(25.0)
    assert push["bounces"] == 1
    # email: one user clicked twice (e12, e13); both count
    assert (email["sends"], email["opens"], email["clicks"]) == (3, 2, 2)
    assert email["ctr_pct"] == pytest.approx(200 / 3)
    assert email["unsubscribes"] == 1
    # in-app: impressions are the sends; no opens, so the open rate is undefined
    assert (inapp["sends"], inapp["clicks"], inapp["skips"]) == (2, 1, 1)
    assert inapp["open_rate_pct"] is None
    assert inapp["ctr_pct"] == pytest.approx(50.0)


def test_sms_has_no_open_rate_and_whatsapp_reads_are_opens(
    analytics: Analytics,
) -> None:
    stats = analytics.message_stats("c2", march())
    sms, whatsapp = stats.row(0, named=True), stats.row(1, named=True)
    assert (sms["sends"], sms["deliveries"], sms["clicks"]) == (2, 1, 1)
    assert sms["open_rate_pct"] is None
    assert sms["ctr_pct"] == pytest.approx(50.0)
    assert (whatsapp["sends"], whatsapp["opens"], whatsapp["clicks"]) == (1, 1, 1)
    assert whatsapp["open_rate_pct"] == pytest.approx(100.0)


def test_a_message_with_no_sends_has_undefined_rates(analytics: Analytics) -> None:
    draft_email = analytics.message_stats("c3", march()).row(0, named=True)
    assert draft_email["sends"] == 0
    assert draft_email["open_rate_pct"] is None
    assert draft_email["ctr_pct"] is None


@pytest.mark.parametrize(
    ("tz", "c1_figures", "c2_figures"),
    [
        # (entries, unique users, reach, users in journey); (goals, users in journey)
        ("UTC", (4, 3, 5, 3), (1, 0)),
        # e02 (00:30 on 1 March in Paris) now counts; e33 (01:30 on 1 April) not
        ("Europe/Paris", (4, 3, 4, 2), (1, 0)),
        # c2's goal and exit at 18:45 UTC on the 31st are 1 April in Kolkata
        ("Asia/Kolkata", (4, 3, 4, 2), (0, 1)),
    ],
    ids=["utc", "paris", "kolkata"],
)
def test_the_month_moves_with_the_reporting_time_zone(
    analytics: Analytics,
    tz: str,
    c1_figures: tuple[int, int, int, int],
    c2_figures: tuple[int, int],
) -> None:
    rows = analytics.campaign_list(march(tz))
    c1, c2 = row(rows, "c1"), row(rows, "c2")
    assert (
        c1["entries"],
        c1["unique_users"],
        c1["total_reach"],
        c1["users_in_journey"],
    ) == c1_figures
    assert (c2["goals_reached"], c2["users_in_journey"]) == c2_figures
    # message figures do not move: no message event lies near the month's edges
    assert row(rows, "c1")["total_sends"] == 9


def test_a_single_day_counts_every_click_even_past_100_percent(
    analytics: Analytics,
) -> None:
    day = Period(date(2026, 3, 3), date(2026, 3, 3))
    rows = analytics.campaign_list(day)
    c1 = row(rows, "c1")
    # u1 was sent m2 that day; nobody entered
    assert (c1["total_reach"], c1["entries"], c1["unique_users"]) == (1, 0, 0)
    # u4, u3 and u1 had entered before the day's end and none had left
    assert c1["users_in_journey"] == 3
    assert c1["goals_reached"] == 0
    # m2: 1 send, 2 clicks -> 200 %; m1 and m3 had no sends and are left out
    assert c1["avg_ctr_pct"] == pytest.approx(200.0)
    # c2 has no events that day: its headline figures are undefined
    c2 = row(rows, "c2")
    assert c2["total_reach"] is None and c2["avg_ctr_pct"] is None


def test_no_figure_is_ever_nan_or_infinite(analytics: Analytics) -> None:
    for period in (
        march(),
        Period(date(2026, 3, 3), date(2026, 3, 3)),
        march("Asia/Kolkata"),
    ):
        for frame in (
            analytics.campaign_list(period),
            analytics.message_stats(None, period),
            analytics.channel_stats(None, period),
            analytics.export_rows(period),
        ):
            for column, dtype in frame.schema.items():
                if dtype.is_float():
                    values = [v for v in frame[column].to_list() if v is not None]
                    assert all(math.isfinite(v) for v in values), column


def test_channel_figures_pool_the_messages_of_each_channel(
    analytics: Analytics,
) -> None:
    channels = analytics.channel_stats("c1", march())
    assert list(channels["channel"]) == ["push", "email", "inapp"]
    inapp = channels.filter(pl.col("channel") == "inapp").row(0, named=True)
    assert (inapp["sends"], inapp["clicks"], inapp["skips"]) == (2, 1, 1)
    assert inapp["open_rate_pct"] is None


def test_the_daily_series_has_every_local_day_and_places_events_in_the_zone(
    analytics: Analytics,
) -> None:
    utc = analytics.daily_activity("c1", march())
    assert utc.height == 31
    assert utc.filter(pl.col("day") == date(2026, 3, 31))["entries"].item() == 1  # e33
    paris = analytics.daily_activity("c1", march("Europe/Paris"))
    # in Paris e33 is on 1 April (outside) and e02 on 1 March (inside)
    assert paris.filter(pl.col("day") == date(2026, 3, 31))["entries"].item() == 0
    assert paris.filter(pl.col("day") == date(2026, 3, 1))["entries"].item() == 1
    # three email clicks and sends on the 3rd: 1 send, 1 open, 2 clicks
    third = utc.filter(pl.col("day") == date(2026, 3, 3)).row(0, named=True)
    assert (third["sends"], third["opens"], third["clicks"]) == (1, 1, 2)


def test_the_funnel_counts_distinct_users_at_each_step(analytics: Analytics) -> None:
    funnel = analytics.funnel("c1", march())
    # entered u1 u2 u5; reached u3 u1 u2 u4; opened u1 (tap) u4 (email);
    # clicked u1; goal u1
    assert dict(zip(funnel["step"], funnel["users"], strict=True)) == {
        "entered": 3,
        "reached": 4,
        "opened": 2,
        "clicked": 1,
        "goal": 1,
    }


def test_status_counts_and_filters_narrow_the_list(analytics: Analytics) -> None:
    assert analytics.status_counts() == {"active": 2, "draft": 1}
    only_drafts = analytics.campaign_list(march(), ListFilters(status="draft"))
    assert list(only_drafts["id"]) == ["c3"]
    onboarding = analytics.campaign_list(march(), ListFilters(category_id="onboarding"))
    assert list(onboarding["id"]) == ["c1"]
    audience = analytics.campaign_list(march(), ListFilters(entry_type="audience"))
    assert list(audience["id"]) == ["c2"]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("WELCOME", ["c1"]),
        ("win-", ["c2"]),
        ("%", []),
        ("_", []),
        ("pr_mo", []),
        ("", ["c1", "c2", "c3"]),
    ],
    ids=[
        "case",
        "hyphen",
        "percent-is-literal",
        "underscore-is-literal",
        "no-wildcards",
        "empty",
    ],
)
def test_search_is_literal_and_ignores_case(
    analytics: Analytics, search: str, expected: list[str]
) -> None:
    found = analytics.campaign_list(
        march(), ListFilters(search=search, sort="name", descending=False)
    )
    assert sorted(found["id"]) == expected


def test_search_ignores_accents_both_ways(example_workspace: Workspace) -> None:
    catalog = example_workspace.catalog
    catalog.apply("c3", "rename", "tester", title="Été promo")
    analytics = example_workspace.analytics()
    assert list(analytics.campaign_list(march(), ListFilters(search="ete"))["id"]) == [
        "c3"
    ]
    assert list(analytics.campaign_list(march(), ListFilters(search="ÉTÉ"))["id"]) == [
        "c3"
    ]


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
def test_undefined_values_sort_last_in_both_directions(
    analytics: Analytics, descending: bool
) -> None:
    rows = analytics.campaign_list(
        march(), ListFilters(sort="ctr", descending=descending)
    )
    assert rows["id"].to_list()[-1] == "c3"
    expected = ["c2", "c1"] if descending else ["c1", "c2"]  # 75 % vs 47.22 %
    assert rows["id"].to_list()[:2] == expected


def test_a_period_whose_end_precedes_its_start_is_refused() -> None:
    from journeys.errors import QueryError

    with pytest.raises(QueryError) as refused:
        Period(date(2026, 3, 31), date(2026, 3, 1))
    assert refused.value.key == "period.end_before_start"


@pytest.mark.parametrize(
    ("tz", "start_utc", "end_utc"),
    [
        ("UTC", "2026-03-01T00:00:00+00:00", "2026-04-01T00:00:00+00:00"),
        # summer time starts on 29 March: the month ends at 22:00 UTC
        ("Europe/Paris", "2026-02-28T23:00:00+00:00", "2026-03-31T22:00:00+00:00"),
        ("Asia/Kolkata", "2026-02-28T18:30:00+00:00", "2026-03-31T18:30:00+00:00"),
        ("Asia/Kathmandu", "2026-02-28T18:15:00+00:00", "2026-03-31T18:15:00+00:00"),
    ],
)
def test_periods_are_whole_local_days(tz: str, start_utc: str, end_utc: str) -> None:
    period = march(tz)
    assert period.t0.isoformat() == start_utc
    assert period.t1.isoformat() == end_utc
    assert period.previous() == Period(date(2026, 1, 29), date(2026, 2, 28), tz)


# -- the rest of the worked example, figure by figure ---------------------------------


def message_rows(analytics: Analytics, campaign_id: str, period: Period) -> dict:
    return {
        r["message_id"]: r
        for r in analytics.message_stats(campaign_id, period).iter_rows(named=True)
    }


def test_every_message_row_of_the_worked_example_in_march(
    analytics: Analytics,
) -> None:
    m = {
        **message_rows(analytics, "c1", march()),
        **message_rows(analytics, "c2", march()),
    }
    # (sends, deliveries, opens, clicks); open rate and CTR in %
    assert (m["m2"]["sends"], m["m2"]["deliveries"], m["m2"]["opens"]) == (3, 3, 2)
    assert m["m2"]["open_rate_pct"] == pytest.approx(200 / 3)
    # in-app: two impressions, nothing delivered or opened
    assert (m["m3"]["deliveries"], m["m3"]["opens"]) == (0, 0)
    # SMS: no opens, so an undefined open rate (asserted above) over 0 opens
    assert (m["m4"]["deliveries"], m["m4"]["opens"]) == (1, 0)
    # WhatsApp: 1 send, 1 delivery, 1 read, 1 click
    assert (m["m5"]["deliveries"], m["m5"]["clicks"]) == (1, 1)
    assert m["m5"]["ctr_pct"] == pytest.approx(100.0)


@pytest.mark.parametrize("tz", ["Europe/Paris", "Asia/Kolkata"])
def test_message_figures_and_win_back_stay_as_in_utc_in_other_zones(
    analytics: Analytics, tz: str
) -> None:
    for campaign_id in ("c1", "c2"):
        assert message_rows(analytics, campaign_id, march(tz)) == message_rows(
            analytics, campaign_id, march()
        )
    c2 = row(analytics.campaign_list(march(tz)), "c2")
    assert (c2["entries"], c2["unique_users"], c2["total_reach"], c2["drops"]) == (
        2,
        2,
        2,
        1,
    )
    assert c2["total_sends"] == 3
    assert c2["avg_ctr_pct"] == pytest.approx(75.0)
    assert c2["pooled_ctr_pct"] == pytest.approx(200 / 3)


def test_on_the_third_of_march_only_the_email_had_sends(analytics: Analytics) -> None:
    day = Period(date(2026, 3, 3), date(2026, 3, 3))
    m = message_rows(analytics, "c1", day)
    # m2: 1 send, 1 open, 2 clicks (one user clicked twice): 200 %
    assert (m["m2"]["sends"], m["m2"]["opens"], m["m2"]["clicks"]) == (1, 1, 2)
    assert m["m2"]["ctr_pct"] == pytest.approx(200.0)
    for silent in ("m1", "m3"):
        assert m[silent]["sends"] == 0
        assert m[silent]["ctr_pct"] is None and m[silent]["open_rate_pct"] is None
    c2 = row(analytics.campaign_list(day), "c2")
    assert c2["goals_reached"] is None


def test_the_draft_exports_zero_counts_and_empty_rates(analytics: Analytics) -> None:
    c3 = analytics.export_rows(march()).filter(pl.col("id") == "c3").row(0, named=True)
    counts = [k for k, v in c3.items() if k.endswith(("sends", "deliveries", "opens"))]
    counts += ["total_reach", "unique_users", "entries", "users_in_journey", "drops"]
    counts += ["goals_reached", "email_clicks", "email_unsubscribes", "inapp_skips"]
    assert {k: c3[k] for k in counts} == dict.fromkeys(counts, 0)
    assert [k for k, v in c3.items() if k.endswith("_pct") and v is not None] == []


def test_every_channel_the_journey_uses_is_listed_even_without_events(
    analytics: Analytics,
) -> None:
    day = Period(date(2026, 3, 3), date(2026, 3, 3))
    channels = {
        r["channel"]: r
        for r in analytics.channel_stats("c1", day).iter_rows(named=True)
    }
    assert list(channels) == ["push", "email", "inapp"]
    assert (channels["push"]["sends"], channels["push"]["ctr_pct"]) == (0, None)
    assert (channels["email"]["sends"], channels["email"]["clicks"]) == (1, 2)


# -- expected.md as written there ------------------------------------------------------
# Every figure of shared/examples/metrics/expected.md, read from the list, the
# card and the message table and shown the way the pages show it: counts as
# integers, rates rounded to two decimals, undefined as "--". (The card shows
# "--" for the opens of SMS and in-app messages; the figure under it is 0.)

ONE_DAY = Period(date(2026, 3, 3), date(2026, 3, 3))
C2_MARCH = {
    "entries": "2",
    "unique_users": "2",
    "total_reach": "2",
    "users_in_journey": "0",
    "drops": "1",
    "goals_reached": "1",
    "total_sends": "3",
    "avg_ctr_pct": "75.00 %",
    "pooled_ctr_pct": "66.67 %",
}
C1_AWAY = {"entries": "4", "unique_users": "3", "total_reach": "4"}
UNDEFINED_HEADLINE = {"total_reach": "--", "goals_reached": "--", "avg_ctr_pct": "--"}
EXPECTED_CAMPAIGNS: list[tuple[str, Period, str, dict[str, str]]] = [
    (
        "utc-c1",
        march(),
        "c1",
        {
            "entries": "4",
            "unique_users": "3",
            "total_reach": "5",
            "users_in_journey": "3",
            "drops": "1",
            "goals_reached": "1",
            "total_sends": "9",
            "avg_ctr_pct": "47.22 %",
            "pooled_ctr_pct": "44.44 %",
            "goal_conversion_pct": "25.00 %",
        },
    ),
    ("utc-c2", march(), "c2", C2_MARCH),
    ("utc-c3-draft", march(), "c3", UNDEFINED_HEADLINE),
    ("paris-c1", march("Europe/Paris"), "c1", {**C1_AWAY, "users_in_journey": "2"}),
    ("paris-c2", march("Europe/Paris"), "c2", C2_MARCH),
    ("kolkata-c1", march("Asia/Kolkata"), "c1", {**C1_AWAY, "users_in_journey": "2"}),
    (
        "kolkata-c2",
        march("Asia/Kolkata"),
        "c2",
        {**C2_MARCH, "goals_reached": "0", "users_in_journey": "1"},
    ),
    (
        "one-day-c1",
        ONE_DAY,
        "c1",
        {
            "entries": "0",
            "unique_users": "0",
            "total_reach": "1",
            "users_in_journey": "3",
            "goals_reached": "0",
            "avg_ctr_pct": "200.00 %",
        },
    ),
    ("one-day-c2", ONE_DAY, "c2", UNDEFINED_HEADLINE),
]
EXPECTED_MESSAGES: list[tuple[str, Period, str, str, dict[str, str]]] = [
    (
        "utc-m1-push",
        march(),
        "c1",
        "m1",
        {
            "sends": "4",
            "deliveries": "2",
            "opens": "1",
            "open_rate_pct": "25.00 %",
            "clicks": "1",
            "ctr_pct": "25.00 %",
            "bounces": "1",
        },
    ),
    (
        "utc-m2-email",
        march(),
        "c1",
        "m2",
        {
            "sends": "3",
            "deliveries": "3",
            "opens": "2",
            "open_rate_pct": "66.67 %",
            "clicks": "2",
            "ctr_pct": "66.67 %",
            "unsubscribes": "1",
        },
    ),
    (
        "utc-m3-inapp",
        march(),
        "c1",
        "m3",
        {
            "sends": "2",
            "deliveries": "0",
            "opens": "0",
            "open_rate_pct": "--",
            "clicks": "1",
            "ctr_pct": "50.00 %",
            "skips": "1",
        },
    ),
    (
        "utc-m4-sms",
        march(),
        "c2",
        "m4",
        {
            "sends": "2",
            "deliveries": "1",
            "opens": "0",
            "open_rate_pct": "--",
            "clicks": "1",
            "ctr_pct": "50.00 %",
        },
    ),
    (
        "utc-m5-whatsapp",
        march(),
        "c2",
        "m5",
        {
            "sends": "1",
            "deliveries": "1",
            "opens": "1",
            "open_rate_pct": "100.00 %",
            "clicks": "1",
            "ctr_pct": "100.00 %",
        },
    ),
    (
        "one-day-m2",
        ONE_DAY,
        "c1",
        "m2",
        {"sends": "1", "opens": "1", "clicks": "2", "ctr_pct": "200.00 %"},
    ),
    (
        "one-day-m1",
        ONE_DAY,
        "c1",
        "m1",
        {"sends": "0", "open_rate_pct": "--", "ctr_pct": "--"},
    ),
    (
        "one-day-m3",
        ONE_DAY,
        "c1",
        "m3",
        {"sends": "0", "open_rate_pct": "--", "ctr_pct": "--"},
    ),
    (
        "draft-m6",
        march(),
        "c3",
        "m6",
        {"sends": "0", "open_rate_pct": "--", "ctr_pct": "--"},
    ),
]


def shown(figures: dict[str, Any], names: list[str]) -> dict[str, str]:
    """Figures as the pages print them in English."""
    return {
        name: i18n.fmt_pct(figures[name], "en")
        if name.endswith("_pct")
        else i18n.fmt_int(figures[name], "en")
        for name in names
    }


@pytest.mark.parametrize(
    ("period", "campaign_id", "expected"),
    [case[1:] for case in EXPECTED_CAMPAIGNS],
    ids=[case[0] for case in EXPECTED_CAMPAIGNS],
)
def test_each_campaign_figure_of_expected_md_reads_as_written_there(
    analytics: Analytics, period: Period, campaign_id: str, expected: dict[str, str]
) -> None:
    card = analytics.campaign_summary(campaign_id, period)
    assert card is not None
    assert shown(card, list(expected)) == expected
    listed = row(analytics.campaign_list(period), campaign_id)
    assert shown(listed, list(expected)) == expected


@pytest.mark.parametrize(
    ("period", "campaign_id", "message_id", "expected"),
    [case[1:] for case in EXPECTED_MESSAGES],
    ids=[case[0] for case in EXPECTED_MESSAGES],
)
def test_each_message_figure_of_expected_md_reads_as_written_there(
    analytics: Analytics,
    period: Period,
    campaign_id: str,
    message_id: str,
    expected: dict[str, str],
) -> None:
    figures = message_rows(analytics, campaign_id, period)[message_id]
    assert shown(figures, list(expected)) == expected


def test_a_running_period_is_compared_with_as_much_of_the_previous_one() -> None:
    # Last 7 days seen at 10:07 UTC on 3 March: 25 February to 3 March, compared
    # with 18 to 24 February up to 10:00 on the 24th (six days, ten hours, and
    # the seven minutes rounded down to the quarter hour).
    week = Period(date(2026, 2, 25), date(2026, 3, 3))
    now = datetime(2026, 3, 3, 10, 7, tzinfo=UTC)
    earlier = week.previous(now=now)
    assert (earlier.start, earlier.end) == (date(2026, 2, 18), date(2026, 2, 24))
    assert earlier.t0 == datetime(2026, 2, 18, tzinfo=UTC)
    assert earlier.t1 == datetime(2026, 2, 24, 10, 0, tzinfo=UTC)
    assert earlier.is_partial and not week.is_partial
    # A period that is over is compared with the whole previous one.
    later = datetime(2026, 3, 10, tzinfo=UTC)
    assert week.previous(now=later) == week.previous()
    assert not week.previous(now=later).is_partial


def test_the_cut_follows_elapsed_time_across_a_change_of_clocks() -> None:
    # Paris, Sunday 29 March 2026 (clocks go forward at 02:00): at 09:00 local,
    # 07:00 UTC, 8 hours have passed since midnight (23:00 UTC the day before);
    # the day before is cut 8 hours after its own midnight.
    today = Period(date(2026, 3, 29), date(2026, 3, 29), "Europe/Paris")
    earlier = today.previous(now=datetime(2026, 3, 29, 7, 0, tzinfo=UTC))
    assert earlier.t0 == datetime(2026, 3, 27, 23, 0, tzinfo=UTC)
    assert earlier.t1 == datetime(2026, 3, 28, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("clock", "entries", "reach", "sends"),
    [
        # cut at 10:00: u1's entry at 10:00:00 (e05) is not before the cut
        ("10:03", 0, 0, 0),
        # cut at 10:15: e05 entered, e06 sent, e08 the tap
        ("10:20", 1, 1, 1),
    ],
)
def test_today_is_compared_with_yesterday_up_to_the_same_quarter_hour(
    analytics: Analytics, clock: str, entries: int, reach: int, sends: int
) -> None:
    today = Period(date(2026, 3, 3), date(2026, 3, 3))
    hour, minute = map(int, clock.split(":"))
    now = datetime(2026, 3, 3, hour, minute, tzinfo=UTC)
    before = analytics.campaign_summary("c1", today.previous(now=now))
    assert before is not None
    assert (before["entries"], before["total_sends"]) == (entries, sends)
    assert before["total_reach"] == (reach or None)


@pytest.mark.parametrize(
    "search", ["l'ete", "L’ÉTÉ", "l‘été", "lʼete"], ids=["plain", "’", "‘", "ʼ"]
)
def test_search_reads_every_apostrophe_as_the_typewriter_one(
    example_workspace: Workspace, search: str
) -> None:
    example_workspace.catalog.apply("c3", "rename", "tester", title="Promo de l’été")
    analytics = example_workspace.analytics()
    found = analytics.campaign_list(march(), ListFilters(search=search))
    assert list(found["id"]) == ["c3"]
