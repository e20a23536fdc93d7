-- Up Migration
-- Every business object each event says it changed: the index behind audit trails by object.

CREATE TABLE event_objects (
  tx_id        text NOT NULL REFERENCES ledger_events (tx_id),
  object_type  text NOT NULL,
  object_id    text NOT NULL,
  -- The event's main object (whose record is the event's data), as opposed to one it lists besides.
  is_main      boolean NOT NULL,
  PRIMARY KEY (object_type, object_id, tx_id)
);
CREATE INDEX event_objects_tx ON event_objects (tx_id);

-- Down Migration
DROP TABLE event_objects;
