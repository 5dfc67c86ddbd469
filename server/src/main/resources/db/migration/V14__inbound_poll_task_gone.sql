-- The recurring db-scheduler task "inbound-poll" (ADR 0008) was replaced by per-node reader
-- leases (ADR 0012, V11); no task of that name is registered any more, so its row in
-- scheduled_tasks is stale. Nothing reads it.
delete from scheduled_tasks where task_name = 'inbound-poll';
