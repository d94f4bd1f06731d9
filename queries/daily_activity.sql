-- One row per local day of the period (days without events included):
-- sends, opens, clicks, goals and entries, days cut in the reporting zone.
with days as (
    select range::date as day
    from range($start_day::timestamp, $end_day::timestamp + interval 1 day, interval 1 day)
),
counts as (
    select
        timezone($tz, ts)::date as day,
        count(*) filter (where is_send) as sends,
        count(*) filter (where is_open) as opens,
        count(*) filter (where is_click) as clicks,
        count(*) filter (where event_type = 'goal_reached') as goals,
        count(*) filter (where event_type = 'entered') as entries
    from measured_events($t0, $t1)
    where campaign_id = $campaign_id
    group by 1
)
select
    days.day,
    coalesce(sends, 0) as sends,
    coalesce(opens, 0) as opens,
    coalesce(clicks, 0) as clicks,
    coalesce(goals, 0) as goals,
    coalesce(entries, 0) as entries
from days
left join counts using (day)
order by days.day
