// A lot as its pages read it: the chaincode's Lot (chaincode/src/lot/lot.ts), whole, as the dossier's document selects it.
import { lotAllows, type Lot, type LotStep } from '@plasma/chaincode/browser';
import type { LotQuery } from '../../graphql/generated/operations';
import type { ShownSignature } from '../../signatures/Signatures';

export type LotRecord = NonNullable<LotQuery['lot']>['lot'];

/** A lot's status as the chaincode names it; the schema serves it as a String. */
export type LotStatus = Lot['status'];

/** Whether the lot has one of these statuses, each name checked against the chaincode's. */
export const lotIs = (lot: { readonly status: string }, ...statuses: readonly LotStatus[]): boolean =>
  (statuses as readonly string[]).includes(lot.status);

/** Whether the chaincode's lot life cycle takes `step` in the lot's status (a status it does not know takes none). */
export const lotTakes = (lot: { readonly status: string }, step: LotStep): boolean => lotAllows(step, lot.status as LotStatus);

/** Every signature the lot carries, in the order they were made. */
export const lotSignatures = (lot: LotRecord): ShownSignature[] => [
  ...(lot.qaRelease?.signatures ?? []),
  ...(lot.regulatorRelease ? [lot.regulatorRelease.signature] : []),
];
