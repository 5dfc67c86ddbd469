-- Which expiry warnings were given (ADR 0029): one row per provider, credential (client secret or
-- certificate), expiry and warning step (30, 14, 7, 1 days ahead; 0 = expired), so each step is
-- announced once, by one node, and a renewed secret or certificate (another expiry) warns anew.
create table provider_expiry_warning (
    provider_id  uuid         not null references oauth_provider (id) on delete cascade,
    kind         varchar(40)  not null,
    expires_at   timestamp with time zone not null,
    threshold    int          not null,
    warned_at    timestamp with time zone not null,
    primary key (provider_id, kind, expires_at, threshold)
);
