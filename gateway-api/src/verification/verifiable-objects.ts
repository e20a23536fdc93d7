// The ledger objects the gateway can verify: for each, the contract's own query that reads it from the peers, where
// the stored record sits in that query's answer, its key in the projection (the chaincode's composite key), and
// which of its fields hold the SHA-256 of an off-chain document.
import { normaliseDinKey } from '@plasma/chaincode';
import type { TransactionName } from '../ledger/person-ledger';

export type LedgerRecord = Readonly<Record<string, unknown>>;

export interface VerifiableObject {
  /** The contract's query, called with `argumentsOf` the object's id. */
  readonly query: TransactionName;
  /** The query's arguments for an id: the id alone, unless the query takes more. */
  readonly argumentsOf: (id: string) => string[];
  /** The record as the chaincode stores it, inside the query's answer. */
  readonly record: (answer: LedgerRecord) => LedgerRecord;
  /** The record's own key: the attribute of its composite key, which is its ledger_state key. */
  readonly keyField: string;
  /** The key an id as typed stands for, to look for a projection row when the ledger holds no such object. */
  readonly keyOf: (id: string) => string;
  /** Fields that hold the SHA-256 of an off-chain document (in the documents table). */
  readonly documentFields: readonly string[];
}

const itself = (answer: LedgerRecord): LedgerRecord => answer;
const inside =
  (field: string) =>
  (answer: LedgerRecord): LedgerRecord =>
    answer[field] as LedgerRecord;
const asTyped = (id: string): string => id;
/** A DIN typed with or without its check character, as the chaincode keys it. */
const dinKey = (id: string): string => normaliseDinKey(id);

const object = (query: TransactionName, keyField: string, more: Partial<VerifiableObject> = {}): VerifiableObject => ({
  query,
  keyField,
  record: itself,
  argumentsOf: (id) => [id],
  keyOf: asTyped,
  documentFields: [],
  ...more,
});

/** Keyed by the object types of ledger events and ledger_state. */
export const VERIFIABLE_OBJECTS: ReadonlyMap<string, VerifiableObject> = new Map([
  ['donation', object('Donation:GetDonation', 'din', { keyOf: dinKey })],
  ['shipment', object('Shipment:GetShipment', 'shipmentId')],
  ['test-result', object('TestResult:GetTestResult', 'resultId', { documentFields: ['rawDataHash'] })],
  ['pool', object('Pool:GetPool', 'poolDin', { keyOf: dinKey })],
  // Its process steps (and their parameter data documents) are verified with it.
  ['lot', object('Lot:GetLot', 'lotId')],
  // The version in force (an empty version); earlier versions are kept under their own keys, each written once.
  ['master-batch-record', object('Lot:GetMasterBatchRecord', 'productCode', { argumentsOf: (id) => [id, ''] })],
  // GetUnit answers the unit with its case and its lot's status; the unit itself is what is stored.
  ['unit', object('Units:GetUnit', 'code', { record: inside('unit') })],
  ['case', object('Units:GetCase', 'caseCode')],
  ['look-back-case', object('LookBack:GetLookBackCase', 'caseId', { record: inside('case') })],
  ['rule-set', object('RuleSet:GetRuleSet', 'jurisdiction')],
  ['device', object('ColdChain:GetDevice', 'deviceId')],
  ['excursion', object('ColdChain:GetExcursion', 'excursionId')],
]);

export const VERIFIABLE_TYPES: readonly string[] = [...VERIFIABLE_OBJECTS.keys()];
