-- Campaigns and messages the events name but the catalog lacks (an import
-- stopped between writing its events and naming them in the catalog).
select
    r.campaign_id,
    r.message_id,
    arg_min(
        r.channel,
        array_position(['push', 'email', 'sms', 'whatsapp', 'inapp'], r.channel)
    ) as channel,
    min(r.slot) as first_seen
from event_rollup r
where not exists (
        select 1 from catalog_campaign c where c.id = r.campaign_id
    )
   or (
        r.message_id is not null
        and not exists (
            select 1 from catalog_message m
            where m.campaign_id = r.campaign_id and m.id = r.message_id
        )
    )
group by r.campaign_id, r.message_id
order by r.campaign_id, r.message_id nulls first
