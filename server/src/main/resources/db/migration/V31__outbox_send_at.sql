-- Scheduled sending (issue 17): the time an application asked a message to go out at. A row waits
-- as SCHEDULED with next_attempt_at = send_at until then; the outbox's retry and give-up times
-- count from send_at instead of created_at. Null for mail sent at once.
alter table outbox add column send_at timestamp with time zone;
