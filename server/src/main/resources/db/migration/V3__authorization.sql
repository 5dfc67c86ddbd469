-- Pending "Authorize" clicks: one row per authorization request sent to a provider, consumed once
-- by the callback at /oauth_redirect.do. Only a hash of the state is stored (the state travels in
-- URLs); the PKCE verifier is a secret and is encrypted.
create table authorization_request (
    id                uuid primary key,
    state_hash        varchar(64)   not null unique,
    account_id        uuid          not null,
    provider_id       uuid          not null references oauth_provider (id) on delete cascade,
    session_binding   varchar(64),
    code_verifier_enc varchar,
    nonce             varchar(200),
    redirect_uri      varchar(2000) not null,
    expected_identity varchar(320)  not null,
    scopes            varchar(4000) not null,
    created_at        timestamp with time zone not null,
    expires_at        timestamp with time zone not null,
    used_at           timestamp with time zone
);
create index authorization_request_expires_idx on authorization_request (expires_at);
