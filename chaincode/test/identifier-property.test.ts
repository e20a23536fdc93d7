// Issue 10 item 6, as a property: whatever transaction is called, with a control character (U+0000, U+10FFFF, C0/C1,
// invisible format characters, a lone surrogate) anywhere in any identifier it takes, the ledger refuses it as
// VALIDATION and writes nothing. Each transaction is first shown to succeed unchanged from the same prepared state, so
// the refusal is the identifier's doing. The table lists every transaction of the role matrix: a new transaction
// fails this test until its identifiers are listed here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import type { FakeLedger } from './fake-context';
import { TRANSACTIONS, permissionOf, type TransactionName } from '../src/access/roles';
import { toCanonicalJson } from '../src/ledger/canonical';
import { leafHash, proofOf, rootOf } from '../src/ledger/merkle';
import { callers, cardOf, cas, dinOf, newLedger, ORGANISATIONS, parsed } from './fixtures';
import { signRecord, TestCa, type TestIdentity } from './pki';
import { at, LOT_PRODUCT, pseudonymOf, screeningDetail, sscc, Story, T0, unitCode } from './story';

type Path = readonly (string | number)[];

interface Call {
  readonly caller: TestIdentity;
  /** Arguments as sent: strings as they are, anything else as JSON. */
  readonly args: readonly unknown[];
  /** Where identifiers sit: the argument's index, then keys and indexes into it. */
  readonly identifiers: readonly Path[];
  readonly transient?: Record<string, string>;
  /** A fresh ledger (genesis) instead of the prepared one. */
  readonly fresh?: boolean;
  /** Some steps cannot be taken from the prepared state (nothing to continue): only the injected calls are checked. */
  readonly baselineRefused?: boolean;
}

const NO_IDENTIFIER = 'takes no identifier';
const MASTER_RECORD_CHANGE = {
  fromVersion: 0,
  productName: 'IVIG 5 %',
  steps: [{ step: 'fractionation', parameters: [{ name: 'temperature', unit: '°C', min: -6, max: -2 }] }],
  reason: 'validated',
};
const NOW = at(T0, 120);
const gateway = cas.StationAMSP.issue('coldchain1', 'device-gateway');

/** Control and invisible characters, including the composite-key separator and the range end. */
const CONTROL = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0009',
  '\u000a',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u200b',
  '\u200e',
  '\u2028',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udfff',
  '\u{10ffff}',
);

function inject(args: readonly unknown[], path: Path, character: string, position: number): unknown[] {
  const copy = JSON.parse(JSON.stringify(args)) as unknown[];
  let holder: any = copy;
  for (const step of path.slice(0, -1)) holder = holder[step];
  const key = path[path.length - 1]!;
  const value = holder[key];
  if (typeof value !== 'string') throw new Error(`no identifier at ${path.join('.')}: ${JSON.stringify(value)}`);
  const at_ = position % (value.length + 1);
  holder[key] = value.slice(0, at_) + character + value.slice(at_);
  return copy;
}

const text = (args: readonly unknown[]): string[] => args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg)));

