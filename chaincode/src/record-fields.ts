// The field list of every record the chaincode keeps and of every structured input its transactions read, as each
// state object's reader (readObject) knows it: a field outside its list is refused. Clients check their own shapes
// against these (the gateway's GraphQL types, gateway-api/test/schema-records.test.ts), so neither can drift.
export { ACTOR_FIELDS, CHANGE_STAMP_FIELDS, REASON_INPUT_FIELDS } from './ledger/change';
export { ELECTRONIC_SIGNATURE_FIELDS } from './signatures/signature-record';
export { SIGNATURE_AUTHORITY_FIELDS } from './signatures/signature-authority';
export {
  CORRECTION_INPUT_FIELDS,
  CORRECTION_REVIEW_INPUT_FIELDS,
  DESTRUCTION_FIELDS,
  DONATION_CORRECTION_FIELDS,
  DONATION_FIELDS,
  DONATION_INPUT_FIELDS,
  DONATION_RELEASE_FIELDS,
  EXCURSION_FIELDS,
  HOLD_FIELDS,
  HOLD_FINDING_FIELDS,
  INTERDICTION_FIELDS,
  LABEL_CORRECTION_FIELDS,
  LABEL_CORRECTION_INPUT_FIELDS,
  LATE_ENTRY_FIELDS,
  SCREENING_FIELDS,
  STORAGE_FIELDS,
  STORAGE_INPUT_FIELDS,
} from './donation/donation';
export { SCREENING_DETAIL_INPUT_FIELDS, SCREENING_TEST_FIELDS } from './donation/screening';
export { DESTRUCTION_INPUT_FIELDS } from './donation/destruction';
export { DEFERRAL_FIELDS, DEFERRAL_INPUT_FIELDS, DEFERRAL_LIFT_FIELDS, DONOR_FIELDS } from './donation/donor';
export { DISCREPANCY_FIELDS, DISPATCH_INPUT_FIELDS, RECEIPT_FIELDS, RECEIPT_INPUT_FIELDS, SHIPMENT_FIELDS } from './shipment/shipment';
export {
  INVESTIGATION_FIELDS,
  OOS_CLOSURE_INPUT_FIELDS,
  TEST_RESULT_FIELDS,
  TEST_RESULT_INPUT_FIELDS,
  TEST_SUBJECT_FIELDS,
} from './testing/test-result';
export { POOL_FIELDS, POOL_INPUT_FIELDS } from './pool/pool';
export {
  LOT_FIELDS,
  LOT_HOLD_FIELDS,
  LOT_INPUT_FIELDS,
  LOT_REGULATOR_RELEASE_FIELDS,
  PRODUCT_FIELDS,
  QA_RELEASE_FIELDS,
  RECALL_FIELDS,
} from './lot/lot';
export {
  CAPA_FIELDS,
  CAPA_INPUT_FIELDS,
  DEVIATION_FIELDS,
  DEVIATION_INPUT_FIELDS,
  PROCESS_STEP_FIELDS,
  PROCESS_STEP_INPUT_FIELDS,
} from './lot/batch-record';
export {
  CRITICAL_PARAMETER_FIELDS,
  MASTER_BATCH_RECORD_CHANGE_INPUT_FIELDS,
  MASTER_BATCH_RECORD_FIELDS,
  MASTER_RECORD_REF_FIELDS,
  MASTER_STEP_FIELDS,
} from './lot/master-batch-record';
export {
  CASE_SHIPMENT_FIELDS,
  CASE_SHIPMENT_INPUT_FIELDS,
  SHIPPING_CASE_FIELDS,
  SHIPPING_CASE_INPUT_FIELDS,
  UNIT_FIELDS,
} from './units/unit';
export {
  CONCLUSION_INPUT_FIELDS,
  LOOK_BACK_CASE_FIELDS,
  LOOK_BACK_CONCLUSION_FIELDS,
  LOOK_BACK_COUNTS_FIELDS,
  LOOK_BACK_SCOPE_FIELDS,
  LOOK_BACK_WINDOW_FIELDS,
} from './lookback/look-back-case';
export { LOOK_BACK_REQUEST_FIELDS, WINDOW_REQUEST_FIELDS } from './lookback/look-back-request';
export {
  EXCURSION_ALLOWANCE_FIELDS,
  MANDATORY_TESTS_FIELDS,
  RULE_CHANGE_INPUT_FIELDS,
  RULE_FIELDS,
  RULE_SET_FIELDS,
} from './rules/rule-set';
export { ORGANISATION_FIELDS, ORGANISATION_INPUT_FIELDS } from './consortium/organisation';
export { REGISTRY_FIELDS } from './consortium/registry';
export { REGISTRY_CHANGE_INPUT_FIELDS } from './consortium/registry-change';
export { PROPOSER_FIELDS, REGISTRY_PROPOSAL_FIELDS } from './consortium/registry-proposal';
