-- Up Migration
-- Donations as the ledger last described them, one row per DIN, for queries the ledger cannot answer fast.

CREATE TABLE donations (
  din               text PRIMARY KEY,
  station           text NOT NULL,
  facility          text NOT NULL,
  product_code      text NOT NULL,
  donor_pseudonym   text NOT NULL,
  volume_ml         integer NOT NULL,
  collection_start  timestamptz NOT NULL,
  collection_end    timestamptz NOT NULL,
  status            text NOT NULL,
  operator          text NOT NULL,
  recorded_at       timestamptz NOT NULL,
  updated_tx_id     text NOT NULL REFERENCES transactions (tx_id),
  -- The record exactly as the ledger holds it, for verification and for fields added later.
  record            jsonb NOT NULL
);
CREATE INDEX donations_donor ON donations (donor_pseudonym, collection_end);
CREATE INDEX donations_station_status ON donations (station, status);

-- Down Migration
DROP TABLE donations;
