// Proofs over stored readings: the inclusion proof of one reading against its window's anchored root, and
// the check of a whole device window that names every reading altered since it was anchored.
import { canonicalReading, parseReadingId, readingId, readingLeafHash } from '../merkle/reading-leaf';
import { inclusionProof as proveLeaf, merkleRoot, verifyInclusion } from '../merkle/tree';
import type { ReadingStore, StoredReading } from '../ingest/reading-store';
import { ArchiveAlteredError, type ReadingArchive } from '../archive/reading-archive';

/** Where proofs find readings and window seals: PostgreSQL, or PostgreSQL and the organisation's archive. */
export type ReadingSource = Pick<ReadingStore, 'findReading' | 'windowReadings' | 'windowSeal'>;

/** Leaf order, as PostgreSQL sorts a window: device, node (byte order), source time. */
const leafOrder = (a: StoredReading, b: StoredReading): number =>
  Buffer.compare(Buffer.from(a.device), Buffer.from(b.device)) ||
  Buffer.compare(Buffer.from(a.node), Buffer.from(b.node)) ||
  a.sourceTime.getTime() - b.sourceTime.getTime();

/**
 * Readings from PostgreSQL, then from the archive: a window's leaves from both, in leaf order, each once (a reading of an
 * archived day delivered again is stored again, in a later window: the same reading in the same window is one leaf).
 */
export function withArchive(store: ReadingSource, archive: ReadingArchive): ReadingSource {
  return {
    findReading: async (device, node, sourceTime) =>
      (await store.findReading(device, node, sourceTime)) ?? archive.findReading(device, node, sourceTime),
    windowReadings: async (windowStart, device) => {
      const leaves = new Map<string, StoredReading>();
      for (const r of [...(await store.windowReadings(windowStart, device)), ...(await archive.windowReadings(windowStart, device))]) {
        if (!leaves.has(readingId(r))) leaves.set(readingId(r), r);
      }
      return [...leaves.values()].sort(leafOrder);
    },
    windowSeal: (device, windowStart) => store.windowSeal(device, windowStart),
  };
}

export interface ReadingInclusionProof {
  readonly readingId: string;
  readonly device: string;
  readonly node: string;
  readonly sourceTime: string;
  readonly value: number | null;
  readonly statusCode: number;
  /** The RFC 8785 form whose SHA-256 (prefixed 0x00) is the leaf. */
  readonly canonicalReading: string;
  readonly leafHash: string;
  readonly windowStart: string;
  readonly index: number;
  readonly leafCount: number;
  readonly steps: readonly { readonly side: 'left' | 'right'; readonly hash: string }[];
  /** The device's root of the window as sealed and anchored; null while the window is still open. */
  readonly root: string | null;
  readonly anchorTxId: string | null;
  /** True when the reading as stored now, with the steps, yields `root`. */
  readonly verified: boolean;
}

export class ReadingNotFoundError extends Error {
  override readonly name = 'ReadingNotFoundError';
}

export async function readingInclusionProof(store: ReadingSource, id: string): Promise<ReadingInclusionProof> {
  const { device, node, sourceTime } = parseReadingId(id);
  const reading = await store.findReading(device, node, sourceTime);
  if (!reading) throw new ReadingNotFoundError(`readingId: no reading ${id} is stored`);
  const leaves = await store.windowReadings(reading.windowStart, device);
  const index = leaves.findIndex((r) => r.node === node && r.sourceTime.getTime() === sourceTime.getTime());
  // Only an archive that no longer lists the reading's window among its manifest's can lose it from its own window.
  if (index === -1) throw new ArchiveAlteredError(`reading ${id} is not among its window's leaves: the archive does not list its window`);
  const proof = proveLeaf(
    leaves.map((r) => r.leafHash),
    index,
  );
  const seal = await store.windowSeal(device, reading.windowStart);
  const root = seal?.root ?? null;
  // The leaf is recomputed from the row as it is now: an altered value, status or time fails here.
  const leaf = readingLeafHash(reading);
  return {
    readingId: id,
    device,
    node,
    sourceTime: sourceTime.toISOString(),
    value: reading.value,
    statusCode: reading.statusCode,
    canonicalReading: canonicalReading(reading).toString('utf8'),
    leafHash: leaf.toString('hex'),
    windowStart: reading.windowStart.toISOString(),
    index,
    leafCount: proof.leafCount,
    steps: proof.steps.map((s) => ({ side: s.side, hash: s.hash.toString('hex') })),
    root: root?.toString('hex') ?? null,
    anchorTxId: seal?.txId ?? null,
    verified: root !== null && verifyInclusion(leaf, proof, root),
  };
}

export interface WindowVerification {
  readonly device: string;
  readonly windowStart: string;
  readonly root: string | null;
  readonly anchorTxId: string | null;
  /** The root over the readings as stored now, each leaf recomputed from its row. */
  readonly recomputedRoot: string;
  readonly intact: boolean;
  /** Readings whose row no longer matches the leaf hash taken when they arrived. */
  readonly alteredReadings: readonly string[];
  /** When the number of readings differs from the anchored leaf count (rows deleted or added). */
  readonly leafCountMismatch: { readonly anchored: number; readonly stored: number } | null;
}

export async function verifyWindow(store: ReadingSource, device: string, windowStart: Date): Promise<WindowVerification> {
  const readings: StoredReading[] = await store.windowReadings(windowStart, device);
  const seal = await store.windowSeal(device, windowStart);
  if (readings.length === 0 || !seal)
    throw new ReadingNotFoundError(`window: device ${device} stored no readings in the window starting ${windowStart.toISOString()}`);
  const recomputed = readings.map(readingLeafHash);
  const recomputedRoot = merkleRoot(recomputed);
  const altered = readings.filter((r, i) => !recomputed[i]!.equals(r.leafHash)).map(readingId);
  const mismatch =
    seal.leafCount !== null && seal.leafCount !== readings.length ? { anchored: seal.leafCount, stored: readings.length } : null;
  return {
    device,
    windowStart: windowStart.toISOString(),
    root: seal.root?.toString('hex') ?? null,
    anchorTxId: seal.txId,
    recomputedRoot: recomputedRoot.toString('hex'),
    intact: seal.root !== null && recomputedRoot.equals(seal.root),
    alteredReadings: altered,
    leafCountMismatch: mismatch,
  };
}
