-- Up Migration
-- The people of each organisation who use the gateway: their password, their own Fabric identity (the
-- private key sealed with the gateway's key-encryption key), and their sessions.

CREATE TABLE people (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The organisation's name in network/topology.yaml; its CA issued the certificate below.
  org            text NOT NULL,
  -- Also the person's identity name at the CA and the common name (CN) of their certificate.
  username       text NOT NULL,
  display_name   text NOT NULL,
  role           text NOT NULL,
  password_hash  text NOT NULL,
  certificate    text NOT NULL,
  -- AES-256-GCM sealed PKCS#8 key, bound to org and username (see gateway-api/src/people/key-vault.ts).
  private_key    bytea NOT NULL,
  created_by     uuid REFERENCES people (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  disabled       boolean NOT NULL DEFAULT false,
  UNIQUE (org, username)
);

CREATE TABLE sessions (
  -- SHA-256 of the bearer token: a stolen table holds no usable token.
  token_hash  bytea PRIMARY KEY,
  person_id   uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Down Migration
DROP TABLE sessions;
DROP TABLE people;
