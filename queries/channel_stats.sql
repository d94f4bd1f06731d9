-- Per-channel figures of one campaign (or all, when campaign_id is null).
select
    campaign_id,
    channel,
    sum(sends)::bigint as sends,
    sum(deliveries)::bigint as deliveries,
    sum(opens)::bigint as opens,
    sum(clicks)::bigint as clicks,
    sum(unsubscribes)::bigint as unsubscribes,
    sum(skips)::bigint as skips,
    -- SMS and in-app have no opens: their open rate is undefined, not zero
    case when channel not in ('sms', 'inapp') and sum(sends) > 0
         then sum(opens) * 100.0 / sum(sends) end as open_rate_pct,
    case when sum(sends) > 0 then sum(clicks) * 100.0 / sum(sends) end as ctr_pct
from message_counts($t0, $t1, p_campaign := $campaign_id)
group by campaign_id, channel
order by campaign_id, array_position(['push', 'email', 'sms', 'whatsapp', 'inapp'], channel)
