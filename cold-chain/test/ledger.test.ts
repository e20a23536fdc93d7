// The cold chain on the real ledger. The running ingest anchors the stations' windows (checked read-only against
// the project's database); then a device server, ingest and database of this test's own, with two-second windows,
// anchor StationB's freezers and reefer logger (StationB runs no configured device, so these windows share no ledger
// key with the running ingest's): each window root on the ledger equals the root recomputed from PostgreSQL, an
// altered reading is named, a freezer's excursion holds exactly the bags stored in that freezer, and the reefer
// logger's excursion exactly the bags of the shipment travelling with it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { createPool, ledgerErrorMessage, type LedgerSession, openSession, organisationDatabaseUrl } from '@plasma/platform';
import { adminUser, loadTopology, organisation, userIdentityDir } from '@plasma/network';
import { enrolOrganisation } from '@plasma/test-network';
import { donation, newDin } from '@plasma/testkit';
import { loadColdChainConfig, parseColdChainConfig } from '../src/config';
import { startDeviceServer, type DeviceServer } from '../src/devices/device-server';
import { fabricIngestLedger, registerDevices } from '../src/ingest/fabric-ledger';
import { startIngest, type Ingest } from '../src/ingest/ingest-service';
import { ledgerRuleSource } from '../src/ingest/ledger-rules';
import { ReadingStore } from '../src/ingest/reading-store';
import { readingInclusionProof, verifyWindow } from '../src/services/reading-proofs';
import { createTestDatabase, createTestSecurity, eventually, type TestDatabase, type TestSecurity } from './harness';

const topology = loadTopology();
const SITE = 'StationB';
const MSP_ID = organisation(topology, SITE).mspId;
const run = Date.now().toString(36).toUpperCase();
const decode = (bytes: Uint8Array): any => JSON.parse(Buffer.from(bytes).toString());
const din13 = (din: string): string => din.slice(0, 13);

// Two freezers of this run, each at a location of its own, so earlier runs' bags are never in them, and a reefer
// logger of this run, so no earlier run's shipment travelled with it.
const FREEZER_A = `G1002-T${run}-A`;
const FREEZER_B = `G1002-T${run}-B`;
const REEFER = `G1002-TRK-T${run}`;
const SHIPMENT_WITH_LOGGER = `G1002-SHP-T${run}-R`;
const SHIPMENT_WITHOUT_LOGGER = `G1002-SHP-T${run}-N`;
const config = parseColdChainConfig(
  {
    servers: [
      {
        name: 'devices',
        host: '127.0.0.1',
        port: 17592,
        historyMinutes: 10,
        devices: [
          {
            id: FREEZER_A,
            kind: 'freezer',
            site: SITE,
            location: `test freezer ${run} A`,
            samplePeriodMs: 200,
            serialNumber: 'T-A',
            model: 'test freezer',
          },
          {
            id: FREEZER_B,
            kind: 'freezer',
            site: SITE,
            location: `test freezer ${run} B`,
            samplePeriodMs: 200,
            serialNumber: 'T-B',
            model: 'test freezer',
          },
          { id: REEFER, kind: 'reefer', site: SITE, samplePeriodMs: 200, serialNumber: 'T-R', model: 'test reefer logger' },
        ],
      },
    ],
    ingest: { windowSeconds: 2, identity: 'password', ledgerUser: 'coldchain1' },
  },
  'ledger test configuration',
);
const [deviceA, deviceB, reefer] = config.servers[0]!.devices as [
  (typeof config.servers)[0]['devices'][0],
  (typeof config.servers)[0]['devices'][0],
  (typeof config.servers)[0]['devices'][0],
];
const FACTORY_MSP_ID = organisation(topology, 'Factory').mspId;

