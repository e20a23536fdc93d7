-- Up Migration
-- An excursion is reported on the ledger again when it escalates to a violation or ends, so that the hold
-- carries its final peak and duration: remember whether it had ended as of the last report.
-- (IF NOT EXISTS: development databases got this column by hand before it was a migration.)
ALTER TABLE cold_chain_excursions ADD COLUMN IF NOT EXISTS reported_ended_at timestamptz;
COMMENT ON COLUMN cold_chain_excursions.reported_ended_at IS 'ended_at as of the last report to the ledger; NULL while it was still running or never reported';

-- Down Migration
ALTER TABLE cold_chain_excursions DROP COLUMN reported_ended_at;
