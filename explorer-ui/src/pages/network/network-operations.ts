// The network's state: every node and its health, how far the indexer has come, throughput and the newest
// blocks with their transactions.
import { operation } from '../../graphql/operation';
import type { TransactionSummary } from '../block/block-operations';

export interface NetworkNode {
  readonly name: string;
  readonly kind: string;
  readonly organisation: string;
  readonly address: string;
  readonly healthy: boolean;
  /** The node's clock minus the gateway's (ms, ± half a second); null when the node shows none or did not answer. */
  readonly clockOffsetMs: number | null;
  readonly clockBeyondTolerance: boolean | null;
}

export interface RecentBlock {
  readonly number: number;
  readonly transactionCount: number;
  readonly indexedAt: string;
  readonly transactions: readonly TransactionSummary[];
}

export const NETWORK_STATUS = operation<{
  networkStatus: { nodes: NetworkNode[]; clockToleranceMs: number; indexedHeight: number; throughput: number; recentBlocks: RecentBlock[] };
}, { last: number }>(/* GraphQL */ `
  query NetworkStatus($last: Int!) {
    networkStatus {
      nodes { name kind organisation address healthy clockOffsetMs clockBeyondTolerance }
      clockToleranceMs
      indexedHeight
      throughput
      recentBlocks(last: $last) {
        number transactionCount indexedAt transactions { id index validationCode valid organisation submitter function createdAt }
      }
    }
  }`);

/** Each block as soon as the indexer has written it. */
export const BLOCK_ADDED = operation<{ blockAdded: { number: number; transactions: number } }>(/* GraphQL */ `
  subscription BlockAdded { blockAdded { number transactions } }`);
