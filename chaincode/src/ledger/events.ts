// Chaincode events: the catalogue of names and payloads listeners subscribe to, and the envelope they all share.
// docs/chaincode.md documents each event's `data`; the shape below is the stable contract with the indexer.
import type { Context } from 'fabric-contract-api';
import { transactionTime } from '../time';
import { toCanonicalBytes } from './canonical';
// Types only: the catalogue names the records other modules declare; nothing here runs their code.
import type { Device } from '../cold-chain/device';
import type { ExcursionRecord } from '../cold-chain/excursion-record';
import type { WindowAnchor } from '../cold-chain/window-anchor';
import type { SecurityLogAnchor } from '../audit/security-log-anchor';
import type { Registry } from '../consortium/registry';
import type { RegistryChangeProposal } from '../consortium/registry-proposal';
import type { Donation, Excursion } from '../donation/donation';
import type { Donor } from '../donation/donor';
import type { LookBackCase, LookBackConclusion } from '../lookback/look-back-case';
import type { LookBackRequest } from '../lookback/look-back-request';
import type { Deviation, ProcessStep } from '../lot/batch-record';
import type { Lot } from '../lot/lot';
import type { MasterBatchRecord } from '../lot/master-batch-record';
import type { Pool } from '../pool/pool';
import type { RuleSet } from '../rules/rule-set';
import type { Shipment } from '../shipment/shipment';
import type { TestResult } from '../testing/test-result';
import type { CaseShipment, ShippingCase } from '../units/unit';

/**
 * The event catalogue: each event's name and the `data` it carries, the one declaration of both. A new event is added
 * here first; then `tsc` lists every place that must decide about it (the contract that emits it, the gateway's
 * alarm judges and EPCIS mapping, the explorer's status tones), each a `Record<EventName, …>`.
 */
export interface EventPayloads {
  ConsortiumInitialised: Registry;
  /** By ChangeRegistry, or by the approval that completes a proposal (which names the proposal after the registry). */
  RegistryChanged: Registry;
  RegistryChangeProposed: RegistryChangeProposal;
  /** An approval that leaves the proposal open; the one that completes it is RegistryChanged. */
  RegistryChangeApproved: RegistryChangeProposal;
  RegistryChangeWithdrawn: RegistryChangeProposal;
  RuleSetsSeeded: { readonly ruleSets: readonly RuleSet[]; readonly governing: readonly string[] };
  RuleSetChanged: RuleSet;
  DonationRecorded: Donation;
  /** A tray of donations one station recorded in one transaction. */
  DonationsRecorded: { readonly station: string; readonly donations: readonly Donation[] };
  DonationScreened: Having<Donation, 'screening'>;
  DonationStored: { readonly dins: readonly string[]; readonly location: string; readonly temperatureC: number };
  /** By the custodian's own report, or by a device excursion (which names the excursion, its evidence and shipments). */
  DonationsPutOnHold: {
    readonly dins: readonly string[];
    readonly kind: 'temperature';
    readonly excursion: Excursion;
    /** Bags already on hold for this excursion whose exposure grew. */
    readonly revisedDins?: readonly string[];
    readonly shipments?: readonly { readonly shipmentId: string; readonly dins: readonly string[] }[];
    readonly evidence?: ExcursionRecord['evidence'] & { readonly excursionId: string };
  };
  DonationHoldResolved: Donation;
  LabelCorrected: Having<Donation, 'labelCorrection'>;
  DonationCorrectionProposed: Having<Donation, 'corrections'>;
  DonationCorrectionReviewed: Having<Donation, 'corrections'>;
  DonationsQuarantined: { readonly dins: readonly string[] };
  DonationsReleased: { readonly dins: readonly string[] };
  DonationDestroyed: Having<Donation, 'destruction'>;
  DonorDeferred: Donor;
  DeferralLifted: Donor;
  ShipmentDispatched: Shipment;
  ShipmentReceived: Having<Shipment, 'receipt'>;
  TestResultRecorded: TestResult;
  OosInvestigationClosed: TestResult;
  PoolCreated: Pool;
  DonationsPooled: {
    readonly poolDin: string;
    readonly chunk: number;
    readonly chunkRoot: string;
    readonly added: number;
    readonly count: number;
    readonly volumeMl: number;
  };
  PoolClosed: Pool;
  LotCreated: Lot;
  ProcessStepRecorded: ProcessStep;
  DeviationRaised: Deviation;
  DeviationClosed: Deviation;
  LotQaReleased: Lot;
  LotReleasedByRegulator: Lot;
  LotPutOnHold: Lot;
  LotHoldReleased: Lot;
  LotRecalled: Having<Lot, 'recall'>;
  MasterBatchRecordDefined: MasterBatchRecord;
  UnitsCommissioned: { readonly lotId: string; readonly commissioned: readonly string[]; readonly unitCount: number };
  CasePacked: ShippingCase;
  CasesShipped: CaseShipment & { readonly cases: readonly string[]; readonly units: number };
  LookBackOpened: LookBackProgress;
  LookBackProgressed: LookBackProgress;
  LookBackCompleted: LookBackProgress;
  LookBackRequested: LookBackRequest;
  LookBackRequestDeclined: LookBackRequest;
  LookBackConcluded: { readonly caseId: string; readonly conclusion: LookBackConclusion };
  DeviceRegistered: Device;
  ReadingsAnchored: Pick<WindowAnchor, 'windowStart' | 'windowEnd' | 'roots'>;
  SecurityLogAnchored: SecurityLogAnchor;
}

