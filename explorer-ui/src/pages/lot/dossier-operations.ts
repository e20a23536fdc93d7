// The gateway's queries behind a lot's release dossier and the lots waiting for release: test results by subject and
// their assessment against the mandatory tests, the batch record's steps with the hash chain checked, deviations
// with their CAPA, and the lots with the signatures each still needs.
import { operation } from '../../graphql/operation';

/** A QA release signature given and waiting in the gateway for the other signer's. */
export interface WaitingSignature {
  readonly meaning: string;
  readonly signerName: string;
  readonly signedAt: string;
}

export interface LotInRelease {
  readonly lotId: string;
  readonly product: string;
  readonly expiry: string;
  readonly factory: string;
  readonly status: string;
  /** In order: qa-review, qp-release, regulator-lot-release (those still needed). */
  readonly awaitingSignatures: readonly string[];
  readonly signedWaiting: readonly WaitingSignature[];
  readonly holds: readonly { readonly kind: string; readonly ref: string; readonly reason: string }[];
  readonly openDeviations: readonly string[];
  readonly unitCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const LOTS = operation<{ lots: readonly LotInRelease[] }, { status?: readonly string[] }>(
  `query Lots($status: [String!]) {
    lots(status: $status) {
      lotId product expiry factory status awaitingSignatures signedWaiting { meaning signerName signedAt }
      holds { kind ref reason } openDeviations unitCount createdAt updatedAt
    }
  }`,
);

/** The QA release signatures of one lot that wait in the gateway for the other one. */
export const SIGNATURES_WAITING = operation<{ lot: { readonly signedWaiting: readonly WaitingSignature[] } | null }, { lotId: string }>(
  'query SignaturesWaiting($lotId: String!) { lot(lotId: $lotId) { signedWaiting { meaning signerName signedAt } } }',
);

export type TestSubjectKind = 'DONATION' | 'POOL' | 'LOT';

export interface TestResult {
  readonly resultId: string;
  readonly analyte: string;
  readonly method: string;
  readonly result: string;
  readonly specification: string;
  readonly conclusion: 'pass' | 'fail';
  readonly oos: boolean;
  readonly investigation: { readonly status: string; readonly rootCause: string | null; readonly capa: string | null; readonly closedAt: string | null } | null;
  readonly lab: string;
  readonly analyst: string;
  readonly instrument: string;
  readonly rawDataHash: string;
  readonly testedAt: string;
}

export interface TestAssessment {
  readonly jurisdiction: string;
  readonly ruleSetVersion: number;
  readonly mandatory: readonly string[];
  readonly passed: boolean;
  readonly missing: readonly string[];
  readonly failing: readonly string[];
  readonly openInvestigations: readonly string[];
}

/** A subject's results and, for a pool or a lot, how they stand against the mandatory tests. */
export const SUBJECT_TESTS = operation<
  { testResults: readonly TestResult[]; testAssessment: TestAssessment | null },
  { kind: TestSubjectKind; id: string }
>(
  `query SubjectTests($kind: TestSubjectKind!, $id: String!) {
    testResults(kind: $kind, id: $id) {
      resultId analyte method result specification conclusion oos investigation { status rootCause capa closedAt }
      lab analyst instrument rawDataHash testedAt
    }
    testAssessment(kind: $kind, id: $id) { jurisdiction ruleSetVersion mandatory passed missing failing openInvestigations }
  }`,
);

export interface ProcessStep {
  readonly seq: number;
  readonly step: string;
  readonly equipment: string;
  readonly operator: string;
  readonly start: string;
  readonly end: string;
  readonly parameterDataHash: string;
  readonly previousDigest: string;
  readonly digest: string;
  readonly digestMatches: boolean;
  readonly linksToPrevious: boolean;
}

export interface Deviation {
  readonly deviationId: string;
  readonly description: string;
  readonly classification: string;
  readonly status: string;
  readonly raisedAt: string;
  readonly capa: { readonly rootCause: string; readonly correctiveAction: string; readonly preventiveAction: string; readonly closedAt: string } | null;
}

export const BATCH_RECORD = operation<{ processSteps: readonly ProcessStep[]; deviations: readonly Deviation[] }, { lotId: string }>(
  `query BatchRecord($lotId: String!) {
    processSteps(lotId: $lotId) {
      seq step equipment operator start end parameterDataHash previousDigest digest digestMatches linksToPrevious
    }
    deviations(lotId: $lotId) {
      deviationId description classification status raisedAt capa { rootCause correctiveAction preventiveAction closedAt }
    }
  }`,
);

/** An off-chain document by the hash the ledger cites, with its bytes (refused, FORBIDDEN, to roles that may not read them). */
export const CITED_DOCUMENT = operation<
  { document: { readonly mediaType: string; readonly fileName: string; readonly contentBase64: string | null } | null },
  { sha256: string }
>('query CitedDocument($sha256: String!) { document(sha256: $sha256) { mediaType fileName contentBase64 } }');
