-- Up Migration
-- Each object an event names, with the record its transaction wrote for it (from the write set): so every object of a
-- transaction over many (forty bags stored at once) has its own old → new in the audit trail, and the trail can be
-- proven record by record against the key's history on the peers.
--
-- The projection is derived from the ledger alone, so it is rebuilt rather than left with rows that keep no record: its
-- tables are emptied and the indexer reads the chain again from the genesis block (checking every block's hash link as
-- it goes). Until it has caught up, the gateway shows the ledger as far as it has read.

ALTER TABLE event_objects ADD COLUMN record jsonb;
TRUNCATE event_objects, ledger_events, ledger_state, donations, transactions, blocks, indexer_checkpoint;

-- Down Migration
ALTER TABLE event_objects DROP COLUMN record;
