-- Up Migration
-- Every object the chaincode keeps, as its last committed write set left it: taken from the blocks'
-- write sets, so it is the ledger's own state, not a reading of event summaries. Link keys
-- (pool-member, lot-pool, unit-by-lot, donation-pool, pool-lot, donor...) are objects too: lineage walks them.

CREATE TABLE ledger_state (
  object_type    text NOT NULL,
  -- The composite key's attributes, e.g. {poolDin, din} for a pool-member link.
  attributes     text[] NOT NULL,
  value          jsonb NOT NULL,
  updated_tx_id  text NOT NULL REFERENCES transactions (tx_id),
  PRIMARY KEY (object_type, attributes)
);
-- Lineage walks links by their first attribute, in both directions (each link is kept both ways).
CREATE INDEX ledger_state_first_attribute ON ledger_state (object_type, (attributes[1]));

-- Down Migration
DROP TABLE ledger_state;
