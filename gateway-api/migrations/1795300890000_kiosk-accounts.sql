-- Up Migration
-- Kiosk accounts: people whose organisation lets the gateway keep their key and sign for them even once they hold a
-- key in a device of their own (a shared terminal). The people the gateway seeded from the launcher's identities
-- (created by nobody; their keys are on the launcher's disk too), but the admin, keep signing as they did.
ALTER TABLE people ADD COLUMN kiosk boolean NOT NULL DEFAULT false;
UPDATE people SET kiosk = true WHERE created_by IS NULL AND role <> 'admin';

-- Down Migration
ALTER TABLE people DROP COLUMN kiosk;
