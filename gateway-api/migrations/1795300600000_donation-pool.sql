-- Up Migration
-- The pool a donation went into, beside the donation: a lot's sources are then one index range per pool.
ALTER TABLE donations ADD COLUMN pool_din text;
CREATE INDEX donations_pool ON donations (pool_din, din) WHERE pool_din IS NOT NULL;

-- Down Migration
ALTER TABLE donations DROP COLUMN pool_din;
