-- Up Migration
-- What a reader may read of the projection (issue 14, read scopes), in one place that every query calls:
--   everything (the regulator's people, inspectors among them): every object;
--   station: its own donations, their test results, its own shipments and its own devices' excursions;
--   factory: the donations shipped to it, their test results, the shipments sent to it, and the excursions of its own
--   devices or of a logger travelling with a shipment to it.
-- The object types listed as read by every member (pools, lots, units, cases, look-backs, donors' deferrals, the
-- registry, rule sets, devices, anchors) are what the factory did with the donations, or what every member applies or
-- checks. Whatever the rule cannot place is read by `everything` alone: an unknown reader or object type (a type the
-- chaincode adds is refused until it is placed here: gateway-api/test/unit/read-scope.test.ts), a missing id, and a
-- donation, test result, shipment or excursion the projection does not hold (yet).
CREATE FUNCTION object_readable(object_kind text, object_key text, reader text, reader_msp text) RETURNS boolean
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
DROP FUNCTION object_readable(text, text, text, text);
