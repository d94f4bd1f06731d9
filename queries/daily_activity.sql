-- One row per local day of the period (days without events included):
-- sends, opens, clicks, goals and entries, days cut in the reporting zone
-- (a 15-minute rollup slot never straddles a local midnight).
with days as (
    select range::date as day
    from range($start_day::timestamp, $end_day::timestamp + interval 1 day, interval 1 day)
),
counts as (
    select
        timezone($tz, slot)::date as day,
        sum(sends) as sends,
        sum(opens) as opens,
        sum(clicks) as clicks,
        sum(goals) as goals,
        sum(entries) as entries
    from event_rollup
    where campaign_id = $campaign_id and slot >= $t0 and slot < $t1
    group by 1
)
select
    days.day,
    coalesce(sends, 0)::bigint as sends,
    coalesce(opens, 0)::bigint as opens,
    coalesce(clicks, 0)::bigint as clicks,
    coalesce(goals, 0)::bigint as goals,
    coalesce(entries, 0)::bigint as entries
from days
left join counts using (day)
order by days.day
