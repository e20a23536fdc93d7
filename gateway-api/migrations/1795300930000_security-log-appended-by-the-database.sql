-- Up Migration
-- The security log is numbered, timed, linked and hashed by the database itself, and no row is ever updated, deleted
-- or truncated away, not even by the table's owner, while these triggers stand. Whoever holds the gateway's database
-- credentials may still insert an event, but it takes the next number, the database's time and the hash of the row
-- before it: no insert can break the chain or write into its past. Only a superuser or the owner disabling the
-- triggers can change what is written, and then the chain and its anchor on the ledger name the row.
--
-- The hash is the SHA-256 of the row's canonical JSON (RFC 8785) exactly as the gateway's check computes it
-- (securityEventHash in src/people/security-log.ts): keys in order, strings escaped as JSON.stringify does (which is
-- what to_json does for text), the time in milliseconds as an ISO string. The detail's names are letters and digits
-- (never a name a JavaScript reader treats specially, such as __proto__), so sorting them by bytes is sorting them as
-- RFC 8785 does; its values are strings. The functions name their schema and refuse any isolation but READ COMMITTED,
-- under which the row before is read after the lock is held.

CREATE FUNCTION security_events_append() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
  last_seq bigint;
  last_hash text;
  detail_json text;
BEGIN
  IF jsonb_typeof(NEW.detail) IS DISTINCT FROM 'object' THEN
    RAISE EXCEPTION 'security_events.detail must be a JSON object' USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM jsonb_each(NEW.detail) d WHERE jsonb_typeof(d.value) <> 'string' OR d.key !~ '^[A-Za-z][A-Za-z0-9]*$') THEN
    RAISE EXCEPTION 'security_events.detail must map names of letters and digits to strings' USING ERRCODE = 'check_violation';
  END IF;
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'the security log is appended under READ COMMITTED only, not %', current_setting('transaction_isolation')
      USING ERRCODE = 'invalid_transaction_state';
  END IF;
  -- One writer at a time: each row needs the hash of the one before.
  PERFORM pg_advisory_xact_lock(7020501);
  SELECT seq, hash INTO last_seq, last_hash FROM public.security_events ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.previous_hash := coalesce(last_hash, repeat('0', 64));
  NEW.recorded_at := date_trunc('milliseconds', clock_timestamp());
  SELECT '{' || coalesce(string_agg(to_json(d.key)::text || ':' || to_json(d.value)::text, ',' ORDER BY d.key COLLATE "C"), '') || '}'
    INTO detail_json FROM jsonb_each_text(NEW.detail) d;
  NEW.hash := encode(sha256(convert_to(
    '{"actor":' || coalesce(to_json(NEW.actor)::text, 'null')
    || ',"clientAddress":' || coalesce(to_json(NEW.client_address)::text, 'null')
    || ',"detail":' || detail_json
    || ',"event":' || to_json(NEW.event)::text
    || ',"previousHash":' || to_json(NEW.previous_hash)::text
    || ',"recordedAt":' || to_json(to_char(NEW.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
    || ',"seq":' || NEW.seq::text
    || ',"subject":' || coalesce(to_json(NEW.subject)::text, 'null')
    || '}', 'UTF8')), 'hex');
  RETURN NEW;
END
$$;

CREATE FUNCTION security_events_unchangeable() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  RAISE EXCEPTION 'the security log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER security_events_append BEFORE INSERT ON security_events
  FOR EACH ROW EXECUTE FUNCTION security_events_append();
CREATE TRIGGER security_events_no_update_or_delete BEFORE UPDATE OR DELETE ON security_events
  FOR EACH ROW EXECUTE FUNCTION security_events_unchangeable();
CREATE TRIGGER security_events_no_truncate BEFORE TRUNCATE ON security_events
  FOR EACH STATEMENT EXECUTE FUNCTION security_events_unchangeable();

-- Down Migration
DROP TRIGGER security_events_no_truncate ON security_events;
DROP TRIGGER security_events_no_update_or_delete ON security_events;
DROP TRIGGER security_events_append ON security_events;
DROP FUNCTION security_events_unchangeable();
DROP FUNCTION security_events_append();
