-- The folder each stored inbound message was read from (issue 17): shown in the feed, the inbox
-- and the message.received webhook, and filtered on by the feed. IMAP keeps it in its source key
-- already; POP3 has only its maildrop, called INBOX; a Graph message's folder is not part of its
-- key (its immutable id stays when it moves), so it is written here. Null for outbound copies.
alter table message add column folder varchar(1000);
update message set folder = source_folder where source_folder is not null;
update message set folder = 'INBOX' where source_uidl is not null;
