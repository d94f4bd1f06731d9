-- One campaign's figures over a period (the card's headline and supporting
-- figures); run twice for the trend against the previous period.
select *
from campaign_rows(
    $t0, $t1, null, null, null, null, null, p_campaign := $campaign_id
)
