// Read scopes on the real network (issue 14): a station's people read their own station's donations and what the
// factory did with them, the factory's people the donations shipped to it, the regulator's people everything. One
// donor gives twice at StationA and once at StationB; StationA ships the first bag to the factory, whose QA re-tests it
// and fails it; the demo lot holds bags of both stations. Each query that answers a donation, its trail, its test
// results or its shipment is asked by each organisation's people, and refuses (FORBIDDEN, naming the object) or leaves
// out what their organisation does not read.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { organisation } from '@plasma/network';
import {
  collectedMinutesAgo,
  collectTwice,
  donation,
  eventually,
  ledgerPeople,
  newDin,
  pseudonym,
  type LedgerPeople,
} from '@plasma/testkit';
import { DEMO_LOT_ID } from '@plasma/demo';
import { dataOf, type GraphQLAnswer, testGateway, type TestGateway } from '@plasma/testkit/gateway';

const DONATION = 'query ($din: String!) { donation(din: $din) { din station } }';
const TRAIL = 'query ($id: String!) { auditTrail(objectId: $id) { objectType objectId what } }';
const TRAIL_OF_DONATIONS = 'query ($from: DateTime!) { auditTrail(objectType: "donation", from: $from, limit: 10000) { objectId } }';
const VERIFY = 'query ($id: String!) { verification(objectType: "donation", objectId: $id) { verified } }';
const DOWNSTREAM_OF_DONOR = 'query ($p: String!) { downstreamOfDonor(pseudonym: $p) { donations } }';
const DOWNSTREAM_OF_DONATION = 'query ($din: String!) { downstreamOfDonation(din: $din) { donations } }';
const SHIPMENT = 'query ($id: String!) { shipment(shipmentId: $id) { shipmentId dins } }';
const EPCIS = 'query ($din: String!) { epcisExport(din: $din) }';
const TEST_RESULTS = 'query ($din: String!) { testResults(kind: DONATION, id: $din) { resultId conclusion } }';
const ALARMS = 'query { alarms(last: 500) { objectType objectId summary } }';

const keyOf = (din: string): string => din.slice(0, 13);
const codeOf = (answer: GraphQLAnswer): unknown => answer.errors?.[0]?.extensions?.code;

