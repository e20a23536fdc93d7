// A binary SHA-256 Merkle tree with domain-separated leaves and nodes (RFC 6962 style: 0x00 || leaf, 0x01 || left ||
// right), an odd node carried up unchanged. A pool's root is built in two levels so that no transaction reads all of
// its 10,000 DINs: each chunk of DINs added together has a root over its sorted DINs, and the pool's root is the tree
// over its chunk roots in the order the chunks were added. Proofs chain the two levels.
import { createHash } from 'node:crypto';

export interface ProofStep {
  /** Which side the sibling sits on. */
  readonly side: 'left' | 'right';
  readonly hash: string;
}

const sha256 = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();

export const leafHash = (value: string): string => sha256(Buffer.from([0]), Buffer.from(value, 'utf8')).toString('hex');
const nodeHash = (left: string, right: string): string =>
  sha256(Buffer.from([1]), Buffer.from(left, 'hex'), Buffer.from(right, 'hex')).toString('hex');

/** The root over already-hashed nodes (leaf hashes or lower roots), in order. */
export function rootOf(nodes: readonly string[]): string {
  if (nodes.length === 0) {
    throw new RangeError('a Merkle tree needs at least one node');
  }
  let level = [...nodes];
  while (level.length > 1) {
    const next: string[] = [];
    for (let index = 0; index < level.length; index += 2) {
      next.push(index + 1 < level.length ? nodeHash(level[index]!, level[index + 1]!) : level[index]!);
    }
    level = next;
  }
  return level[0]!;
}

/** The sibling path from node `index` to the root of `nodes`. */
export function proofOf(nodes: readonly string[], index: number): ProofStep[] {
  const proof: ProofStep[] = [];
  let level = [...nodes];
  let position = index;
  while (level.length > 1) {
    const sibling = position % 2 === 0 ? position + 1 : position - 1;
    if (sibling < level.length) {
      proof.push({ side: position % 2 === 0 ? 'right' : 'left', hash: level[sibling]! });
    }
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? nodeHash(level[i]!, level[i + 1]!) : level[i]!);
    }
    level = next;
    position = Math.floor(position / 2);
  }
  return proof;
}

/** Folds a proof from a node hash up to the root it proves. */
export function foldProof(node: string, proof: readonly ProofStep[]): string {
  return proof.reduce((hash, step) => (step.side === 'left' ? nodeHash(step.hash, hash) : nodeHash(hash, step.hash)), node);
}

/** Root over the sorted values of one chunk. */
export const chunkRoot = (sortedValues: readonly string[]): string => rootOf(sortedValues.map(leafHash));

/** A leaf's position in a tree of `leafCount` leaves and the sibling path from it to the root. */
export interface InclusionProof {
  readonly index: number;
  readonly leafCount: number;
  readonly steps: readonly ProofStep[];
}

/**
 * Whether `leaf` (a leaf hash) lies at `proof.index` under `root`. Unlike foldProof, the sides are not taken on
 * trust: each must be the one position `index` has in a tree of `leafCount` leaves, and no step may be left over.
 */
export function verifyInclusion(leaf: string, proof: InclusionProof, root: string): boolean {
  let position = proof.index;
  let width = proof.leafCount;
  let hash = leaf;
  let step = 0;
  while (width > 1) {
    const sibling = position % 2 === 0 ? position + 1 : position - 1;
    if (sibling < width) {
      const expected = proof.steps[step++];
      const side = position % 2 === 0 ? 'right' : 'left';
      if (expected === undefined || expected.side !== side) return false;
      hash = side === 'right' ? nodeHash(hash, expected.hash) : nodeHash(expected.hash, hash);
    }
    position = Math.floor(position / 2);
    width = Math.ceil(width / 2);
  }
  return step === proof.steps.length && hash === root;
}
