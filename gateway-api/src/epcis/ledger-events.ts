// The chaincode events an EPCIS export is made from, as the indexer stored them (ledger_events), typed by the
// chaincode's own event catalogue (EventPayloads): the one declaration of each event's data. Field meanings:
// docs/chaincode.md, Events.
import { isEventName, type EventName, type EventPayloads, type ObjectRef } from '@plasma/chaincode';

/** Where a chaincode event sits on the chain: enough for an inspector to find the transaction again. */
export interface LedgerPlace {
  readonly txId: string;
  readonly blockNumber: number;
  /** The transaction's time (the chaincode's only clock), ISO 8601 UTC. */
  readonly timestamp: string;
  /** MSP ID of the organisation whose member submitted the transaction. */
  readonly creatorMsp: string;
  /** Every business object the transaction changed, main one first. */
  readonly objects: readonly ObjectRef[];
}

/** One chaincode event (of the names `N`): its name, its data, and its place on the chain. */
export type LedgerEvent<N extends EventName = EventName> = {
  [K in N]: LedgerPlace & { readonly name: K; readonly data: EventPayloads[K] };
}[N];

/**
 * The stored event, typed by its name. Its data is taken as the chaincode wrote it: the chaincode validated every
 * record before emitting it, endorsing peers agreed on the bytes, and the indexer keeps them unchanged. A name the
 * catalogue does not know means a chaincode newer than this gateway, which must not guess at its meaning.
 */
export function ledgerEventOf(name: string, data: unknown, place: LedgerPlace): LedgerEvent {
  if (!isEventName(name)) {
    throw new Error(`ledger event ${name} of transaction ${place.txId} is not in the chaincode's event catalogue: update the gateway`);
  }
  if (typeof data !== 'object' || data === null) throw new Error(`ledger event ${name} of transaction ${place.txId} carries no data`);
  return { ...place, name, data } as LedgerEvent;
}
