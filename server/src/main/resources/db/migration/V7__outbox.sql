-- Outbound mail waiting for, in, or after delivery. The message itself (raw MIME as sent) is a
-- row of message with direction OUTBOUND; this row holds the envelope and the delivery state:
-- SEND_READY -> SENDING -> SENT | RETRY_SCHEDULED | FAILED | CANCELLED (and OUTCOME_UNKNOWN after
-- a crash while SENDING). An Idempotency-Key is unique, so a retried submission finds the first.
create table outbox (
    id                uuid primary key,
    account_id        uuid not null references email_account (id) on delete cascade,
    message_id        uuid not null references message (id) on delete cascade,
    message_id_header varchar(1000) not null,
    idempotency_key   varchar(200) unique,
    envelope_from     varchar(1000) not null,
    -- JSON arrays: envelope recipients (to, cc and bcc) and, after an attempt, each one's result
    recipients        varchar not null,
    recipient_results varchar,
    state             varchar(20) not null,
    attempts          integer default 0 not null,
    last_reply        varchar(2000),
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null,
    next_attempt_at   timestamp with time zone,
    sent_at           timestamp with time zone
);
create index outbox_due_idx on outbox (state, next_attempt_at);
create index outbox_account_idx on outbox (account_id, created_at);
