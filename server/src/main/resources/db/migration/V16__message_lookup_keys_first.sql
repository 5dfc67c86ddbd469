-- The readers ask which of many messages are stored with one query per chunk
-- ("source_uid in (...)", "source_uidl in (...)", "message_id_sha256 in (...)"). H2 seeks an
-- index for each value of an IN list only when that column comes first in the index; with the
-- account first it scanned every message of the account for each chunk, a cost that grew with
-- the mailbox. Same constraints, same names, the listed column first.
alter table message drop constraint message_imap_source_unique;
alter table message add constraint message_imap_source_unique
    unique (source_uid, account_id, source_folder, source_uidvalidity);

alter table message drop constraint message_pop3_source_unique;
alter table message add constraint message_pop3_source_unique unique (source_uidl, account_id);

alter table message drop constraint message_content_unique;
alter table message add constraint message_content_unique
    unique (message_id_sha256, account_id, direction, content_sha256);
