-- Up Migration
-- A further device of a person who has held one: its certificate request waits here until a device the person holds
-- signs its approval, or their admin approves it, so that a password alone (phished, shared) never enrols a key that
-- signs for them. Approved, it names the device the CA certified; refused or past expires_at, it is void.

CREATE TABLE device_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id),
  label text NOT NULL,
  certificate_request text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  device_id uuid UNIQUE REFERENCES devices (id),
  -- Who approved or refused it, and, for an approval signed by a device of the person's own, that device.
  decided_by uuid REFERENCES people (id),
  approved_with uuid REFERENCES devices (id),
  -- That device's signature (base64) of the request's approval payload: an auditor verifies it with its certificate.
  approval_signature text,
  refused_at timestamptz,
  CHECK (device_id IS NULL OR refused_at IS NULL)
);
CREATE INDEX device_requests_of_person ON device_requests (person_id);

-- Down Migration
DROP TABLE device_requests;