/** `T` with `K` set: what an event promises about the record it carries (a screened donation has its screening). */
export type Having<T, K extends keyof T> = T & { readonly [P in K]-?: NonNullable<T[P]> };

/** `record`, checked to have `field` set, as the event announcing it promises. */
export function having<T, K extends keyof T>(record: T, field: K): Having<T, K> {
  if (record[field] === undefined || record[field] === null) throw new Error(`the record has no ${String(field)} for its event`);
  return record as Having<T, K>;
}

/** A look-back case's progress, as each of its steps announces it. */
export type LookBackProgress = Pick<LookBackCase, 'caseId' | 'status' | 'steps' | 'counts' | 'itemsDigest'> & {
  /** DINs this step interdicted. */
  readonly interdicted: readonly string[];
};

export type EventName = keyof EventPayloads;

/**
 * Each event, in catalogue order, with the type of object whose whole stored record its `data` is (its main object's),
 * or null where it carries a summary or another record (a process step or a deviation, announced under its lot). The
 * audit trail shows the other events' data as detail, and verification compares each such record with the ledger's; a
 * new event must say which it carries.
 */
export const EVENT_RECORDS = {
  ConsortiumInitialised: 'consortium',
  RegistryChanged: 'consortium',
  RegistryChangeProposed: 'registry-proposal',
  RegistryChangeApproved: 'registry-proposal',
  RegistryChangeWithdrawn: 'registry-proposal',
  RuleSetsSeeded: null,
  RuleSetChanged: 'rule-set',
  DonationRecorded: 'donation',
  DonationsRecorded: null,
  DonationScreened: 'donation',
  DonationStored: null,
  DonationsPutOnHold: null,
  DonationHoldResolved: 'donation',
  LabelCorrected: 'donation',
  DonationCorrectionProposed: 'donation',
  DonationCorrectionReviewed: 'donation',
  DonationsQuarantined: null,
  DonationsReleased: null,
  DonationDestroyed: 'donation',
  DonorDeferred: 'donor',
  DeferralLifted: 'donor',
  ShipmentDispatched: 'shipment',
  ShipmentReceived: 'shipment',
  TestResultRecorded: 'test-result',
  OosInvestigationClosed: 'test-result',
  PoolCreated: 'pool',
  DonationsPooled: null,
  PoolClosed: 'pool',
  LotCreated: 'lot',
  ProcessStepRecorded: null,
  DeviationRaised: null,
  DeviationClosed: null,
  LotQaReleased: 'lot',
  LotReleasedByRegulator: 'lot',
  LotPutOnHold: 'lot',
  LotHoldReleased: 'lot',
  LotRecalled: 'lot',
  MasterBatchRecordDefined: 'master-batch-record',
  UnitsCommissioned: null,
  CasePacked: 'case',
  CasesShipped: null,
  LookBackOpened: null,
  LookBackProgressed: null,
  LookBackCompleted: null,
  LookBackRequested: 'look-back-request',
  LookBackRequestDeclined: 'look-back-request',
  LookBackConcluded: null,
  DeviceRegistered: 'device',
  ReadingsAnchored: null,
  SecurityLogAnchored: 'security-log',
} as const satisfies Record<EventName, ObjectType | null>;

