// The gateway's queries behind a lot's pages, its release dossier and the lots waiting for release: the lot as the
// ledger keeps it with the signatures it still needs, test results by subject and their assessment against the
// mandatory tests, the batch record's steps with the hash chain checked, deviations with their CAPA.
import type { Deviation as DeviationRecord, Lot, ProcessStep as ProcessStepRecord, TestResult as TestResultRecord } from '@plasma/chaincode/browser';
import type { Selected } from '../../graphql/answer';
import { operation } from '../../graphql/operation';
import type { LotRecord } from './lot-record';

/** A QA release signature given and waiting in the gateway for the other signer's. */
export interface WaitingSignature {
  readonly meaning: string;
  readonly signerName: string;
  readonly signedAt: string;
}

/** A lot on its way to sale: the lot, and where its release stands. */
export interface LotInRelease<L = LotRecord> {
  readonly lot: L;
  /** In order: qa-review, qp-release, regulator-lot-release (those still needed). */
  readonly awaitingSignatures: readonly string[];
  readonly signedWaiting: readonly WaitingSignature[];
  readonly updatedAt: string;
}

/** A lot in the list of lots: what the list shows of it. */
export type ListedLot = Selected<Lot, 'lotId' | 'product' | 'factory' | 'status' | 'holds' | 'openDeviations' | 'unitCount' | 'createdAt'>;

export const LOTS = operation<{ lots: readonly LotInRelease<ListedLot>[] }, { status?: readonly string[] }>(/* GraphQL */ `
  query Lots($status: [String!]) {
    lots(status: $status) {
      lot {
        lotId product { name gtin cnProductCode expiry } factory status holds { kind ref reason since placedBy } openDeviations unitCount
        createdAt
      }
      awaitingSignatures signedWaiting { meaning signerName signedAt } updatedAt
    }
  }`);

/** One lot, whole, and where its release stands. */
export const LOT = operation<{ lot: LotInRelease | null }, { lotId: string }>(/* GraphQL */ `
  query Lot($lotId: String!) {
    lot(lotId: $lotId) {
      lot {
        lotId factory jurisdiction product { name gtin cnProductCode expiry } pools status
        holds { kind ref reason since placedBy } openDeviations stepCount ebrDigest unitCount
        qaRelease { releasedAt dossierDigest signatures { meaning signerName mspId signedAt recordDigest certificate signature } }
        regulatorRelease { releasedAt signature { meaning signerName mspId signedAt recordDigest certificate signature } }
        recall { recalledAt reason }
        createdAt
        lastChange { txId at by { mspId name role } transaction reason }
      }
      awaitingSignatures signedWaiting { meaning signerName signedAt } updatedAt
    }
  }`);

/** A lot's status as the projection holds it, to wait for a release to be indexed. */
export const LOT_STATUS = operation<{ lot: { readonly lot: Selected<Lot, 'lotId' | 'status'> } | null }, { lotId: string }>(/* GraphQL */ `
  query LotStatus($lotId: String!) { lot(lotId: $lotId) { lot { lotId status } } }`);

export type TestSubjectKind = 'DONATION' | 'POOL' | 'LOT';

export type TestResult = Selected<TestResultRecord,
  | 'resultId' | 'analyte' | 'method' | 'result' | 'specification' | 'conclusion' | 'oos' | 'investigation' | 'lab' | 'analyst'
  | 'instrument' | 'rawDataHash' | 'testedAt'>;

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
>(/* GraphQL */ `
  query SubjectTests($kind: TestSubjectKind!, $id: String!) {
    testResults(kind: $kind, id: $id) {
      resultId analyte method result specification conclusion oos investigation { status rootCause capa closedAt }
      lab analyst instrument rawDataHash testedAt
    }
    testAssessment(kind: $kind, id: $id) { jurisdiction ruleSetVersion mandatory passed missing failing openInvestigations }
  }`);

/** A step of the batch record with the gateway's two checks of its place in the hash chain. */
export type ProcessStep = Selected<ProcessStepRecord,
  'seq' | 'step' | 'equipment' | 'operator' | 'start' | 'end' | 'parameterDataHash' | 'previousDigest' | 'digest'> & {
  /** The digest recomputed from the step's content and previousDigest equals digest. */
  readonly digestMatches: boolean;
  /** previousDigest is the digest of the step before; null for a step read on its own. */
  readonly linksToPrevious: boolean | null;
};

export type Deviation = Selected<DeviationRecord, 'deviationId' | 'description' | 'classification' | 'status' | 'raisedAt' | 'capa'>;

export const BATCH_RECORD = operation<{ processSteps: readonly ProcessStep[]; deviations: readonly Deviation[] }, { lotId: string }>(/* GraphQL */ `
  query BatchRecord($lotId: String!) {
    processSteps(lotId: $lotId) {
      seq step equipment operator start end parameterDataHash previousDigest digest digestMatches linksToPrevious
    }
    deviations(lotId: $lotId) {
      deviationId description classification status raisedAt capa { rootCause correctiveAction preventiveAction closedAt }
    }
  }`);

/** An off-chain document by the hash the ledger cites, with its bytes (refused, FORBIDDEN, to roles that may not read them). */
export const CITED_DOCUMENT = operation<
  { document: { readonly mediaType: string; readonly fileName: string; readonly contentBase64: string | null } | null },
  { sha256: string }
>(/* GraphQL */ `query CitedDocument($sha256: String!) { document(sha256: $sha256) { mediaType fileName contentBase64 } }`);
