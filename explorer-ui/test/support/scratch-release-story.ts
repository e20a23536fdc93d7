// The release and distribution story of a scratch projection, as the chaincode would have written it: the CN rule set,
// the pools' NAT, three lots (one in process with a clean batch record; one released and partly shipped to two
// consignees, then held by a look-back on the donor of one of its bags; one whose batch record was altered after it
// was chained and whose QA review waits for the QP), their QC results with an OOS investigation, deviations with
// CAPA, cases and shipments, and the steps' parameter exports stored off-chain under their hashes. The rule set, test
// results, lots, deviations and cases pass through the chaincode's own validators before they are written; pools,
// process steps, units and the look-back case are written as the chaincode shapes them.
import { randomBytes } from 'node:crypto';
import {
  computeDinCheckCharacter,
  DEFAULT_RULES,
  GENESIS_DIGEST,
  gs1CheckDigit,
  newDeviation,
  newLot,
  newRuleSet,
  newShippingCase,
  newTestResult,
  sha256Hex,
  stepDigest,
  toCanonicalJson,
} from '@plasma/chaincode';

export interface StateRow {
  readonly type: string;
  readonly attributes: readonly string[];
  readonly value: unknown;
}

export interface ReleaseStory {
  readonly rows: readonly StateRow[];
  /** Rows of release_signatures: a QA review given and waiting for the QP. */
  readonly waitingSignatures: readonly {
    readonly lotId: string;
    readonly meaning: string;
    readonly signerId: string;
    readonly signature: unknown;
    readonly signedAt: string;
  }[];
  /** In process (its vials are the caller's), batch record intact, QC passed after an invalidated OOS, one deviation closed with CAPA. */
  readonly inProcessLotId: string;
  /** Released by QA, the QP and the regulator; two cases shipped to two consignees, one case and two vials at the factory. */
  readonly releasedLotId: string;
  /** In process; step 2 was altered after it was chained, so its digest no longer matches; its QA review waits for the QP. */
  readonly alteredLotId: string;
  readonly lookBackCaseId: string;
  readonly consignees: readonly string[];
  /** The vials of the released lot, and how they are spread: shipped in cases A and B, packed in C, unpacked. */
  readonly releasedVials: { readonly total: number; readonly shipped: number; readonly packedAtFactory: number; readonly unpacked: number };
  readonly steps: readonly string[];
  /** The steps' parameter exports, JSON in canonical form, stored off-chain under the hash each step carries. */
  readonly parameterDocuments: readonly { readonly sha256: string; readonly fileName: string; readonly content: Buffer }[];
  /** The in-process lot's first step's parameters as the explorer shows them. */
  readonly firstStepParameters: Readonly<Record<string, number>>;
}

export const POOL_NAT = DEFAULT_RULES.CN!.mandatoryTests.pool;
export const LOT_QC = DEFAULT_RULES.CN!.mandatoryTests.lot;
const STEPS = [
  'Thawing and cryo-precipitation',
  'Cohn fraction V precipitation',
  'Ultrafiltration and formulation',
  'Pasteurisation 60 °C 10 h',
];
/** Critical process parameters of each step, as the MES exports them. */
const PARAMETERS: readonly Readonly<Record<string, number>>[] = [
  { thawTemperatureC: 2.1, thawMinutes: 240, cryoprecipitateKg: 41.2 },
  { pH: 4.8, ethanolPercent: 40, temperatureC: -5.2 },
  { transmembranePressureBar: 1.2, concentrationFactor: 4, proteinPercent: 20.1 },
  { temperatureC: 60.1, holdMinutes: 600 },
];

const stamp = (txId: string, at: string, who: { mspId: string; name: string; role: string }, transaction: string, reason?: string) => ({
  txId,
  at,
  by: who,
  transaction,
  ...(reason === undefined ? {} : { reason }),
});
const QA = { mspId: 'FactoryMSP', name: 'qa1', role: 'factory-qa' };
const QP = { mspId: 'FactoryMSP', name: 'qp1', role: 'qp' };
const WAREHOUSE = { mspId: 'FactoryMSP', name: 'warehouse1', role: 'warehouse' };
const REGULATOR = { mspId: 'RegulatorMSP', name: 'regulator1', role: 'regulator' };
const hex = (): string => randomBytes(32).toString('hex');
const sscc = (serial: number): string => {
  const body = `0691234${String(serial).padStart(10, '0')}`;
  return body + gs1CheckDigit(body);
};
/** A certificate block of the right form: the explorer shows who signed, it does not verify here. */
const CERTIFICATE = `-----BEGIN CERTIFICATE-----\n${randomBytes(300).toString('base64')}\n-----END CERTIFICATE-----\n`;
const signature = (meaning: string, who: { mspId: string; name: string }, signedAt: string, recordDigest: string) => ({
  meaning,
  signerName: who.name,
  printedName: `Printed ${who.name}`,
  mspId: who.mspId,
  signedAt,
  recordDigest,
  certificate: CERTIFICATE,
  signature: randomBytes(72).toString('base64'),
});

