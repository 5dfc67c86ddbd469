-- Outbound mail is no longer sent through one db-scheduler execution per message (ADR 0017): the
-- node that queues a message wakes its account's sender in memory. Executions left from before
-- would be reported forever as a task without an implementation; their rows are in outbox.
delete from scheduled_tasks where task_name = 'outbox-send';
