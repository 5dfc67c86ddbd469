-- RFC 8628: the provider's device authorization endpoint, for headless set-up (issue 20).
-- Null where the provider offers none, or (Google) does not allow it for mail scopes.
alter table oauth_provider add column device_authorization_url varchar(2000);

-- A device authorization in progress or done: what the person is shown (user code, where to
-- type it), what Mailgate polls with (the device code, encrypted), the interval in force (it grows
-- by 5 s with each slow_down) and how it ended. Any node can read it; the node that started it
-- polls.
create table device_authorization (
    id                        uuid primary key,
    account_id                uuid          not null,
    provider_id               uuid          not null references oauth_provider (id) on delete cascade,
    expected_identity         varchar(320)  not null,
    scopes                    varchar(4000) not null,
    device_code_enc           varchar       not null,
    user_code                 varchar(200)  not null,
    verification_uri          varchar(2000) not null,
    verification_uri_complete varchar(2000),
    interval_seconds          integer       not null,
    state                     varchar(30)   not null,
    reason                    varchar(4000),
    signed_in_as              varchar(320),
    created_at                timestamp with time zone not null,
    expires_at                timestamp with time zone not null,
    updated_at                timestamp with time zone not null
);
create index device_authorization_account_idx on device_authorization (account_id);
