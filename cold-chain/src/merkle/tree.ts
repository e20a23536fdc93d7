// Merkle tree over SHA-256 with domain separation (RFC 6962 style): leaves are H(0x00 || data), inner nodes
// H(0x01 || left || right), so a leaf can never pass for an inner node. An odd node at the end of a level
// is carried up unchanged rather than paired with itself, so no two leaf lists share a root by duplication.
import { createHash } from 'node:crypto';

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export const leafHash = (data: Uint8Array): Buffer => createHash('sha256').update(LEAF_PREFIX).update(data).digest();
const nodeHash = (left: Buffer, right: Buffer): Buffer => createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();

/** One step of an inclusion proof: the sibling's hash and on which side of the path it sits. */
export interface ProofStep {
  readonly side: 'left' | 'right';
  readonly hash: Buffer;
}

export interface InclusionProof {
  readonly index: number;
  readonly leafCount: number;
  readonly steps: readonly ProofStep[];
}

function nextLevel(level: readonly Buffer[]): Buffer[] {
  const up: Buffer[] = [];
  for (let i = 0; i < level.length; i += 2) {
    const right = level[i + 1];
    up.push(right === undefined ? level[i]! : nodeHash(level[i]!, right));
  }
  return up;
}

/** The root over leaf hashes in their order; a window is never anchored empty, so none is refused. */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) throw new Error('leaves: a Merkle root needs at least one leaf');
  let level: readonly Buffer[] = leaves;
  while (level.length > 1) level = nextLevel(level);
  return level[0]!;
}

export function inclusionProof(leaves: readonly Buffer[], index: number): InclusionProof {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new Error(`index: must be an integer from 0 to ${leaves.length - 1}, got ${index}`);
  }
  const steps: ProofStep[] = [];
  let level: readonly Buffer[] = leaves;
  let position = index;
  while (level.length > 1) {
    const sibling = position % 2 === 0 ? position + 1 : position - 1;
    if (sibling < level.length) steps.push({ side: position % 2 === 0 ? 'right' : 'left', hash: level[sibling]! });
    level = nextLevel(level);
    position = Math.floor(position / 2);
  }
  return { index, leafCount: leaves.length, steps };
}

/** Recomputes the root from a leaf hash and its proof; true when it equals `root`. */
export function verifyInclusion(leaf: Buffer, proof: InclusionProof, root: Buffer): boolean {
  // The steps must be exactly those of `index` in a tree of `leafCount` leaves: sides cannot be chosen freely.
  let position = proof.index;
  let width = proof.leafCount;
  let hash = leaf;
  let step = 0;
  while (width > 1) {
    const sibling = position % 2 === 0 ? position + 1 : position - 1;
    if (sibling < width) {
      const expected = proof.steps[step++];
      if (expected === undefined || expected.side !== (position % 2 === 0 ? 'right' : 'left')) return false;
      hash = expected.side === 'right' ? nodeHash(hash, expected.hash) : nodeHash(expected.hash, hash);
    }
    position = Math.floor(position / 2);
    width = Math.ceil(width / 2);
  }
  return step === proof.steps.length && hash.equals(root);
}
