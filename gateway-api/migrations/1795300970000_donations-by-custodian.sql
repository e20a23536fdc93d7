-- Up Migration
-- A site's stock by status (donationsInCustody: a factory's received bags to quarantine, its quarantined bags to
-- release): the custodian is the record's, its station while it has none (until the factory receives the bag).
CREATE INDEX donations_custodian_status ON donations ((coalesce(record ->> 'custodian', station)), status, recorded_at);

-- Down Migration
DROP INDEX donations_custodian_status;
