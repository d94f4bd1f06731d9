-- The statistics export (DESIGN.md section 6): one row per campaign matching
-- the filters, columns in the documented order. The campaign figures are the
-- list's (campaign_rows): where the list shows `--` (a draft, a campaign
-- without events in the period) a count is 0 and a rate null (an empty cell).
with channels as (
    select * from channel_counts($t0, $t1)
)
select
    c.title,
    c.status,
    c.created_at,
    c.category_name,
    c.category_is_default,
    c.entry_type,
    c.id,
    coalesce(c.total_reach, 0) as total_reach,
    c.unique_users,
    c.entries,
    c.users_in_journey,
    c.drops,
    c.total_sends,
    c.avg_ctr_pct,
    coalesce(c.goals_reached, 0) as goals_reached,
    coalesce(push.sends, 0) as push_sends,
    coalesce(push.deliveries, 0) as push_deliveries,
    coalesce(push.opens, 0) as push_opens,
    push.ctr_pct as push_ctr_pct,
    coalesce(email.sends, 0) as email_sends,
    coalesce(email.deliveries, 0) as email_deliveries,
    coalesce(email.opens, 0) as email_opens,
    coalesce(email.clicks, 0) as email_clicks,
    coalesce(email.unsubscribes, 0) as email_unsubscribes,
    email.ctr_pct as email_ctr_pct,
    coalesce(sms.sends, 0) as sms_sends,
    coalesce(sms.deliveries, 0) as sms_deliveries,
    coalesce(sms.clicks, 0) as sms_clicks,
    sms.ctr_pct as sms_ctr_pct,
    coalesce(whatsapp.sends, 0) as whatsapp_sends,
    coalesce(whatsapp.deliveries, 0) as whatsapp_deliveries,
    coalesce(whatsapp.opens, 0) as whatsapp_reads,
    coalesce(whatsapp.clicks, 0) as whatsapp_clicks,
    whatsapp.ctr_pct as whatsapp_ctr_pct,
    coalesce(inapp.sends, 0) as inapp_impressions,
    coalesce(inapp.clicks, 0) as inapp_interactions,
    coalesce(inapp.skips, 0) as inapp_skips,
    inapp.ctr_pct as inapp_ctr_pct
from campaign_rows(
    $t0, $t1, $search, $category_id, $entry_type, $launch_t0, $launch_t1
) c
left join channels push on push.campaign_id = c.id and push.channel = 'push'
left join channels email on email.campaign_id = c.id and email.channel = 'email'
left join channels sms on sms.campaign_id = c.id and sms.channel = 'sms'
left join channels whatsapp on whatsapp.campaign_id = c.id and whatsapp.channel = 'whatsapp'
left join channels inapp on inapp.campaign_id = c.id and inapp.channel = 'inapp'
where $status is null or c.status = $status
order by strip_accents(lower(c.title)), c.id
