-- A one-time link that lets a mailbox's owner authorize one account without a Mailgate login
-- (issue 20). Only the SHA-256 of the link's token is stored; the token is shown once.
create table owner_authorization_link (
    id            uuid primary key,
    account_id    uuid          not null,
    token_hash    varchar(64)   not null unique,
    created_by    varchar(200)  not null,
    created_at    timestamp with time zone not null,
    expires_at    timestamp with time zone not null,
    used_at       timestamp with time zone,
    outcome       varchar(30),
    authorized_as varchar(320),
    finished_at   timestamp with time zone
);
create index owner_authorization_link_account_idx on owner_authorization_link (account_id);
