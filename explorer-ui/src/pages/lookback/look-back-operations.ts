// Look-back on the ledger: opening a case on a donor and running it step by step until it is complete, and the
// case record as the chaincode keeps it, and where the vials of the affected lots went.
import { operation } from '../../graphql/operation';

export interface LookBackProgress {
  readonly caseId: string;
  readonly status: 'in-progress' | 'complete';
  readonly steps: number;
  readonly counts: { readonly donations: number; readonly pools: number; readonly lots: number };
}

export interface LookBackCase extends LookBackProgress {
  readonly donorPseudonym: string;
  readonly reason: string;
  readonly jurisdiction: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly itemCount: number;
  readonly itemsDigest: string;
  readonly openedAt: string;
  readonly completedAt?: string;
}

export interface LookBackWindow {
  readonly from?: string;
  readonly jurisdiction?: string;
}

export const OPEN_LOOK_BACK = operation<{ openLookBack: LookBackProgress }, { donorPseudonym: string; reason: string; window: LookBackWindow }>(
  'mutation OpenLookBack($donorPseudonym: String!, $reason: String!, $window: JSON!) { openLookBack(donorPseudonym: $donorPseudonym, reason: $reason, window: $window) }',
);

export const CONTINUE_LOOK_BACK = operation<{ continueLookBack: LookBackProgress }, { caseId: string }>(
  'mutation ContinueLookBack($caseId: String!) { continueLookBack(caseId: $caseId) }',
);

export interface LotDistribution {
  readonly lotId: string;
  readonly status: string | null;
  readonly unitCount: number;
  readonly packedUnitCount: number;
  readonly shippedUnitCount: number;
  readonly cases: readonly {
    readonly caseCode: string;
    readonly unitCount: number;
    readonly unitCodes: readonly string[];
    readonly status: string;
    readonly packedAt: string;
    readonly shipment: { readonly shipmentId: string; readonly consignee: string; readonly shippedAt: string } | null;
  }[];
}

/** Where the vials of these lots went: their cases, and to whom and when each shipped case went. */
export const LOT_DISTRIBUTION = operation<{ lotDistribution: readonly LotDistribution[] }, { lotIds: readonly string[] }>(
  `query LotDistribution($lotIds: [String!]!) {
    lotDistribution(lotIds: $lotIds) {
      lotId status unitCount packedUnitCount shippedUnitCount
      cases { caseCode unitCount unitCodes status packedAt shipment { shipmentId consignee shippedAt } }
    }
  }`,
);
