// Projection of chaincode events into domain tables. Each event kind has one projector; events without
// one are still kept in ledger_events (the audit trail) and simply have no table of their own yet.
import type { PoolClient } from 'pg';
import type { LedgerEvent } from '../indexer/block';
import { projectDonation } from './donations';

export interface ProjectedEvent extends LedgerEvent {
  readonly txId: string;
  readonly createdAt: Date;
}

export type Projector = (client: PoolClient, event: ProjectedEvent) => Promise<void>;

const projectors: Readonly<Record<string, Projector>> = {
  DonationRecorded: projectDonation,
};

export async function projectEvent(client: PoolClient, event: ProjectedEvent): Promise<void> {
  await projectors[event.name]?.(client, event);
}
