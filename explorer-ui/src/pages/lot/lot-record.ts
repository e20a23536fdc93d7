// A lot as its pages read it: the chaincode's Lot (chaincode/src/lot/lot.ts), whole, as the gateway answers it.
import type { Lot } from '@plasma/chaincode/browser';
import type { Answer } from '../../graphql/answer';
import type { ShownSignature } from '../../signatures/Signatures';

export type LotRecord = Answer<Lot>;

/** Every signature the lot carries, in the order they were made. */
export const lotSignatures = (lot: LotRecord): ShownSignature[] =>
  [...(lot.qaRelease?.signatures ?? []), ...(lot.regulatorRelease ? [lot.regulatorRelease.signature] : [])];
