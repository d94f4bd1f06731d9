-- Load one snapshot's Parquet files into the events table every query reads.
-- event_id is left out: it only matters when importing (no double counting).
create or replace table events as
select
    ts,
    campaign_id,
    message_id,
    channel::channel_t as channel,
    user_id,
    event_type::event_type_t as event_type,
    goal_id
from read_parquet($files)
order by campaign_id, ts;
