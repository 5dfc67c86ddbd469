-- Mailgate's schema. Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL.
-- Conventions: ids are UUIDs made by the application; times are timestamp with time zone (UTC);
-- every column holding a secret ends in _enc and holds a Tink AEAD ciphertext (base64) whose
-- associated data is "table.column:id", so key rotation finds all of them by that suffix.

create table admin_user (
    username            varchar(100) primary key,
    password_hash       varchar(200) not null,
    created_at          timestamp with time zone not null,
    password_changed_at timestamp with time zone not null
);

create table api_token (
    id           uuid primary key,
    name         varchar(200) not null,
    token_hash   varchar(64)  not null unique,
    token_prefix varchar(16)  not null,
    created_by   varchar(100) not null,
    created_at   timestamp with time zone not null,
    last_used_at timestamp with time zone,
    revoked_at   timestamp with time zone
);

-- One row whose ciphertext proves, before anything else touches the database, that the master
-- key in use is the one this database was encrypted with.
create table encryption_check (
    id             uuid primary key,
    check_value_enc varchar not null,
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null
);

create table oauth_provider (
    id                 uuid primary key,
    name               varchar(200)  not null unique,
    preset             varchar(40)   not null,
    client_id          varchar(500)  not null,
    client_secret_enc  varchar,
    authorization_url  varchar(2000),
    token_url          varchar(2000) not null,
    revocation_url     varchar(2000),
    userinfo_url       varchar(2000),
    issuer             varchar(2000),
    jwks_url           varchar(2000),
    token_auth_method  varchar(40)   not null,
    pkce               boolean       not null,
    prompt             varchar(40),
    extra_auth_params  varchar(2000),
    grant_type         varchar(40)   not null,
    created_at         timestamp with time zone not null,
    updated_at         timestamp with time zone not null
);

create table oauth_profile (
    id          uuid primary key,
    provider_id uuid not null references oauth_provider (id),
    name        varchar(200)  not null,
    scopes      varchar(4000) not null,
    created_at  timestamp with time zone not null,
    constraint oauth_profile_name_unique unique (provider_id, name)
);

create table email_account (
    id                uuid primary key,
    name              varchar(200) not null unique,
    type              varchar(10)  not null,
    address           varchar(320) not null,
    login_user        varchar(320) not null,
    host              varchar(255) not null,
    port              integer      not null,
    security          varchar(10)  not null,
    auth_method       varchar(10)  not null,
    password_enc      varchar,
    profile_id        uuid references oauth_profile (id),
    expected_identity varchar(320),
    active            boolean      not null,
    default_outbound  boolean      not null,
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null
);

-- Tokens of one identity at one provider; shared by every account of that mailbox whose scopes
-- the grant covers.
create table credential (
    id                      uuid primary key,
    provider_id             uuid not null references oauth_provider (id),
    identity                varchar(320) not null,
    access_token_enc        varchar,
    refresh_token_enc       varchar,
    access_token_expires_at timestamp with time zone,
    scopes                  varchar(4000),
    state                   varchar(30) not null,
    state_reason            varchar(2000),
    created_at              timestamp with time zone not null,
    updated_at              timestamp with time zone not null,
    constraint credential_identity_unique unique (provider_id, identity)
);

-- db-scheduler's table (cluster-safe jobs claimed through the database).
create table scheduled_tasks (
    task_name            varchar(250) not null,
    task_instance        varchar(250) not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean not null,
    picked_by            varchar(50),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
