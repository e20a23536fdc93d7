// Every mutation the gateway serves, each tried by a person the role matrix (chaincode/src/access/roles.ts,
// docs/roles.md) refuses — FORBIDDEN, and nothing written — and by one it allows: success, or where a success would
// need a much longer story, a domain error (CONFLICT, NOT_FOUND, VALIDATION) that shows the role check was passed.
// Both send the same request, so the refusal is about who asks, not what; every mutation that acts is signed by the
// sender's own device key, step by step, as the explorer signs. The cases follow one small story on the real network
// (donations, a pool, a lot and its release), in order. The mutations are read from the served
// schema, so a new mutation without a case fails the first test.
import { randomBytes, randomUUID, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { DEFAULT_JURISDICTION, RULE_FIELDS } from '@plasma/chaincode';
import type { TransactionName } from '../src/ledger/person-ledger';
import type { Person } from '../src/people/person';
import { dinOf, gs1UnitCode, gtinOf, ssccOf } from '@plasma/demo';
import { caCertFile } from '@plasma/network';
import { certificateRequest, newDeviceKeys } from '@plasma/explorer-ui/device-key';
import { collectedMinutesAgo, donation, FIRST_BAG_ENDED_MINUTES_AGO, pseudonym } from '@plasma/testkit';
import { type DeviceSession, type GraphQLAnswer, testGateway, type TestGateway } from '@plasma/testkit/gateway';

type Who = readonly [org: string, username: string];
const COLLECTOR_A: Who = ['StationA', 'collector1'];
const STATION_QA_A: Who = ['StationA', 'stationqa1'];
const ADMIN_A: Who = ['StationA', 'admin'];
const WAREHOUSE: Who = ['Factory', 'warehouse1'];
const FACTORY_QA: Who = ['Factory', 'qa1'];
const QP: Who = ['Factory', 'qp1'];
const REGULATOR: Who = ['Regulator', 'regulator1'];
const INSPECTOR: Who = ['Regulator', 'inspector1'];
const everyone: readonly Who[] = [COLLECTOR_A, STATION_QA_A, ADMIN_A, WAREHOUSE, FACTORY_QA, QP, REGULATOR, INSPECTOR];
const named = ([org, username]: Who): string => `${username}@${org}`;

type Outcome = 'succeeds' | 'CONFLICT' | 'NOT_FOUND' | 'VALIDATION';

interface MutationCase {
  readonly query: string;
  /** The request's variables; `who` for what is the sender's own (a password entered again). */
  readonly variables: (who: Who) => Record<string, unknown>;
  /** Absent only for mutations open to everyone, with the reason. */
  readonly forbidden?: {
    readonly who: Who;
    /** What the mutation would change, read before and after the refused attempt: it must not differ. */
    readonly written: () => Promise<unknown>;
  };
  readonly open?: string;
  readonly permitted: { readonly who: Who; readonly outcome: Outcome; readonly why?: string };
  /** Story steps the permitted request needs, taken by the people whose steps they are. */
  readonly prepare?: () => Promise<void>;
  /** Keeps what the story needs later from the permitted answer. */
  readonly then?: (data: any) => void;
  /** Another session than the shared one (logout ends the session it is sent with). */
  readonly token?: (who: Who) => Promise<string>;
}

const DAY = 24 * 60 * 60 * 1000;
/** A certificate that names no person: the Factory CA's own. */
const A_CERTIFICATE = readFileSync(caCertFile('Factory'), 'utf8');
const run = randomBytes(3).toString('hex').toUpperCase();
const GTIN = gtinOf('0690123488001');

describe('every mutation, tried by a person the role matrix refuses and by one it allows', function () {
  this.timeout(300_000);
  let t: TestGateway;
  const tokens = new Map<string, string>();
  const devices = new Map<string, DeviceSession>();
  const people = new Map<string, Person>();
  // Reads go through the peer of whoever wrote last: that peer has committed the write (the gateway waits for it),
  // while another organisation's peer may still be a block behind.
  let lastWriter: Person;

  // The story's objects.
  const s = {
    mandatory: { donation: [] as string[], pool: [] as string[], lot: [] as string[] },
    donor: pseudonym(),
    /** A new donor, turned away at their first visit. */
    deferredDonor: pseudonym(),
    deferralId: '',
    din: '',
    laterDin: '',
    heldDin: '',
    /** Recorded late, then rejected and destroyed. */
    lateDin: '',
    /** A tray of two bags of two new donors, recorded in one transaction. */
    trayDins: [] as string[],
    poolDin: '',
    lotId: `MUT-${run}`,
    resultId: '',
    deviationId: `DEV-${run}`,
    holdRef: '',
    caseId: '',
    /** A donor an inspector asks a look-back on: one request confirmed, one declined. */
    requestDonor: pseudonym(),
    requestId: '',
    declinedRequestId: '',
    units: [1, 2].map((n) => gs1UnitCode(GTIN, `M${run}${n}`)),
    caseCode: '',
    documentHash: '',
    resetCode: '',
    certificateRequest: '',
    /** QSEAL's rules as they stand (StationB's jurisdiction; no case here depends on them), changed to themselves. */
    rules: {} as Record<string, unknown>,
    ruleVersion: 0,
    /** A registry change proposed, approved once and withdrawn: the registry's members as they stand, changed to themselves. */
    proposalId: `REG-${run}`,
    members: [] as Record<string, unknown>[],
    /** A Chinese product code of this run's own, so that no lot of the story or the demo is checked against its MBR. */
    mbrProductCode: `9${String(parseInt(run, 16) % 1_000_000).padStart(6, '0')}`,
    /** The releases' answers, each sent under a clientRequestId of its own: a repeat must answer them again. */
    releases: {} as Record<string, unknown>,
  };

  const token = (who: Who): string => tokens.get(named(who))!;
  /**
   * As `who`: every mutation that acts signed by their own device's key (Node's WebCrypto, as the explorer's), so that
   * each is shown usable that way; the admin's key stays with the gateway, and a session of the case's own goes as it is.
   */
  const call = (query: string, variables: Record<string, unknown>, who: Who, sessionToken?: string) => {
    const device = devices.get(named(who));
    return device && sessionToken === undefined
      ? device.graphql(query, variables)
      : t.graphql(query, variables, sessionToken ?? token(who));
  };
  const codeOf = (answer: GraphQLAnswer): string | undefined => answer.errors?.[0]?.extensions?.code;

  /** Sends as `who`, tried again while a peer that is a block behind answers NOT_FOUND or CONFLICT. */
  async function settled(send: () => Promise<GraphQLAnswer>, stale: (answer: GraphQLAnswer) => boolean): Promise<GraphQLAnswer> {
    for (let attempt = 1; ; attempt += 1) {
      const answer = await send();
      if (attempt >= 30 || !stale(answer)) return answer;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  const isStale = (answer: GraphQLAnswer): boolean => ['NOT_FOUND', 'CONFLICT'].includes(codeOf(answer) ?? '');

  /** A story step that must succeed, as `who`; answers its data. */
  async function step(who: Who, query: string, variables: Record<string, unknown>): Promise<any> {
    const answer = await settled(() => call(query, variables, who), isStale);
    expect(answer.errors, `${named(who)}: ${query}`).to.equal(undefined);
    lastWriter = people.get(named(who))!;
    return answer.data;
  }

  /** The ledger's answer to a query, or its error code: what a refused request must leave as it was. */
  async function ledgerRead(transaction: TransactionName, ...args: string[]): Promise<string> {
    return t
      .gatewayOf(lastWriter.org)
      .services.ledger.evaluate({ person: lastWriter }, transaction, args)
      .then(
        (bytes) => Buffer.from(bytes).toString('utf8'),
        (error: { code?: string; message: string }) => `${error.code}: ${error.message}`,
      );
  }
  const rows = async (sql: string, ...values: unknown[]): Promise<unknown[]> => (await t.pool.query(sql, values)).rows;

  const storeDocument = async (fileName: string, content: Record<string, unknown>): Promise<string> =>
    (await step(FACTORY_QA, STORE_DOCUMENT, { fileName, mediaType: 'application/json', json: content })).storeDocument.document.sha256;
  const testResult = async (subject: { kind: string; id: string }, analyte: string, pass = true) => ({
    subject,
    analyte,
    method: 'validated method',
    result: pass ? 'conforms' : 'out of limits',
    specification: 'conforms',
    conclusion: pass ? 'pass' : 'fail',
    oos: !pass,
    lab: 'QC',
    instrument: 'QC-01',
    testedAt: new Date().toISOString(),
    rawDataHash: await storeDocument(`${subject.id}-${analyte}-${randomBytes(4).toString('hex')}.json`, { subject, analyte, pass }),
  });
  const recordResults = (subject: { kind: string; id: string }, analytes: readonly string[]) =>
    Promise.all(analytes.map(async (analyte) => step(FACTORY_QA, RECORD_TEST_RESULT, { result: await testResult(subject, analyte) })));

  const STORE_DOCUMENT =
    'mutation ($fileName: String!, $mediaType: String!, $json: JsonDocument) { storeDocument(fileName: $fileName, mediaType: $mediaType, json: $json) { document { sha256 } created } }';
  const RECORD_TEST_RESULT = `mutation ($result: TestResultInput!) { recordTestResult(result: $result) { resultId } }`;
  const SIGN_QA =
    'mutation ($lotId: String!, $signature: QaReleaseSignature!, $password: String!) { signLotQaRelease(lotId: $lotId, signature: $signature, password: $password) { lotId waitingFor lot { lotId status } } }';
  const screening = () => ({
    tests: s.mandatory.donation.map((analyte) => ({
      analyte,
      method: 'ELISA',
      result: 'non-reactive',
      conclusion: 'negative',
      instrument: 'STAR-7',
    })),
    testedAt: new Date(Date.now() - 60_000).toISOString(),
    lab: 'StationA laboratory',
  });
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
  // Collections as they happen, never back-dated: the ledger wants a late entry signed by station QA after 72 hours.
  const collected = (minutesAgo: number) => ({ donorPseudonym: s.donor, ...collectedMinutesAgo(minutesAgo) });
  /** Records and screens one more bag of the donor, collected `minutesAgo`, as the station's people. */
  const collectAndScreen = async (din: string, minutesAgo: number): Promise<void> => {
    await step(COLLECTOR_A, cases.recordDonation!.query, { input: donation(din, collected(minutesAgo)) });
    await step(STATION_QA_A, cases.recordScreening!.query, { din, screening: screening() });
  };
  const newDin = (sequence: number) => dinOf('G1001', new Date().getUTCFullYear(), sequence);
  const getDonation = (din: () => string) => () => ledgerRead('Donation:GetDonation', din());
  const getLot = () => ledgerRead('Lot:GetLot', s.lotId);
  const getPool = () => ledgerRead('Pool:GetPool', s.poolDin);
  const pendingSignatures = () => rows('SELECT meaning, signer_id FROM release_signatures WHERE lot_id = $1 ORDER BY meaning', s.lotId);

  // In story order: each permitted request leaves what the next case needs.
  const cases: Record<string, MutationCase> = {
    login: {
      query: 'mutation ($org: String!, $u: String!, $p: String!) { login(org: $org, username: $u, password: $p) { token } }',
      variables: ([org, username]) => ({ org, u: username, p: t.password(org, username) }),
      open: "signing in needs only the person's own password",
      permitted: { who: INSPECTOR, outcome: 'succeeds' },
    },
    createPerson: {
      query: 'mutation ($input: NewPersonInput!) { createPerson(input: $input) { username role } }',
      variables: () => ({
        input: {
          org: 'StationA',
          username: `mut-${run.toLowerCase()}`,
          displayName: 'Mutation test collector',
          role: 'collector',
          password: 'a long enough password',
        },
      }),
      forbidden: { who: COLLECTOR_A, written: () => rows('SELECT id FROM people WHERE username = $1', `mut-${run.toLowerCase()}`) },
      permitted: { who: ADMIN_A, outcome: 'succeeds' },
    },
    recordDonation: {
      query: 'mutation ($input: DonationInput!) { recordDonation(input: $input) { din status } }',
      variables: () => ({ input: donation(s.din, collected(FIRST_BAG_ENDED_MINUTES_AGO)) }),
      forbidden: { who: STATION_QA_A, written: getDonation(() => s.din) },
      permitted: { who: COLLECTOR_A, outcome: 'succeeds' },
    },
    recordDonations: {
      query: 'mutation ($inputs: [DonationInput!]!) { recordDonations(inputs: $inputs) { station dins count } }',
      // Each bag of its own new donor: a tray holds each donor once.
      variables: () => ({
        inputs: s.trayDins.map((din) => donation(din, { ...collected(FIRST_BAG_ENDED_MINUTES_AGO), donorPseudonym: pseudonym() })),
      }),
      forbidden: { who: STATION_QA_A, written: getDonation(() => s.trayDins[1]!) },
      permitted: { who: COLLECTOR_A, outcome: 'succeeds' },
      then: (data) =>
        expect(data.recordDonations).to.deep.equal({ station: 'StationAMSP', dins: s.trayDins.map((din) => din.slice(0, 13)), count: 2 }),
    },
    // The collector typed the volume wrong; station QA, another person, applies the correction.
    proposeCorrection: {
      query:
        'mutation ($din: String!, $correction: CorrectionInput!) { proposeCorrection(din: $din, correction: $correction) { volumeMl corrections { status } } }',
      variables: () => ({ din: s.din, correction: { field: 'volumeMl', to: '575', reason: 'mutation test: the scale read 575 mL' } }),
      forbidden: { who: WAREHOUSE, written: getDonation(() => s.din) },
      permitted: { who: COLLECTOR_A, outcome: 'succeeds' },
    },
    reviewCorrection: {
      query:
        'mutation ($din: String!, $review: CorrectionReviewInput!) { reviewCorrection(din: $din, review: $review) { volumeMl corrections { status from to } } }',
      variables: () => ({ din: s.din, review: { decision: 'apply' } }),
      // The collector who proposed it is not QA: the role matrix refuses before the two-person rule would.
      forbidden: { who: COLLECTOR_A, written: getDonation(() => s.din) },
      permitted: { who: STATION_QA_A, outcome: 'succeeds' },
    },
    recordScreening: {
      query: `mutation ($din: String!, $screening: ScreeningInput!) { recordScreening(din: $din, screening: $screening) { din status } }`,
      variables: () => ({ din: s.din, screening: screening() }),
      forbidden: { who: COLLECTOR_A, written: getDonation(() => s.din) },
      permitted: { who: STATION_QA_A, outcome: 'succeeds' },
    },
    // A bag collected four days ago, entered from the paper log: station QA signs the late entry with their password.
    recordLateDonation: {
      query:
        'mutation ($input: DonationInput!, $lateEntry: ReasonInput!, $password: String!) { recordLateDonation(input: $input, lateEntry: $lateEntry, password: $password) { din status lateEntry { signature { signerName meaning } } } }',
      variables: ([org, username]) => ({
        input: donation(s.lateDin, {
          collectionStart: new Date(daysAgo(4).getTime() - 45 * 60_000).toISOString(),
          collectionEnd: daysAgo(4).toISOString(),
        }),
        lateEntry: { reason: 'mutation test: scanner offline, entered from the paper log' },
        password: t.password(org, username),
      }),
      // Station staff record a late entry, but only its QA signs one: the collector is refused before any password is checked.
      forbidden: { who: COLLECTOR_A, written: getDonation(() => s.lateDin) },
      permitted: { who: STATION_QA_A, outcome: 'succeeds' },
      then: (data) => {
        expect(data.recordLateDonation.lateEntry.signature).to.deep.equal({ signerName: 'stationqa1', meaning: 'late-entry' });
      },
    },
    // The late bag screens reactive; station QA destroys it, signing the destruction record.
    destroyDonation: {
      query:
        'mutation ($din: String!, $destruction: DestructionInput!, $password: String!) { destroyDonation(din: $din, destruction: $destruction, password: $password) { din status destruction { signature { signerName meaning } } } }',
      variables: ([org, username]) => ({
        din: s.lateDin,
        destruction: { method: 'autoclave then incineration', reason: 'mutation test: anti-HIV repeat reactive' },
        password: t.password(org, username),
      }),
      prepare: async () => {
        const reactive = screening();
        reactive.tests[0]!.conclusion = 'reactive';
        await step(STATION_QA_A, cases.recordScreening!.query, { din: s.lateDin, screening: reactive });
      },
      forbidden: { who: WAREHOUSE, written: getDonation(() => s.lateDin) },
      permitted: { who: STATION_QA_A, outcome: 'succeeds' },
      then: (data) => {
        expect(data.destroyDonation).to.deep.include({ status: 'destroyed' });
        expect(data.destroyDonation.destruction.signature).to.deep.equal({ signerName: 'stationqa1', meaning: 'destruction' });
      },
    },
    recordStorage: {
      query: `mutation ($dins: [String!]!, $storage: StorageInput!) { recordStorage(dins: $dins, storage: $storage) { din status } }`,
      variables: () => ({ dins: [s.din, s.heldDin], storage: { location: 'freezer F1', temperatureC: -30 } }),
      forbidden: { who: WAREHOUSE, written: getDonation(() => s.din) },
      permitted: { who: COLLECTOR_A, outcome: 'succeeds' },
    },
    recordTemperatureExcursion: {
      query: `mutation ($dins: [String!]!, $excursion: ExcursionInput!) { recordTemperatureExcursion(dins: $dins, excursion: $excursion) { din status } }`,
      variables: () => ({ dins: [s.heldDin], excursion: { location: 'freezer F1', maxTemperatureC: -15, durationHours: 2 } }),
      forbidden: { who: INSPECTOR, written: getDonation(() => s.heldDin) },
      permitted: { who: COLLECTOR_A, outcome: 'succeeds' },
    },
    resolveHold: {
      query: `mutation ($din: String!, $resolution: ReasonInput!) { resolveHold(din: $din, resolution: $resolution) { din status } }`,
      variables: () => ({ din: s.heldDin, resolution: { reason: 'excursion within the allowance' } }),
      forbidden: { who: COLLECTOR_A, written: getDonation(() => s.heldDin) },
      permitted: { who: STATION_QA_A, outcome: 'succeeds' },
    },
    dispatchShipment: {
      query: `mutation ($shipment: ShipmentDispatchInput!) { dispatchShipment(shipment: $shipment) { shipmentId status } }`,
      variables: () => ({
        shipment: { shipmentId: `G1001-MUT-${run}`, destination: 'FactoryMSP', dins: [s.din, s.heldDin], temperatureC: -28 },
      }),
      forbidden: { who: WAREHOUSE, written: () => ledgerRead('Shipment:GetShipment', `G1001-MUT-${run}`) },
      permitted: { who: COLLECTOR_A, outcome: 'succeeds' },
    },
    receiveShipment: {
      query: `mutation ($id: String!, $receipt: ShipmentReceiptInput!) { receiveShipment(shipmentId: $id, receipt: $receipt) { shipmentId status } }`,
      // The bag back from its temperature hold arrives with a label that does not match the manifest: on a label hold.
      variables: () => ({
        id: `G1001-MUT-${run}`,
        receipt: { receivedDins: [s.din, s.heldDin], temperatureC: -27, labelsChecked: true, labelMismatchDins: [s.heldDin] },
      }),
      forbidden: { who: FACTORY_QA, written: () => ledgerRead('Shipment:GetShipment', `G1001-MUT-${run}`) },
      permitted: { who: WAREHOUSE, outcome: 'succeeds' },
    },
    correctLabel: {
      query: `mutation ($din: String!, $correction: LabelCorrectionInput!) { correctLabel(din: $din, correction: $correction) { din status labelCorrection { reprintedDin } } }`,
      variables: () => ({
        din: s.heldDin,
        correction: {
          found: 'DIN of another bag',
          reprintedDin: s.heldDin,
          reprintedProductCode: 'E0701V00',
          reason: 'label reprinted from the record',
        },
      }),
      forbidden: { who: WAREHOUSE, written: getDonation(() => s.heldDin) },
      permitted: { who: FACTORY_QA, outcome: 'succeeds' },
    },
    quarantineDonations: {
      query: 'mutation ($dins: [String!]!) { quarantineDonations(dins: $dins) { din status } }',
      variables: () => ({ dins: [s.din] }),
      forbidden: { who: FACTORY_QA, written: getDonation(() => s.din) },
      permitted: { who: WAREHOUSE, outcome: 'succeeds' },
    },
    releaseDonations: {
      // The donor's follow-up bag, collected after the first, recorded and screened negative after it, releases it.
      prepare: () => collectAndScreen(s.laterDin, 1),
      query: 'mutation ($dins: [String!]!) { releaseDonations(dins: $dins) { din status } }',
      variables: () => ({ dins: [s.din] }),
      forbidden: { who: WAREHOUSE, written: getDonation(() => s.din) },
      permitted: { who: FACTORY_QA, outcome: 'succeeds' },
    },
    createPool: {
      query: `mutation ($pool: PoolInput!) { createPool(pool: $pool) { poolDin status } }`,
      variables: () => ({ pool: { poolDin: s.poolDin } }),
      forbidden: { who: FACTORY_QA, written: getPool },
      permitted: { who: WAREHOUSE, outcome: 'succeeds' },
    },
    addToPool: {
      query: 'mutation ($pool: String!, $dins: [String!]!) { addToPool(poolDin: $pool, dins: $dins) { poolDin count } }',
      variables: () => ({ pool: s.poolDin, dins: [s.din] }),
      forbidden: { who: FACTORY_QA, written: getPool },
      permitted: { who: WAREHOUSE, outcome: 'succeeds' },
    },
    closePool: {
      query: 'mutation ($pool: String!) { closePool(poolDin: $pool) { poolDin status merkleRoot } }',
      variables: () => ({ pool: s.poolDin }),
      forbidden: { who: QP, written: getPool },
      permitted: { who: WAREHOUSE, outcome: 'succeeds' },
    },
    storeDocument: {
      query: STORE_DOCUMENT,
      variables: () => ({
        fileName: `nat-${run}.json`,
        mediaType: 'application/json',
        json: { pool: s.poolDin, analyte: s.mandatory.pool[0], run },
      }),
      forbidden: { who: COLLECTOR_A, written: () => rows('SELECT sha256 FROM documents WHERE file_name = $1', `nat-${run}.json`) },
      permitted: { who: FACTORY_QA, outcome: 'succeeds' },
      then: (data) => {
        s.documentHash = data.storeDocument.document.sha256;
      },
    },
    recordTestResult: {
      query: RECORD_TEST_RESULT,
      variables: () => ({
        result: {
          subject: { kind: 'pool', id: s.poolDin },
          analyte: s.mandatory.pool[0],
          method: 'cobas PCR',
          result: 'not detected',
          specification: 'not detected',
          conclusion: 'pass',
          oos: false,
          lab: 'QC virology',
          instrument: 'cobas-6800-01',
          rawDataHash: s.documentHash,
          testedAt: new Date().toISOString(),
        },
      }),
      forbidden: { who: WAREHOUSE, written: () => ledgerRead('TestResult:ListTestResults', 'pool', s.poolDin) },
      permitted: { who: FACTORY_QA, outcome: 'succeeds' },
    },
    createLot: {
      prepare: () => recordResults({ kind: 'pool', id: s.poolDin }, s.mandatory.pool.slice(1)).then(() => undefined),
      query: `mutation ($lot: LotInput!) { createLot(lot: $lot) { lotId status } }`,
      variables: () => ({
        lot: { lotId: s.lotId, product: { name: 'Human albumin 20 %', gtin: GTIN, expiry: '2029-12-31' }, pools: [s.poolDin] },
      }),
      forbidden: { who: WAREHOUSE, written: getLot },
      permitted: { who: FACTORY_QA, outcome: 'succeeds' },
    },
    recordProcessStep: {
      prepare: async () => {
        s.documentHash = await storeDocument(`step-${run}.json`, { lotId: s.lotId, temperatureC: 60 });
      },
      query: `mutation ($lotId: String!, $step: ProcessStepInput!) { recordProcessStep(lotId: $lotId, step: $step) { seq digest parameters { name value } masterRecord { version } outOfRange } }`,
      variables: () => ({
        lotId: s.lotId,
        step: {
          step: 'Pasteurisation',
          parameterDataHash: s.documentHash,
          equipment: 'PS-1',
          start: daysAgo(0.1).toISOString(),
          end: daysAgo(0.05).toISOString(),
          parameters: [{ name: 'temperature', value: 60 }],
        },
      }),
      forbidden: { who: WAREHOUSE, written: getLot },
      permitted: { who: FACTORY_QA, outcome: 'succeeds' },
      // The story's product has no master batch record: the value is kept, unchecked.
      then: (data) => {
        expect(data.recordProcessStep).to.deep.include({
          parameters: [{ name: 'temperature', value: 60 }],
          masterRecord: null,
          outOfRange: null,
        });
      },
    },
    // Factory QA defines a master batch record; the QP, who releases lots, does not write it.
    defineMasterBatchRecord: {
      query: `mutation ($productCode: String!, $change: MasterBatchRecordChangeInput!) { defineMasterBatchRecord(productCode: $productCode, change: $change) { productCode version factory steps { step parameters { name unit min max } } } }`,
      variables: () => ({
        productCode: s.mbrProductCode,
        change: {
          fromVersion: 0,
          productName: 'Human albumin 20 %',
          steps: [{ step: 'Pasteurisation', parameters: [{ name: 'temperature', unit: '°C', min: 59.5, max: 60.5 }] }],
          reason: `mutation test ${run}: process validated`,
        },
      }),
      forbidden: { who: QP, written: () => ledgerRead('Lot:GetMasterBatchRecord', s.mbrProductCode, '') },
      permitted: { who: FACTORY_QA, outcome: 'succeeds' },
      then: (data) => {
        expect(data.defineMasterBatchRecord).to.deep.equal({
          productCode: s.mbrProductCode,
          version: 1,
          factory: 'FactoryMSP',
          steps: [{ step: 'Pasteurisation', parameters: [{ name: 'temperature', unit: '°C', min: 59.5, max: 60.5 }] }],
        });
      },
    },
    raiseDeviation: {
      query: `mutation ($lotId: String!, $deviation: DeviationInput!) { raiseDeviation(lotId: $lotId, deviation: $deviation) { deviationId status } }`,
      variables: () => ({
        lotId: s.lotId,
        deviation: { deviationId: s.deviationId, description: 'filling speed above the set point for 3 minutes', classification: 'minor' },
      }),
      forbidden: { who: WAREHOUSE, written: getLot },
      permitted: { who: QP, outcome: 'succeeds' },
    },
    closeDeviation: {
      query: `mutation ($lotId: String!, $id: String!, $capa: CapaInput!) { closeDeviation(lotId: $lotId, deviationId: $id, capa: $capa) { deviationId status } }`,
      variables: () => ({
        lotId: s.lotId,
        id: s.deviationId,
        capa: {
          rootCause: 'set point typed wrongly',
          correctiveAction: 'set point corrected',
          preventiveAction: 'second-person check of set points',
        },
      }),
      forbidden: { who: WAREHOUSE, written: getLot },
      permitted: { who: FACTORY_QA, outcome: 'succeeds' },
    },
    placeLotOnHold: {
      query: `mutation ($lotId: String!, $hold: ReasonInput!) { placeLotOnHold(lotId: $lotId, hold: $hold) { lotId status holds { kind ref } } }`,
      variables: () => ({ lotId: s.lotId, hold: { reason: 'label supplier under review' } }),
      forbidden: { who: WAREHOUSE, written: getLot },
      permitted: { who: QP, outcome: 'succeeds' },
      then: (data) => {
        s.holdRef = data.placeLotOnHold.holds.find((h: { kind: string }) => h.kind === 'quality').ref;
      },
    },
    releaseLotHold: {
      query: `mutation ($lotId: String!, $ref: String!, $reason: ReasonInput!) { releaseLotHold(lotId: $lotId, ref: $ref, reason: $reason) { lotId status holds { kind ref } } }`,
      variables: () => ({ lotId: s.lotId, ref: s.holdRef, reason: { reason: 'label supplier cleared' } }),
      forbidden: { who: INSPECTOR, written: getLot },
      permitted: { who: QP, outcome: 'succeeds' },
    },
    closeOosInvestigation: {
      prepare: async () => {
        const recorded = await step(FACTORY_QA, RECORD_TEST_RESULT, {
          result: await testResult({ kind: 'lot', id: s.lotId }, s.mandatory.lot[0]!, false),
        });
        s.resultId = recorded.recordTestResult.resultId;
      },
      query: `mutation ($id: String!, $closure: OosClosureInput!) { closeOosInvestigation(resultId: $id, closure: $closure) { resultId investigation { status } } }`,
      variables: () => ({
        id: s.resultId,
        closure: { outcome: 'invalidated', rootCause: 'pipette out of calibration', capa: 'pipettes calibrated monthly' },
      }),
      forbidden: { who: QP, written: () => ledgerRead('TestResult:GetTestResult', s.resultId) },
      permitted: { who: FACTORY_QA, outcome: 'succeeds' },
    },
    signLotQaRelease: {
      prepare: () => recordResults({ kind: 'lot', id: s.lotId }, s.mandatory.lot).then(() => undefined),
      query: SIGN_QA,
      variables: ([org, username]) => ({ lotId: s.lotId, signature: 'QP_RELEASE', password: t.password(org, username) }),
      forbidden: { who: WAREHOUSE, written: pendingSignatures },
      permitted: { who: QP, outcome: 'succeeds' },
    },
    signLotQaReleaseWithCertificate: {
      query: `mutation ($lotId: String!, $signed: CertificateSignatureInput!) {
        signLotQaReleaseWithCertificate(lotId: $lotId, signature: QP_RELEASE, signed: $signed) { waitingFor }
      }`,
      variables: () => ({ lotId: s.lotId, signed: { signedAt: new Date().toISOString(), certificate: A_CERTIFICATE, signature: 'AAAA' } }),
      forbidden: { who: WAREHOUSE, written: pendingSignatures },
      permitted: { who: QP, outcome: 'VALIDATION', why: 'a certificate in the name of an organisation CA, not of the QP' },
    },
    completeLotQaRelease: {
      prepare: async () => {
        await step(FACTORY_QA, SIGN_QA, { lotId: s.lotId, signature: 'QA_REVIEW', password: t.password(...FACTORY_QA) });
      },
      query:
        'mutation ($lotId: String!, $clientRequestId: ID) { completeLotQaRelease(lotId: $lotId, clientRequestId: $clientRequestId) { lotId status } }',
      variables: () => ({ lotId: s.lotId, clientRequestId: `qa-release-${run}` }),
      forbidden: { who: FACTORY_QA, written: async () => [await getLot(), await pendingSignatures()] },
      permitted: { who: QP, outcome: 'succeeds' },
      then: (data) => {
        s.releases.completeLotQaRelease = data.completeLotQaRelease;
      },
    },
    releaseLotByRegulator: {
      query: `mutation ($lotId: String!, $password: String!, $clientRequestId: ID) {
        releaseLotByRegulator(lotId: $lotId, password: $password, clientRequestId: $clientRequestId) { lotId status }
      }`,
      variables: ([org, username]) => ({
        lotId: s.lotId,
        password: t.password(org, username),
        clientRequestId: `regulator-release-${run}`,
      }),
      forbidden: { who: INSPECTOR, written: getLot },
      permitted: { who: REGULATOR, outcome: 'succeeds' },
      then: (data) => {
        s.releases.releaseLotByRegulator = data.releaseLotByRegulator;
      },
    },
    releaseLotByRegulatorWithCertificate: {
      query: `mutation ($lotId: String!, $signed: CertificateSignatureInput!) {
        releaseLotByRegulatorWithCertificate(lotId: $lotId, signed: $signed) { status }
      }`,
      variables: () => ({ lotId: s.lotId, signed: { signedAt: new Date().toISOString(), certificate: A_CERTIFICATE, signature: 'AAAA' } }),
      forbidden: { who: INSPECTOR, written: getLot },
      permitted: { who: REGULATOR, outcome: 'VALIDATION', why: 'a certificate in the name of an organisation CA, not of the regulator' },
    },
    commissionUnits: {
      query: 'mutation ($lotId: String!, $units: [String!]!) { commissionUnits(lotId: $lotId, units: $units) { lotId unitCount } }',
      variables: () => ({ lotId: s.lotId, units: s.units }),
      forbidden: { who: FACTORY_QA, written: () => ledgerRead('Units:GetUnit', s.units[0]!) },
      permitted: { who: WAREHOUSE, outcome: 'succeeds' },
    },
    packCase: {
      query: `mutation ($lotId: String!, $shippingCase: ShippingCaseInput!) { packCase(lotId: $lotId, shippingCase: $shippingCase) { caseCode status } }`,
      variables: () => ({ lotId: s.lotId, shippingCase: { caseCode: s.caseCode, units: s.units } }),
      forbidden: { who: FACTORY_QA, written: () => ledgerRead('Units:GetCase', s.caseCode) },
      permitted: { who: WAREHOUSE, outcome: 'succeeds' },
    },
    shipCases: {
      query: `mutation ($shipment: CaseShipmentInput!) { shipCases(shipment: $shipment) { shipmentId units } }`,
      variables: () => ({ shipment: { shipmentId: `MUT-OUT-${run}`, destination: 'Hospital pharmacy', cases: [s.caseCode] } }),
      forbidden: { who: QP, written: () => ledgerRead('Units:GetCase', s.caseCode) },
      permitted: { who: WAREHOUSE, outcome: 'succeeds' },
    },
    recallLot: {
      query: `mutation ($lotId: String!, $recall: ReasonInput!) { recallLot(lotId: $lotId, recall: $recall) { lotId status } }`,
      variables: () => ({ lotId: s.lotId, recall: { reason: 'mutation test: the story ends with a recall' } }),
      forbidden: { who: FACTORY_QA, written: getLot },
      permitted: { who: QP, outcome: 'succeeds' },
    },
    openLookBack: {
      query: `mutation ($donor: String!, $reason: String!, $window: LookBackWindowInput!) { openLookBack(donorPseudonym: $donor, reason: $reason, window: $window) { caseId status continuation counts { donations pools lots } interdicted } }`,
      variables: () => ({ donor: s.donor, reason: 'mutation test: donor seroconverted', window: {} }),
      // An inspector may only ask for a look-back (requestLookBack, below); the station that collected opens it.
      forbidden: { who: INSPECTOR, written: getDonation(() => s.laterDin) },
      permitted: { who: STATION_QA_A, outcome: 'succeeds' },
      then: (data) => {
        s.caseId = data.openLookBack.caseId;
      },
    },
    continueLookBack: {
      query:
        'mutation ($id: String!) { continueLookBack(caseId: $id) { caseId status continuation counts { donations pools lots } interdicted } }',
      variables: () => ({ id: s.caseId }),
      forbidden: { who: WAREHOUSE, written: () => ledgerRead('LookBack:GetLookBackCase', s.caseId) },
      // Two donations take one step, so the case completed when it opened; continuing one needs a donor with more than ten.
      permitted: { who: REGULATOR, outcome: 'CONFLICT', why: 'the case completed when it opened' },
    },
    // An inspector asks for a look-back on a donor; the regulator confirms it (its case opens) or declines another.
    requestLookBack: {
      query: `mutation ($donor: String!, $reason: String!, $window: LookBackWindowInput!) { requestLookBack(donorPseudonym: $donor, reason: $reason, window: $window) { requestId status } }`,
      variables: () => ({ donor: s.requestDonor, reason: 'mutation test: a recipient seroconverted', window: {} }),
      forbidden: {
        who: COLLECTOR_A,
        // The request's key is its transaction's: the projection's requests on the donor stand for it.
        written: () =>
          rows(
            `SELECT count(*) FROM ledger_state WHERE object_type = 'look-back-request' AND value ->> 'donorPseudonym' = $1`,
            s.requestDonor,
          ),
      },
      permitted: { who: INSPECTOR, outcome: 'succeeds' },
      then: (data) => {
        expect(data.requestLookBack.status).to.equal('requested');
        s.requestId = data.requestLookBack.requestId;
      },
    },
    confirmLookBackRequest: {
      query: 'mutation ($id: String!) { confirmLookBackRequest(requestId: $id) { caseId status counts { donations } } }',
      variables: () => ({ id: s.requestId }),
      forbidden: { who: INSPECTOR, written: () => ledgerRead('LookBack:GetLookBackRequest', s.requestId) },
      permitted: { who: REGULATOR, outcome: 'succeeds' },
      then: (data) => {
        expect(data.confirmLookBackRequest.status).to.equal('complete');
      },
    },
    declineLookBackRequest: {
      query:
        'mutation ($id: String!, $decline: ReasonInput!) { declineLookBackRequest(requestId: $id, decline: $decline) { status declineReason } }',
      variables: () => ({ id: s.declinedRequestId, decline: { reason: 'mutation test: the recipient was infected elsewhere' } }),
      prepare: async () => {
        const asked = await step(INSPECTOR, cases.requestLookBack!.query, {
          donor: s.requestDonor,
          reason: 'mutation test: asked again',
          window: {},
        });
        s.declinedRequestId = asked.requestLookBack.requestId;
      },
      forbidden: { who: WAREHOUSE, written: () => ledgerRead('LookBack:GetLookBackRequest', s.declinedRequestId) },
      permitted: { who: REGULATOR, outcome: 'succeeds' },
      then: (data) => {
        expect(data.declineLookBackRequest).to.deep.equal({
          status: 'declined',
          declineReason: 'mutation test: the recipient was infected elsewhere',
        });
      },
    },
    // The regulator changes a rule set, signing the change; the factory's peer endorses it by the key's policy.
    changeRuleSet: {
      query:
        'mutation ($jurisdiction: String!, $change: RuleChangeInput!, $password: String!) { changeRuleSet(jurisdiction: $jurisdiction, change: $change, password: $password) { jurisdiction version reason approval { signerName meaning } } }',
      variables: ([org, username]) => ({
        jurisdiction: 'QSEAL',
        change: { fromVersion: s.ruleVersion, rules: s.rules, reason: `mutation test ${run}: the rules confirmed as they stand` },
        password: t.password(org, username),
      }),
      prepare: async () => {
        const current = JSON.parse(await ledgerRead('RuleSet:GetRuleSet', 'QSEAL')) as Record<string, unknown>;
        s.rules = Object.fromEntries(RULE_FIELDS.map((field) => [field, current[field]]));
        s.ruleVersion = current.version as number;
      },
      // An inspector of the regulator reads the rules; changing them is the regulator's signed act.
      forbidden: { who: INSPECTOR, written: () => ledgerRead('RuleSet:GetRuleSet', 'QSEAL') },
      permitted: { who: REGULATOR, outcome: 'succeeds' },
      then: (data) => {
        expect(data.changeRuleSet).to.deep.include({
          jurisdiction: 'QSEAL',
          reason: `mutation test ${run}: the rules confirmed as they stand`,
          approval: { signerName: 'regulator1', meaning: 'rule-change' },
        });
      },
    },
    // The regulator concludes the station's complete case, signing the conclusion; an inspector of the regulator may not.
    concludeLookBack: {
      query:
        'mutation ($id: String!, $conclusion: LookBackConclusionInput!, $password: String!) { concludeLookBack(caseId: $id, conclusion: $conclusion, password: $password) { caseId conclusion { outcome reason signature { signerName meaning } } } }',
      variables: ([org, username]) => ({
        id: s.caseId,
        conclusion: { outcome: 'confirmed', reason: 'mutation test: the confirmatory test was positive' },
        password: t.password(org, username),
      }),
      forbidden: { who: INSPECTOR, written: () => ledgerRead('LookBack:GetLookBackCase', s.caseId) },
      permitted: { who: REGULATOR, outcome: 'succeeds' },
      then: (data) => {
        expect(data.concludeLookBack.conclusion).to.deep.equal({
          outcome: 'confirmed',
          reason: 'mutation test: the confirmatory test was positive',
          signature: { signerName: 'regulator1', meaning: 'look-back-conclusion' },
        });
      },
    },
    // StationA's admin proposes a registry change (the members as they stand), approves it with their signature (one of
    // a majority needed: it stays open) and withdraws it; a collector may do none of it.
    proposeRegistryChange: {
      query:
        'mutation ($id: String!, $change: RegistryChangeInput!) { proposeRegistryChange(proposalId: $id, change: $change) { proposalId status fromVersion proposedBy { mspId } } }',
      variables: () => ({
        id: s.proposalId,
        change: { organisations: s.members, reason: `mutation test ${run}: the registry as it stands` },
      }),
      prepare: async () => {
        const registry = JSON.parse(await ledgerRead('Consortium:GetRegistry')) as { organisations: Record<string, unknown>[] };
        s.members = registry.organisations.map(({ retiredCaCertificates: _retired, ...member }) => member);
      },
      forbidden: { who: COLLECTOR_A, written: () => ledgerRead('Consortium:GetRegistryChangeProposal', s.proposalId) },
      permitted: { who: ADMIN_A, outcome: 'succeeds' },
      then: (data) => {
        expect(data.proposeRegistryChange).to.deep.include({
          proposalId: s.proposalId,
          status: 'open',
          proposedBy: { mspId: 'StationAMSP' },
        });
      },
    },
    approveRegistryChange: {
      query:
        'mutation ($id: String!, $password: String!) { approveRegistryChange(proposalId: $id, password: $password) { status approvals { mspId signerName meaning } } }',
      variables: ([org, username]) => ({ id: s.proposalId, password: t.password(org, username) }),
      // A registry-change signature is an admin's: the collector is refused before any password is asked.
      forbidden: { who: COLLECTOR_A, written: () => ledgerRead('Consortium:GetRegistryChangeProposal', s.proposalId) },
      permitted: { who: ADMIN_A, outcome: 'succeeds' },
      then: (data) => {
        expect(data.approveRegistryChange).to.deep.equal({
          status: 'open',
          approvals: [{ mspId: 'StationAMSP', signerName: 'admin', meaning: 'registry-change' }],
        });
      },
    },
    withdrawRegistryChange: {
      query:
        'mutation ($id: String!, $reason: String!) { withdrawRegistryChange(proposalId: $id, reason: $reason) { status withdrawReason } }',
      variables: () => ({ id: s.proposalId, reason: 'mutation test: withdrawn' }),
      forbidden: { who: COLLECTOR_A, written: () => ledgerRead('Consortium:GetRegistryChangeProposal', s.proposalId) },
      permitted: { who: ADMIN_A, outcome: 'succeeds' },
      then: (data) => {
        expect(data.withdrawRegistryChange).to.deep.equal({ status: 'withdrawn', withdrawReason: 'mutation test: withdrawn' });
      },
    },
    deferDonor: {
      query:
        'mutation ($donor: String!, $deferral: DeferralInput!) { deferDonor(donorPseudonym: $donor, deferral: $deferral) { deferrals { deferralId kind reason } } }',
      variables: () => ({
        donor: s.deferredDonor,
        deferral: { kind: 'temporary', reason: 'medical', until: new Date(Date.now() + 7 * DAY) },
      }),
      // Deferring is station QA's (or the regulator's), not the collector's at the chair.
      forbidden: { who: COLLECTOR_A, written: () => ledgerRead('Donor:GetDonor', s.deferredDonor) },
      permitted: { who: STATION_QA_A, outcome: 'succeeds' },
      then: (data) => {
        s.deferralId = data.deferDonor.deferrals[0].deferralId;
      },
    },
    liftDeferral: {
      query:
        'mutation ($donor: String!, $id: ID!, $reason: String!) { liftDeferral(donorPseudonym: $donor, deferralId: $id, reason: $reason) { deferrals { lifted { reason } } } }',
      variables: () => ({ donor: s.deferredDonor, id: s.deferralId, reason: 'entered-in-error' }),
      forbidden: { who: WAREHOUSE, written: () => ledgerRead('Donor:GetDonor', s.deferredDonor) },
      permitted: { who: REGULATOR, outcome: 'succeeds' },
    },
    // The person createPerson made changes the password their admin chose, then is reset, redeemed, disabled and
    // enabled by their admin.
    changePassword: {
      query: 'mutation ($old: String!, $new: String!) { changePassword(oldPassword: $old, newPassword: $new) }',
      variables: () => ({ old: 'a long enough password', new: 'a password of their own' }),
      open: 'anyone signed in may change their own password',
      permitted: { who: ['StationA', `mut-${run.toLowerCase()}`], outcome: 'succeeds' },
      token: ([org, username]) => t.login(org, username, 'a long enough password'),
    },
    resetPassword: {
      query: 'mutation ($org: String!, $u: String!) { resetPassword(org: $org, username: $u) { code expiresAt } }',
      variables: () => ({ org: 'StationA', u: `mut-${run.toLowerCase()}` }),
      forbidden: {
        who: COLLECTOR_A,
        written: () => rows('SELECT reset_code_hash FROM people WHERE username = $1', `mut-${run.toLowerCase()}`),
      },
      permitted: { who: ADMIN_A, outcome: 'succeeds' },
      then: (data: { resetPassword: { code: string } }) => {
        s.resetCode = data.resetPassword.code;
      },
    },
    redeemPasswordReset: {
      query:
        'mutation ($org: String!, $u: String!, $code: String!, $p: String!) { redeemPasswordReset(org: $org, username: $u, code: $code, newPassword: $p) }',
      variables: () => ({ org: 'StationA', u: `mut-${run.toLowerCase()}`, code: s.resetCode, p: 'a password nobody else knows' }),
      open: 'whoever holds the one-time code their admin gave them',
      permitted: { who: COLLECTOR_A, outcome: 'succeeds' },
    },
    disablePerson: {
      query: 'mutation ($org: String!, $u: String!) { disablePerson(org: $org, username: $u) { disabled } }',
      variables: () => ({ org: 'StationA', u: `mut-${run.toLowerCase()}` }),
      forbidden: { who: COLLECTOR_A, written: () => rows('SELECT disabled FROM people WHERE username = $1', `mut-${run.toLowerCase()}`) },
      permitted: { who: ADMIN_A, outcome: 'succeeds' },
    },
    enablePerson: {
      query: 'mutation ($org: String!, $u: String!) { enablePerson(org: $org, username: $u) { disabled } }',
      variables: () => ({ org: 'StationA', u: `mut-${run.toLowerCase()}` }),
      forbidden: { who: COLLECTOR_A, written: () => rows('SELECT disabled FROM people WHERE username = $1', `mut-${run.toLowerCase()}`) },
      permitted: { who: ADMIN_A, outcome: 'succeeds' },
    },
    anchorSecurityLog: {
      query: 'mutation { anchorSecurityLog { seq hash } }',
      variables: () => ({}),
      forbidden: {
        who: COLLECTOR_A,
        written: async () =>
          ledgerRead('SecurityLog:GetAnchor', 'StationAMSP', ((await rows('SELECT current_database() AS log'))[0] as { log: string }).log),
      },
      permitted: { who: ADMIN_A, outcome: 'succeeds' },
    },
    setKioskAccount: {
      query: 'mutation ($org: String!, $u: String!) { setKioskAccount(org: $org, username: $u, kiosk: true) { kiosk } }',
      variables: () => ({ org: 'StationA', u: `mut-${run.toLowerCase()}` }),
      forbidden: { who: COLLECTOR_A, written: () => rows('SELECT kiosk FROM people WHERE username = $1', `mut-${run.toLowerCase()}`) },
      permitted: { who: ADMIN_A, outcome: 'succeeds' },
    },
    changeRole: {
      query: 'mutation ($org: String!, $u: String!, $role: String!) { changeRole(org: $org, username: $u, role: $role) { role } }',
      variables: () => ({ org: 'StationA', u: `mut-${run.toLowerCase()}`, role: 'station-qa' }),
      forbidden: {
        who: COLLECTOR_A,
        written: () => rows('SELECT role, certificate FROM people WHERE username = $1', `mut-${run.toLowerCase()}`),
      },
      permitted: { who: ADMIN_A, outcome: 'succeeds' },
    },
    // Keys in people's own devices (device-signing.test.ts tries each step and what a dishonest client might).
    enrolDevice: {
      query: 'mutation ($label: String!, $csr: String!) { enrolDevice(label: $label, certificateRequest: $csr) { id revokedAt } }',
      variables: () => ({ label: 'warehouse scanner', csr: s.certificateRequest }),
      open: 'every person enrols their own devices, for a key made on the device and named for them',
      permitted: { who: WAREHOUSE, outcome: 'succeeds' },
      prepare: async () => {
        s.certificateRequest = await certificateRequest(await newDeviceKeys(webcrypto as Crypto), 'warehouse1', webcrypto as Crypto);
      },
    },
    requestDevice: {
      query: 'mutation ($label: String!, $csr: String!) { requestDevice(label: $label, certificateRequest: $csr) { status } }',
      variables: () => ({ label: 'warehouse tablet', csr: s.certificateRequest }),
      open: 'every person requests their own further devices, for a key made on the device and named for them',
      permitted: { who: WAREHOUSE, outcome: 'succeeds' },
      prepare: async () => {
        s.certificateRequest = await certificateRequest(await newDeviceKeys(webcrypto as Crypto), 'warehouse1', webcrypto as Crypto);
      },
    },
    approveDeviceRequest: {
      query: 'mutation ($id: ID!) { approveDeviceRequest(requestId: $id) { id } }',
      variables: () => ({ id: randomUUID() }),
      open: "a person approves their own further devices with one they hold, an admin their organisation's people's: anyone else's is answered as missing",
      permitted: { who: WAREHOUSE, outcome: 'NOT_FOUND', why: 'no such request' },
    },
    refuseDeviceRequest: {
      query: 'mutation ($id: ID!) { refuseDeviceRequest(requestId: $id) { status } }',
      variables: () => ({ id: randomUUID() }),
      open: "a person refuses their own device requests, an admin their organisation's people's: anyone else's is answered as missing",
      permitted: { who: WAREHOUSE, outcome: 'NOT_FOUND', why: 'no such request' },
    },
    revokeDevice: {
      query: 'mutation ($id: ID!) { revokeDevice(deviceId: $id) { revokedAt } }',
      variables: () => ({ id: randomUUID() }),
      open: "a person revokes their own devices, an admin their organisation's people's: anyone else's is answered as missing",
      permitted: { who: WAREHOUSE, outcome: 'NOT_FOUND', why: 'no such device' },
    },
    prepareTransaction: {
      query: 'mutation ($id: ID!, $op: String!) { prepareTransaction(deviceId: $id, operation: $op) { signingId } }',
      variables: () => ({ id: randomUUID(), op: 'mutation { logout }' }),
      open: 'a person signs with their own devices only; the mutation signed is checked as if sent alone',
      permitted: { who: WAREHOUSE, outcome: 'NOT_FOUND', why: 'no such device of theirs' },
    },
    submitSignedTransaction: {
      query: 'mutation ($id: ID!, $sig: String!) { submitSignedTransaction(signingId: $id, signature: $sig) { signingId } }',
      variables: () => ({ id: randomUUID(), sig: Buffer.alloc(64, 1).toString('base64') }),
      open: 'only the person and sign-in that prepared a signing answer it; anyone else finds none',
      permitted: { who: WAREHOUSE, outcome: 'NOT_FOUND', why: 'no such signing waiting' },
    },
    logout: {
      query: 'mutation { logout }',
      variables: () => ({}),
      open: 'anyone signed in may end their own session',
      permitted: { who: WAREHOUSE, outcome: 'succeeds' },
      // Its own session, not the one the other cases share.
      token: ([org, username]) => t.login(org, username),
    },
  };

  before(async function () {
    t = await testGateway();
    await Promise.all(
      everyone.map(async (who) => {
        const device = who === ADMIN_A ? undefined : await t.deviceSession(...who);
        const sessionToken = device?.token ?? (await t.login(...who));
        if (device) devices.set(named(who), device);
        tokens.set(named(who), sessionToken);
        people.set(named(who), (await t.gatewayOf(who[0]).services.sessions.authenticate(sessionToken))!);
      }),
    );
    lastWriter = people.get(named(INSPECTOR))!;
    const station = JSON.parse(await ledgerRead('Consortium:GetOrganisation', 'StationAMSP')) as { jurisdiction?: string };
    const rules = JSON.parse(await ledgerRead('RuleSet:GetRuleSet', station.jurisdiction ?? DEFAULT_JURISDICTION));
    s.mandatory = rules.mandatoryTests;

    const sequence = (Date.now() % 900_000) + 10_000; // below the demo story's sequences
    s.din = newDin(sequence);
    s.laterDin = newDin(sequence + 1);
    s.heldDin = newDin(sequence + 2);
    s.lateDin = newDin(sequence + 3);
    s.trayDins = [newDin(sequence + 4), newDin(sequence + 5)];
    s.poolDin = dinOf('G2001', new Date().getUTCFullYear(), sequence);
    s.caseCode = ssccOf(`0690123488${String(sequence).padStart(7, '0')}`);
    // An earlier bag of the donor goes through a temperature hold; the donor's follow-up bag, recorded later in the
    // story, releases the first one.
    await collectAndScreen(s.heldDin, FIRST_BAG_ENDED_MINUTES_AGO + 50);
  });
  after(async () => t?.close());

  it('has a case for every mutation the gateway serves', async function () {
    // The schema is shown to signed-in people only.
    const answer = await t.graphql('{ __schema { mutationType { fields { name } } } }', {}, await t.login('Factory', 'qa1'));
    const served: string[] = answer.data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(
      served.filter((name) => !(name in cases)),
      'mutations without a case',
    ).to.deep.equal([]);
    expect(
      Object.keys(cases).filter((name) => !served.includes(name)),
      'cases of mutations no longer served',
    ).to.deep.equal([]);
  });

  for (const [name, c] of Object.entries(cases)) {
    const refused = c.forbidden ? `${named(c.forbidden.who)} is FORBIDDEN and nothing is written` : `open to everyone (${c.open})`;
    const allowed =
      c.permitted.outcome === 'succeeds'
        ? `${named(c.permitted.who)} succeeds`
        : `${named(c.permitted.who)} passes the role check to ${c.permitted.outcome} (${c.permitted.why})`;
    it(`${name}: ${refused}; ${allowed}`, async function () {
      await c.prepare?.();
      if (c.forbidden) {
        const { who, written } = c.forbidden;
        const before = JSON.stringify(await written());
        const answer = await settled(() => call(c.query, c.variables(who), who), isStale);
        expect(codeOf(answer), `${named(who)}: ${JSON.stringify(answer.errors)}`).to.equal('FORBIDDEN');
        expect(answer.data?.[name] ?? null).to.equal(null);
        expect(JSON.stringify(await written()), 'written by a refused request').to.equal(before);
      }
      const { who, outcome } = c.permitted;
      const sessionToken = c.token ? await c.token(who) : undefined;
      const send = () => call(c.query, c.variables(who), who, sessionToken);
      const answer = outcome === 'succeeds' ? await settled(send, isStale) : await send();
      if (outcome === 'succeeds') {
        expect(answer.errors, `${named(who)}: ${JSON.stringify(answer.errors)}`).to.equal(undefined);
        expect(answer.data[name]).to.not.equal(null);
        lastWriter = people.get(named(who)) ?? lastWriter; // a person made by the test itself writes nothing to read back
        c.then?.(answer.data);
      } else {
        expect(codeOf(answer), JSON.stringify(answer.errors)).to.equal(outcome);
      }
    });
  }

  it('answers each release sent again under its clientRequestId with its first answer, though the lot has moved on since', async function () {
    // The QA release's signatures were used and forgotten, the regulator's record signed: neither could be done again.
    // Both are answered as they were, from their blocks: the lot as each release left it, not as it stands (recalled).
    const now = JSON.parse(await getLot()) as { status: string };
    for (const name of ['completeLotQaRelease', 'releaseLotByRegulator'] as const) {
      const c = cases[name]!;
      const again = await call(c.query, c.variables(c.permitted.who), c.permitted.who);
      expect(again.errors, `${name}: ${JSON.stringify(again.errors)}`).to.equal(undefined);
      expect(again.data[name], name).to.deep.equal(s.releases[name]).and.to.not.include({ status: now.status });
    }
    // Without its id the same release is what it always was: the lot is released already.
    const { query, variables, permitted } = cases.releaseLotByRegulator!;
    expect(codeOf(await call(query, { ...variables(permitted.who), clientRequestId: null }, permitted.who))).to.equal('CONFLICT');
  });

  it("sends every person's mutations through their own device's key (the admin's stays with the gateway)", async function () {
    expect([...devices.keys()]).to.have.members(everyone.filter((who) => who !== ADMIN_A).map(named));
    for (const [who, device] of devices) {
      const answer = await device.graphql('{ me { devices { id lastUsedAt } } }');
      const own = answer.data.me.devices.find((d: { id: string }) => d.id === device.deviceId);
      expect(own?.lastUsedAt, `${who}'s device has signed`).to.be.a('string');
    }
  });
});
