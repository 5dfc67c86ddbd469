-- Token lifecycle: when each credential's access token is due for a refresh (the refresh job reads
-- only the due rows, through the index), what the last refresh did, and the credential's events.
alter table credential add column refresh_due_at timestamp with time zone;
alter table credential add column last_refresh_at timestamp with time zone;
alter table credential add column refresh_token_issued_at timestamp with time zone;
alter table credential add column consecutive_failures integer default 0 not null;
alter table credential add column last_failure varchar(2000);
create index credential_refresh_due_idx on credential (refresh_due_at, id);

-- Credentials authorized before this migration: due at once, so the first job run puts each on
-- its schedule.
update credential set refresh_token_issued_at = updated_at where refresh_token_enc is not null;
update credential set refresh_due_at = updated_at
where state = 'AUTHORIZED' and refresh_token_enc is not null and access_token_expires_at is not null;

-- What happened to a credential: authorized, refresh failed / recovered, token rejected by a mail
-- server, needs re-authorization. Successful routine refreshes are counted in metrics, not here.
-- Never holds a token: details are the provider's or the mail server's own error text.
create table credential_event (
    id            uuid primary key,
    credential_id uuid not null references credential (id) on delete cascade,
    kind          varchar(40) not null,
    detail        varchar(2000),
    occurred_at   timestamp with time zone not null
);
create index credential_event_credential_idx on credential_event (credential_id, occurred_at);
