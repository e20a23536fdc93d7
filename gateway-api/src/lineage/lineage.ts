// The two questions the network exists to answer in seconds: where did this vial's plasma come from,
// and where did this donor's plasma go.
import type { LineageRepository, SourceDonation } from './lineage-repository';

export interface PoolOfSources {
  readonly poolDin: string;
  readonly donations: readonly SourceDonation[];
}

export interface Upstream {
  readonly lotId: string;
  readonly pools: readonly PoolOfSources[];
  readonly donationCount: number;
}

export interface DownstreamLot {
  readonly lotId: string;
  readonly poolDins: readonly string[];
  readonly unitCodes: readonly string[];
}

export interface Downstream {
  readonly donations: readonly string[];
  readonly pools: readonly string[];
  readonly lots: readonly DownstreamLot[];
  readonly unitCount: number;
}

export async function upstreamOfLot(lineage: LineageRepository, lotId: string): Promise<Upstream> {
  const poolDins = await lineage.poolsOfLot(lotId);
  const donations = await lineage.donationsOfPools(poolDins);
  const byPool = new Map<string, SourceDonation[]>(poolDins.map((p) => [p, []]));
  for (const donation of donations) byPool.get(donation.pool_din)?.push(donation);
  return { lotId, pools: [...byPool].map(([poolDin, list]) => ({ poolDin, donations: list })), donationCount: donations.length };
}

/** Undefined when no pool has this DIN (key, without its check character). */
export async function upstreamOfPool(lineage: LineageRepository, poolDin: string): Promise<PoolOfSources | undefined> {
  if ((await lineage.object('pool', poolDin)) === undefined) return undefined;
  return { poolDin, donations: await lineage.donationsOfPools([poolDin]) };
}

/** Undefined when no unit has this code. */
export async function upstreamOfUnit(lineage: LineageRepository, code: string): Promise<Upstream | undefined> {
  const lotId = await lineage.lotOfUnit(code);
  return lotId === undefined ? undefined : upstreamOfLot(lineage, lotId);
}

export async function downstreamOfDonations(lineage: LineageRepository, dins: readonly string[]): Promise<Downstream> {
  const paths = await lineage.forwardFrom(dins);
  const pools = new Set<string>();
  const lots = new Map<string, { pools: Set<string>; units: Set<string> }>();
  for (const path of paths) {
    if (path.pool_din) pools.add(path.pool_din);
    if (!path.lot_id) continue;
    const lot = lots.get(path.lot_id) ?? { pools: new Set(), units: new Set() };
    lot.pools.add(path.pool_din!);
    if (path.unit_code) lot.units.add(path.unit_code);
    lots.set(path.lot_id, lot);
  }
  const lotList = [...lots].map(([lotId, l]) => ({ lotId, poolDins: [...l.pools], unitCodes: [...l.units] }));
  return { donations: dins, pools: [...pools], lots: lotList, unitCount: lotList.reduce((n, l) => n + l.unitCodes.length, 0) };
}

export async function downstreamOfDonor(lineage: LineageRepository, pseudonym: string): Promise<Downstream> {
  return downstreamOfDonations(lineage, await lineage.donationsOfDonor(pseudonym));
}
