-- The events table of an empty store.
create or replace table events (
    ts timestamptz,
    campaign_id varchar,
    message_id varchar,
    channel channel_t,
    user_key bigint,
    event_type event_type_t,
    goal_id varchar
);
create or replace table event_rollup (
    campaign_id varchar,
    message_id varchar,
    channel varchar,
    slot timestamptz,
    sends bigint,
    deliveries bigint,
    opens bigint,
    clicks bigint,
    unsubscribes bigint,
    bounces bigint,
    skips bigint,
    entries bigint,
    exits bigint,
    drops bigint,
    goals bigint,
    events bigint
);
