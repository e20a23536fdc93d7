// What the pool page asks: the pool as the ledger keeps it.
import type { Pool } from '@plasma/chaincode/browser';
import type { Answer } from '../../graphql/answer';
import { operation } from '../../graphql/operation';

export type PoolRecord = Answer<Pool>;

export const POOL = operation<{ pool: PoolRecord | null }, { poolDin: string }>(/* GraphQL */ `
  query Pool($poolDin: String!) {
    pool(poolDin: $poolDin) {
      poolDin checkCharacter facility factory jurisdiction status count volumeMl chunkRoots merkleRoot createdAt closedAt lookBackCaseIds
      lastChange { txId at by { mspId name role } transaction reason }
    }
  }`);
