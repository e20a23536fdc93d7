// What the verification badge asks: the gateway's comparison of an object's off-chain copies with the peers' world
// state, and of its cited documents with their hashes on the ledger.
import { operation } from '../graphql/operation';

export interface VerificationCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface VerificationDifference {
  readonly field: string;
  /** JSON text, or null when that side has no such field. */
  readonly ledger: string | null;
  readonly offChain: string | null;
  readonly source: string;
}

export interface Verification {
  readonly objectId: string;
  readonly verified: boolean;
  readonly checkedAt: string;
  readonly ledgerDigest: string | null;
  readonly offChainDigest: string | null;
  readonly checks: readonly VerificationCheck[];
  readonly differences: readonly VerificationDifference[];
}

export const VERIFICATION = operation<{ verification: Verification }, { objectType: string; objectId: string }>(/* GraphQL */ `
  query Verification($objectType: String!, $objectId: String!) {
    verification(objectType: $objectType, objectId: $objectId) {
      objectId verified checkedAt ledgerDigest offChainDigest
      checks { name passed detail }
      differences { field ledger offChain source }
    }
  }`,
);
