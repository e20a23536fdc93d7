// Look-back on the ledger: opening a case on a donor and running it step by step until it is complete, the case
// record as the chaincode keeps it, and where the vials of the affected lots went.
import type { LookBackCase, LookBackProgress as LookBackStep, ShippingCase } from '@plasma/chaincode/browser';
import type { Answer, Selected } from '../../graphql/answer';
import { operation } from '../../graphql/operation';

/** Where a case stands after a step, and the cursor to continue it from while it is in progress. */
export type LookBackProgress = Answer<LookBackStep> & { readonly continuation: string | null };

export interface LookBackWindow {
  readonly from?: string;
  readonly to?: string;
  readonly jurisdiction?: string;
}

export const OPEN_LOOK_BACK = operation<{ openLookBack: LookBackProgress }, { donorPseudonym: string; reason: string; window: LookBackWindow }>(/* GraphQL */ `
  mutation OpenLookBack($donorPseudonym: String!, $reason: String!, $window: LookBackWindowInput!) {
    openLookBack(donorPseudonym: $donorPseudonym, reason: $reason, window: $window) {
      caseId status steps counts { donations pools lots } interdicted itemsDigest continuation
    }
  }`);

export const CONTINUE_LOOK_BACK = operation<{ continueLookBack: LookBackProgress }, { caseId: string }>(/* GraphQL */ `
  mutation ContinueLookBack($caseId: String!) {
    continueLookBack(caseId: $caseId) { caseId status steps counts { donations pools lots } interdicted itemsDigest continuation }
  }`);

export type LookBackCaseRecord = Answer<LookBackCase>;

export const LOOK_BACK_CASE = operation<{ lookBackCase: LookBackCaseRecord | null }, { caseId: string }>(/* GraphQL */ `
  query LookBackCase($caseId: String!) {
    lookBackCase(caseId: $caseId) {
      caseId donorPseudonym reason jurisdiction scope { kind mspId } window { from to } status cursor counts { donations pools lots }
      itemCount itemsDigest steps openedAt completedAt requestId
      conclusion { outcome reason concludedAt signature { meaning signerName mspId signedAt recordDigest certificate signature } }
      lastChange { txId at by { mspId name role } transaction reason }
    }
  }`);

/** Whether the projection holds the case yet: its report reads from there. */
export const LOOK_BACK_CASE_INDEXED = operation<{ lookBackCase: Selected<LookBackCase, 'caseId'> | null }, { caseId: string }>(/* GraphQL */ `
  query LookBackCaseIndexed($caseId: String!) { lookBackCase(caseId: $caseId) { caseId } }`);

export interface LotDistribution {
  readonly lotId: string;
  readonly status: string | null;
  readonly unitCount: number;
  readonly packedUnitCount: number;
  readonly shippedUnitCount: number;
  readonly cases: readonly Selected<ShippingCase, 'caseCode' | 'count' | 'units' | 'status' | 'packedAt' | 'shipment'>[];
}

/** Where the vials of these lots went: their cases, and to whom and when each shipped case went. */
export const LOT_DISTRIBUTION = operation<{ lotDistribution: readonly LotDistribution[] }, { lotIds: readonly string[] }>(/* GraphQL */ `
  query LotDistribution($lotIds: [String!]!) {
    lotDistribution(lotIds: $lotIds) {
      lotId status unitCount packedUnitCount shippedUnitCount
      cases { caseCode count units status packedAt shipment { shipmentId destination shippedAt } }
    }
  }`);
