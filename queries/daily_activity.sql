-- One row per local day of the period (days without events included):
-- sends, opens, clicks, goals and entries. Each day's first instant comes from
-- journeys.periods, like the period's own bounds, so the days follow the same
-- time zone rules as every other figure (DuckDB's own zone data can differ)
-- and the series adds up to the period; a 15-minute rollup slot never
-- straddles a local midnight.
with days as (
    select unnest($days) as day, unnest($day_starts) as day_start
),
counts as (
    select
        days.day,
        sum(r.sends) as sends,
        sum(r.opens) as opens,
        sum(r.clicks) as clicks,
        sum(r.goals) as goals,
        sum(r.entries) as entries
    from event_rollup r
    asof join days on r.slot >= days.day_start
    where r.campaign_id = $campaign_id and r.slot >= $t0 and r.slot < $t1
    group by days.day
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
