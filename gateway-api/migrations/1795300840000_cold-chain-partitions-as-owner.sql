-- Up Migration
-- The cold chain's ingest connects as a role that may not create tables (gateway-api/src/db/grants.ts); it makes the
-- partition of a day through this function, which runs as the schema's owner. Its search path is fixed, as a function
-- running with another role's rights must have: public (where only the owner may create) and the session's temporary
-- schema last.
ALTER FUNCTION cold_chain_ensure_partition(date) SECURITY DEFINER SET search_path = public, pg_temp;
-- PostgreSQL 15 and later give no one but the owner CREATE in public; on an older server this makes it so.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Down Migration
ALTER FUNCTION cold_chain_ensure_partition(date) SECURITY INVOKER RESET search_path;
