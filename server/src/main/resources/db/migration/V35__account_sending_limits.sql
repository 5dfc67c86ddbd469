-- Sending limits per account (issue 19, ADR 0030).
--
-- account_sending_limit: the limits an admin set on an account, each null for "no limit". An
-- account without a row takes its provider preset's defaults (Exchange Online: 30 messages a
-- minute and 10,000 recipients a day; Google Workspace 2,000 messages a day, consumer Gmail 500),
-- so a preset's figure can change in a later release without touching rows. The sender spaces the
-- account's messages to stay under them instead of provoking the provider's throttling.
create table account_sending_limit (
    account_id         uuid primary key references email_account (id) on delete cascade,
    per_minute         integer,
    per_day            integer,
    recipients_per_day integer,
    updated_at         timestamp with time zone not null
);