describe('cold chain anchored on the ledger (real network, PostgreSQL and OPC UA)', function () {
  this.timeout(240_000);
  const sessions = new Map<string, LedgerSession>();
  const as = (org: string, user: string): LedgerSession => {
    const key = `${org}/${user}`;
    if (!sessions.has(key)) sessions.set(key, openSession(topology, org, user));
    return sessions.get(key)!;
  };
  const submit = async (user: string, contract: string, fn: string, ...args: unknown[]): Promise<any> =>
    decode(
      await as(SITE, user)
        .contract(contract)
        .submitTransaction(fn, ...args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))),
    );
  const query = async (org: string, contract: string, fn: string, ...args: string[]): Promise<any> =>
    decode(
      await as(org, adminUser)
        .contract(contract)
        .evaluateTransaction(fn, ...args),
    );

  let db: TestDatabase;
  let security: TestSecurity;
  let server: DeviceServer;
  let ingest: Ingest;
  let store: ReadingStore;
  const inA: string[] = [];
  const inB: string[] = [];
  const withLogger: string[] = [];
  const withoutLogger: string[] = [];

  /** Waits until the ingest has reported `device`'s ended excursion on the ledger; resolves to its id. */
  const reportedExcursion = async (device: string): Promise<string> => {
    let excursionId = '';
    await eventually(
      `the ended excursion of ${device} reported on the ledger`,
      async () => {
        const { rows } = await db.pool.query<{ id: string; reported_tx_id: string | null; report_refusal: string | null }>(
          'SELECT id, reported_tx_id, report_refusal FROM cold_chain_excursions WHERE device = $1 AND reported_ended_at IS NOT NULL',
          [device],
        );
        if (rows[0]?.report_refusal) throw new Error(`the ledger refused the excursion: ${rows[0].report_refusal}`);
        excursionId = rows[0]?.id ?? '';
        return rows[0]?.reported_tx_id != null;
      },
      90_000,
    );
    return excursionId;
  };

  /** The window, root and anchoring transaction of the excursion's evidence, as the ingest stored them. */
  const evidenceOf = async (excursionId: string): Promise<{ windowStart: string; root: string; anchorTxId: string }> => {
    const {
      rows: [row],
    } = await db.pool.query<{ window_start: Date; root: Buffer; anchor_tx_id: string }>(
      `SELECT w.window_start, w.root, w.anchor_tx_id FROM cold_chain_excursions e
         JOIN cold_chain_windows w ON w.window_start = e.evidence_window AND w.device = e.device WHERE e.id = $1`,
      [excursionId],
    );
    return { windowStart: row!.window_start.toISOString(), root: row!.root.toString('hex'), anchorTxId: row!.anchor_tx_id };
  };

  before(async function () {
    // A network brought up before StationB had a device gateway user enrols it here, as the next `up` would.
    if (!existsSync(path.join(userIdentityDir(SITE, 'coldchain1').msp, 'config.yaml')))
      await enrolOrganisation(organisation(topology, SITE));

    const registrations = [deviceA, deviceB, reefer].map((d) => ({
      deviceId: d.id,
      kind: d.kind,
      ...(d.location === undefined ? {} : { location: d.location }),
    }));
    expect(await registerDevices(as(SITE, adminUser), MSP_ID, registrations)).to.deep.equal([FREEZER_A, FREEZER_B, REEFER]);
    // Eight bags of StationB, screened; three go into freezer A, two into freezer B, three to the factory: two with
    // the reefer logger, one in a shipment without a logger.
    const dins = [1, 2, 3, 4, 5, 6, 7, 8].map(() => newDin('G1002'));
    await Promise.all(dins.map((din) => submit('collector1', 'Donation', 'RecordDonation', donation(din))));
    const screening = Buffer.from(
      JSON.stringify({
        tests: ['ALT', 'HBsAg', 'anti-HCV', 'anti-HIV-1/2', 'syphilis'].map((analyte) => ({
          analyte,
          method: 'ELISA',
          result: 'non-reactive',
          conclusion: 'negative',
          instrument: 'T-1',
        })),
        testedAt: new Date().toISOString(),
        lab: 'StationB laboratory',
      }),
    );
    await Promise.all(
      dins.map((din) =>
        as(SITE, 'stationqa1')
          .contract('Donation')
          .submit('RecordScreening', { arguments: [din], transientData: { screening } }),
      ),
    );
    inA.push(...dins.slice(0, 3));
    inB.push(...dins.slice(3, 5));
    withLogger.push(...dins.slice(5, 7));
    withoutLogger.push(...dins.slice(7));
    await submit('collector1', 'Donation', 'RecordStorage', inA, { location: deviceA.location, temperatureC: -32 });
    await submit('collector1', 'Donation', 'RecordStorage', inB, { location: deviceB.location, temperatureC: -32 });
    await submit('collector1', 'Donation', 'RecordStorage', [...withLogger, ...withoutLogger], {
      location: `test dispatch bay ${run}`,
      temperatureC: -32,
    });
    await submit('collector1', 'Shipment', 'DispatchShipment', {
      shipmentId: SHIPMENT_WITH_LOGGER,
      destination: FACTORY_MSP_ID,
      dins: withLogger,
      temperatureC: -28,
      loggerDevice: REEFER,
    });
    await submit('collector1', 'Shipment', 'DispatchShipment', {
      shipmentId: SHIPMENT_WITHOUT_LOGGER,
      destination: FACTORY_MSP_ID,
      dins: withoutLogger,
      temperatureC: -28,
    });

    db = await createTestDatabase();
    store = new ReadingStore(db.pool);
    security = await createTestSecurity();
    server = await startDeviceServer({ config: config.servers[0]!, pki: security.server, credentials: security.credentials });
    const devices = config.servers[0]!.devices;
    const sessionOf = (): LedgerSession => as(SITE, config.ingest.ledgerUser);
    ingest = await startIngest({
      config,
      pool: db.pool,
      pki: security.ingest,
      credentials: security.credentials,
      rule: ledgerRuleSource(sessionOf, devices, (site) => organisation(topology, site).mspId),
      ledger: fabricIngestLedger(devices, sessionOf),
      anchorIntervalMs: 300,
      log: (m) => {
        if (process.env.COLD_CHAIN_TEST_LOG) console.log(m);
      },
    });
  });

  after(async () => {
    await ingest?.stop().catch(() => undefined);
    await server?.stop();
    await db?.drop();
    security?.remove();
    sessions.forEach((s) => s.close());
  });

  it("the running ingest anchors the stations' windows: the ledger holds the roots recomputed from the project's database", async function () {
    const production = loadColdChainConfig()
      .servers.flatMap((s) => s.devices)
      .find((d) => d.kind === 'freezer')!;
    // The site's own database, where its ingest keeps its devices' readings.
    const pool = createPool(organisationDatabaseUrl(production.site), 1);
    try {
      const anchored = async () =>
        (
          await pool.query<{ window_start: Date; anchor_tx_id: string }>(
            `SELECT window_start, anchor_tx_id FROM cold_chain_windows WHERE device = $1 AND anchor_tx_id IS NOT NULL
              ORDER BY window_start DESC LIMIT 1`,
            [production.id],
          )
        ).rows[0];
      // The running ingest anchors a window a minute or so after it closes; a network just started may not have one yet.
      const deadline = Date.now() + 180_000;
      let latest = await anchored();
      while (latest === undefined && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        latest = await anchored();
      }
      expect(latest, `no anchored window of ${production.id} in 3 minutes`).to.not.equal(undefined);
      const { window_start: windowStart, anchor_tx_id: txId } = latest!;
      const check = await verifyWindow(new ReadingStore(pool), production.id, windowStart);
      const stored = await new ReadingStore(pool).windowReadings(windowStart, production.id);
      const anchor = await query(
        production.site,
        'ColdChain',
        'GetWindowAnchor',
        organisation(topology, production.site).mspId,
        windowStart.toISOString(),
      );
      expect(anchor.anchoredTxId).to.equal(txId);
      expect(anchor.roots.find((r: any) => r.device === production.id)).to.deep.equal({
        device: production.id,
        root: check.recomputedRoot,
        leafCount: stored.length,
      });
      expect(check.intact).to.equal(true);
    } finally {
      await pool.end();
    }
  });

  let anchoredWindow: Date;

  it('anchors each window of the site in one transaction whose roots equal those recomputed from PostgreSQL', async () => {
    await eventually(
      'a window of every device anchored',
      async () => {
        const { rows } = await db.pool.query<{ window_start: Date }>(
          `SELECT window_start FROM cold_chain_windows WHERE anchor_tx_id IS NOT NULL GROUP BY window_start HAVING count(*) = 3 ORDER BY window_start LIMIT 1`,
        );
        anchoredWindow = rows[0]?.window_start ?? anchoredWindow;
        return rows.length > 0;
      },
      60_000,
    );
    const anchor = await query(SITE, 'ColdChain', 'GetWindowAnchor', MSP_ID, anchoredWindow.toISOString());
    const checks = await Promise.all([FREEZER_A, FREEZER_B, REEFER].map((device) => verifyWindow(store, device, anchoredWindow)));
    expect(anchor.roots).to.deep.equal(
      await Promise.all(
        checks.map(async (check) => ({
          device: check.device,
          root: check.recomputedRoot,
          leafCount: (await store.windowReadings(anchoredWindow, check.device)).length,
        })),
      ),
    );
    expect(checks.map((c) => [c.intact, c.anchorTxId])).to.deep.equal(checks.map(() => [true, anchor.anchoredTxId]));
    expect(anchor).to.include({ site: MSP_ID, windowEnd: new Date(anchoredWindow.getTime() + 2_000).toISOString() });
  });

  it('names the one reading altered in PostgreSQL after its window was anchored', async () => {
    const readings = await store.windowReadings(anchoredWindow, FREEZER_B);
    const altered = readings[Math.floor(readings.length / 2)]!;
    await db.pool.query('UPDATE cold_chain_readings SET value = value + 0.01 WHERE device = $1 AND node = $2 AND source_time = $3', [
      altered.device,
      altered.node,
      altered.sourceTime,
    ]);
    const check = await verifyWindow(store, FREEZER_B, anchoredWindow);
    expect(check.intact).to.equal(false);
    expect(check.alteredReadings).to.deep.equal([`${FREEZER_B}/temperature@${altered.sourceTime.toISOString()}`]);
    // The ledger still holds the root of the readings as they arrived.
    const anchor = await query(SITE, 'ColdChain', 'GetWindowAnchor', MSP_ID, anchoredWindow.toISOString());
    expect(anchor.roots.find((r: any) => r.device === FREEZER_B).root)
      .to.equal(check.root)
      .and.not.equal(check.recomputedRoot);
    expect((await verifyWindow(store, FREEZER_A, anchoredWindow)).intact).to.equal(true);
  });

  it('an excursion in freezer A, proven by its anchored readings, holds exactly the bags stored in freezer A', async () => {
    await server.injectFault(FREEZER_A, { kind: 'excursion', signal: 'temperature', value: -8, durationMs: 1_500 });
    const excursionId = await reportedExcursion(FREEZER_A);

    const record = await query(SITE, 'ColdChain', 'GetExcursion', excursionId);
    expect(record).to.deep.include({ device: FREEZER_A, location: deviceA.location, peakTemperatureC: -8 });
    // The record names the anchored evidence the chaincode checked: the window, its root and anchoring transaction.
    expect(record.evidence).to.include(await evidenceOf(excursionId));
    expect(record.dins.map(din13).sort()).to.deep.equal(inA.map(din13).sort());
    for (const din of inA) {
      const held = await query(SITE, 'Donation', 'GetDonation', din);
      expect(held.status, din).to.equal('on-hold');
      expect(held.hold).to.deep.include({ kind: 'temperature', from: 'stored' });
      expect(held.hold.excursion).to.include({ location: deviceA.location, maxTemperatureC: -8 });
    }
    for (const din of inB) expect((await query(SITE, 'Donation', 'GetDonation', din)).status, din).to.equal('stored');
    const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM cold_chain_excursions WHERE device = $1', [FREEZER_B]);
    expect(Number(rows[0]!.n)).to.equal(0);
  });

  it('an excursion of the reefer logger holds exactly the bags of the shipment travelling with it; they arrive on hold', async () => {
    await server.injectFault(REEFER, { kind: 'excursion', signal: 'temperature', value: -8, durationMs: 1_500 });
    const excursionId = await reportedExcursion(REEFER);

    const record = await query(SITE, 'ColdChain', 'GetExcursion', excursionId);
    expect(record).to.deep.include({ device: REEFER, shipments: [SHIPMENT_WITH_LOGGER], peakTemperatureC: -8 });
    expect(record).to.not.have.property('location');
    expect(record.evidence).to.include(await evidenceOf(excursionId));
    expect(record.dins.map(din13).sort()).to.deep.equal(withLogger.map(din13).sort());
    for (const din of withLogger) {
      const held = await query(SITE, 'Donation', 'GetDonation', din);
      expect(held.status, din).to.equal('on-hold');
      expect(held.hold).to.deep.include({ kind: 'temperature', from: 'shipped' });
      expect(held.hold.excursion).to.include({ location: `shipment ${SHIPMENT_WITH_LOGGER}`, maxTemperatureC: -8 });
    }
    for (const din of withoutLogger) expect((await query(SITE, 'Donation', 'GetDonation', din)).status, din).to.equal('shipped');
    for (const din of inB) expect((await query(SITE, 'Donation', 'GetDonation', din)).status, din).to.equal('stored');

    // The factory receives the shipment: the held bags come into its custody still on hold, to be resolved by its QA.
    await as('Factory', 'warehouse1')
      .contract('Shipment')
      .submitTransaction(
        'ReceiveShipment',
        SHIPMENT_WITH_LOGGER,
        JSON.stringify({ receivedDins: withLogger, temperatureC: -26, labelsChecked: true }),
      );
    for (const din of withLogger) {
      // The station's peer may be a block behind the factory's, which committed the receipt: read until it has it.
      let arrived: any = {};
      await eventually(`${din} in the factory's custody on the station's peer`, async () => {
        arrived = await query(SITE, 'Donation', 'GetDonation', din);
        return arrived.custodian !== undefined;
      });
      expect(arrived).to.deep.include({ status: 'on-hold', custodian: FACTORY_MSP_ID });
      expect(arrived.hold).to.deep.include({ kind: 'temperature', from: 'received' });
    }
  });

  it('refuses an excursion whose peak reading was altered: its leaf no longer leads to the anchored root', async () => {
    const { rows } = await db.pool.query<{ source_time: Date }>(
      'SELECT source_time FROM cold_chain_readings WHERE window_start = $1 AND device = $2 ORDER BY source_time LIMIT 1',
      [anchoredWindow, FREEZER_A],
    );
    const genuine = await readingInclusionProof(store, `${FREEZER_A}/temperature@${rows[0]!.source_time.toISOString()}`);
    expect(genuine.verified).to.equal(true);
    // The reading as anchored, but warmer: a forged excursion with the genuine proof steps.
    const canonicalReading = JSON.stringify({ ...JSON.parse(genuine.canonicalReading), value: -1 });
    const forged = {
      excursionId: `${genuine.readingId}-forged`,
      device: FREEZER_A,
      startedAt: genuine.sourceTime,
      endedAt: genuine.sourceTime,
      peakTemperatureC: -1,
      evidence: {
        windowStart: genuine.windowStart,
        root: genuine.root,
        readingId: genuine.readingId,
        canonicalReading,
        proof: { index: genuine.index, leafCount: genuine.leafCount, steps: genuine.steps },
      },
    };
    const refusal = await as(SITE, 'coldchain1')
      .contract('ColdChain')
      .submitTransaction('RaiseExcursion', JSON.stringify(forged))
      .then(() => '', ledgerErrorMessage);
    expect(refusal).to.match(/^VALIDATION: excursion\.evidence\.proof: /);
  });

  it("registers a device only under an id that starts with the FIN of one of the site's own facilities", async () => {
    const register = (deviceId: string) =>
      as(SITE, adminUser)
        .contract('ColdChain')
        .submitTransaction('RegisterDevice', JSON.stringify({ deviceId, kind: 'freezer', location: `test freezer ${run} C` }))
        .then(() => '', ledgerErrorMessage);
    // StationA's FIN: no other site may take (and so squat) an id StationA's ingest will use.
    expect(await register(`G1001-T${run}-C`)).to.match(
      /^VALIDATION: device\.deviceId: must start with the FIN of one of StationBMSP's facilities \(G1002\)/,
    );
    expect(await register(`T${run}-C`)).to.match(/^VALIDATION: device\.deviceId: must be a device id/);
  });
});
