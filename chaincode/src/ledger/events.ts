// Chaincode events: the names listeners subscribe to, and the one payload shape they all share.
import type { Context } from 'fabric-contract-api';
import { transactionTime } from '../time';
import { toCanonicalBytes } from './canonical';

export const EventName = {
  ConsortiumInitialised: 'ConsortiumInitialised',
  DonationRecorded: 'DonationRecorded',
} as const;
export type EventName = (typeof EventName)[keyof typeof EventName];

/**
 * Payload of every event, as canonical JSON (RFC 8785):
 * - `type`: the event name;
 * - `key`: business key of what was written (the 13-character DIN for a donation; `consortium` for its registry);
 * - `txId`: the transaction id;
 * - `timestamp`: the transaction timestamp, ISO 8601 UTC;
 * - `data`: the record as stored.
 */
export interface LedgerEvent<T = unknown> {
  readonly type: EventName;
  readonly key: string;
  readonly txId: string;
  readonly timestamp: string;
  readonly data: T;
}

/**
 * Every write calls this exactly once: Fabric keeps only the last event set in a transaction,
 * so a second call would silently replace the first.
 */
export function emitEvent<T>(ctx: Context, type: EventName, key: string, data: T): void {
  const event: LedgerEvent<T> = { type, key, txId: ctx.stub.getTxID(), timestamp: transactionTime(ctx), data };
  ctx.stub.setEvent(type, toCanonicalBytes(event));
}
