-- What the snapshot holds: events, campaigns, and the newest event's time.
select
    count(*)::bigint as events,
    count(distinct campaign_id)::bigint as campaigns,
    min(ts) as first_event_at,
    max(ts) as last_event_at
from events
