-- The events table of an empty store.
create or replace table events (
    ts timestamptz,
    campaign_id varchar,
    message_id varchar,
    channel channel_t,
    user_id varchar,
    event_type event_type_t,
    goal_id varchar
);
