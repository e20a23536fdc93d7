-- Up Migration
-- Issue 10, items 17 and 18: the indexer cannot be stopped from the channel, and it checks the hash chain.
--
-- Raw transactions. Any member can get a signed envelope ordered whatever its content, so a transaction the
-- indexer cannot read (or that holds what PostgreSQL refuses, such as U+0000 in text or jsonb) is still a row
-- of `transactions`, never a reason to stop: under its own id when its channel header gives one, else
-- `unparsed-<block>-<index>`; with the peer's validation code and is_valid; the creator and time when its header
-- gives them ('' and the epoch otherwise); no endorsers, chaincode, function, events or projected state; and
-- besides, in the two columns below, why it could not be read and the envelope exactly as it was ordered.
-- Both are NULL for every transaction that was read.
ALTER TABLE transactions
  ADD COLUMN parse_error  text,
  ADD COLUMN raw_envelope bytea,
  ADD CONSTRAINT transactions_unparsed_whole CHECK ((parse_error IS NULL) = (raw_envelope IS NULL));
CREATE INDEX transactions_unparsed ON transactions (channel, block_number) WHERE parse_error IS NOT NULL;

-- The hash chain. `hash` is the block header's own hash (hex SHA-256 over the DER of number, previous hash and
-- data hash, as Fabric computes it), which the next block must name as its previous_hash. Blocks indexed before
-- this migration have NULL here; the indexer recomputes their hash from the row's own fields when it needs it.
ALTER TABLE blocks ADD COLUMN hash text;

-- Why the indexer stopped for good: a block whose data does not match its header, or whose previous hash is not
-- the hash of the block before it (block number and both hashes named). NULL while it indexes; cleared when it
-- next writes a block. Read by the gateway's networkStatus.
ALTER TABLE indexer_checkpoint
  ADD COLUMN halted_reason text,
  ADD COLUMN halted_at     timestamptz;

-- Down Migration
ALTER TABLE indexer_checkpoint DROP COLUMN halted_at, DROP COLUMN halted_reason;
ALTER TABLE blocks DROP COLUMN hash;
DROP INDEX transactions_unparsed;
ALTER TABLE transactions DROP CONSTRAINT transactions_unparsed_whole, DROP COLUMN raw_envelope, DROP COLUMN parse_error;
