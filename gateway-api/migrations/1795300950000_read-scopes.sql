-- Up Migration
-- What a reader may read of the projection (issue 14, read scopes), in one place that every query calls:
--   everything (the regulator's people, inspectors among them): every object;
--   station: its own donations, their test results and its own shipments;
--   factory: the donations shipped to it, their test results, and the shipments sent to it.
-- Every other object (pools, lots, units, cases, donors' deferrals, the registry, rule sets) is read by every member:
-- it is what the factory did with the donations, or a rule every member applies. An unknown reader reads nothing
-- scoped; a donation or shipment the projection does not hold is read by `everything` alone.
CREATE FUNCTION object_readable(object_kind text, object_key text, reader text, reader_msp text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
  -- The donation the object is, or whose test result it is; none for every other object.
  WITH concerned AS (
    SELECT CASE object_kind
             WHEN 'donation' THEN object_key
             WHEN 'test-result' THEN (SELECT r.value -> 'subject' ->> 'id' FROM ledger_state r
                                       WHERE r.object_type = 'test-result' AND r.attributes = ARRAY[object_key]
                                         AND r.value -> 'subject' ->> 'kind' = 'donation')
           END AS din
  )
  SELECT CASE
    WHEN reader = 'everything' THEN true
    WHEN reader IS NULL OR reader NOT IN ('station', 'factory') THEN false
    WHEN object_kind = 'shipment' THEN EXISTS (
      SELECT 1 FROM ledger_state s
       WHERE s.object_type = 'shipment' AND s.attributes = ARRAY[object_key]
         AND s.value ->> CASE reader WHEN 'station' THEN 'station' ELSE 'destination' END = reader_msp)
    WHEN (SELECT din FROM concerned) IS NULL THEN true
    ELSE EXISTS (
      SELECT 1 FROM concerned c JOIN donations d ON d.din = c.din
       WHERE CASE reader
               WHEN 'station' THEN d.station = reader_msp
               ELSE EXISTS (SELECT 1 FROM ledger_state s
                             WHERE s.object_type = 'shipment' AND s.attributes = ARRAY[d.record ->> 'shipmentId']
                               AND s.value ->> 'destination' = reader_msp)
             END)
  END
$$;

-- Down Migration
DROP FUNCTION object_readable(text, text, text, text);
