-- Empty stand-ins for the catalog: each query's cursor registers the real
-- frames under these names, which take precedence over the tables here.
create or replace table catalog_campaign (
    id varchar,
    title varchar,
    status varchar,
    entry_type varchar,
    category_id varchar,
    category_name varchar,
    category_is_default boolean,
    created_at timestamptz,
    created_by varchar,
    launched_at timestamptz,
    modified_at timestamptz,
    modified_by varchar,
    message_count bigint
);
create or replace table catalog_message (
    campaign_id varchar,
    id varchar,
    name varchar,
    channel varchar,
    position bigint
);