/** A ledger with an object in every state some transaction starts from, and the names of each. */
async function prepare() {
  const story = await Story.begin();
  await story.ok(
    callers.stationAAdmin,
    'ColdChain:RegisterDevice',
    [{ deviceId: 'G1001-FRZ-01', kind: 'freezer', location: 'freezer F1' }],
    T0,
  );
  await story.ok(callers.stationAAdmin, 'ColdChain:RegisterDevice', [{ deviceId: 'G1001-TRK-07', kind: 'reefer' }], T0);
  const released = await story.releasedDonations(4); // collected at T0, released at T0 + 91 days
  const quarantined = (await story.quarantinedDonations(1, at(T0, 2), 'A', 'quarantined donor')).dins[0]!;

  const clock = at(T0, 100);
  const collected = await story.collect(clock, 'collected donor');
  const screened = await story.collect(clock, 'screened donor');
  await story.screen(screened, at(clock, 0, 1));
  const stored = await story.collect(clock, 'stored donor');
  await story.screen(stored, at(clock, 0, 1));
  await story.store([stored], at(clock, 0, 2));
  // A bag whose mistyped volume waits for QA review.
  const corrected = await story.collect(clock, 'corrected donor');
  await story.ok(
    callers.collectorA,
    'Donation:ProposeCorrection',
    [corrected, { field: 'volumeMl', to: 580, reason: 'typo' }],
    at(clock, 0, 1),
  );
  const shippedBag = await story.collect(clock, 'shipped donor');
  await story.screen(shippedBag, at(clock, 0, 1));
  await story.store([shippedBag], at(clock, 0, 2));
  const shipmentId = await story.ship([shippedBag], at(clock, 0, 3));
  const held = await story.collect(clock, 'held donor');
  await story.ok(
    callers.collectorA,
    'Donation:RecordTemperatureExcursion',
    [[held], { location: 'freezer F1', maxTemperatureC: -12, durationHours: 2 }],
    at(clock, 0, 1),
  );
  const rejected = await story.collect(clock, 'reactive donor');
  await story.screen(rejected, at(clock, 0, 1), 'HBsAg');
  const received = await story.collect(clock, 'received donor');
  await story.screen(received, at(clock, 0, 1));
  await story.store([received], at(clock, 0, 2));
  await story.receive(await story.ship([received], at(clock, 0, 3)), [received], at(clock, 0, 4));
  const mislabelled = await story.collect(clock, 'mislabelled donor');
  await story.screen(mislabelled, at(clock, 0, 1));
  await story.store([mislabelled], at(clock, 0, 2));
  await story.receive(await story.ship([mislabelled], at(clock, 0, 3)), [mislabelled], at(clock, 0, 4), {
    labelMismatchDins: [mislabelled],
  });

  const openPool = story.nextPoolDin();
  await story.ok(callers.warehouse, 'Pool:CreatePool', [{ poolDin: openPool }], clock);
  await story.ok(callers.warehouse, 'Pool:AddToPool', [openPool, [released[0]]], clock);
  const closedPool = await story.closedPool([released[1]!, released[2]!], clock);
  const freshPool = story.nextPoolDin();

  await story.lotReadyForRelease('LIP', [closedPool], clock);
  await story.ok(
    callers.production,
    'Lot:RaiseDeviation',
    ['LIP', { deviationId: 'DEV-1', description: 'filter test repeated', classification: 'minor' }],
    clock,
  );
  await story.ok(
    callers.factoryQa,
    'Lot:CloseDeviation',
    ['LIP', 'DEV-1', { rootCause: 'r', correctiveAction: 'c', preventiveAction: 'p' }],
    clock,
  );
  await story.lotReadyForRelease('LQA', [closedPool], clock);
  await story.qaRelease('LQA', clock);
  await story.releasedLot('LREL', [closedPool], clock);
  const caseCode = await story.packedCase('LREL', 2, clock, 1);
  const units = [unitCode('LREL-free-1'), unitCode('LREL-free-2')];
  await story.ok(callers.warehouse, 'Units:CommissionUnits', ['LREL', units], clock);
  await story.ok(
    callers.production,
    'Lot:RaiseDeviation',
    ['LIP', { deviationId: 'DEV-2', description: 'open deviation', classification: 'minor' }],
    clock,
  );
  await story.lotReadyForRelease('LREADY', [closedPool], clock);
  await story.lotReadyForRelease('LHOLD', [closedPool], clock);
  const {
    holds: [hold],
  } = await story.ok(callers.qp, 'Lot:PlaceOnHold', ['LHOLD', { reason: 'complaint' }], clock);
  await story.lotReadyForRelease('LOOS', [closedPool], clock);
  const oos = await story.testResult('lot', 'LOOS', 'sterility', clock, 'fail');

  // Look-backs: one complete (to conclude), one in progress (eleven donations of a donor), one request.
  const single = await story.collect(at(clock, 1), 'single donor');
  await story.screen(single, at(clock, 1, 1));
  const complete = await story.ok(
    callers.regulator,
    'LookBack:OpenLookBack',
    [pseudonymOf('single donor'), 'seroconversion', {}],
    at(clock, 2),
  );
  for (let day = 0; day < 11 * 14; day += 14) await story.collect(at(clock, -160 + day), 'frequent donor');
  const inProgress = await story.ok(
    callers.regulator,
    'LookBack:OpenLookBack',
    [pseudonymOf('frequent donor'), 'seroconversion', {}],
    at(clock, 2),
  );
  const request = await story.ok(
    callers.inspector,
    'LookBack:RequestLookBack',
    [pseudonymOf('collected donor'), 'inspection finding', {}],
    at(clock, 2),
  );
  // A master batch record of a product no lot here is made of, read and changed.
  await story.ok(callers.factoryQa, 'Lot:DefineMasterBatchRecord', ['8600001', MASTER_RECORD_CHANGE], clock);
  // A donor deferred for a while, whose deferral is read and lifted.
  const {
    deferrals: [deferral],
  } = await story.ok(
    callers.stationQaA,
    'Donor:DeferDonor',
    [pseudonymOf('deferred donor'), { kind: 'temporary', reason: 'medical', until: at(NOW, 30) }],
    at(clock, 2),
  );

  // A window of the freezer's readings, anchored, with a peak warm enough to be an excursion of the stored bag.
  const windowStart = at(clock, 1);
  const reading = (seconds: number, value: number): string =>
    toCanonicalJson({
      device: 'G1001-FRZ-01',
      node: 'temperature',
      sourceTime: new Date(Date.parse(windowStart) + seconds * 1000).toISOString(),
      statusCode: 0,
      value,
    });
  const readings = [reading(0, -30), reading(10, -8), reading(20, -30)];
  const leaves = readings.map(leafHash);
  const root = rootOf(leaves);
  const window = { windowStart, windowEnd: at(windowStart, 0, 1 / 60), roots: [{ device: 'G1001-FRZ-01', root, leafCount: 3 }] };
  await story.ok(gateway, 'ColdChain:AnchorReadings', [window], at(clock, 1, 0.05));
  const peakTime = JSON.parse(readings[1]!).sourceTime as string;
  const excursion = {
    excursionId: `G1001-FRZ-01/temperature@${peakTime}`,
    device: 'G1001-FRZ-01',
    startedAt: peakTime,
    endedAt: at(peakTime, 0, 0.2),
    peakTemperatureC: -8,
    evidence: {
      windowStart,
      root,
      readingId: `G1001-FRZ-01/temperature@${peakTime}`,
      canonicalReading: readings[1],
      proof: { index: 1, leafCount: 3, steps: proofOf(leaves, 1) },
    },
  };
  const nextWindow = { ...window, windowStart: window.windowEnd, windowEnd: at(window.windowEnd, 0, 1 / 60) };
  // A registry change proposed by StationA's admin, waiting for the others' approvals.
  const { proposalId } = await story.ok(
    callers.stationAAdmin,
    'Consortium:ProposeRegistryChange',
    ['P-JOIN-C', { organisations: [...ORGANISATIONS, stationC], reason: 'StationC joins' }],
    at(clock, 2),
  );

  return {
    ledger: story.ledger,
    story,
    released,
    quarantined,
    collected,
    screened,
    stored,
    corrected,
    shipmentId,
    shippedBag,
    held,
    rejected,
    received,
    mislabelled,
    openPool,
    closedPool,
    freshPool,
    caseCode,
    units,
    hold: hold.ref as string,
    oos: oos.resultId as string,
    complete: complete.caseId as string,
    inProgress: inProgress.caseId as string,
    request: request.requestId as string,
    deferral: deferral.deferralId as string,
    excursion,
    nextWindow,
    proposal: proposalId as string,
  };
}

