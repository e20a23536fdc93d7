-- Up Migration
-- The printed name in each transaction's creator certificate (the `name` attribute its CA registered, else its common
-- name): the person's name beside their username in the audit trail. Null for rows indexed before it was kept.
ALTER TABLE transactions ADD COLUMN creator_printed_name text;

-- Down Migration
ALTER TABLE transactions DROP COLUMN creator_printed_name;
