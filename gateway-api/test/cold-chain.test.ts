// The cold chain through GraphQL, on a gateway and database of the test's own: readings are seeded with the cold
// chain's own store and sealer (as the ingest writes them), and the ledger objects the answers depend on (the sites'
// rule sets, a device's registration, shipments with and without a logger) as projection rows.
import { expect } from 'chai';
import { type Reading, readingId, readingLeafHash, ReadingStore, WindowSealer } from '@plasma/cold-chain';
import { type GraphQLAnswer, testGateway, type TestGateway } from '@plasma/testkit/gateway';

const WINDOW_MS = 60_000;
const ANCHOR_TX = 'a'.repeat(64);
const SEED_TX = 'seed-projection';
// Five windows ago, so every window used here is closed.
const base = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS - 5 * WINDOW_MS;
const at = (seconds: number): Date => new Date(base + seconds * 1000);
const iso = (seconds: number): string => at(seconds).toISOString();
const BAD_SENSOR = 0x808c0000;

const codeOf = (answer: GraphQLAnswer): unknown => answer.errors?.[0]?.extensions?.code;

describe('cold chain through GraphQL (own gateway and database)', function () {
  this.timeout(120_000);
  let t: TestGateway;
  let token: string;
  const ask = (query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer> => t.graphql(query, variables, token);

  // The freezer: a minute at -30 °C with a warm spell at seconds 30 to 32 (peak -12) and one reading of a failed sensor.
  const freezer: Reading[] = Array.from({ length: 120 }, (_, s) => ({
    device: 'G1001-FRZ-01',
    node: 'temperature',
    sourceTime: at(s),
    statusCode: s === 90 ? BAD_SENSOR : 0,
    value: s === 90 ? null : s >= 30 && s <= 32 ? [-15, -12, -14][s - 30]! : -30,
  }));
  // The reefer logger: a reading every 10 s over four minutes.
  const logger: Reading[] = Array.from({ length: 24 }, (_, i) => ({
    device: 'G1001-TRK-07',
    node: 'temperature',
    sourceTime: at(i * 10),
    statusCode: 0,
    value: -28 + (i % 3),
  }));

  async function seedReadings(store: ReadingStore): Promise<void> {
    for (let window = 0; window < 4; window += 1) {
      const inWindow = [...freezer, ...logger].filter((r) => Math.floor((r.sourceTime.getTime() - base) / WINDOW_MS) === window);
      const start = at(window * 60);
      await store.insertReadings(
        inWindow.map((r) => ({ ...r, leafHash: readingLeafHash(r) })),
        { start, end: at(window * 60 + 60) },
      );
    }
    const rule = { storageLimitC: -25, toleranceLimitC: -5, toleranceHours: 72, source: 'RuleSet CN v1 (test)' };
    await new WindowSealer({
      store,
      windowMs: WINDOW_MS,
      storageDevices: new Set(['G1001-FRZ-01', 'G1001-TRK-07']),
      rule: async () => rule,
    }).sealDue(Date.now());
    await store.recordAnchor(at(0), ['G1001-FRZ-01', 'G1001-TRK-07'], ANCHOR_TX);
  }

  /** Ledger objects as the indexer would have projected them, under one seeded transaction. */
  async function seedProjection(): Promise<void> {
    const { pool, topology } = t;
    await pool.query(`INSERT INTO blocks (channel, number, data_hash, previous_hash, tx_count) VALUES ($1, 0, 'seed', '', 1)`, [
      topology.channel,
    ]);
    await pool.query(
      `INSERT INTO transactions (tx_id, channel, block_number, tx_index, validation_code, is_valid, creator_msp, creator_name, endorsers, created_at)
       VALUES ($1, $2, 0, 0, 'VALID', true, 'RegulatorMSP', 'seed', '{}', now())`,
      [SEED_TX, topology.channel],
    );
    // The consortium registry is one object under a key with no attributes. StationA follows a jurisdiction of its own;
    // the factory was registered without one (the chaincode's default, CN).
    await pool.query(`INSERT INTO ledger_state (object_type, attributes, value, updated_tx_id) VALUES ('consortium', '{}', $1, $2)`, [
      {
        version: 1,
        reason: 'founding members',
        organisations: [
          { mspId: 'FactoryMSP', name: 'Factory', kind: 'factory', facilities: ['G2001'] },
          { mspId: 'StationAMSP', name: 'StationA', kind: 'station', facilities: ['G1001'], jurisdiction: 'TESTJ' },
        ],
      },
      SEED_TX,
    ]);
    const rows: [string, string, unknown][] = [
      ['rule-set', 'TESTJ', { jurisdiction: 'TESTJ', version: 1, storageLimitC: -30 }],
      ['rule-set', 'CN', { jurisdiction: 'CN', version: 1, storageLimitC: -25 }],
      ['device', 'G1001-FRZ-01', { deviceId: 'G1001-FRZ-01', kind: 'freezer', site: 'StationAMSP', location: 'G1001 freezer 1' }],
      [
        'shipment',
        'G1001-SHP-LOGGED',
        { shipmentId: 'G1001-SHP-LOGGED', loggerDevice: 'G1001-TRK-07', dispatchedAt: iso(60), receipt: { receivedAt: iso(150) } },
      ],
      ['shipment', 'G1001-SHP-ON-ITS-WAY', { shipmentId: 'G1001-SHP-ON-ITS-WAY', loggerDevice: 'G1001-TRK-07', dispatchedAt: iso(200) }],
      ['shipment', 'G1001-SHP-UNLOGGED', { shipmentId: 'G1001-SHP-UNLOGGED', dispatchedAt: iso(60) }],
    ];
    for (const [type, id, value] of rows) {
      await pool.query('INSERT INTO ledger_state (object_type, attributes, value, updated_tx_id) VALUES ($1, ARRAY[$2], $3, $4)', [
        type,
        id,
        value,
        SEED_TX,
      ]);
    }
  }

  before(async () => {
    t = await testGateway();
    await seedReadings(new ReadingStore(t.pool));
    await seedProjection();
    token = await t.login('Regulator', 'inspector1');
  });

  after(async () => {
    await t?.close();
  });

  it('answers only a signed-in person', async () => {
    const answer = await t.graphql('{ coldChainDevices { id } }');
    expect(codeOf(answer)).to.equal('UNAUTHENTICATED');
  });

  it("lists the devices of this deployment with their site, location and the storage limit of the site's jurisdiction", async () => {
    const answer = await ask('{ coldChainDevices { id kind site location model serialNumber storageLimitC registeredTxId } }');
    expect(answer.errors).to.equal(undefined);
    expect(answer.data.coldChainDevices).to.deep.equal([
      {
        id: 'G1001-FRZ-01',
        kind: 'freezer',
        site: 'StationAMSP',
        location: 'G1001 freezer 1',
        model: 'ULT-25 Plasma Freezer',
        serialNumber: 'FZ-88213',
        storageLimitC: -30,
        registeredTxId: SEED_TX,
      },
      {
        id: 'G1001-FRZ-02',
        kind: 'freezer',
        site: 'StationAMSP',
        location: 'G1001 freezer 2',
        model: 'ULT-25 Plasma Freezer',
        serialNumber: 'FZ-88214',
        storageLimitC: -30,
        registeredTxId: null,
      },
      {
        id: 'G1001-TRK-07',
        kind: 'reefer',
        site: 'StationAMSP',
        location: null,
        model: 'Reefer Data Logger R4',
        serialNumber: 'RL-5102',
        storageLimitC: -30,
        registeredTxId: null,
      },
      {
        id: 'G2001-SKID-01',
        kind: 'fractionation-skid',
        site: 'FactoryMSP',
        location: 'G2001 fractionation hall',
        model: 'Cohn Fractionation Skid',
        serialNumber: 'SK-0091',
        storageLimitC: -25,
        registeredTxId: null,
      },
    ]);
  });

  const READINGS = `query ($device: ID, $shipmentId: ID, $node: String, $from: DateTime!, $to: DateTime!, $buckets: Int) {
    coldChainReadings(device: $device, shipmentId: $shipmentId, node: $node, from: $from, to: $to, buckets: $buckets) { node from to count min max mean notGood } }`;

  it("downsamples a device's readings into equal buckets: count, range and mean of the Good ones, and how many were not Good", async () => {
    const answer = await ask(READINGS, { device: 'G1001-FRZ-01', from: iso(0), to: iso(120), buckets: 2 });
    expect(answer.errors).to.equal(undefined);
    const [first, second] = answer.data.coldChainReadings as [any, any];
    expect(answer.data.coldChainReadings).to.have.length(2);
    expect(first).to.deep.include({ node: 'temperature', from: iso(0), to: iso(60), count: 60, min: -30, max: -12, notGood: 0 });
    expect(first.mean).to.be.closeTo((57 * -30 - 15 - 12 - 14) / 60, 1e-9);
    expect(second).to.deep.include({
      node: 'temperature',
      from: iso(60),
      to: iso(120),
      count: 60,
      min: -30,
      max: -30,
      mean: -30,
      notGood: 1,
    });
  });

  it("gives a shipment's temperatures: its logger's readings from dispatch to receipt only", async () => {
    const whole = await ask(READINGS, { shipmentId: 'G1001-SHP-LOGGED', from: iso(0), to: iso(240), buckets: 1 });
    expect(whole.errors).to.equal(undefined);
    // Dispatched at 60 s, received at 150 s: the readings at 60, 70, ..., 140.
    expect(whole.data.coldChainReadings.map((b: any) => [b.from, b.to, b.count])).to.deep.equal([[iso(60), iso(150), 9]]);
    const onItsWay = await ask(READINGS, { shipmentId: 'G1001-SHP-ON-ITS-WAY', from: iso(0), to: iso(240), buckets: 1 });
    expect(onItsWay.data.coldChainReadings.map((b: any) => [b.from, b.count])).to.deep.equal([[iso(200), 4]]);
    const before = await ask(READINGS, { shipmentId: 'G1001-SHP-LOGGED', from: iso(0), to: iso(30) });
    expect(before.data.coldChainReadings).to.deep.equal([]);

    for (const shipmentId of ['G1001-SHP-UNLOGGED', 'G1001-SHP-NONE']) {
      const answer = await ask(READINGS, { shipmentId, from: iso(0), to: iso(240) });
      expect(codeOf(answer), shipmentId).to.equal('NOT_FOUND');
    }
    expect((await ask(READINGS, { shipmentId: 'G1001-SHP-UNLOGGED', from: iso(0), to: iso(240) })).errors?.[0]?.message).to.match(
      /without a loggerDevice/,
    );
  });

  it('refuses bad arguments with VALIDATION naming the argument, and an unknown device with NOT_FOUND', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ from: iso(0), to: iso(60) }, 'device'],
      [{ device: 'G1001-FRZ-01', shipmentId: 'G1001-SHP-LOGGED', from: iso(0), to: iso(60) }, 'device'],
      [{ device: 'G1001-FRZ-01', from: iso(60), to: iso(60) }, 'from'],
      [{ device: 'G1001-FRZ-01', from: '2026-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' }, 'to'],
      [{ device: 'G1001-FRZ-01', from: iso(0), to: iso(60), buckets: 0 }, 'buckets'],
      [{ device: 'G1001-FRZ-01', from: iso(0), to: iso(60), buckets: 2001 }, 'buckets'],
      [{ device: 'G1001-FRZ-01', node: 'temp; drop', from: iso(0), to: iso(60) }, 'node'],
      [{ device: 'G1001-FRZ-01', from: 'yesterday', to: iso(60) }, 'from'],
    ];
    for (const [variables, field] of cases) {
      const answer = await ask(READINGS, variables);
      expect(answer.errors?.[0]?.extensions, JSON.stringify(variables)).to.deep.include({ code: 'VALIDATION', field });
    }
    expect(codeOf(await ask(READINGS, { device: 'G9999-FRZ-99', from: iso(0), to: iso(60) }))).to.equal('NOT_FOUND');
    const limit = await ask('{ coldChainExcursions(limit: 0) { id } }');
    expect(limit.errors?.[0]?.extensions).to.deep.include({ code: 'VALIDATION', field: 'limit' });
  });

  it('lists excursions with the limit they were judged against and what the ledger was told', async () => {
    const answer = await ask(
      `query ($from: DateTime) { coldChainExcursions(device: "G1001-FRZ-01", from: $from) {
      id device node startedAt endedAt peakValue peakReadingId severity limitC reportedTxId reportRefusal } }`,
      { from: iso(0) },
    );
    expect(answer.errors).to.equal(undefined);
    const peak = readingId({ device: 'G1001-FRZ-01', node: 'temperature', sourceTime: at(31) });
    expect(answer.data.coldChainExcursions).to.deep.equal([
      {
        id: readingId({ device: 'G1001-FRZ-01', node: 'temperature', sourceTime: at(30) }),
        device: 'G1001-FRZ-01',
        node: 'temperature',
        startedAt: iso(30),
        endedAt: iso(33),
        peakValue: -12,
        peakReadingId: peak,
        severity: 'tolerated',
        limitC: -25,
        reportedTxId: null,
        reportRefusal: null,
      },
    ]);
    const later = await ask('query ($from: DateTime) { coldChainExcursions(from: $from) { id } }', { from: iso(60) });
    expect(later.data.coldChainExcursions).to.deep.equal([]);
  });

  const PROOF = `query ($id: ID!) { readingProof(readingId: $id) {
    readingId device node sourceTime value statusCode canonicalReading leafHash windowStart index leafCount steps { side hash } root anchorTxId verified } }`;

  it('proves a reading against its anchored window root, and stops proving it once its row is altered', async () => {
    const id = readingId({ device: 'G1001-FRZ-01', node: 'temperature', sourceTime: at(31) });
    const answer = await ask(PROOF, { id });
    expect(answer.errors).to.equal(undefined);
    const proof = answer.data.readingProof;
    expect(proof).to.deep.include({
      readingId: id,
      device: 'G1001-FRZ-01',
      node: 'temperature',
      sourceTime: iso(31),
      value: -12,
      statusCode: 0,
      windowStart: iso(0),
      index: 31,
      leafCount: 60,
      anchorTxId: ANCHOR_TX,
      verified: true,
    });
    expect(JSON.parse(proof.canonicalReading)).to.deep.equal({
      device: 'G1001-FRZ-01',
      node: 'temperature',
      sourceTime: iso(31),
      statusCode: 0,
      value: -12,
    });
    expect(proof.steps).to.have.length(6); // 60 leaves: six levels
    expect(proof.root).to.match(/^[0-9a-f]{64}$/);

    await t.pool.query('UPDATE cold_chain_readings SET value = -30 WHERE device = $1 AND source_time = $2', ['G1001-FRZ-01', at(31)]);
    const altered = (await ask(PROOF, { id })).data.readingProof;
    expect(altered).to.deep.include({ value: -30, verified: false, root: proof.root });
  });

  it('refuses a malformed reading id with VALIDATION and an unknown one with NOT_FOUND', async () => {
    const malformed = await ask(PROOF, { id: 'G1001-FRZ-01@yesterday' });
    expect(malformed.errors?.[0]?.extensions).to.deep.include({ code: 'VALIDATION', field: 'readingId' });
    const unknown = await ask(PROOF, { id: readingId({ device: 'G1001-FRZ-01', node: 'temperature', sourceTime: at(600) }) });
    expect(codeOf(unknown)).to.equal('NOT_FOUND');
  });
});
