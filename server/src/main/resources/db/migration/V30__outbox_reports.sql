-- What came back about a sent message (ADR 0028): a delivery status notification's verdict on one
-- recipient (BOUNCED, DELAYED, DELIVERED) or a feedback report (COMPLAINED), each tied to the
-- outbox entry whose Message-ID the report names and to the stored inbound message it came in.
-- The report message has no foreign key: retention may delete it while its verdict stays.
create table outbox_report (
    id                uuid primary key,
    outbox_id         uuid not null references outbox (id) on delete cascade,
    report_message_id uuid not null,
    recipient         varchar(1000),
    kind              varchar(20) not null,
    action            varchar(40),
    status            varchar(40),
    diagnostic        varchar(2000),
    reported_at       timestamp with time zone not null
);
create index outbox_report_entry_idx on outbox_report (outbox_id, reported_at);
-- reports name the message they are about by its Message-ID
create index outbox_message_id_header_idx on outbox (message_id_header);
