-- Up Migration
-- Registry change proposals (chaincode object type registry-proposal) are consortium records, as the registry itself:
-- every member's people read them, since every member's admin is asked to approve them. object_readable as
-- 1795300980000_master-batch-record-read-scope.sql left it, with that type placed among those every member reads.
CREATE OR REPLACE FUNCTION object_readable(object_kind text, object_key text, reader text, reader_msp text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
  -- A test result's subject, and the donation the object is or whose test result it is.
  WITH result AS (
    SELECT r.value -> 'subject' ->> 'kind' AS kind, r.value -> 'subject' ->> 'id' AS id FROM ledger_state r
     WHERE object_kind = 'test-result' AND r.object_type = 'test-result' AND r.attributes = ARRAY[object_key]
  ), concerned AS (
    SELECT object_key AS din WHERE object_kind = 'donation'
    UNION ALL SELECT id FROM result WHERE kind = 'donation'
  )
  SELECT CASE
    WHEN reader = 'everything' THEN true
    WHEN reader IS NULL OR reader NOT IN ('station', 'factory') OR object_key IS NULL OR reader_msp IS NULL THEN false
    WHEN object_kind IN ('consortium', 'registry-proposal', 'rule-set', 'donor', 'pool', 'lot', 'unit', 'case',
                         'look-back-case', 'look-back-request', 'device', 'window-anchor', 'security-log') THEN true
    -- A product's master batch record is its factory's process knowledge: its own factory reads it, no other member.
    WHEN object_kind = 'master-batch-record' THEN reader = 'factory' AND EXISTS (
      SELECT 1 FROM ledger_state m
       WHERE m.object_type = 'master-batch-record' AND m.attributes = ARRAY[object_key] AND m.value ->> 'factory' = reader_msp)
    WHEN object_kind = 'shipment' THEN EXISTS (
      SELECT 1 FROM ledger_state s
       WHERE s.object_type = 'shipment' AND s.attributes = ARRAY[object_key]
         AND s.value ->> CASE reader WHEN 'station' THEN 'station' ELSE 'destination' END = reader_msp)
    WHEN object_kind = 'excursion' THEN EXISTS (
      SELECT 1 FROM ledger_state x
       WHERE x.object_type = 'excursion' AND x.attributes = ARRAY[object_key]
         AND (x.value ->> 'site' = reader_msp
              OR reader = 'factory' AND EXISTS (
                SELECT 1 FROM jsonb_array_elements_text(COALESCE(x.value -> 'shipments', '[]')) AS shipped(id)
                  JOIN ledger_state s ON s.object_type = 'shipment' AND s.attributes = ARRAY[shipped.id]
                 WHERE s.value ->> 'destination' = reader_msp)))
    -- A pool's or a lot's test result is read by every member; a donation's where the donation is.
    WHEN EXISTS (SELECT 1 FROM result WHERE kind IN ('pool', 'lot')) THEN true
    WHEN object_kind IN ('donation', 'test-result') THEN EXISTS (
      SELECT 1 FROM concerned c JOIN donations d ON d.din = c.din
       WHERE CASE reader
               WHEN 'station' THEN d.station = reader_msp
               ELSE EXISTS (SELECT 1 FROM ledger_state s
                             WHERE s.object_type = 'shipment' AND s.attributes = ARRAY[d.record ->> 'shipmentId']
                               AND s.value ->> 'destination' = reader_msp)
             END)
    ELSE false
  END
$$;

-- Down Migration
CREATE OR REPLACE FUNCTION object_readable(object_kind text, object_key text, reader text, reader_msp text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
  -- A test result's subject, and the donation the object is or whose test result it is.
  WITH result AS (
    SELECT r.value -> 'subject' ->> 'kind' AS kind, r.value -> 'subject' ->> 'id' AS id FROM ledger_state r
     WHERE object_kind = 'test-result' AND r.object_type = 'test-result' AND r.attributes = ARRAY[object_key]
  ), concerned AS (
    SELECT object_key AS din WHERE object_kind = 'donation'
    UNION ALL SELECT id FROM result WHERE kind = 'donation'
  )
  SELECT CASE
    WHEN reader = 'everything' THEN true
    WHEN reader IS NULL OR reader NOT IN ('station', 'factory') OR object_key IS NULL OR reader_msp IS NULL THEN false
    WHEN object_kind IN ('consortium', 'rule-set', 'donor', 'pool', 'lot', 'unit', 'case', 'look-back-case',
                         'look-back-request', 'device', 'window-anchor', 'security-log') THEN true
    -- A product's master batch record is its factory's process knowledge: its own factory reads it, no other member.
    WHEN object_kind = 'master-batch-record' THEN reader = 'factory' AND EXISTS (
      SELECT 1 FROM ledger_state m
       WHERE m.object_type = 'master-batch-record' AND m.attributes = ARRAY[object_key] AND m.value ->> 'factory' = reader_msp)
    WHEN object_kind = 'shipment' THEN EXISTS (
      SELECT 1 FROM ledger_state s
       WHERE s.object_type = 'shipment' AND s.attributes = ARRAY[object_key]
         AND s.value ->> CASE reader WHEN 'station' THEN 'station' ELSE 'destination' END = reader_msp)
    WHEN object_kind = 'excursion' THEN EXISTS (
      SELECT 1 FROM ledger_state x
       WHERE x.object_type = 'excursion' AND x.attributes = ARRAY[object_key]
         AND (x.value ->> 'site' = reader_msp
              OR reader = 'factory' AND EXISTS (
                SELECT 1 FROM jsonb_array_elements_text(COALESCE(x.value -> 'shipments', '[]')) AS shipped(id)
                  JOIN ledger_state s ON s.object_type = 'shipment' AND s.attributes = ARRAY[shipped.id]
                 WHERE s.value ->> 'destination' = reader_msp)))
    -- A pool's or a lot's test result is read by every member; a donation's where the donation is.
    WHEN EXISTS (SELECT 1 FROM result WHERE kind IN ('pool', 'lot')) THEN true
    WHEN object_kind IN ('donation', 'test-result') THEN EXISTS (
      SELECT 1 FROM concerned c JOIN donations d ON d.din = c.din
       WHERE CASE reader
               WHEN 'station' THEN d.station = reader_msp
               ELSE EXISTS (SELECT 1 FROM ledger_state s
                             WHERE s.object_type = 'shipment' AND s.attributes = ARRAY[d.record ->> 'shipmentId']
                               AND s.value ->> 'destination' = reader_msp)
             END)
    ELSE false
  END
$$;

