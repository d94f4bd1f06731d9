-- Base layer: what counts as a send, an open, a click, a reach, defined once
-- (DESIGN.md section 4). Page queries only filter, group and order these.
-- `events` is the snapshot being read (base/load_events.sql); `catalog_campaign`
-- and `catalog_message` are the catalog, registered on each query's cursor.
-- Periods are half-open UTC instants [t0, t1).

-- Every event of the period, with what it counts as.
create or replace macro measured_events(t0, t1) as table
select
    *,
    coalesce(
        (event_type = 'sent' and channel <> 'inapp')
        or (event_type = 'impression' and channel = 'inapp'),
        false
    ) as is_send,
    coalesce(
        event_type = 'opened' and channel in ('push', 'email', 'whatsapp'), false
    ) as is_open,
    -- a push tap is the push interaction; other channels report clicks
    coalesce(
        (event_type = 'clicked' and channel <> 'push')
        or (event_type = 'opened' and channel = 'push'),
        false
    ) as is_click
from events
where ts >= t0 and ts < t1;

-- Message counts come from the rollup (base/build_rollup.sql). Each event
-- counts under the channel it names; a message whose events name more than
-- one channel is shown under the first in channel order (the catalog's
-- channel, where it has the message, wins in message_stats.sql).
create or replace macro message_counts(t0, t1, p_campaign := null) as table
select
    campaign_id,
    message_id,
    arg_min(
        channel, array_position(['push', 'email', 'sms', 'whatsapp', 'inapp'], channel)
    ) as channel,
    sum(sends)::bigint as sends,
    sum(deliveries)::bigint as deliveries,
    sum(opens)::bigint as opens,
    sum(clicks)::bigint as clicks,
    sum(unsubscribes)::bigint as unsubscribes,
    sum(bounces)::bigint as bounces,
    sum(skips)::bigint as skips
from event_rollup
where slot >= t0 and slot < t1
  and message_id is not null
  and (p_campaign is null or campaign_id = p_campaign)
group by campaign_id, message_id;

-- The message counts pooled per channel, with the channel's CTR: each event
-- under the channel it names (journey events without one pool nowhere).
create or replace macro channel_counts(t0, t1, p_campaign := null) as table
select
    campaign_id,
    channel,
    sum(sends)::bigint as sends,
    sum(deliveries)::bigint as deliveries,
    sum(opens)::bigint as opens,
    sum(clicks)::bigint as clicks,
    sum(unsubscribes)::bigint as unsubscribes,
    sum(skips)::bigint as skips,
    case when sum(sends) > 0 then sum(clicks) * 100.0 / sum(sends) end as ctr_pct
from event_rollup
where slot >= t0 and slot < t1
  and message_id is not null
  and channel is not null
  and (p_campaign is null or campaign_id = p_campaign)
group by campaign_id, channel;

-- Distinct users come from one pass that flags each (campaign, user) pair:
-- cheaper than one distinct count per figure.
create or replace macro journey_users(t0, t1, p_campaign := null) as table
select
    campaign_id,
    count(*) filter (where reached) as total_reach,
    count(*) filter (where entered) as unique_users,
    count(*) filter (where reached_goal) as goal_users
from (
    select
        campaign_id,
        user_key,
        bool_or(event_type in ('entered', 'sent', 'impression')) as reached,
        bool_or(event_type = 'entered') as entered,
        bool_or(event_type = 'goal_reached') as reached_goal
    from events
    where ts >= t0 and ts < t1
      and event_type in ('entered', 'sent', 'impression', 'goal_reached')
      and (p_campaign is null or campaign_id = p_campaign)
    group by campaign_id, user_key
)
group by campaign_id;

create or replace macro journey_counts(t0, t1, p_campaign := null) as table
with counts as (
    select
        campaign_id,
        sum(entries)::bigint as entries,
        sum(drops)::bigint as drops,
        sum(goals)::bigint as goals_reached,
        sum(events)::bigint as events
    from event_rollup
    where slot >= t0 and slot < t1
      and (p_campaign is null or campaign_id = p_campaign)
    group by campaign_id
)
select
    counts.*,
    coalesce(u.total_reach, 0) as total_reach,
    coalesce(u.unique_users, 0) as unique_users,
    coalesce(u.goal_users, 0) as goal_users
from counts
left join journey_users(t0, t1, p_campaign := p_campaign) u using (campaign_id);

-- Users in journey as of t1: every entry, exit and drop before it, all time
-- (whether or not the event names a message).
-- Clamped at zero: a store whose history starts mid-journey has exits
-- without their entries, and a negative head count means nothing.
create or replace macro journey_balance(t1, p_campaign := null) as table
select
    campaign_id,
    greatest(sum(entries) - sum(exits) - sum(drops), 0)::bigint as users_in_journey
