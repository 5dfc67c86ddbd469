-- Outbound in a cluster (ADR 0018): which run of which node claimed a row it is sending, and which
-- runs are alive, so a node starting (or the sweep) settles only the rows of runs that are gone.
--
-- outbox.claimed_by: the run (NodeName.id) that moved the row to SENDING; null for rows claimed
-- before this migration, which are settled at the next start as before.
alter table outbox add column claimed_by varchar(200);

-- mailgate_node: per node (its stable key), its current run and that run's last heartbeat. A node
-- that starts replaces its previous run here, so that run's rows are known to be abandoned.
create table mailgate_node (
    node_key     varchar(1000) primary key,
    instance_id  varchar(200) not null,
    started_at   timestamp with time zone not null,
    heartbeat_at timestamp with time zone not null
);
