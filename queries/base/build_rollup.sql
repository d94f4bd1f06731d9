-- The rollup: event counts per campaign, message, channel and 15-minute slot
-- (UTC). Every zone's local midnight falls on a quarter hour, so a period of
-- whole local days is a whole number of slots and sums over the rollup are
-- exact. Only distinct-user figures (reach, unique users, the funnel) read
-- `events`. The channel is a key, not any one event's: a journey event that
-- names a message without a channel, or an event whose channel differs from
-- its message's, keeps its own channel instead of lending it to the others.
create or replace table event_rollup as
select
    campaign_id,
    message_id,
    channel::varchar as channel,
    to_timestamp(floor(epoch(ts) / 900) * 900) as slot,
    count(*) filter (where is_send) as sends,
    count(*) filter (where event_type = 'delivered') as deliveries,
    count(*) filter (where is_open) as opens,
    count(*) filter (where is_click) as clicks,
    count(*) filter (where event_type = 'unsubscribed') as unsubscribes,
    count(*) filter (where event_type = 'bounced') as bounces,
    count(*) filter (where event_type = 'skipped') as skips,
    count(*) filter (where event_type = 'entered') as entries,
    count(*) filter (where event_type = 'exited') as exits,
    count(*) filter (where event_type = 'dropped') as drops,
    count(*) filter (where event_type = 'goal_reached') as goals,
    count(*) as events
from measured_events('-infinity'::timestamptz, 'infinity'::timestamptz)
group by campaign_id, message_id, channel, slot
order by campaign_id, slot;
