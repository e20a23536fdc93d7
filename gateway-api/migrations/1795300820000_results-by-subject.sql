-- Up Migration
-- A subject's test results are found through the chaincode's result-by-subject link (kind, id, resultId).
-- The first-attribute index would narrow only to a kind (every pool, every lot); this one goes to the subject.
CREATE INDEX ledger_state_results_by_subject ON ledger_state ((attributes[2]), (attributes[1])) WHERE object_type = 'result-by-subject';

-- Down Migration
DROP INDEX ledger_state_results_by_subject;
