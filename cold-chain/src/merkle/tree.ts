// The readings' Merkle tree, with hashes as bytes: a thin adapter over the chaincode's own tree
// (chaincode/src/ledger/merkle.ts), so that the ingest builds exactly the roots and proofs the ColdChain
// contract verifies. SHA-256, leaves H(0x00 || data), nodes H(0x01 || left || right), an odd node carried up.
import { ledgerMerkle as ledgerTree } from '@plasma/chaincode';

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

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (hash: string): Buffer => Buffer.from(hash, 'hex');

/** The leaf hash of a reading's canonical JSON (UTF-8 text, as RFC 8785 produces). */
export const leafHash = (data: Uint8Array): Buffer => bytes(ledgerTree.leafHash(Buffer.from(data).toString('utf8')));

/** The root over leaf hashes in their order; a window is never anchored empty, so none is refused. */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) throw new Error('leaves: a Merkle root needs at least one leaf');
  return bytes(ledgerTree.rootOf(leaves.map(hex)));
}

export function inclusionProof(leaves: readonly Buffer[], index: number): InclusionProof {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new Error(`index: must be an integer from 0 to ${leaves.length - 1}, got ${index}`);
  }
  const steps = ledgerTree.proofOf(leaves.map(hex), index).map((step) => ({ side: step.side, hash: bytes(step.hash) }));
  return { index, leafCount: leaves.length, steps };
}

/** Recomputes the root from a leaf hash and its proof (sides checked against index and leaf count). */
export function verifyInclusion(leaf: Buffer, proof: InclusionProof, root: Buffer): boolean {
  const steps = proof.steps.map((step) => ({ side: step.side, hash: hex(step.hash) }));
  return ledgerTree.verifyInclusion(hex(leaf), { ...proof, steps }, hex(root));
}
