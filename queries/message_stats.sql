-- Per-message statistics in journey order: every catalog message of the
-- chosen campaigns, plus any message the events name that the catalog lacks.
with counts as (
    select *
    from message_rates($t0, $t1, p_campaign := $campaign_id)
),
known as (
    select campaign_id, id as message_id, name, channel, position
    from catalog_message
    where $campaign_id is null or campaign_id = $campaign_id
)
select
    coalesce(k.campaign_id, m.campaign_id) as campaign_id,
    coalesce(k.message_id, m.message_id) as message_id,
    coalesce(k.name, m.message_id) as message_name,
    coalesce(k.channel, m.channel) as channel,
    coalesce(k.position, 1000000) as position,
    coalesce(m.sends, 0) as sends,
    coalesce(m.deliveries, 0) as deliveries,
    coalesce(m.opens, 0) as opens,
    -- SMS and in-app have no opens: their open rate is undefined, not zero
    case when coalesce(k.channel, m.channel) in ('sms', 'inapp') then null
         else m.open_rate_pct end as open_rate_pct,
    coalesce(m.clicks, 0) as clicks,
    m.ctr_pct,
    coalesce(m.unsubscribes, 0) as unsubscribes,
    coalesce(m.bounces, 0) as bounces,
    coalesce(m.skips, 0) as skips
from known k
full join counts m on m.campaign_id = k.campaign_id and m.message_id = k.message_id
order by campaign_id, position, message_name, message_id
