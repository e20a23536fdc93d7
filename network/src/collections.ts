// Private data collections of the chaincode, generated from the topology: one per station for the detail of its
// donor screening, shared with every factory (which re-tests and releases the plasma) and no one else. The
// chaincode names them the same way (chaincode/src/donation/screening.ts: screeningCollection).
import type { Organisation, Topology } from './topology';

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

/**
 * The collections of the members' stations, and of `former` stations (members that left): a chaincode definition can
 * never drop a collection, nor name an organisation that is no longer in the channel, so a former station's collection
 * stays, held by the factories alone, with what they received of its screenings.
 */
export function collectionsConfig(topology: Topology, former: readonly Organisation[] = []): CollectionDefinition[] {
  const factories = topology.organisations.filter((o) => o.kind === 'factory').map((o) => o.mspId);
  const collection = (station: Organisation, members: readonly string[]): CollectionDefinition => ({
    name: screeningCollectionName(station.mspId),
    policy: `OR(${members.map((mspId) => `'${mspId}.member'`).join(', ')})`,
    requiredPeerCount: 0,
    maxPeerCount: 3,
    blockToLive: 0,
    memberOnlyRead: true,
    memberOnlyWrite: true,
  });
  const stations = (orgs: readonly Organisation[]) => orgs.filter((o) => o.kind === 'station');
  return [
    ...stations(topology.organisations).map((station) => collection(station, [station.mspId, ...factories])),
    ...stations(former).map((station) => collection(station, factories)),
  ];
}
