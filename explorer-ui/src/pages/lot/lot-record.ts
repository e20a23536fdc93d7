// A lot as its pages read it: the chaincode's Lot (chaincode/src/lot/lot.ts), whole, as the dossier's document selects it.
import type { Lot } from '@plasma/chaincode/browser';
import type { LotQuery } from '../../graphql/generated/operations';
import type { ShownSignature } from '../../signatures/Signatures';

export type LotRecord = NonNullable<LotQuery['lot']>['lot'];

/** A lot's status as the chaincode names it; the schema serves it as a String. */
export type LotStatus = Lot['status'];

/** Whether the lot has one of these statuses, each name checked against the chaincode's. */
export const lotIs = (lot: { readonly status: string }, ...statuses: readonly LotStatus[]): boolean =>
  (statuses as readonly string[]).includes(lot.status);

/** Every signature the lot carries, in the order they were made. */
export const lotSignatures = (lot: LotRecord): ShownSignature[] => [
  ...(lot.qaRelease?.signatures ?? []),
  ...(lot.regulatorRelease ? [lot.regulatorRelease.signature] : []),
];