/** Every event name, in catalogue order (a runtime list the compiler keeps equal to EventPayloads). */
export const EVENT_NAMES = Object.keys(EVENT_RECORDS) as readonly EventName[];

export const isEventName = (name: string): name is EventName => (EVENT_NAMES as readonly string[]).includes(name);

/** Whether event `name`'s data is the whole stored record of its main object, of type `objectType` (EVENT_RECORDS). */
export const carriesRecordOf = (name: string, objectType: string): boolean => isEventName(name) && EVENT_RECORDS[name] === objectType;

/** Kinds of business object a transaction changes; each has a key and an audit trail. */
export const OBJECT_TYPES = [
  'consortium',
  'registry-proposal',
  'rule-set',
  'donation',
  'donor',
  'shipment',
  'test-result',
  'pool',
  'lot',
  'master-batch-record',
  'unit',
  'case',
  'look-back-case',
  'look-back-request',
  'device',
  'window-anchor',
  'excursion',
  'security-log',
] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

/**
 * Where an object an event names (`ObjectRef`) lives in the world state: its composite key's type and attributes. Each
 * type's key function in the chaincode keys it so (held to this by chaincode/test/object-state-keys.test.ts); the
 * indexer reads each named object's new record from the transaction's writes with it.
 */
export function objectStateKey(type: ObjectType, id: string): { readonly keyType: string; readonly attributes: readonly string[] } {
  switch (type) {
    case 'consortium':
      return { keyType: 'consortium', attributes: [] };
    case 'donor':
      return { keyType: 'donor-record', attributes: [id] };
    case 'window-anchor':
      return { keyType: 'coldchain-window', attributes: id.split('/') };
    case 'security-log':
      return { keyType: 'security-log-anchor', attributes: id.split('/') };
    default:
      return { keyType: type, attributes: [id] };
  }
}

export const isObjectType = (type: string): type is ObjectType => (OBJECT_TYPES as readonly string[]).includes(type);

export interface ObjectRef {
  readonly type: ObjectType;
  readonly id: string;
}

/**
 * Payload of every event, as canonical JSON (RFC 8785):
 * - `type`: the event name;
 * - `key`: business key of the main object written (the 13-character DIN for a donation; `consortium` for its registry);
 * - `txId`: the transaction id;
 * - `timestamp`: the transaction timestamp, ISO 8601 UTC;
 * - `data`: the main record as stored, or for transactions over many objects a summary named per event;
 * - `objects`: every business object the transaction changed, main object first (Fabric keeps one event per
 *   transaction, so this list is how an indexer learns of all of them).
 */
export interface LedgerEvent<N extends EventName = EventName> {
  readonly type: N;
  readonly key: string;
  readonly txId: string;
  readonly timestamp: string;
  readonly data: EventPayloads[N];
  readonly objects: readonly ObjectRef[];
}

/**
 * Every write calls this exactly once: Fabric keeps only the last event set in a transaction,
 * so a second call would silently replace the first.
 */
export function emitEvent<N extends EventName>(
  ctx: Context,
  type: N,
  key: string,
  data: EventPayloads[N],
  objects: readonly ObjectRef[],
): void {
  const event: LedgerEvent<N> = { type, key, txId: ctx.stub.getTxID(), timestamp: transactionTime(ctx), data, objects };
  ctx.stub.setEvent(type, toCanonicalBytes(event));
}
