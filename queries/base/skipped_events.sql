-- How many rows of the snapshot base/load_events.sql left out.
select (select count(*) from read_parquet($files)) - (select count(*) from events)
    as skipped
