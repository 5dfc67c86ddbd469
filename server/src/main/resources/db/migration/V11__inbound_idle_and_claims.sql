-- Inbound readers, second round (issue 6): IMAP IDLE, and claims so that with several nodes on one
-- database each mailbox is read by exactly one node.
--
-- inbound_lease: which node reads the account, until when. The holder renews it well before it
-- expires; another node takes an expired lease over (a node that died), or a released one at once.
create table inbound_lease (
    account_id uuid primary key references email_account (id) on delete cascade,
    node_id    varchar(200) not null,
    expires_at timestamp with time zone not null
);

-- inbound_reader, more of what the reader does: its mode (IDLE or POLLING), when the server last
-- announced new mail over IDLE, why IDLE is not used or was lost, and the account's own IDLE
-- setting (null: the configured default).
alter table inbound_reader add column mode varchar(20);
alter table inbound_reader add column last_idle_event_at timestamp with time zone;
alter table inbound_reader add column idle_detail varchar(2000);
alter table inbound_reader add column idle_enabled boolean;
