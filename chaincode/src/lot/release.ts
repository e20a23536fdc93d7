// What QA, the QP and the regulator sign to release a lot, and the rules the QA release must meet first.
import type { Context } from 'fabric-contract-api';
import { ConflictError } from '../errors';
import { sha256Hex } from '../ledger/digest';
import { getPool } from '../pool/pool';
import { getRuleSet } from '../rules/rule-set';
import type { SignableRecord } from '../signatures/electronic-signature';
import { assessResults, describeAssessment } from '../testing/assessment';
import { resultsOf } from '../testing/test-result';
import { listDeviations } from './batch-record';
import { assertLotStep } from './life-cycle';
import type { Lot } from './lot';

/**
 * The release dossier: the lot, its pools (with their Merkle roots), its batch record's hash chain, its deviations and
 * its test results. QA reviewer and QP both sign this record; any change to the lot's record changes its digest.
 */
export async function qaReleaseRecord(ctx: Context, lot: Lot): Promise<SignableRecord> {
  const pools = [];
  for (const poolDin of lot.pools) {
    const { merkleRoot, count } = await getPool(ctx, poolDin);
    pools.push({ poolDin, merkleRoot, count });
  }
  const deviations = (await listDeviations(ctx, lot.lotId)).map(({ deviationId, classification, status }) => ({
    deviationId,
    classification,
    status,
  }));
  const testResults = (await resultsOf(ctx, 'lot', lot.lotId)).map(({ resultId, analyte, conclusion, oos, investigation }) => ({
    resultId,
    analyte,
    conclusion,
    oos,
    investigation: investigation?.status ?? null,
  }));
  return {
    type: 'lot-qa-release',
    id: lot.lotId,
    content: {
      lotId: lot.lotId,
      factory: lot.factory,
      jurisdiction: lot.jurisdiction,
      product: lot.product,
      pools,
      batchRecord: { stepCount: lot.stepCount, ebrDigest: lot.ebrDigest },
      deviations,
      testResults,
    },
  };
}

/** The regulator signs the QA release as made: its dossier digest and the two signatures on it. */
export function regulatorReleaseRecord(lot: Lot): SignableRecord {
  if (lot.qaRelease === undefined) {
    throw new ConflictError(`lot ${lot.lotId} has no QA release for the regulator to release`);
  }
  return {
    type: 'lot-regulator-release',
    id: lot.lotId,
    content: {
      lotId: lot.lotId,
      dossierDigest: lot.qaRelease.dossierDigest,
      qaSignatures: lot.qaRelease.signatures.map(({ meaning, signerName, signedAt, signature }) => ({
        meaning,
        signerName,
        signedAt,
        signatureDigest: sha256Hex(signature),
      })),
    },
  };
}

/** QA release needs: in process, no hold, no open deviation, at least one process step, every mandatory test passed. */
export async function assertReadyForQaRelease(ctx: Context, lot: Lot): Promise<void> {
  assertLotStep(lot, 'qa-release');
  if (lot.holds.length > 0) {
    throw new ConflictError(`lot ${lot.lotId} is on hold (${lot.holds.map(({ kind, ref }) => `${kind} ${ref}`).join(', ')})`);
  }
  if (lot.openDeviations.length > 0) {
    throw new ConflictError(`lot ${lot.lotId} has open deviations ${lot.openDeviations.join(', ')}; close them with their CAPA first`);
  }
  if (lot.stepCount === 0) {
    throw new ConflictError(`lot ${lot.lotId} has no process step in its batch record`);
  }
  const { mandatoryTests, jurisdiction } = await getRuleSet(ctx, lot.jurisdiction);
  const assessment = assessResults(await resultsOf(ctx, 'lot', lot.lotId), mandatoryTests.lot);
  if (!assessment.passed) {
    throw new ConflictError(`lot ${lot.lotId} has not passed the ${jurisdiction} mandatory lot tests: ${describeAssessment(assessment)}`);
  }
}
