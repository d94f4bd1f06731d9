-- The journey funnel of one campaign: distinct users at each step.
with users as (
    select
        count(distinct user_key) filter (where event_type = 'entered') as entered,
        count(distinct user_key) filter (where is_send) as reached,
        count(distinct user_key) filter (where is_open) as opened,
        count(distinct user_key) filter (where is_click) as clicked,
        count(distinct user_key) filter (where event_type = 'goal_reached') as goal
    from measured_events($t0, $t1)
    where campaign_id = $campaign_id
)
select step, position, users
from users
unpivot (users for step in (entered, reached, opened, clicked, goal))
join (values ('entered', 1), ('reached', 2), ('opened', 3), ('clicked', 4), ('goal', 5))
    as steps(step_name, position) on steps.step_name = step
order by position
