-- Up Migration
-- When each person last signed in: what an admin looks at before disabling an account nobody uses.
ALTER TABLE people ADD COLUMN last_sign_in_at timestamptz;

-- Down Migration
ALTER TABLE people DROP COLUMN last_sign_in_at;
