-- Up Migration
-- Which certificate created each transaction (SHA-256 of its DER): the organisation's gateway tells from it whether a
-- person's own device signed, or the key it keeps for them. NULL for transactions indexed before, and where the
-- header could not be read.
ALTER TABLE transactions ADD COLUMN creator_certificate_sha256 text;

-- Down Migration
ALTER TABLE transactions DROP COLUMN creator_certificate_sha256;
