// Chaincode events: the names listeners subscribe to, and the one payload shape they all share.
// docs/chaincode.md documents each event's `data`; the shape below is the stable contract with the indexer.
import type { Context } from 'fabric-contract-api';
import { transactionTime } from '../time';
import { toCanonicalBytes } from './canonical';

export const EventName = {
  ConsortiumInitialised: 'ConsortiumInitialised',
  RegistryChanged: 'RegistryChanged',
  RuleSetsSeeded: 'RuleSetsSeeded',
  RuleSetChanged: 'RuleSetChanged',
  DonationRecorded: 'DonationRecorded',
  DonationScreened: 'DonationScreened',
  DonationStored: 'DonationStored',
  DonationsPutOnHold: 'DonationsPutOnHold',
  DonationHoldResolved: 'DonationHoldResolved',
  DonationsQuarantined: 'DonationsQuarantined',
  DonationsReleased: 'DonationsReleased',
  DonationDestroyed: 'DonationDestroyed',
  ShipmentDispatched: 'ShipmentDispatched',
  ShipmentReceived: 'ShipmentReceived',
  TestResultRecorded: 'TestResultRecorded',
  OosInvestigationClosed: 'OosInvestigationClosed',
  PoolCreated: 'PoolCreated',
  DonationsPooled: 'DonationsPooled',
  PoolClosed: 'PoolClosed',
  LotCreated: 'LotCreated',
  ProcessStepRecorded: 'ProcessStepRecorded',
  DeviationRaised: 'DeviationRaised',
  DeviationClosed: 'DeviationClosed',
  LotQaReleased: 'LotQaReleased',
  LotReleasedByRegulator: 'LotReleasedByRegulator',
  LotPutOnHold: 'LotPutOnHold',
  LotHoldReleased: 'LotHoldReleased',
  LotRecalled: 'LotRecalled',
  UnitsCommissioned: 'UnitsCommissioned',
  CasePacked: 'CasePacked',
  CasesShipped: 'CasesShipped',
  LookBackOpened: 'LookBackOpened',
  LookBackProgressed: 'LookBackProgressed',
  LookBackCompleted: 'LookBackCompleted',
  LookBackRequested: 'LookBackRequested',
  LookBackRequestDeclined: 'LookBackRequestDeclined',
  LookBackConcluded: 'LookBackConcluded',
  DeviceRegistered: 'DeviceRegistered',
  ReadingsAnchored: 'ReadingsAnchored',
} as const;
export type EventName = (typeof EventName)[keyof typeof EventName];

/** Kinds of business object a transaction changes; each has a key and an audit trail. */
export const OBJECT_TYPES = [
  'consortium', 'rule-set', 'donation', 'shipment', 'test-result', 'pool', 'lot',
  'unit', 'case', 'look-back-case', 'look-back-request', 'device', 'window-anchor', 'excursion',
] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

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
export interface LedgerEvent<T = unknown> {
  readonly type: EventName;
  readonly key: string;
  readonly txId: string;
  readonly timestamp: string;
  readonly data: T;
  readonly objects: readonly ObjectRef[];
}

/**
 * Every write calls this exactly once: Fabric keeps only the last event set in a transaction,
 * so a second call would silently replace the first.
 */
export function emitEvent<T>(ctx: Context, type: EventName, key: string, data: T, objects: readonly ObjectRef[]): void {
  const event: LedgerEvent<T> = { type, key, txId: ctx.stub.getTxID(), timestamp: transactionTime(ctx), data, objects };
  ctx.stub.setEvent(type, toCanonicalBytes(event));
}
