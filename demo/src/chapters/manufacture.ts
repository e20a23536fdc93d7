// Chapter 4, manufacture: factory QA tests the closed pool (NAT), makes the lot from it, records its batch record
// step by step (each step's process parameters stored off-chain, the ledger citing their hash) and its QC results.
import type { Actor } from '../cast';
import { CreateLot, RecordProcessStep, RecordTestResult, StoreJsonDocument } from '../operations';
import { CN_PRODUCT_CODE, GTIN } from '../plan';
import type { TestSubject } from '../projection';
import type { Chapter, Scene } from './chapter';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A JSON value, what the documents stored off-chain hold (the generated variables take the schema's JsonDocument as unknown). */
type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
/** The batch record's steps, each with the critical process parameters the MES would export for it. */
export const PROCESS_STEPS: readonly {
  readonly step: string;
  readonly equipment: string;
  readonly parameters: Readonly<Record<string, number>>;
}[] = [
  {
    step: 'Thawing and pooling of source plasma',
    equipment: 'pooling tank PT-01',
    parameters: { thawTemperatureC: 2.5, poolVolumeL: 2.4 },
  },
  {
    step: 'Cohn fractionation, fractions I to V',
    equipment: 'fractionation line CF-2',
    parameters: { ethanolPercent: 40, pH: 4.8, temperatureC: -5 },
  },
  {
    step: 'Ultrafiltration and formulation',
    equipment: 'ultrafiltration skid UF-3',
    parameters: { proteinGPerL: 200, sodiumMmolPerL: 140 },
  },
  { step: 'Pasteurisation at 60 °C for 10 h', equipment: 'pasteuriser PS-1', parameters: { temperatureC: 60.1, hours: 10 } },
  { step: 'Sterile filtration and aseptic filling', equipment: 'filling line FL-1', parameters: { filterMicron: 0.2, vialsFilled: 6 } },
];

interface Laboratory {
  readonly method: string;
  /** The passing result, reported as the specification states it. */
  readonly result: string;
  readonly lab: string;
  readonly instrument: string;
}
const POOL_NAT: Laboratory = { method: 'cobas PCR (NAT)', result: 'not detected', lab: 'QC virology', instrument: 'cobas-6800-01' };
const LOT_QC: Laboratory = { method: 'ChP 2020 monograph', result: 'conforms', lab: 'QC laboratory', instrument: 'QC-01' };

export function manufacture(scene: Scene): Chapter {
  const { telling, projection, cast, plan } = scene;
  const { qa } = cast.factory;
  const { lotId } = plan;

  /** Stores a JSON document off-chain through the gateway and answers the SHA-256 the ledger is to cite. */
  const storeDocument = async (actor: Actor, fileName: string, json: JsonValue): Promise<string> =>
    (await telling.as(actor, `store document ${fileName}`, StoreJsonDocument, { fileName, json })).storeDocument.document.sha256;

  /**
   * A passing result of each of `analytes` the subject has none of yet, citing its raw data as stored off-chain: a
   * telling interrupted half-way through them records only the rest when resumed, so the ledger holds no duplicates.
   */
  const recordMissingTests = async (
    subject: TestSubject,
    analytes: readonly string[],
    { method, result, lab, instrument }: Laboratory,
  ): Promise<void> => {
    const recorded = await projection.passedAnalytes(subject);
    await Promise.all(
      analytes
        .filter((analyte) => !recorded.has(analyte))
        .map(async (analyte) => {
          // Tested now: a pool's results count from its closing, a lot's from its creation, both just before.
          const testedAt = new Date().toISOString();
          const rawDataHash = await storeDocument(qa, `${subject.id}-${analyte}.json`, {
            subject: { ...subject },
            analyte,
            method,
            instrument,
            testedAt,
            readings: [
              { replicate: 1, result },
              { replicate: 2, result },
            ],
          });
          await telling.as(qa, `record the ${analyte} result of ${subject.kind} ${subject.id}`, RecordTestResult, {
            result: {
              subject,
              analyte,
              method,
              result,
              specification: result,
              conclusion: 'pass',
              oos: false,
              lab,
              instrument,
              rawDataHash,
              testedAt,
            },
          });
        }),
    );
  };

  return {
    title: `factory QA tests the pool, makes lot ${lotId}, records its process steps and QC results`,
    done: async () => ((await projection.lot())?.lot.status ?? 'in-process') !== 'in-process',
    settled: async () => ((await projection.lot())?.lot.stepCount ?? 0) >= PROCESS_STEPS.length,
    tell: async () => {
      const rules = await projection.ruleSet();
      const poolDin = await projection.poolDin();
      let stepCount = (await projection.lot())?.lot.stepCount;
      if (stepCount === undefined) {
        // Pool NAT gates the lot: recorded only while there is no lot yet.
        await recordMissingTests({ kind: 'pool', id: poolDin }, rules.mandatoryTests.pool, POOL_NAT);
        const expiry = new Date(Date.now() + 3 * 365 * DAY_MS).toISOString().slice(0, 10);
        const { createLot } = await telling.as(qa, `create lot ${lotId}`, CreateLot, {
          lot: {
            lotId,
            product: { name: 'Human albumin 20 %, 50 ml vial', gtin: GTIN, cnProductCode: CN_PRODUCT_CODE, expiry },
            pools: [poolDin],
          },
        });
        stepCount = createLot.stepCount;
      }
      // Each step starts when the one before ended: the batch record is a time line ending now.
      let start = new Date(Date.now() - 1000).toISOString();
      for (const [index, { step, equipment, parameters }] of PROCESS_STEPS.entries()) {
        if (index < stepCount) continue;
        const end = new Date().toISOString();
        // The step's parameters as the MES would export them, stored off-chain; the ledger cites their hash.
        const parameterDataHash = await storeDocument(qa, `${lotId}-step-${index + 1}.json`, {
          lotId,
          step,
          equipment,
          start,
          end,
          parameters,
        });
        await telling.as(qa, `record process step ${index + 1} (${step})`, RecordProcessStep, {
          lotId,
          step: { step, parameterDataHash, equipment, start, end },
        });
        start = end;
      }
      await recordMissingTests({ kind: 'lot', id: lotId }, rules.mandatoryTests.lot, LOT_QC);
    },
  };
}
