// What a lot's release dossier concludes from the projected records: which release signatures a lot still waits
// for, whether its batch record's hash chain holds step by step, whether a subject's results satisfy the mandatory
// tests of its jurisdiction, and where a lot's vials went. Rules that are the chaincode's (the step digest, the
// assessment of results) are the chaincode's own functions, called here, not copied.
import {
  type Assessment,
  assessResults,
  GENESIS_DIGEST,
  type Lot,
  type ShippingCase,
  type SignatureMeaning,
  stepDigest,
} from '@plasma/chaincode';
import type { DossierRepository, Stored, StoredLot, StoredProcessStep, WaitingSignatureRow } from './dossier-repository';

/** The QA release takes both of these over the same dossier (chaincode Lot:QaRelease); then the regulator's. */
const QA_RELEASE_SIGNATURES: readonly SignatureMeaning[] = ['qa-review', 'qp-release'];
const REGULATOR_RELEASE_SIGNATURE: SignatureMeaning = 'regulator-lot-release';

export interface LotInRelease extends StoredLot {
  /** Signatures the lot still needs, in order; empty once released or recalled. */
  readonly awaitingSignatures: readonly SignatureMeaning[];
  /** QA release signatures already given, waiting in the gateway for the other one. */
  readonly signedWaiting: readonly WaitingSignatureRow[];
}

export function lotInRelease(lot: StoredLot, waiting: readonly WaitingSignatureRow[]): LotInRelease {
  const signedWaiting = lot.record.status === 'in-process' ? waiting.filter((w) => w.lot_id === lot.record.lotId) : [];
  const awaitingSignatures =
    lot.record.status === 'in-process'
      ? [...QA_RELEASE_SIGNATURES.filter((meaning) => !signedWaiting.some((w) => w.meaning === meaning)), REGULATOR_RELEASE_SIGNATURE]
      : lot.record.status === 'qa-released'
        ? [REGULATOR_RELEASE_SIGNATURE]
        : [];
  return { ...lot, awaitingSignatures, signedWaiting };
}

export interface CheckedStep extends StoredProcessStep {
  readonly updatedTxId: string;
  /** The digest recomputed from the step's content and its previousDigest equals the digest it carries. */
  readonly digestMatches: boolean;
  /** Its previousDigest is the digest of the step before it (GENESIS_DIGEST for the first). */
  readonly linksToPrevious: boolean;
}

/** Each step of a batch record checked as a verifier would walk the chain, from GENESIS_DIGEST on. */
export function checkStepChain(steps: readonly Stored<StoredProcessStep>[]): CheckedStep[] {
  let previous = GENESIS_DIGEST;
  return steps.map(({ record, updatedTxId }) => {
    const checked = {
      ...record,
      updatedTxId,
      digestMatches: stepDigest(record) === record.digest,
      linksToPrevious: record.previousDigest === previous,
    };
    previous = record.digest;
    return checked;
  });
}

export interface TestAssessment extends Assessment {
  readonly jurisdiction: string;
  readonly ruleSetVersion: number;
  readonly mandatory: readonly string[];
}

/**
 * A pool's or lot's results against the mandatory tests of its jurisdiction's rule set in force, judged by the
 * chaincode's own assessment; undefined when the subject (or its rule set) is not recorded.
 */
export async function assessSubject(repository: DossierRepository, kind: 'pool' | 'lot', id: string): Promise<TestAssessment | undefined> {
  const jurisdiction = await repository.jurisdictionOf(kind, id);
  const rules = jurisdiction === undefined ? undefined : await repository.ruleSet(jurisdiction);
  if (jurisdiction === undefined || rules === undefined) return undefined;
  const mandatory = rules.mandatoryTests[kind];
  const results = (await repository.testResultsOf(kind, id)).map((r) => r.record);
  return { ...assessResults(results, mandatory), jurisdiction, ruleSetVersion: rules.version, mandatory };
}

export interface LotDistribution {
  readonly lotId: string;
  /** Undefined when no lot has this number. */
  readonly lot?: Lot;
  readonly cases: readonly Stored<ShippingCase>[];
  readonly packedUnitCount: number;
  readonly shippedUnitCount: number;
}

/** Where each lot's vials are: packed in which case, and for each shipped case, to whom and when. */
export async function distributionOf(repository: DossierRepository, lotIds: readonly string[]): Promise<LotDistribution[]> {
  const [lots, cases] = await Promise.all([repository.lotsById(lotIds), repository.casesOfLots(lotIds)]);
  return lotIds.map((lotId) => {
    const own = cases.filter((c) => c.record.lotId === lotId);
    const units = (list: readonly Stored<ShippingCase>[]): number => list.reduce((sum, c) => sum + c.record.count, 0);
    return {
      lotId,
      lot: lots.find((l) => l.record.lotId === lotId)?.record,
      cases: own,
      packedUnitCount: units(own),
      shippedUnitCount: units(own.filter((c) => c.record.status === 'shipped')),
    };
  });
}
