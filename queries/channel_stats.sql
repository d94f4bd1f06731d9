-- Per-channel figures of one campaign (or all, when campaign_id is null):
-- every channel the journey's messages use, with or without events in the
-- period, plus any channel only the events name.
with counts as (
    select * from channel_counts($t0, $t1, p_campaign := $campaign_id)
),
used as (
    select distinct campaign_id, channel
    from catalog_message
    where $campaign_id is null or campaign_id = $campaign_id
),
channels as (
    select campaign_id, channel from used
    union
    select campaign_id, channel from counts
)
select
    ch.campaign_id,
    ch.channel,
    coalesce(c.sends, 0) as sends,
    coalesce(c.deliveries, 0) as deliveries,
    coalesce(c.opens, 0) as opens,
    coalesce(c.clicks, 0) as clicks,
    coalesce(c.unsubscribes, 0) as unsubscribes,
    coalesce(c.skips, 0) as skips,
    -- SMS and in-app have no opens: their open rate is undefined, not zero
    case when ch.channel not in ('sms', 'inapp') and c.sends > 0
         then c.opens * 100.0 / c.sends end as open_rate_pct,
    c.ctr_pct
from channels ch
left join counts c using (campaign_id, channel)
order by ch.campaign_id, array_position(['push', 'email', 'sms', 'whatsapp', 'inapp'], ch.channel)