type Prepared = Awaited<ReturnType<typeof prepare>>;

/** Signatures made for the baseline call against the prepared ledger (they bind the record's digest). */
async function signed(p: Prepared, signer: TestIdentity, query: string, args: unknown[], meaning: Parameters<typeof signRecord>[2]) {
  const { digest } = parsed(await p.ledger.clone().invoke(signer, query, text(args), NOW));
  return signRecord(signer, digest, meaning, NOW);
}

const lateDonation = {
  din: dinOf('G1001', 7777),
  productCode: 'E0701V00',
  donorPseudonym: pseudonymOf('late donor'),
  collectionStart: at(T0, 10),
  collectionEnd: at(T0, 10, 0.75),
  volumeMl: 600,
  deviceSerial: 'PCS2-0042',
  anticoagulantLot: 'ACD-24117',
};
const stationC = {
  mspId: 'StationCMSP',
  name: 'StationC',
  kind: 'station',
  facilities: ['G1003'],
  caCertificate: new TestCa('StationCMSP').certificate,
};
const ruleChange = async (p: Prepared) => {
  const {
    jurisdiction: _j,
    version,
    reason: _r,
    lastChange: _l,
    approval: _a,
    ...rules
  } = parsed(await p.ledger.clone().invoke(callers.inspector, 'RuleSet:GetRuleSet', ['QSEAL'], NOW));
  return { fromVersion: version, rules: { ...rules, holdDays: 61 }, reason: 'test change' };
};

