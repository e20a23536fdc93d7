-- Up Migration
-- Cold chain and plant readings from OPC UA devices (cold-chain/), the windows in which they are anchored
-- on the ledger as one Merkle root per device, and the temperature excursions found in them.

-- One row per reading as the device reported it. Partitioned by day of the device's source time; the
-- primary key makes a re-delivered reading (after a reconnection, a backfill) a no-op, never a duplicate.
CREATE TABLE cold_chain_readings (
  device        text NOT NULL,
  -- The device's signal: temperature, ph, centrifugeSpeed.
  node          text NOT NULL,
  source_time   timestamptz NOT NULL,
  -- NULL when the device reported a Bad status instead of a measurement.
  value         double precision,
  -- The OPC UA status code as reported (0 is Good).
  status_code   bigint NOT NULL CHECK (status_code BETWEEN 0 AND 4294967295),
  -- SHA-256 Merkle leaf hash of the reading's canonical form, computed when it arrived.
  leaf_hash     bytea NOT NULL CHECK (octet_length(leaf_hash) = 32),
  -- The ingest window the reading was stored in, and so the Merkle root it is anchored under.
  window_start  timestamptz NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device, node, source_time)
) PARTITION BY RANGE (source_time);

CREATE INDEX cold_chain_readings_window ON cold_chain_readings (window_start, device);

-- The partition of one UTC day, created when missing; the ingest calls it ahead of time and for any day
-- a reading carries, so that no reading is refused for want of a partition.
CREATE FUNCTION cold_chain_ensure_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  starts timestamptz := day::timestamp AT TIME ZONE 'UTC';
BEGIN
  EXECUTE format(
    'CREATE TABLE IF NOT EXISTS %I PARTITION OF cold_chain_readings FOR VALUES FROM (%L) TO (%L)',
    'cold_chain_readings_' || to_char(day, 'YYYYMMDD'), starts, starts + interval '1 day');
END;
$$;

-- One row per device and window that received readings; sealed when the window closed.
CREATE TABLE cold_chain_windows (
  window_start  timestamptz NOT NULL,
  device        text NOT NULL,
  window_end    timestamptz NOT NULL CHECK (window_end > window_start),
  leaf_count    integer CHECK (leaf_count > 0),
  root          bytea CHECK (octet_length(root) = 32),
  sealed_at     timestamptz,
  PRIMARY KEY (window_start, device),
  CHECK ((root IS NULL) = (sealed_at IS NULL) AND (root IS NULL) = (leaf_count IS NULL))
);
CREATE INDEX cold_chain_windows_unsealed ON cold_chain_windows (window_start) WHERE root IS NULL;

-- The ledger transaction that anchored every device root of a window.
CREATE TABLE cold_chain_anchors (
  window_start  timestamptz PRIMARY KEY,
  window_end    timestamptz NOT NULL,
  tx_id         text NOT NULL UNIQUE,
  anchored_at   timestamptz NOT NULL DEFAULT now()
);

-- A storage temperature excursion: from the first reading above the storage limit to the first back
-- below it. Reported on the ledger once its evidence window is anchored.
CREATE TABLE cold_chain_excursions (
  id                 text PRIMARY KEY,
  device             text NOT NULL,
  node               text NOT NULL,
  started_at         timestamptz NOT NULL,
  ended_at           timestamptz,
  last_reading_at    timestamptz NOT NULL,
  peak_value         double precision NOT NULL,
  peak_reading_at    timestamptz NOT NULL,
  severity           text NOT NULL CHECK (severity IN ('tolerated', 'violation')),
  -- The rule as it was applied (limits and tolerance), so the decision can be re-checked later.
  rule               jsonb NOT NULL,
  -- The window whose anchored root proves the peak reading.
  evidence_window    timestamptz NOT NULL,
  reported_severity  text CHECK (reported_severity IN ('tolerated', 'violation')),
  reported_tx_id     text,
  reported_at        timestamptz
);
CREATE INDEX cold_chain_excursions_device ON cold_chain_excursions (device, started_at);

-- Down Migration
DROP TABLE cold_chain_excursions;
DROP TABLE cold_chain_anchors;
DROP TABLE cold_chain_windows;
DROP FUNCTION cold_chain_ensure_partition(date);
DROP TABLE cold_chain_readings;