export function releaseStory({
  tx,
  poolDin,
  releasedPoolDin,
  gtin,
  donor,
  inProcessLotId,
  inProcessUnitCount,
}: {
  readonly tx: string;
  /** The large pool the in-process lots are made from. */
  readonly poolDin: string;
  /** The small pool of the released lot, which holds the bag of the look-back's donor. */
  readonly releasedPoolDin: string;
  readonly gtin: string;
  readonly donor: { readonly pseudonym: string; readonly din: string; readonly collectedAt: string };
  /** The caller's lot, whose vials it commissioned. */
  readonly inProcessLotId: string;
  readonly inProcessUnitCount: number;
}): ReleaseStory {
  const rows: StateRow[] = [];
  const parameterDocuments: { sha256: string; fileName: string; content: Buffer }[] = [];
  const put = (type: string, attributes: readonly string[], value: unknown): void => void rows.push({ type, attributes, value });
  const product = { name: 'Human albumin 20 % 50 mL', gtin, expiry: '2028-06-30' };

  put(
    'rule-set',
    ['CN'],
    newRuleSet({
      jurisdiction: 'CN',
      version: 1,
      ...DEFAULT_RULES.CN,
      reason: 'defaults at genesis',
      lastChange: stamp(tx, '2026-01-01T00:00:00.000Z', REGULATOR, 'RuleSet:InitRuleSets'),
    }),
  );

  let resultSerial = 0;
  const result = (subject: { kind: 'pool' | 'lot'; id: string }, analyte: string, testedAt: string, fields: Record<string, unknown>) => {
    resultSerial += 1;
    const resultId = `TR-SCRATCH${String(resultSerial).padStart(4, '0')}`;
    const value = newTestResult({
      resultId,
      subject,
      analyte,
      lab: subject.kind === 'pool' ? 'QC virology' : 'QC laboratory',
      analyst: 'qa1',
      organisation: 'FactoryMSP',
      instrument: subject.kind === 'pool' ? 'cobas-6800-01' : 'QC-HPLC-02',
      rawDataHash: hex(),
      testedAt,
      lastChange: stamp(tx, testedAt, QA, 'TestResult:RecordTestResult'),
      ...fields,
    });
    put('test-result', [resultId], value);
    put('result-by-subject', [subject.kind, subject.id, resultId], {});
    return resultId;
  };
  for (const pool of [poolDin, releasedPoolDin]) {
    for (const analyte of POOL_NAT) {
      result({ kind: 'pool', id: pool }, analyte, '2026-10-01T14:00:00.000Z', {
        method: 'cobas PCR',
        result: 'not detected',
        specification: 'not detected',
        conclusion: 'pass',
        oos: false,
      });
    }
  }
  const lookBackCaseId = 'LB-SCRATCH-0001';
  const lookBackAt = '2026-11-10T08:01:00.000Z';
  put('pool', [releasedPoolDin], {
    poolDin: releasedPoolDin,
    checkCharacter: computeDinCheckCharacter(releasedPoolDin),
    facility: 'G2001',
    factory: 'FactoryMSP',
    jurisdiction: 'CN',
    status: 'closed',
    count: 12,
    volumeMl: 12 * 600,
    createdAt: '2026-09-28T08:00:00.000Z',
    closedAt: '2026-09-28T12:00:00.000Z',
    lookBackCaseIds: [lookBackCaseId],
  });

  /** A chained batch record; `alter` changes a step after it was chained, as a tampered record would look. */
  const batchRecord = (lotId: string, day: number, alter?: number) => {
    let previousDigest = GENESIS_DIGEST;
    STEPS.forEach((name, index) => {
      const start = `2026-10-${String(day + index).padStart(2, '0')}T08:00:00.000Z`;
      const parameters = Buffer.from(toCanonicalJson({ ...PARAMETERS[index], lotId, step: name }), 'utf8');
      const parameterDataHash = sha256Hex(parameters);
      if (!parameterDocuments.some((d) => d.sha256 === parameterDataHash)) {
        parameterDocuments.push({ sha256: parameterDataHash, fileName: `${lotId}-step-${index + 1}.json`, content: parameters });
      }
      const content = {
        lotId,
        seq: index + 1,
        step: name,
        parameterDataHash,
        equipment: `tank T-${index + 3}`,
        operator: 'qa1',
        start,
        end: start.replace('T08', 'T16'),
        previousDigest,
      };
      const digest = stepDigest(content);
      const stored = index + 1 === alter ? { ...content, equipment: 'tank T-9' } : content;
      put('lot-step', [lotId, String(index + 1).padStart(6, '0')], {
        ...stored,
        digest,
        lastChange: stamp(tx, stored.end, QA, 'Lot:RecordProcessStep'),
      });
      previousDigest = digest;
    });
    return previousDigest;
  };

  const lotQc = (lotId: string, testedAt: string) => {
    for (const analyte of LOT_QC) {
      result({ kind: 'lot', id: lotId }, analyte, testedAt, {
        method: 'ChP 2020',
        result: 'conforms',
        specification: 'conforms',
        conclusion: 'pass',
        oos: false,
      });
    }
  };

  const lotRecord = (lotId: string, status: string, ebrDigest: string, createdAt: string, extra: Record<string, unknown> = {}) =>
    newLot({
      lotId,
      factory: 'FactoryMSP',
      jurisdiction: 'CN',
      product,
      pools: [poolDin],
      status,
      holds: [],
      openDeviations: [],
      stepCount: STEPS.length,
      ebrDigest,
      unitCount: 0,
      createdAt,
      lastChange: stamp(tx, createdAt, QA, 'Lot:CreateLot'),
      ...extra,
    });

  // Lot 1: in process, everything in order for its QA release.
  put(
    'lot',
    [inProcessLotId],
    lotRecord(inProcessLotId, 'in-process', batchRecord(inProcessLotId, 3), '2026-10-02T08:00:00.000Z', {
      unitCount: inProcessUnitCount,
    }),
  );
  result({ kind: 'lot', id: inProcessLotId }, 'endotoxin', '2026-10-12T09:00:00.000Z', {
    method: 'LAL kinetic chromogenic',
    result: '0.61 EU/mL',
    value: 0.61,
    unit: 'EU/mL',
    specification: '< 0.50 EU/mL',
    conclusion: 'fail',
    oos: true,
    investigation: {
      status: 'invalidated',
      rootCause: 'contaminated LAL reagent lot R-2231 (laboratory error)',
      capa: 'reagent lot quarantined; retest on a new lot',
      closedAt: '2026-10-13T10:00:00.000Z',
    },
  });
  lotQc(inProcessLotId, '2026-10-14T09:00:00.000Z');
  put(
    'deviation',
    [inProcessLotId, 'DEV-2611-01'],
    newDeviation({
      lotId: inProcessLotId,
      deviationId: 'DEV-2611-01',
      description: 'ultrafiltration transmembrane pressure above its alert limit for 6 minutes',
      classification: 'minor',
      status: 'closed',
      raisedAt: '2026-10-05T11:00:00.000Z',
      capa: {
        rootCause: 'partly blocked prefilter',
        correctiveAction: 'prefilter replaced, run completed within limits',
        preventiveAction: 'prefilter change interval shortened to 20 runs',
        closedAt: '2026-10-06T09:00:00.000Z',
      },
      lastChange: stamp(tx, '2026-10-06T09:00:00.000Z', QA, 'Lot:CloseDeviation', 'partly blocked prefilter'),
    }),
  );

  // Lot 2: released, serialised, packed and partly shipped; then held by the look-back on the donor of one of its bags.
  const releasedLotId = 'ALB-2611-002';
  const releasedDigest = batchRecord(releasedLotId, 10);
  lotQc(releasedLotId, '2026-10-20T09:00:00.000Z');
  const dossierDigest = hex();
  const vials = Array.from({ length: 12 }, (_, i) => `(01)${gtin}(21)R${String(i + 1).padStart(5, '0')}`);
  const consignees = ['Ruijin Hospital pharmacy, Shanghai', 'Sinopharm Shanghai distribution centre (GLN 6901234000017)'];
  const cases = [
    {
      code: sscc(2611001),
      units: vials.slice(0, 4),
      shipment: { shipmentId: 'OUT-2611-001', destination: consignees[0]!, shippedAt: '2026-11-05T07:30:00.000Z' },
    },
    {
      code: sscc(2611002),
      units: vials.slice(4, 8),
      shipment: { shipmentId: 'OUT-2611-002', destination: consignees[1]!, shippedAt: '2026-11-06T07:30:00.000Z' },
    },
    { code: sscc(2611003), units: vials.slice(8, 10), shipment: undefined },
  ];
  put(
    'lot',
    [releasedLotId],
    lotRecord(releasedLotId, 'released', releasedDigest, '2026-10-10T07:00:00.000Z', {
      unitCount: vials.length,
      qaRelease: {
        releasedAt: '2026-10-25T10:00:00.000Z',
        dossierDigest,
        signatures: [
          signature('qa-review', QA, '2026-10-25T09:40:00.000Z', dossierDigest),
          signature('qp-release', QP, '2026-10-25T09:58:00.000Z', dossierDigest),
        ],
      },
      regulatorRelease: {
        releasedAt: '2026-11-03T10:00:00.000Z',
        signature: signature('regulator-lot-release', REGULATOR, '2026-11-03T09:59:00.000Z', hex()),
      },
      pools: [releasedPoolDin],
      // The regulator opened the look-back, so its hold is the regulator's.
      holds: [
        {
          kind: 'look-back',
          ref: lookBackCaseId,
          reason: `look-back ${lookBackCaseId}: anti-HIV reactive at a later donation`,
          since: lookBackAt,
          placedBy: 'RegulatorMSP',
        },
      ],
      lastChange: stamp(tx, lookBackAt, REGULATOR, 'LookBack:ContinueLookBack'),
    }),
  );
  vials.forEach((code, i) => {
    const caseCode = cases.find((c) => c.units.includes(code))?.code;
    put('unit-by-lot', [releasedLotId, code], {});
    put('unit', [code], {
      code,
      scheme: 'gs1',
      serial: `R${String(i + 1).padStart(5, '0')}`,
      lotId: releasedLotId,
      status: caseCode ? 'packed' : 'commissioned',
      ...(caseCode ? { caseCode } : {}),
      commissionedAt: '2026-10-22T08:00:00.000Z',
      lastChange: stamp(tx, '2026-10-22T08:00:00.000Z', WAREHOUSE, 'Units:CommissionUnits'),
    });
  });
  for (const c of cases) {
    put(
      'case',
      [c.code],
      newShippingCase({
        caseCode: c.code,
        lotId: releasedLotId,
        units: [...c.units].sort(),
        count: c.units.length,
        status: c.shipment ? 'shipped' : 'packed',
        packedAt: '2026-10-23T08:00:00.000Z',
        ...(c.shipment ? { shipment: c.shipment } : {}),
        lastChange: stamp(
          tx,
          c.shipment?.shippedAt ?? '2026-10-23T08:00:00.000Z',
          WAREHOUSE,
          c.shipment ? 'Units:ShipCases' : 'Units:PackCase',
        ),
      }),
    );
    put('case-by-lot', [releasedLotId, c.code], {});
  }

  // Lot 3: in process; its step 2 no longer matches the digest it was chained with.
  const alteredLotId = 'ALB-2611-003';
  const alteredDigest = batchRecord(alteredLotId, 17, 2);
  lotQc(alteredLotId, '2026-10-24T09:00:00.000Z');
  put('lot', [alteredLotId], lotRecord(alteredLotId, 'in-process', alteredDigest, '2026-10-17T07:00:00.000Z'));
  const waitingSignatures = [
    {
      lotId: alteredLotId,
      meaning: 'qa-review',
      signerId: 'qa1',
      signedAt: '2026-10-26T09:00:00.000Z',
      signature: signature('qa-review', QA, '2026-10-26T09:00:00.000Z', hex()),
    },
  ];

  for (const [pool, lotId] of [
    [releasedPoolDin, releasedLotId],
    [poolDin, alteredLotId],
  ] as const) {
    put('pool-lot', [pool, lotId], {});
    put('lot-pool', [lotId, pool], {});
  }

  put('look-back-case', [lookBackCaseId], {
    caseId: lookBackCaseId,
    donorPseudonym: donor.pseudonym,
    reason: 'anti-HIV reactive at a later donation',
    jurisdiction: 'CN',
    scope: { kind: 'consortium', mspId: 'RegulatorMSP' },
    window: { from: new Date(Date.parse(donor.collectedAt) - 30 * 86_400_000).toISOString(), to: donor.collectedAt },
    status: 'complete',
    cursor: `${donor.collectedAt}/${donor.din}`,
    counts: { donations: 1, pools: 1, lots: 1 },
    itemCount: 3,
    itemsDigest: hex(),
    steps: 1,
    openedAt: '2026-11-10T08:00:00.000Z',
    completedAt: lookBackAt,
    lastChange: stamp(tx, lookBackAt, REGULATOR, 'LookBack:ContinueLookBack'),
  });

  return {
    rows,
    waitingSignatures,
    inProcessLotId,
    releasedLotId,
    alteredLotId,
    lookBackCaseId,
    consignees,
    releasedVials: { total: vials.length, shipped: 8, packedAtFactory: 2, unpacked: 2 },
    steps: STEPS,
    parameterDocuments,
    firstStepParameters: PARAMETERS[0]!,
  };
}