/** Every transaction of the role matrix: how to call it well from the prepared state, and where its identifiers are. */
const CALLS: Record<TransactionName, ((p: Prepared) => Promise<Call> | Call) | typeof NO_IDENTIFIER> = {
  'Consortium:InitConsortium': () => ({
    caller: callers.regulatorAdmin,
    args: [ORGANISATIONS],
    identifiers: [
      [0, 0, 'mspId'],
      [0, 1, 'facilities', 0],
    ],
    fresh: true,
  }),
  'Consortium:ChangeRegistry': async (p) => {
    const change = { organisations: [...ORGANISATIONS, stationC], reason: 'StationC joins' };
    const approvals = await Promise.all(
      [callers.regulatorAdmin, callers.factoryAdmin, callers.stationAAdmin].map((admin) =>
        signed(p, admin, 'Consortium:GetRegistryChangeRecord', [change], 'registry-change'),
      ),
    );
    return {
      caller: callers.factoryAdmin,
      args: [change, approvals],
      identifiers: [
        [0, 'organisations', 4, 'mspId'],
        [0, 'organisations', 4, 'facilities', 0],
      ],
    };
  },
  'Consortium:GetRegistryChangeRecord': () => ({
    caller: callers.inspector,
    args: [{ organisations: [...ORGANISATIONS, stationC], reason: 'r' }],
    identifiers: [[0, 'organisations', 4, 'mspId']],
  }),
  'Consortium:ProposeRegistryChange': () => ({
    caller: callers.factoryAdmin,
    args: ['P-NEW', { organisations: [...ORGANISATIONS, stationC], reason: 'StationC joins' }],
    identifiers: [[0], [1, 'organisations', 4, 'mspId'], [1, 'organisations', 4, 'facilities', 0]],
  }),
  'Consortium:ApproveRegistryChange': async (p) => ({
    caller: callers.factoryAdmin,
    args: [p.proposal, await signed(p, callers.factoryAdmin, 'Consortium:GetRegistryProposalRecord', [p.proposal], 'registry-change')],
    identifiers: [[0]],
  }),
  'Consortium:WithdrawRegistryChange': (p) => ({ caller: callers.stationAAdmin, args: [p.proposal, 'not now'], identifiers: [[0]] }),
  'Consortium:GetRegistryProposalRecord': (p) => ({ caller: callers.inspector, args: [p.proposal], identifiers: [[0]] }),
  'Consortium:GetRegistryChangeProposal': (p) => ({ caller: callers.inspector, args: [p.proposal], identifiers: [[0]] }),
  'Consortium:ListRegistryChangeProposals': NO_IDENTIFIER,
  'Consortium:GetRegistry': NO_IDENTIFIER,
  'Consortium:GetOrganisation': () => ({ caller: callers.inspector, args: ['StationAMSP'], identifiers: [[0]] }),
  'Consortium:ListOrganisations': NO_IDENTIFIER,
  'Consortium:GetCertificateAuthority': () => ({ caller: callers.inspector, args: ['FactoryMSP'], identifiers: [[0]] }),

  'RuleSet:SeedDefaultRuleSets': NO_IDENTIFIER,
  'RuleSet:ChangeRuleSet': async (p) => {
    const change = await ruleChange(p);
    return {
      caller: callers.regulator,
      args: ['QSEAL', change, await signed(p, callers.regulator, 'RuleSet:GetRuleChangeRecord', ['QSEAL', change], 'rule-change')],
      identifiers: [[0]],
    };
  },
  'RuleSet:GetRuleSet': () => ({ caller: callers.inspector, args: ['CN'], identifiers: [[0]] }),
  'RuleSet:ListRuleSets': NO_IDENTIFIER,
  'RuleSet:GetRuleChangeRecord': async (p) => ({ caller: callers.inspector, args: ['QSEAL', await ruleChange(p)], identifiers: [[0]] }),

  'Donation:RecordDonation': () => ({
    caller: callers.collectorA,
    args: [{ ...lateDonation, collectionStart: at(NOW, 0, -1), collectionEnd: NOW }],
    identifiers: [[0, 'din']],
  }),
  'Donation:RecordDonations': () => ({
    caller: callers.collectorA,
    args: [[{ ...lateDonation, collectionStart: at(NOW, 0, -1), collectionEnd: NOW }]],
    identifiers: [[0, 0, 'din']],
  }),
  'Donation:RecordLateDonation': async (p) => {
    const reason = { reason: 'paper record' };
    return {
      caller: callers.collectorA,
      args: [
        lateDonation,
        reason,
        await signed(p, callers.stationQaA, 'Donation:GetLateEntryRecord', [lateDonation, reason], 'late-entry'),
      ],
      identifiers: [[0, 'din']],
    };
  },
  'Donation:GetLateEntryRecord': () => ({
    caller: callers.stationQaA,
    args: [lateDonation, { reason: 'paper record' }],
    identifiers: [[0, 'din']],
  }),
  'Donation:RecordScreening': (p) => ({
    caller: callers.stationQaA,
    args: [p.collected],
    identifiers: [[0]],
    transient: screeningDetail(NOW),
  }),
  'Donation:RecordStorage': (p) => ({
    caller: callers.collectorA,
    args: [[p.screened], { location: 'freezer F1', temperatureC: -30 }],
    identifiers: [
      [0, 0],
      [1, 'location'],
    ],
  }),
  'Donation:RecordTemperatureExcursion': (p) => ({
    caller: callers.collectorA,
    args: [[p.stored], { location: 'freezer F1', maxTemperatureC: -10, durationHours: 1 }],
    identifiers: [
      [0, 0],
      [1, 'location'],
    ],
  }),
  'Donation:ResolveHold': (p) => ({ caller: callers.stationQaA, args: [p.held, { reason: 'within allowance' }], identifiers: [[0]] }),
  'Donation:CorrectLabel': (p) => ({
    caller: callers.factoryQa,
    args: [p.mislabelled, { found: 'DIN smudged', reprintedDin: p.mislabelled, reprintedProductCode: 'E0701V00', reason: 'reprinted' }],
    identifiers: [[0], [1, 'reprintedDin']],
  }),
  'Donation:ProposeCorrection': (p) => ({
    caller: callers.collectorA,
    args: [p.stored, { field: 'deviceSerial', to: 'PCS2-0043', reason: 'serial misread' }],
    identifiers: [[0], [1, 'to']],
  }),
  'Donation:ReviewCorrection': (p) => ({ caller: callers.stationQaA, args: [p.corrected, { decision: 'apply' }], identifiers: [[0]] }),
  'Donation:QuarantineDonations': (p) => ({ caller: callers.warehouse, args: [[p.received]], identifiers: [[0, 0]] }),
  'Donation:ReleaseDonations': (p) => ({ caller: callers.factoryQa, args: [[p.quarantined]], identifiers: [[0, 0]] }),
  'Donation:DestroyDonation': async (p) => {
    const order = { method: 'autoclave', reason: 'reactive HBsAg' };
    return {
      caller: callers.stationQaA,
      args: [p.rejected, order, await signed(p, callers.stationQaA, 'Donation:GetDestructionRecord', [p.rejected, order], 'destruction')],
      identifiers: [[0]],
    };
  },
  'Donation:GetDonation': (p) => ({ caller: callers.inspector, args: [p.stored], identifiers: [[0]] }),
  'Donation:GetDonationHistory': (p) => ({ caller: callers.inspector, args: [p.stored], identifiers: [[0]] }),
  'Donation:GetDestructionRecord': (p) => ({
    caller: callers.stationQaA,
    args: [p.rejected, { method: 'autoclave', reason: 'reactive' }],
    identifiers: [[0]],
  }),
  'Donation:GetScreeningDetail': (p) => ({ caller: callers.stationQaA, args: [p.screened], identifiers: [[0]] }),

  'Donor:DeferDonor': () => ({
    caller: callers.stationQaA,
    args: [pseudonymOf('new donor'), { kind: 'temporary', reason: 'medical', until: at(NOW, 30) }],
    identifiers: [[0]],
  }),
  'Donor:LiftDeferral': (p) => ({
    caller: callers.stationQaA,
    args: [pseudonymOf('deferred donor'), p.deferral, { reason: 'entered-in-error' }],
    identifiers: [[0], [1]],
  }),
  'Donor:GetDonor': () => ({ caller: callers.inspector, args: [pseudonymOf('deferred donor')], identifiers: [[0]] }),

  'Shipment:DispatchShipment': (p) => ({
    caller: callers.collectorA,
    args: [{ shipmentId: 'G1001-SHP-NEW', destination: 'FactoryMSP', dins: [p.stored], temperatureC: -30, loggerDevice: 'G1001-TRK-07' }],
    identifiers: [
      [0, 'shipmentId'],
      [0, 'destination'],
      [0, 'dins', 0],
      [0, 'loggerDevice'],
    ],
  }),
  'Shipment:ReceiveShipment': (p) => ({
    caller: callers.warehouse,
    args: [p.shipmentId, { receivedDins: [p.shippedBag], temperatureC: -30, labelsChecked: true }],
    identifiers: [[0], [1, 'receivedDins', 0]],
  }),
  'Shipment:GetShipment': (p) => ({ caller: callers.inspector, args: [p.shipmentId], identifiers: [[0]] }),

  'TestResult:RecordTestResult': () => ({
    caller: callers.factoryQa,
    args: [
      {
        subject: { kind: 'lot', id: 'LIP' },
        analyte: 'appearance',
        method: 'visual',
        result: 'conforms',
        specification: 'clear',
        conclusion: 'pass',
        oos: false,
        lab: 'QC',
        instrument: 'QC-01',
        rawDataHash: 'c'.repeat(64),
        testedAt: NOW,
      },
    ],
    identifiers: [[0, 'subject', 'id']],
  }),
  'TestResult:CloseOosInvestigation': (p) => ({
    caller: callers.factoryQa,
    args: [p.oos, { outcome: 'confirmed', rootCause: 'r', capa: 'c' }],
    identifiers: [[0]],
  }),
  'TestResult:GetTestResult': (p) => ({ caller: callers.inspector, args: [p.oos], identifiers: [[0]] }),
  'TestResult:ListTestResults': () => ({ caller: callers.inspector, args: ['lot', 'LOOS'], identifiers: [[1]] }),

  'Pool:CreatePool': (p) => ({ caller: callers.warehouse, args: [{ poolDin: p.freshPool }], identifiers: [[0, 'poolDin']] }),
  'Pool:AddToPool': (p) => ({ caller: callers.warehouse, args: [p.openPool, [p.released[3]]], identifiers: [[0], [1, 0]] }),
  'Pool:ClosePool': (p) => ({ caller: callers.warehouse, args: [p.openPool], identifiers: [[0]] }),
  'Pool:GetPool': (p) => ({ caller: callers.inspector, args: [p.closedPool], identifiers: [[0]] }),
  'Pool:GetPoolChunk': (p) => ({ caller: callers.inspector, args: [p.closedPool, '0'], identifiers: [[0]] }),
  'Pool:GetMembershipProof': (p) => ({ caller: callers.inspector, args: [p.closedPool, p.released[1]], identifiers: [[0], [1]] }),

  'Lot:CreateLot': (p) => ({
    caller: callers.production,
    args: [{ lotId: 'LNEW', product: LOT_PRODUCT, pools: [p.closedPool] }],
    identifiers: [
      [0, 'lotId'],
      [0, 'pools', 0],
    ],
  }),
  'Lot:RecordProcessStep': () => ({
    caller: callers.production,
    args: ['LIP', { step: 'pasteurisation', parameterDataHash: 'b'.repeat(64), equipment: 'PS-1', start: at(NOW, 0, -1), end: NOW }],
    identifiers: [[0]],
  }),
  // The product code keys the record; a parameter's name becomes part of the id of a deviation it raises.
  'Lot:DefineMasterBatchRecord': () => ({
    caller: callers.factoryQa,
    args: ['8600001', { ...MASTER_RECORD_CHANGE, fromVersion: 1 }],
    identifiers: [[0], [1, 'steps', 0, 'parameters', 0, 'name']],
  }),
  'Lot:GetMasterBatchRecord': () => ({ caller: callers.inspector, args: ['8600001', '1'], identifiers: [[0], [1]] }),
  'Lot:RaiseDeviation': () => ({
    caller: callers.production,
    args: ['LIP', { deviationId: 'DEV-9', description: 'd', classification: 'minor' }],
    identifiers: [[0], [1, 'deviationId']],
  }),
  'Lot:CloseDeviation': () => ({
    caller: callers.factoryQa,
    args: ['LIP', 'DEV-2', { rootCause: 'r', correctiveAction: 'c', preventiveAction: 'p' }],
    identifiers: [[0], [1]],
  }),
  'Lot:QaRelease': async (p) => ({
    caller: callers.qp,
    identifiers: [[0]],
    args: [
      'LREADY',
      [
        await signed(p, callers.factoryQa, 'Lot:GetReleaseRecord', ['LREADY', 'qa'], 'qa-review'),
        await signed(p, callers.qp, 'Lot:GetReleaseRecord', ['LREADY', 'qa'], 'qp-release'),
      ],
    ],
  }),
  'Lot:RegulatorRelease': async (p) => ({
    caller: callers.regulator,
    args: ['LQA', await signed(p, callers.regulator, 'Lot:GetReleaseRecord', ['LQA', 'regulator'], 'regulator-lot-release')],
    identifiers: [[0]],
  }),
  'Lot:PlaceOnHold': () => ({ caller: callers.qp, args: ['LREL', { reason: 'complaint' }], identifiers: [[0]] }),
  'Lot:ReleaseHold': (p) => ({ caller: callers.qp, args: ['LHOLD', p.hold, { reason: 'cleared' }], identifiers: [[0], [1]] }),
  'Lot:RecallLot': () => ({ caller: callers.qp, args: ['LREL', { reason: 'recall' }], identifiers: [[0]] }),
  'Lot:GetLot': () => ({ caller: callers.inspector, args: ['LREL'], identifiers: [[0]] }),
  'Lot:GetReleaseRecord': () => ({ caller: callers.inspector, args: ['LQA', 'regulator'], identifiers: [[0]] }),
  'Lot:GetReleaseSignatureCheck': async (p) => ({
    caller: callers.inspector,
    args: ['LQA', await signed(p, callers.regulator, 'Lot:GetReleaseRecord', ['LQA', 'regulator'], 'regulator-lot-release')],
    identifiers: [[0]],
  }),
  'Lot:ListProcessSteps': () => ({ caller: callers.inspector, args: ['LIP'], identifiers: [[0]] }),
  'Lot:ListDeviations': () => ({ caller: callers.inspector, args: ['LIP'], identifiers: [[0]] }),

  'Units:CommissionUnits': () => ({ caller: callers.warehouse, args: ['LREL', [unitCode('LREL-new-1')]], identifiers: [[0], [1, 0]] }),
  'Units:PackCase': (p) => ({
    caller: callers.warehouse,
    args: ['LREL', { caseCode: sscc(77), units: p.units }],
    identifiers: [[0], [1, 'caseCode'], [1, 'units', 0]],
  }),
  'Units:ShipCases': (p) => ({
    caller: callers.warehouse,
    args: [{ shipmentId: 'OUT-1', destination: 'DC Pudong', cases: [p.caseCode] }],
    identifiers: [
      [0, 'shipmentId'],
      [0, 'cases', 0],
    ],
  }),
  'Units:GetUnit': (p) => ({ caller: callers.inspector, args: [p.units[0]], identifiers: [[0]] }),
  'Units:GetCase': (p) => ({ caller: callers.inspector, args: [p.caseCode], identifiers: [[0]] }),
  'Units:ListUnitsOfLot': () => ({ caller: callers.inspector, args: ['LREL', '10', ''], identifiers: [[0]] }),

  'LookBack:OpenLookBack': () => ({
    caller: callers.regulator,
    args: [pseudonymOf('stored donor'), 'seroconversion', {}],
    identifiers: [[0]],
  }),
  'LookBack:ContinueLookBack': (p) => ({ caller: callers.regulator, args: [p.inProgress], identifiers: [[0]] }),
  'LookBack:RequestLookBack': () => ({ caller: callers.inspector, args: [pseudonymOf('stored donor'), 'finding', {}], identifiers: [[0]] }),
  'LookBack:ConfirmLookBackRequest': (p) => ({ caller: callers.regulator, args: [p.request], identifiers: [[0]] }),
  'LookBack:DeclineLookBackRequest': (p) => ({
    caller: callers.regulator,
    args: [p.request, { reason: 'no evidence' }],
    identifiers: [[0]],
  }),
  'LookBack:ConcludeLookBack': async (p) => {
    const conclusion = { outcome: 'confirmed', reason: 'confirmed positive' };
    return {
      caller: callers.regulator,
      args: [
        p.complete,
        conclusion,
        await signed(p, callers.regulator, 'LookBack:GetLookBackConclusionRecord', [p.complete, conclusion], 'look-back-conclusion'),
      ],
      identifiers: [[0]],
    };
  },
  'LookBack:GetLookBackConclusionRecord': (p) => ({
    caller: callers.regulator,
    args: [p.complete, { outcome: 'cleared', reason: 'r' }],
    identifiers: [[0]],
  }),
  'LookBack:GetLookBackCase': (p) => ({ caller: callers.inspector, args: [p.complete], identifiers: [[0]] }),
  'LookBack:GetLookBackRequest': (p) => ({ caller: callers.inspector, args: [p.request], identifiers: [[0]] }),

  'ColdChain:RegisterDevice': () => ({
    caller: callers.stationAAdmin,
    args: [{ deviceId: 'G1001-FRZ-09', kind: 'freezer', location: 'freezer F9' }],
    identifiers: [
      [0, 'deviceId'],
      [0, 'location'],
    ],
  }),
  'ColdChain:AnchorReadings': (p) => ({ caller: gateway, args: [p.nextWindow], identifiers: [[0, 'roots', 0, 'device']] }),
  'ColdChain:RaiseExcursion': (p) => ({
    caller: gateway,
    args: [p.excursion],
    identifiers: [
      [0, 'excursionId'],
      [0, 'device'],
    ],
  }),
  // Nothing of the prepared state needs another step; the injected ids must still be refused as VALIDATION.
  'ColdChain:ContinueExcursion': (p) => ({ caller: gateway, args: [p.excursion.excursionId], identifiers: [[0]], baselineRefused: true }),
  'ColdChain:GetDevice': () => ({ caller: callers.inspector, args: ['G1001-FRZ-01'], identifiers: [[0]] }),
  'ColdChain:GetWindowAnchor': (p) => ({
    caller: callers.inspector,
    args: ['StationAMSP', p.excursion.evidence.windowStart],
    identifiers: [[0]],
  }),
  'ColdChain:GetExcursion': (p) => ({
    caller: callers.inspector,
    args: [p.excursion.excursionId],
    identifiers: [[0]],
    baselineRefused: true,
  }),

  'Lineage:GetLotUpstream': () => ({ caller: callers.inspector, args: ['LREL'], identifiers: [[0]] }),
  'Lineage:GetDonationDownstream': (p) => ({ caller: callers.inspector, args: [p.released[1]], identifiers: [[0]] }),
  'Lineage:GetAuditTrail': () => ({ caller: callers.inspector, args: ['lot', 'LREL'], identifiers: [[1]] }),
  'SecurityLog:AnchorHead': NO_IDENTIFIER,
  'SecurityLog:GetAnchor': () => ({
    caller: callers.inspector,
    args: ['StationAMSP', 'plasma_gateway'],
    identifiers: [[0], [1]],
    baselineRefused: true,
  }),
};

