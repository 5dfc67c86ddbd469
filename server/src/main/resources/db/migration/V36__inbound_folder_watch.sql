-- The change watch of each folder an account reads (issue 17, ADR 0032): IMAP allows one selected
-- folder per connection, so each folder has its own IDLE connection (or Graph subscription) and
-- its own state, shown on the Reader page and in the API. Written by the node holding the
-- account's lease (node_id), which removes only its own rows when it stops watching, so a node
-- that lost the lease never erases what the new holder wrote.
create table inbound_folder_watch (
    account_id uuid not null references email_account (id) on delete cascade,
    folder     varchar(1000) not null,
    node_id    varchar(200) not null,
    watched    boolean not null,
    detail     varchar(2000),
    changed_at timestamp with time zone not null,
    primary key (account_id, folder)
);
