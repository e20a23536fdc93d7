// Private data collections of the chaincode, generated from the topology: one per station for the detail of its
// donor screening, shared with every factory (which re-tests and releases the plasma) and no one else. The
// chaincode names them the same way (chaincode/src/donation/screening.ts: screeningCollection).
import type { Topology } from './topology';

/** One entry of the collections config passed to `peer lifecycle chaincode approveformyorg/commit`. */
export interface CollectionDefinition {
  readonly name: string;
  readonly policy: string;
  /** Endorsing peers need not wait for dissemination; members pull missing data at commit and by reconciliation. */
  readonly requiredPeerCount: number;
  readonly maxPeerCount: number;
  /** Kept for ever: screening records are retained with the donation. */
  readonly blockToLive: number;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
}

export const screeningCollectionName = (stationMspId: string): string => `screening${stationMspId}`;

export function collectionsConfig(topology: Topology): CollectionDefinition[] {
  const factories = topology.organisations.filter((o) => o.kind === 'factory').map((o) => o.mspId);
  return topology.organisations
    .filter((o) => o.kind === 'station')
    .map((station) => ({
      name: screeningCollectionName(station.mspId),
      policy: `OR(${[station.mspId, ...factories].map((mspId) => `'${mspId}.member'`).join(', ')})`,
      requiredPeerCount: 0,
      maxPeerCount: 3,
      blockToLive: 0,
      memberOnlyRead: true,
      memberOnlyWrite: true,
    }));
}