from event_rollup
where slot < t1
  and (p_campaign is null or campaign_id = p_campaign)
group by campaign_id;

create or replace macro message_rates(t0, t1, p_campaign := null) as table
select
    m.*,
    case when m.sends > 0 then m.opens * 100.0 / m.sends end as open_rate_pct,
    case when m.sends > 0 then m.clicks * 100.0 / m.sends end as ctr_pct
from message_counts(t0, t1, p_campaign := p_campaign) m;

-- One row per campaign with events in the period or anyone in the journey.
-- Materialized CTEs: each scan of the events runs once.
create or replace macro campaign_stats(t0, t1, p_campaign := null) as table
with journey as materialized (
    select * from journey_counts(t0, t1, p_campaign := p_campaign)
),
per_campaign as materialized (
    select
        campaign_id,
        sum(sends)::bigint as total_sends,
        sum(clicks)::bigint as total_clicks,
        avg(ctr_pct) filter (where sends > 0) as avg_ctr_pct,
        case when sum(sends) > 0 then sum(clicks) * 100.0 / sum(sends) end
            as pooled_ctr_pct
    from message_rates(t0, t1, p_campaign := p_campaign)
    group by campaign_id
),
balance as materialized (
    select * from journey_balance(t1, p_campaign := p_campaign)
),
ids as (
    select campaign_id from journey
    union
    select campaign_id from per_campaign
    union
    select campaign_id from balance
)
select
    ids.campaign_id,
    coalesce(j.events, 0) as events,
    coalesce(j.total_reach, 0) as total_reach,
    coalesce(j.unique_users, 0) as unique_users,
    coalesce(j.entries, 0) as entries,
    coalesce(b.users_in_journey, 0) as users_in_journey,
    coalesce(j.drops, 0) as drops,
    coalesce(j.goals_reached, 0) as goals_reached,
    coalesce(j.goal_users, 0) as goal_users,
    coalesce(p.total_sends, 0) as total_sends,
    coalesce(p.total_clicks, 0) as total_clicks,
    p.avg_ctr_pct,
    p.pooled_ctr_pct,
    case when j.entries > 0 then j.goal_users * 100.0 / j.entries end
        as goal_conversion_pct
from ids
left join journey j using (campaign_id)
left join per_campaign p using (campaign_id)
left join balance b using (campaign_id);

-- What a search compares: lower case, no accents, and the typographic
-- apostrophes (’ ‘ ʼ) written as the typewriter one, so "l'ete" finds "L’Été".
create or replace macro search_key(text) as
strip_accents(lower(regexp_replace(text, '[’‘ʼ]', '''', 'g')));

-- Search is literal (no wildcards), ignoring case and accents.
create or replace macro filtered_campaigns(
    p_search, p_category, p_entry_type, p_launch_t0, p_launch_t1
) as table
select *
from catalog_campaign c
where (p_search is null
       or contains(search_key(c.title), search_key(p_search)))
  and (p_category is null or c.category_id = p_category)
  and (p_entry_type is null or c.entry_type = p_entry_type)
  and (p_launch_t0 is null or c.launched_at >= p_launch_t0)
  and (p_launch_t1 is null or c.launched_at < p_launch_t1);

-- Catalog campaigns with their period figures; the three headline figures
-- are undefined (null) for drafts and for campaigns with no event in the period.
create or replace macro campaign_rows(
    t0, t1, p_search, p_category, p_entry_type, p_launch_t0, p_launch_t1,
    p_campaign := null
) as table
select
    c.id,
    c.title,
    c.status,
    c.entry_type,
    c.category_id,
    c.category_name,
    c.category_is_default,
    c.created_at,
    c.created_by,
    c.launched_at,
    c.modified_at,
    c.modified_by,
    c.message_count,
    (c.status <> 'draft' and coalesce(s.events, 0) > 0) as has_stats,
    case when has_stats then s.total_reach end as total_reach,
    case when has_stats then s.goals_reached end as goals_reached,
    case when has_stats then s.avg_ctr_pct end as avg_ctr_pct,
    case when has_stats then s.pooled_ctr_pct end as pooled_ctr_pct,
    coalesce(s.unique_users, 0) as unique_users,
    coalesce(s.entries, 0) as entries,
    coalesce(s.users_in_journey, 0) as users_in_journey,
    coalesce(s.drops, 0) as drops,
    coalesce(s.total_sends, 0) as total_sends,
    s.goal_conversion_pct
from filtered_campaigns(p_search, p_category, p_entry_type, p_launch_t0, p_launch_t1) c
left join campaign_stats(t0, t1, p_campaign := p_campaign) s on s.campaign_id = c.id
where p_campaign is null or c.id = p_campaign;
