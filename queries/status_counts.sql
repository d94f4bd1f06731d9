-- How many campaigns each status tab holds under the other filters.
select status, count(*)::bigint as campaigns
from filtered_campaigns($search, $category_id, $entry_type, $launch_t0, $launch_t1)
group by status
