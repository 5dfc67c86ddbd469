-- The folder each stored inbound message was read from (issue 17): shown in the feed, the inbox
-- and the message.received webhook, and filtered on by the feed. IMAP keeps it in its source key
-- already; POP3 has only its maildrop, called INBOX; a Graph message's folder is not part of its
-- key (its immutable id stays when it moves), so it is written here. Null for outbound copies.
alter table message add column folder varchar(1000);
update message set folder = source_folder where source_folder is not null;
update message set folder = 'INBOX' where source_uidl is not null;

-- The folders an account's reader reads (issue 17), in order; none listed = the configured one
-- (mailgate.inbound.folder, INBOX). Each has its own cursor (inbound_checkpoint is keyed by
-- account and folder) and may have its own post-fetch action (null = the account's).
create table inbound_folder (
    account_id        uuid not null references email_account (id) on delete cascade,
    folder            varchar(1000) not null,
    position          integer not null,
    post_fetch_action varchar(20),
    move_folder       varchar(1000),
    primary key (account_id, folder)
);