describe('identifiers in keys (property-based, fast-check)', function () {
  this.timeout(600_000);
  let prepared: Prepared;
  before(async () => {
    prepared = await prepare();
  });

  it('makes keys and reads key ranges in one place each, which applies the identifier rule', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
      );
    const root = path.join(__dirname, '..', 'src');
    const direct = sources(root)
      .filter((file) => /stub\.(createCompositeKey|getStateByPartialCompositeKey|getStateByRange)/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    expect(direct.sort()).to.deep.equal(['ledger/keys.ts', 'ledger/state.ts']);
  });

  it('lists every transaction of the role matrix', () => {
    expect(
      TRANSACTIONS.filter((name) => !(name in CALLS)),
      'transactions missing from CALLS',
    ).to.deep.equal([]);
    expect(
      Object.keys(CALLS).filter((name) => permissionOf(name) === undefined),
      'CALLS naming no transaction',
    ).to.deep.equal([]);
  });

  for (const [name, make] of Object.entries(CALLS)) {
    if (make === NO_IDENTIFIER) continue;
    it(`${name}: a control character in any identifier is refused as VALIDATION and writes nothing`, async () => {
      const call = await make(prepared);
      const base = (): FakeLedger => {
        if (!call.fresh) return prepared.ledger.clone();
        const ledger = newLedger();
        ledger.endorsingFor = cardOf('RegulatorMSP');
        return ledger;
      };
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...call.identifiers), CONTROL, fc.nat(64), async (path, character, position) => {
          const ledger = base();
          const outcome = await ledger.invoke(call.caller, name, text(inject(call.args, path, character, position)), NOW, {
            transient: call.transient,
          });
          const message = outcome.error?.message ?? '(accepted)';
          expect(message.startsWith('VALIDATION: '), `${name} with ${JSON.stringify(character)} in ${path.join('.')}: ${message}`).to.equal(
            true,
          );
          expect(outcome.writes.size, 'keys written').to.equal(0);
          expect(outcome.privateWrites.size, 'private keys written').to.equal(0);
          expect(outcome.validationParameters.size, 'policies written').to.equal(0);
        }),
        { numRuns: Number(process.env.PROPERTY_RUNS ?? 25) },
      );
      // The same call unchanged goes through: what refused it was the identifier.
      const baseline = await base().invoke(call.caller, name, text(call.args), NOW, { transient: call.transient });
      if (call.baselineRefused) expect(baseline.error?.message, `${name} unchanged`).to.not.match(/^VALIDATION/);
      else expect(baseline.error, `${name} unchanged`).to.equal(undefined);
    });
  }
});
