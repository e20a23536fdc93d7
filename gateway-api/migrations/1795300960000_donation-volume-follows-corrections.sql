-- Up Migration
-- The donations table's volume_ml did not follow a corrected volume (Donation:ReviewCorrection applied): the indexer
-- now updates it; rows written before take it from the record kept beside them, which always followed the ledger.
UPDATE donations SET volume_ml = (record ->> 'volumeMl')::integer
 WHERE record ? 'volumeMl' AND volume_ml IS DISTINCT FROM (record ->> 'volumeMl')::integer;

-- Down Migration
-- Nothing to undo: the column holds the ledger's value again.
