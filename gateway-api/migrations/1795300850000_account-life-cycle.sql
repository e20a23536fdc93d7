-- Up Migration
-- Accounts have a life cycle: a password an admin chose is changed by its person at the first sign-in, a forgotten
-- one is replaced through a one-time code the admin hands over (the admin never knows the new password), and a
-- disabled person signs in nowhere (their sessions end at once).

ALTER TABLE people ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
-- Everyone an admin created so far still has the password the admin chose (the seeded demo people have no creator).
UPDATE people SET must_change_password = true WHERE created_by IS NOT NULL;
-- SHA-256 of the one-time reset code, and when it stops working; both null when no reset is pending.
ALTER TABLE people ADD COLUMN reset_code_hash bytea;
ALTER TABLE people ADD COLUMN reset_code_expires_at timestamptz;

-- Down Migration
ALTER TABLE people DROP COLUMN reset_code_expires_at;
ALTER TABLE people DROP COLUMN reset_code_hash;
ALTER TABLE people DROP COLUMN must_change_password;