describe('read scopes: what each organisation reads of the donations (gateway, real network)', function () {
  this.timeout(300_000);
  let t: TestGateway;
  let people: LedgerPeople;
  const donor = pseudonym();
  const began = new Date().toISOString();
  const shipmentId = `G1001-RS-${randomBytes(4).toString('hex')}`;
  /** StationA's bag shipped to the factory, StationA's bag kept at the station, StationB's bag. */
  let shipped: string;
  let kept: string;
  let atB: string;
  let failedResult: string;

  const STATION_A = ['StationA', 'collector1'] as const;
  const STATION_B = ['StationB', 'collector1'] as const;
  const FACTORY = ['Factory', 'warehouse1'] as const;
  const REGULATOR = ['Regulator', 'regulator1'] as const;
  const INSPECTOR = ['Regulator', 'inspector1'] as const;
  type Who = readonly [string, string];
  const ask = async (who: Who, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer> =>
    t.graphql(query, variables, await t.tokenOf(...who));
  const refused = async (who: Who, query: string, variables: Record<string, unknown>, object: string): Promise<void> => {
    const answer = await ask(who, query, variables);
    expect(codeOf(answer), `${who.join('/')} asking ${JSON.stringify(variables)}`).to.equal('FORBIDDEN');
    expect(answer.errors?.[0]?.message).to.contain(object).and.to.contain(`not for ${who[0]}'s people to read`);
    // Nothing of the object: no data, or the nullable field null.
    expect(Object.values(answer.data ?? {})).to.satisfy((values: unknown[]) => values.every((v) => v === null));
  };

  before(async () => {
    // From the genesis block: the demo lot, of both stations' bags, is in the projection.
    t = await testGateway({ indexed: 'from genesis' });
    people = ledgerPeople(t.topology);
    const { firsts, followUps } = await collectTwice(people, [donor]);
    // The ledger keys a donation by its DIN without the check character, and answers it so.
    [shipped, kept] = [keyOf(firsts[0]!), keyOf(followUps[0]!)];
    const dinAtB = newDin(organisation(t.topology, 'StationB').facilities[0]!);
    atB = keyOf(dinAtB);
    await people.submit('StationB', 'collector1', 'Donation', 'RecordDonation', {
      ...donation(dinAtB, { donorPseudonym: donor, ...collectedMinutesAgo(30) }),
    });
    await eventually(() =>
      people.submit('StationA', 'collector1', 'Donation', 'RecordStorage', [shipped], { location: 'freezer F2', temperatureC: -32 }),
    );
    await people.submit('StationA', 'collector1', 'Shipment', 'DispatchShipment', {
      shipmentId,
      destination: 'FactoryMSP',
      dins: [shipped],
      temperatureC: -30,
    });
    await eventually(() =>
      people.submit('Factory', 'warehouse1', 'Shipment', 'ReceiveShipment', shipmentId, {
        receivedDins: [shipped],
        temperatureC: -27,
        labelsChecked: true,
      }),
    );
    const failed = await eventually(() =>
      people.submit('Factory', 'qa1', 'TestResult', 'RecordTestResult', {
        subject: { kind: 'donation', id: shipped },
        analyte: 'HBsAg',
        method: 'CLIA re-test',
        result: 'reactive',
        specification: 'non-reactive',
        conclusion: 'fail',
        oos: true,
        lab: 'QC virology',
        instrument: 'architect-01',
        rawDataHash: 'b'.repeat(64),
        testedAt: new Date().toISOString(),
      }),
    );
    failedResult = failed.resultId;
    await t.untilCaughtUp();
  });
  after(async () => t?.close());

  it('answers a donation to its own station, to the factory once shipped to it, and to the regulator; refuses the rest', async () => {
    const station = async (who: Who, din: string) => dataOf(await ask(who, DONATION, { din })).donation.station;
    expect(await station(STATION_A, shipped)).to.equal('StationAMSP');
    expect(await station(STATION_A, kept)).to.equal('StationAMSP');
    expect(await station(STATION_B, atB)).to.equal('StationBMSP');
    expect(await station(FACTORY, shipped)).to.equal('StationAMSP');
    for (const din of [shipped, kept, atB]) {
      expect(await station(REGULATOR, din)).to.be.a('string');
      expect(await station(INSPECTOR, din)).to.be.a('string');
    }
    await refused(STATION_B, DONATION, { din: shipped }, `donation ${shipped}`);
    await refused(STATION_A, DONATION, { din: atB }, `donation ${atB}`);
    await refused(FACTORY, DONATION, { din: kept }, `donation ${kept}`);
    await refused(FACTORY, DONATION, { din: atB }, `donation ${atB}`);
    // A DIN nobody recorded is no donation, to anyone.
    expect(dataOf(await ask(STATION_B, DONATION, { din: newDin('G1001') })).donation).to.equal(null);
  });

  it("leaves another organisation's donations, and their test results, out of the audit trail and its export", async () => {
    const objects = async (who: Who, id: string) =>
      (dataOf(await ask(who, TRAIL, { id })).auditTrail as { objectType: string }[]).map((e) => e.objectType);
    expect(await objects(STATION_A, shipped)).to.include('donation');
    expect(await objects(FACTORY, shipped)).to.include('donation');
    expect(await objects(REGULATOR, atB)).to.include('donation');
    expect(await objects(STATION_B, shipped)).to.deep.equal([]);
    expect(await objects(FACTORY, kept)).to.deep.equal([]);
    expect(await objects(STATION_A, atB)).to.deep.equal([]);
    expect(await objects(STATION_B, failedResult)).to.deep.equal([]);
    expect(await objects(STATION_A, failedResult)).to.include('test-result');

    const listed = async (who: Who) =>
      new Set((dataOf(await ask(who, TRAIL_OF_DONATIONS, { from: began })).auditTrail as { objectId: string }[]).map((e) => e.objectId));
    const stationB = await listed(STATION_B);
    expect(stationB.has(atB)).to.equal(true);
    expect(stationB.has(shipped) || stationB.has(kept)).to.equal(false);

    const exported = dataOf(
      await ask(STATION_B, 'query ($id: String!) { auditTrailExport(format: CSV, objectId: $id) { content } }', { id: shipped }),
    ).auditTrailExport.content as string;
    expect(exported).to.not.contain(shipped);
  });

  it("refuses to verify, trace forward, export or list the test results of another organisation's donation", async () => {
    expect(dataOf(await ask(STATION_A, VERIFY, { id: shipped })).verification.verified).to.equal(true);
    expect(dataOf(await ask(INSPECTOR, VERIFY, { id: atB })).verification.verified).to.equal(true);
    await refused(STATION_B, VERIFY, { id: shipped }, `donation ${shipped}`);
    await refused(FACTORY, VERIFY, { id: atB }, `donation ${atB}`);

    expect(dataOf(await ask(STATION_A, DOWNSTREAM_OF_DONATION, { din: kept })).downstreamOfDonation.donations).to.deep.equal([kept]);
    await refused(STATION_A, DOWNSTREAM_OF_DONATION, { din: atB }, `donation ${atB}`);

    expect(await ask(STATION_B, EPCIS, { din: atB })).to.not.have.property('errors');
    await refused(STATION_B, EPCIS, { din: shipped }, `donation ${shipped}`);

    const results = dataOf(await ask(FACTORY, TEST_RESULTS, { din: shipped })).testResults;
    expect(results).to.deep.equal([{ resultId: failedResult, conclusion: 'fail' }]);
    expect(dataOf(await ask(STATION_A, TEST_RESULTS, { din: shipped })).testResults).to.have.length(1);
    await refused(STATION_B, TEST_RESULTS, { din: shipped }, `donation ${shipped}`);
  });

  it("traces a donor forward from the donations each organisation reads: a station's own, the factory's received, all for the regulator", async () => {
    const traced = async (who: Who) => [...dataOf(await ask(who, DOWNSTREAM_OF_DONOR, { p: donor })).downstreamOfDonor.donations].sort();
    expect(await traced(STATION_A)).to.deep.equal([shipped, kept].sort());
    expect(await traced(STATION_B)).to.deep.equal([atB]);
    expect(await traced(FACTORY)).to.deep.equal([shipped]);
    expect(await traced(REGULATOR)).to.deep.equal([shipped, kept, atB].sort());
  });

  it("shows every pool and count of a lot to everyone, and under them the bags each organisation reads (the demo lot: both stations' bags)", async () => {
    const UPSTREAM =
      'query ($lotId: String!) { upstreamOfLot(lotId: $lotId) { donationCount pools { donationCount donations { station } } } }';
    const upstream = async (who: Who) => dataOf(await ask(who, UPSTREAM, { lotId: DEMO_LOT_ID })).upstreamOfLot;
    const stations = (u: any): string[] => u.pools.flatMap((p: any) => p.donations.map((d: { station: string }) => d.station));
    const counts = (u: any): number[] => u.pools.map((p: { donationCount: number }) => p.donationCount);
    const whole = await upstream(INSPECTOR);
    expect(new Set(stations(whole))).to.deep.equal(new Set(['StationAMSP', 'StationBMSP']));
    expect(stations(whole)).to.have.length(whole.donationCount);
    for (const [who, own] of [
      [STATION_A, 'StationAMSP'],
      [STATION_B, 'StationBMSP'],
    ] as const) {
      const seen = await upstream(who);
      expect(seen.donationCount).to.equal(whole.donationCount);
      expect(counts(seen)).to.deep.equal(counts(whole));
      expect(stations(seen)).to.deep.equal(stations(whole).filter((station) => station === own));
    }
    // The demo's bags were all shipped to the factory.
    expect(stations(await upstream(FACTORY))).to.deep.equal(stations(whole));
  });

  it('answers a pool back to its bags as its lot does, for each reader, and null for a pool never made', async () => {
    const POOL_SOURCES = '{ poolDin donationCount donations { din station } }';
    const lotPools = async (who: Who) =>
      dataOf(await ask(who, `query ($lotId: String!) { upstreamOfLot(lotId: $lotId) { pools ${POOL_SOURCES} } }`, { lotId: DEMO_LOT_ID }))
        .upstreamOfLot.pools as { poolDin: string }[];
    const pool = async (who: Who, poolDin: string) =>
      dataOf(await ask(who, `query ($poolDin: String!) { upstreamOfPool(poolDin: $poolDin) ${POOL_SOURCES} }`, { poolDin })).upstreamOfPool;
    for (const who of [INSPECTOR, STATION_A, STATION_B, FACTORY]) {
      const pools = await lotPools(who);
      expect(pools).to.not.deep.equal([]);
      for (const expected of pools)
        expect(await pool(who, expected.poolDin), `${who.join(' ')}: ${expected.poolDin}`).to.deep.equal(expected);
    }
    // Each station's people read their own station's bags of a pool, and the count of all.
    for (const [who, own] of [
      [STATION_A, 'StationAMSP'],
      [STATION_B, 'StationBMSP'],
    ] as const) {
      for (const { poolDin } of await lotPools(INSPECTOR)) {
        const [whole, seen] = [await pool(INSPECTOR, poolDin), await pool(who, poolDin)];
        expect(seen.donationCount).to.equal(whole.donationCount);
        expect(seen.donations).to.deep.equal(whole.donations.filter((d: { station: string }) => d.station === own));
      }
    }
    expect(await pool(INSPECTOR, 'G200199999999')).to.equal(null);
  });

  it("exports a lot's EPCIS lineage with the events of the reader's own bags only: another station's bag appears only beside one of theirs", async () => {
    const LOT_EPCIS = 'query ($lotId: String!) { epcisExport(lotId: $lotId) }';
    const SOURCES = 'query ($lotId: String!) { upstreamOfLot(lotId: $lotId) { pools { donations { din station } } } }';
    const sources: { din: string; station: string }[] = dataOf(
      await ask(INSPECTOR, SOURCES, { lotId: DEMO_LOT_ID }),
    ).upstreamOfLot.pools.flatMap((p: { donations: unknown[] }) => p.donations);
    const dinsOf = (station: string) => sources.filter((d) => d.station === station).map((d) => d.din);
    const [ownDins, otherDins] = [dinsOf('StationAMSP'), dinsOf('StationBMSP')];
    const naming = (event: unknown, dins: readonly string[]): boolean => dins.some((din) => JSON.stringify(event).includes(din));
    const events = async (who: Who): Promise<unknown[]> =>
      dataOf(await ask(who, LOT_EPCIS, { lotId: DEMO_LOT_ID })).epcisExport.epcisBody.eventList;
    // The regulator's document holds events of StationB's bags alone (their collection, screening, shipment)...
    expect((await events(INSPECTOR)).filter((e) => naming(e, otherDins) && !naming(e, ownDins))).to.not.deep.equal([]);
    // ...StationA's none: a StationB bag appears only in an act over many bags that holds one of StationA's (the
    // factory's quarantine, release, pooling).
    const atA = await events(STATION_A);
    expect(atA.filter((e) => naming(e, otherDins) && !naming(e, ownDins))).to.deep.equal([]);
    for (const din of ownDins)
      expect(
        atA.filter((e) => naming(e, [din])),
        din,
      ).to.not.deep.equal([]);
  });

  it("keeps a station's donor register to itself and the regulator", async () => {
    const REGISTER = 'query ($station: String) { donorRegister(station: $station, first: 500) { donorPseudonym } }';
    expect(codeOf(await ask(STATION_A, REGISTER, { station: 'StationBMSP' }))).to.equal('FORBIDDEN');
    expect(codeOf(await ask(FACTORY, REGISTER, { station: 'StationBMSP' }))).to.equal('FORBIDDEN');
    const donors = async (who: Who, station?: string) =>
      dataOf(await ask(who, REGISTER, { station })).donorRegister.map((d: { donorPseudonym: string }) => d.donorPseudonym);
    expect(await donors(STATION_B)).to.include(donor);
    expect(await donors(REGULATOR, 'StationBMSP')).to.include(donor);
  });

  it("refuses the temperatures of another station's shipment", async () => {
    const READINGS =
      'query ($id: ID!, $from: DateTime!, $to: DateTime!) { coldChainReadings(shipmentId: $id, from: $from, to: $to) { min } }';
    const window = { id: shipmentId, from: began, to: new Date(Date.now() + 60_000).toISOString() };
    await refused(STATION_B, READINGS, window, `shipment ${shipmentId}`);
    // Its own station passes the scope, and learns it was dispatched without a logger.
    const own = await ask(STATION_A, READINGS, window);
    expect(codeOf(own)).to.equal('NOT_FOUND');
    expect(own.errors?.[0]?.message).to.contain('without a loggerDevice');
  });

  it('places only what it can: an unknown reader, object type or id, or a test result not in the projection, is read by the regulator alone', async () => {
    const readable = async (kind: string, key: string | null, reader: string, msp = 'StationAMSP'): Promise<boolean> =>
      (await t.pool.query('SELECT object_readable($1, $2, $3, $4) AS ok', [kind, key, reader, msp])).rows[0].ok;
    expect(await readable('donation', shipped, 'station')).to.equal(true);
    expect(await readable('pool', 'any pool', 'station')).to.equal(true);
    expect(await readable('Donation', shipped, 'station')).to.equal(false);
    expect(await readable('donation', null, 'station')).to.equal(false);
    expect(await readable('test-result', 'no such result', 'station')).to.equal(false);
    expect(await readable('test-result', 'no such result', 'everything', 'RegulatorMSP')).to.equal(true);
    expect(await readable('a type nobody placed', 'x', 'station')).to.equal(false);
    expect(await readable('pool', 'any pool', 'auditor')).to.equal(false);
  });

  it("reads an excursion at its device's site, and at the factory when its logger travelled with a shipment there", async () => {
    // An excursion of a StationB reefer logger that travelled with StationA's shipment (a record as the chaincode
    // writes one, placed in the test's own projection: the rule reads only its site and shipments).
    const excursionId = `EXC-RS-${randomBytes(4).toString('hex')}`;
    const { rows } = await t.pool.query(
      "SELECT updated_tx_id FROM ledger_state WHERE object_type = 'shipment' AND attributes = ARRAY[$1]",
      [shipmentId],
    );
    await t.pool.query("INSERT INTO ledger_state (object_type, attributes, value, updated_tx_id) VALUES ('excursion', ARRAY[$1], $2, $3)", [
      excursionId,
      { excursionId, device: 'reefer-logger-9', site: 'StationBMSP', shipments: [shipmentId], dins: [shipped] },
      rows[0].updated_tx_id,
    ]);
    const readable = async (reader: string, msp: string): Promise<boolean> =>
      (await t.pool.query("SELECT object_readable('excursion', $1, $2, $3) AS ok", [excursionId, reader, msp])).rows[0].ok;
    expect(await readable('station', 'StationBMSP')).to.equal(true);
    expect(await readable('factory', 'FactoryMSP')).to.equal(true);
    expect(await readable('station', 'StationAMSP')).to.equal(false);
    expect(await readable('factory', 'OtherFactoryMSP')).to.equal(false);
  });

  it('answers a shipment to the station that sent it and the factory it went to, not to another station', async () => {
    for (const who of [STATION_A, FACTORY, REGULATOR]) {
      expect(dataOf(await ask(who, SHIPMENT, { id: shipmentId })).shipment).to.deep.equal({ shipmentId, dins: [shipped] });
    }
    await refused(STATION_B, SHIPMENT, { id: shipmentId }, `shipment ${shipmentId}`);
  });

  it("raises the failed re-test's alarm to the station whose bag it is, the factory and the regulator, not to another station", async () => {
    const alarmed = async (who: Who) =>
      (dataOf(await ask(who, ALARMS)).alarms as { objectId: string }[]).some((alarm) => alarm.objectId === failedResult);
    expect(await alarmed(STATION_A)).to.equal(true);
    expect(await alarmed(FACTORY)).to.equal(true);
    expect(await alarmed(INSPECTOR)).to.equal(true);
    expect(await alarmed(STATION_B)).to.equal(false);
  });
});
