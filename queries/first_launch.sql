-- The earliest first launch among the campaigns matching the list filters
-- (the Campaigns page's "since launch" period starts there).
select min(launched_at) as first_launch
from filtered_campaigns($search, $category_id, $entry_type, $launch_t0, $launch_t1)
where $status is null or status = $status
