-- Up Migration
-- The indexer's projection of the channel: blocks, transactions and where the indexer stands.

CREATE TABLE indexer_checkpoint (
  channel     text PRIMARY KEY,
  -- The next block to index; every block below it is fully written.
  next_block  bigint NOT NULL CHECK (next_block >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE blocks (
  channel        text NOT NULL,
  number         bigint NOT NULL,
  data_hash      text NOT NULL,
  previous_hash  text NOT NULL,
  tx_count       integer NOT NULL,
  indexed_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, number)
);

CREATE TABLE transactions (
  tx_id            text PRIMARY KEY,
  channel          text NOT NULL,
  block_number     bigint NOT NULL,
  tx_index         integer NOT NULL,
  -- Fabric's validation code: VALID, MVCC_READ_CONFLICT, ENDORSEMENT_POLICY_FAILURE, ...
  validation_code  text NOT NULL,
  is_valid         boolean NOT NULL,
  creator_msp      text NOT NULL,
  creator_name     text NOT NULL,
  endorsers        text[] NOT NULL,
  chaincode        text,
  function_name    text,
  created_at       timestamptz NOT NULL,
  UNIQUE (channel, block_number, tx_index),
  FOREIGN KEY (channel, block_number) REFERENCES blocks (channel, number)
);
CREATE INDEX transactions_created_at ON transactions (created_at DESC);

-- Every chaincode event exactly as emitted: the source of the domain tables and of the audit trail.
CREATE TABLE ledger_events (
  tx_id       text PRIMARY KEY REFERENCES transactions (tx_id),
  name        text NOT NULL,
  object_key  text NOT NULL,
  payload     jsonb NOT NULL,
  emitted_at  timestamptz NOT NULL
);
CREATE INDEX ledger_events_object ON ledger_events (object_key, emitted_at);

-- Down Migration
DROP TABLE ledger_events;
DROP TABLE transactions;
DROP TABLE blocks;
DROP TABLE indexer_checkpoint;
