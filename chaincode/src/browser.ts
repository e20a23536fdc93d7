// The chaincode's face for the explorer in the browser: only modules that need neither node:crypto, Buffer nor
// fabric-shim at run time, so the explorer imports the chaincode's own rules rather than copying them. The DIN and
// GS1 check rules, unit codes, the lot's steps by status, the role matrix, the kinds of business object and of
// deferral, the signature meanings and the event catalogue.
export { computeDinCheckCharacter, normaliseDinKey } from './identifiers/din';
export { gs1CheckDigit, GTIN_RULE, SSCC_RULE } from './identifiers/gs1';
export { assertCodeOfProduct, parseUnitCode } from './units/unit-code';
export { lotAllows, type LotStep } from './lot/lot-steps';
export * from './access/roles';
export { ORGANISATION_KINDS, type OrganisationKind } from './consortium/organisation-kind';
export {
  DEFERRAL_KINDS,
  DEFERRAL_REASONS,
  LIFT_REASONS,
  type DeferralKind,
  type DeferralReason,
  type LiftReason,
} from './donation/deferral-kinds';
export { SIGNATURE_MEANINGS, type SignatureMeaning } from './signatures/meanings';
export { AT_STATION_STATUSES, isAtStation } from './donation/at-station';
export { DESTROYABLE_STATUSES, KEPT_COLD_STATUSES, isKeptCold } from './donation/kept-cold';
export { MAX_BATCH } from './ledger/limits';
export {
  EVENT_NAMES,
  EVENT_RECORDS,
  carriesRecordOf,
  isEventName,
  isObjectType,
  objectStateKey,
  OBJECT_TYPES,
  type EventName,
  type EventPayloads,
  type LedgerEvent,
  type LookBackProgress,
  type ObjectRef,
  type ObjectType,
} from './ledger/events';

// Types only (erased from the bundle): the records the explorer shows, so its tables can be keyed by their statuses
// (its GraphQL answers are typed by GraphQL Code Generator, where the schema carries statuses as String).
export type { CorrectableField, Donation } from './donation/donation';
export type { Shipment } from './shipment/shipment';
export type { TestResult } from './testing/test-result';
export type { Pool } from './pool/pool';
export type { Lot } from './lot/lot';
export type { Deviation } from './lot/batch-record';
export type { RegulatorReleaseState } from './lot/regulator-release';
export type { ShippingCase, Unit } from './units/unit';
export type { LookBackCase } from './lookback/look-back-case';
export type { LookBackRequest } from './lookback/look-back-request';
export type { ExcursionAllowance, FailedRetestOutcome, MandatoryTests, Rules } from './rules/rule-set';
