-- Inbound readers (issue 6).
--
-- inbound_checkpoint: how far the IMAP reader got in each folder of an account, the folder's
-- UIDVALIDITY and the highest UID stored under it. It only moves after the message is stored, so
-- a crash re-reads at most what was stored already (and the store's unique keys make that a no-op).
-- POP3 keeps no cursor: the store's (account, UIDL) key says what was read.
create table inbound_checkpoint (
    account_id  uuid not null references email_account (id) on delete cascade,
    folder      varchar(1000) not null,
    uidvalidity bigint not null,
    highest_uid bigint not null,
    updated_at  timestamp with time zone not null,
    primary key (account_id, folder)
);

-- inbound_reader: each reader's last outcome (READING, NEEDS_REAUTHORIZATION, FAILING with why),
-- its backoff after failures, and the account's post-fetch action when it is not the default.
create table inbound_reader (
    account_id        uuid primary key references email_account (id) on delete cascade,
    state             varchar(30) not null,
    detail            varchar(2000),
    failures          integer not null,
    next_attempt_at   timestamp with time zone,
    last_read_at      timestamp with time zone,
    post_fetch_action varchar(20),
    move_folder       varchar(1000)
);
