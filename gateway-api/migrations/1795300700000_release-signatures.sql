-- Up Migration
-- Electronic signatures made for a lot's QA release while the second signer has not signed yet. The
-- chaincode verifies them again when the release is submitted; these rows are only a waiting room.
CREATE TABLE release_signatures (
  lot_id      text NOT NULL,
  meaning     text NOT NULL,
  signer_id   text NOT NULL,
  signature   jsonb NOT NULL,
  signed_at   timestamptz NOT NULL,
  PRIMARY KEY (lot_id, meaning)
);

-- Down Migration
DROP TABLE release_signatures;
