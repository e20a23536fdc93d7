-- Up Migration
-- The devices whose keys sign for a person: each key made in the person's browser (never seen by the gateway), each
-- with its own certificate from the organisation's CA. A revoked device signs nothing more through this gateway, and
-- its certificate is revoked at the CA.

CREATE TABLE devices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id),
  label text NOT NULL,
  certificate text NOT NULL,
  -- The certificate's serial number and authority key identifier (hex, lower case): what the CA revokes it by.
  serial text NOT NULL,
  authority_key_id text NOT NULL,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES people (id)
);
CREATE INDEX devices_of_person ON devices (person_id);

-- Down Migration
DROP TABLE devices;
