-- The Campaigns page: one row per catalog campaign matching the filters.
-- Undefined values sort last in both directions; ties fall back to the title.
select *
from campaign_rows($t0, $t1, $search, $category_id, $entry_type, $launch_t0, $launch_t1)
where $status is null or status = $status
order by
    case when $descending then null else
        case $sort
            when 'reach' then total_reach::double
            when 'goals' then goals_reached::double
            when 'ctr' then avg_ctr_pct
            when 'launched' then epoch(launched_at)
            when 'created' then epoch(created_at)
            when 'modified' then epoch(modified_at)
        end
    end asc nulls last,
    case when $descending then
        case $sort
            when 'reach' then total_reach::double
            when 'goals' then goals_reached::double
            when 'ctr' then avg_ctr_pct
            when 'launched' then epoch(launched_at)
            when 'created' then epoch(created_at)
            when 'modified' then epoch(modified_at)
        end
    end desc nulls last,
    case when $sort = 'name' and not $descending then strip_accents(lower(title)) end
        asc nulls last,
    case when $sort = 'name' and $descending then strip_accents(lower(title)) end
        desc nulls last,
    strip_accents(lower(title)),
    id
