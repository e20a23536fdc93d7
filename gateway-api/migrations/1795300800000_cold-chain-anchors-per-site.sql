-- Up Migration
-- Each site organisation anchors its own devices' roots of a window in its own ledger transaction, so the
-- anchoring transaction is kept per device window (with the seal it anchors) rather than per window.
-- cold_chain_anchors held one transaction per window for all devices; nothing was ever anchored into it.
DROP TABLE cold_chain_anchors;

ALTER TABLE cold_chain_windows
  ADD COLUMN anchor_tx_id text,
  ADD COLUMN anchored_at timestamptz,
  -- Why the ledger refused this window for good (CONFLICT: the site anchored other roots for it); it is not retried.
  ADD COLUMN anchor_refusal text,
  ADD CHECK (anchor_tx_id IS NULL OR root IS NOT NULL),
  ADD CHECK ((anchor_tx_id IS NULL) = (anchored_at IS NULL));
COMMENT ON COLUMN cold_chain_windows.anchor_tx_id IS 'the ColdChain:AnchorReadings transaction of the device''s site that holds this root';
CREATE INDEX cold_chain_windows_unanchored ON cold_chain_windows (window_start)
  WHERE root IS NOT NULL AND anchor_tx_id IS NULL AND anchor_refusal IS NULL;

-- Why the last report of an excursion was refused by the ledger (VALIDATION, FORBIDDEN, CONFLICT) or not made
-- (its evidence no longer verifies); it is reported again only when the excursion changes.
ALTER TABLE cold_chain_excursions ADD COLUMN report_refusal text;

-- Down Migration
ALTER TABLE cold_chain_excursions DROP COLUMN report_refusal;
DROP INDEX cold_chain_windows_unanchored;
ALTER TABLE cold_chain_windows DROP COLUMN anchor_refusal, DROP COLUMN anchored_at, DROP COLUMN anchor_tx_id;
CREATE TABLE cold_chain_anchors (
  window_start  timestamptz PRIMARY KEY,
  window_end    timestamptz NOT NULL,
  tx_id         text NOT NULL UNIQUE,
  anchored_at   timestamptz NOT NULL DEFAULT now()
);
