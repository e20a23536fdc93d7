-- Up Migration
-- Off-chain documents (laboratory raw data, process parameter exports) that the ledger holds only by hash:
-- a test result's rawDataHash, a process step's parameterDataHash. Content-addressed: the key is the SHA-256
-- of the stored bytes, which are the canonical form (RFC 8785 for JSON, the bytes as sent otherwise), so
-- storing the same document twice keeps one row and verification recomputes the hash from `content`.

CREATE TABLE documents (
  sha256          text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type      text NOT NULL,
  file_name       text NOT NULL,
  content         bytea NOT NULL,
  size_bytes      integer NOT NULL CHECK (size_bytes >= 0),
  -- Who stored it first; the ledger transactions that cite the hash carry their own signer.
  stored_by       uuid NOT NULL REFERENCES people (id),
  stored_at       timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE documents;
