// The parts of a lot's ledger record its pages read (the chaincode's Lot, chaincode/src/lot/lot.ts).
import type { ShownSignature } from '../../signatures/Signatures';

export interface LotRecord {
  readonly lotId: string;
  readonly factory: string;
  readonly jurisdiction: string;
  readonly product: { readonly name: string; readonly gtin?: string; readonly cnProductCode?: string; readonly expiry: string };
  readonly pools: readonly string[];
  readonly status: string;
  readonly holds: readonly { readonly kind: string; readonly ref: string; readonly reason: string; readonly since: string }[];
  readonly openDeviations: readonly string[];
  readonly stepCount: number;
  readonly ebrDigest: string;
  readonly unitCount: number;
  readonly qaRelease?: { readonly releasedAt: string; readonly dossierDigest: string; readonly signatures: readonly ShownSignature[] };
  readonly regulatorRelease?: { readonly releasedAt: string; readonly signature: ShownSignature };
  readonly recall?: { readonly recalledAt: string; readonly reason: string };
  readonly createdAt: string;
}

/** Every signature the lot carries, in the order they were made. */
export const lotSignatures = (lot: LotRecord): ShownSignature[] =>
  [...(lot.qaRelease?.signatures ?? []), ...(lot.regulatorRelease ? [lot.regulatorRelease.signature] : [])];
