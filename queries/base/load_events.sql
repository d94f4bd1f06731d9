-- Load one snapshot's Parquet files into the tables every query reads.
--
-- events: one row per event, sorted by campaign then time; user ids become
-- dense integers (distinct counts hash integers, not strings); event types and
-- channels become enums; event_id is left out (it only matters on import).
create or replace table events as
with raw as materialized (
    select * from read_parquet($files)
),
user_keys as (
    select user_id, row_number() over () as user_key
    from (select distinct user_id from raw)
)
select
    raw.ts,
    raw.campaign_id,
    raw.message_id,
    raw.channel::channel_t as channel,
    user_keys.user_key,
    raw.event_type::event_type_t as event_type,
    raw.goal_id
from raw
join user_keys using (user_id)
-- A message event must name its message (the importers refuse one that does
-- not); one written by another tool is left out, so that it counts in no
-- figure rather than in some and not others (base/skipped_events.sql).
where raw.message_id is not null
   or raw.event_type in ('entered', 'exited', 'dropped', 'goal_reached')
order by raw.campaign_id, raw.ts;
