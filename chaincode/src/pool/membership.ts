// Pool membership: each chunk of DINs added in one transaction (sorted, with its Merkle root), and a link key per
// donation in both directions (pool → donation, donation → pool), so either side is found through an index.
import type { Context } from 'fabric-contract-api';
import { ownedBy } from '../consortium/ownership';
import { NotFoundError } from '../errors';
import { DIN_RULE } from '../identifiers/din';
import { compositeKey } from '../ledger/keys';
import { MAX_BATCH } from '../ledger/limits';
import { chunkRoot, foldProof, leafHash, proofOf, rootOf, type ProofStep } from '../ledger/merkle';
import { readEntriesByPartialKey, readKeysByPartialKey, readState, writeState } from '../ledger/state';
import { ANY_RULE, integerBetween, readList, readObject, SHA256_HEX_RULE } from '../validation';
import type { Pool } from './pool';

export interface PoolChunk {
  readonly poolDin: string;
  /** 0-based, in the order chunks were added. */
  readonly chunk: number;
  readonly dins: readonly string[];
  readonly volumeMl: number;
  readonly root: string;
}

const CHUNK = 'pool-chunk'; // pool-chunk + poolDin + chunk number (4 digits) → PoolChunk
const MEMBER = 'pool-member'; // pool-member + poolDin + DIN → { chunk }
const DONATION_POOL = 'donation-pool'; // donation-pool + DIN + poolDin → { chunk }

const chunkKey = (ctx: Context, poolDin: string, chunk: number): string =>
  compositeKey(ctx, CHUNK, [poolDin, String(chunk).padStart(4, '0')]);

export function newPoolChunk(value: unknown): PoolChunk {
  const f = readObject(value, 'poolChunk', ['poolDin', 'chunk', 'dins', 'volumeMl', 'root']);
  return {
    poolDin: f.required('poolDin', DIN_RULE),
    chunk: f.required('chunk', integerBetween(0, 10_000, 'chunks')),
    dins: readList(f.required('dins', ANY_RULE), f.path('dins'), DIN_RULE, { min: 1, max: MAX_BATCH, unique: true }),
    volumeMl: f.required('volumeMl', integerBetween(0, 1000 * MAX_BATCH, 'millilitres')),
    root: f.required('root', SHA256_HEX_RULE),
  };
}

/** Writes a chunk and the links of its DINs; returns the chunk (its root goes into the pool). */
export async function writeChunk(ctx: Context, pool: Pool, dins: readonly string[], volumeMl: number): Promise<PoolChunk> {
  const sorted = [...dins].sort();
  const chunk: PoolChunk = { poolDin: pool.poolDin, chunk: pool.chunkRoots.length, dins: sorted, volumeMl, root: chunkRoot(sorted) };
  await writeState(ctx, chunkKey(ctx, pool.poolDin, chunk.chunk), chunk);
  await ownedBy(ctx, chunkKey(ctx, pool.poolDin, chunk.chunk), pool.factory);
  for (const din of sorted) {
    await writeState(ctx, compositeKey(ctx, MEMBER, [pool.poolDin, din]), { chunk: chunk.chunk });
    await writeState(ctx, compositeKey(ctx, DONATION_POOL, [din, pool.poolDin]), { chunk: chunk.chunk });
  }
  return chunk;
}

export async function findChunk(ctx: Context, poolDin: string, chunk: number): Promise<PoolChunk | undefined> {
  const state = await readState(ctx, chunkKey(ctx, poolDin, chunk));
  return state === undefined ? undefined : newPoolChunk(state);
}

export async function getChunk(ctx: Context, poolDin: string, chunk: number): Promise<PoolChunk> {
  const found = await findChunk(ctx, poolDin, chunk);
  if (found === undefined) throw new NotFoundError(`pool ${poolDin} has no chunk ${chunk}`);
  return found;
}

/** The pools a donation went into (one, unless the ledger was written by something else), with its chunk. */
export async function poolsOfDonation(ctx: Context, din: string): Promise<{ poolDin: string; chunk: number }[]> {
  return (await readEntriesByPartialKey(ctx, DONATION_POOL, [din])).map(({ attributes: [, poolDin = ''], value }) => ({
    poolDin,
    chunk: readObject(value, 'link', ['chunk']).required('chunk', integerBetween(0, 10_000, 'chunks')),
  }));
}

/** Which chunk of the pool holds `din`; undefined when the DIN is not in the pool. */
export async function chunkOfMember(ctx: Context, poolDin: string, din: string): Promise<number | undefined> {
  const state = await readState(ctx, compositeKey(ctx, MEMBER, [poolDin, din]));
  return state === undefined ? undefined : readObject(state, 'link', ['chunk']).required('chunk', integerBetween(0, 10_000, 'chunks'));
}

/** Every DIN of the pool, through the member index (queries only: up to the pool's size). */
export async function membersOfPool(ctx: Context, poolDin: string): Promise<string[]> {
  return (await readKeysByPartialKey(ctx, MEMBER, [poolDin])).map(([, din = '']) => din);
}

export interface MembershipProof {
  readonly din: string;
  readonly poolDin: string;
  readonly chunk: number;
  readonly chunkRoot: string;
  /** From the DIN's leaf to its chunk's root. */
  readonly chunkProof: readonly ProofStep[];
  /** From the chunk's root to the pool's root. */
  readonly poolProof: readonly ProofStep[];
  readonly poolRoot: string;
}

/** The proof that `din` is in the pool's root, reading one chunk (at most MAX_BATCH DINs) and the pool. */
export function membershipProof(pool: Pool, chunk: PoolChunk, din: string): MembershipProof {
  const index = chunk.dins.indexOf(din);
  if (index < 0) {
    throw new NotFoundError(`donation ${din} is not in chunk ${chunk.chunk} of pool ${pool.poolDin}`);
  }
  return {
    din,
    poolDin: pool.poolDin,
    chunk: chunk.chunk,
    chunkRoot: chunk.root,
    chunkProof: proofOf(chunk.dins.map(leafHash), index),
    poolProof: proofOf(pool.chunkRoots, chunk.chunk),
    poolRoot: pool.merkleRoot ?? rootOf(pool.chunkRoots),
  };
}

/** Checks a membership proof against its roots: what an inspector or client runs off-chain. */
export function verifyMembershipProof(proof: MembershipProof): boolean {
  return (
    foldProof(leafHash(proof.din), proof.chunkProof) === proof.chunkRoot && foldProof(proof.chunkRoot, proof.poolProof) === proof.poolRoot
  );
}
