// Look-back on the ledger: opening a case on a donor and running it step by step until it is complete, and the
// case record as the chaincode keeps it.
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
