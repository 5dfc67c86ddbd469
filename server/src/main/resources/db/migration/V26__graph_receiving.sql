-- Graph receiving (issue 14, ADR 0025).
--
-- A Graph folder's cursor is its @odata.deltaLink: an opaque URL Graph hands out at the end of a
-- delta round, holding the delta token (often over a kilobyte), saved only once every message of
-- the round is stored and given its action. IMAP rows keep uidvalidity/highest_uid and no link;
-- Graph rows keep 0/0 there and the link here.
alter table inbound_checkpoint add column delta_link varchar(65536);

-- A Graph message is known by its immutable id (Prefer: IdType="ImmutableId"), which stays the
-- same when the message moves between folders of the mailbox: a full resync after 410 Gone finds
-- every stored message by it and stores nothing twice. Looked-up column first, as V16.
alter table message add column source_item_id varchar(500);
alter table message add constraint message_graph_source_unique
    unique (source_item_id, account_id);
