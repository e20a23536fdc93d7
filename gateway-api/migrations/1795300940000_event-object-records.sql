-- Up Migration
-- Each object an event names, with the record its transaction wrote for it (from the write set; null where it wrote
-- none, or deleted it): so every object of a transaction over many (forty bags stored at once) has its own old → new in
-- the audit trail, and the trail can be proven record by record against the key's history on the peers. Rows indexed
-- before this column existed have none; the audit trail then takes the record the event carries (EVENT_RECORDS).

ALTER TABLE event_objects ADD COLUMN record jsonb;

-- Down Migration
ALTER TABLE event_objects DROP COLUMN record;
