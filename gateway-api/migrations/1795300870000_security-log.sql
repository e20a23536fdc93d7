-- Up Migration
-- The organisation's security log (Part 11 §11.10(e), Annex 11 §12.4): sign-ins and their failures, password
-- changes and resets, people created, disabled and enabled, devices enrolled and revoked, electronic-signature
-- attempts. Append-only: the gateway's role may read and insert, never update or delete; and each row carries the
-- SHA-256 of its content and of the row before it, so an edited, deleted or reordered row breaks the chain.

CREATE TABLE security_events (
  seq bigint PRIMARY KEY,
  recorded_at timestamptz NOT NULL,
  event text NOT NULL,
  -- Who acted and on whom, as "<org>/<username>"; null when unknown (a failed sign-in of a name nobody has).
  actor text,
  subject text,
  client_address text,
  detail jsonb NOT NULL,
  previous_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);

-- Down Migration
DROP TABLE security_events;
