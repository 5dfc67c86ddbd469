-- Stored emails, received (inbound) and sent (outbound): the raw RFC 5322 bytes exactly as they
-- came (ADR 0005), the fields parsed from them, and their attachments.
--
-- De-duplication is done by unique constraints, so concurrent readers and nodes cannot store a
-- message twice: one per IMAP source (account, folder, UIDVALIDITY, UID), one per POP3 source
-- (account, UIDL), and a second guard on (account, direction, Message-ID hash, content hash) for a
-- server that renumbers its messages. NULL source keys never collide (both databases treat NULLs
-- in unique constraints as distinct).
--
-- feed_position orders the REST feed. It is taken from message_feed_counter as the last step of
-- the storing transaction, whose row lock makes positions commit in order (ADR 0006): a consumer
-- that has seen position n never later finds a new message below n.
create table message_feed_counter (
    id            integer primary key,
    last_position bigint not null
);
insert into message_feed_counter (id, last_position) values (1, 0);

create table message (
    id                 uuid primary key,
    feed_position      bigint unique,
    account_id         uuid not null references email_account (id) on delete cascade,
    direction          varchar(10) not null,
    received_at        timestamp with time zone not null,
    source_folder      varchar(1000),
    source_uidvalidity bigint,
    source_uid         bigint,
    source_uidl        varchar(200),
    raw                bytea not null,
    size_bytes         bigint not null,
    content_sha256     varchar(64) not null,
    message_id_sha256  varchar(64) not null,
    message_id         varchar,
    from_address       varchar,
    from_name          varchar,
    -- address lists and header fields as JSON arrays
    from_list          varchar not null,
    to_list            varchar not null,
    cc_list            varchar not null,
    reply_to_list      varchar not null,
    header_list        varchar not null,
    subject            varchar,
    sent_at            timestamp with time zone,
    in_reply_to        varchar,
    reference_ids      varchar not null,
    text_body          varchar,
    html_body          varchar,
    auto_reply         boolean not null,
    bounce             boolean not null,
    mail_loop          boolean not null,
    oversize           boolean not null,
    parse_error        varchar,
    constraint message_imap_source_unique
        unique (account_id, source_folder, source_uidvalidity, source_uid),
    constraint message_pop3_source_unique unique (account_id, source_uidl),
    constraint message_content_unique
        unique (account_id, direction, message_id_sha256, content_sha256)
);
create index message_account_position_idx on message (account_id, feed_position);

create table message_attachment (
    message_id    uuid not null references message (id) on delete cascade,
    attachment_no integer not null,
    name          varchar,
    content_type  varchar(255) not null,
    content_id    varchar,
    inline_part   boolean not null,
    size_bytes    bigint not null,
    content       bytea not null,
    primary key (message_id, attachment_no)
);
