// Read scopes on the real network (issue 14): a station's people read their own station's donations and what the
// factory did with them, the factory's people the donations shipped to it, the regulator's people everything. One
// donor gives twice at StationA and once at StationB; StationA ships the first bag to the factory, whose QA re-tests it
// and fails it. Each query that answers a donation, its trail, its test results or its shipment is asked by each
// organisation's people, and refuses (FORBIDDEN, naming the object) or leaves out what their organisation does not read.
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
    t = await testGateway({ indexed: 'from now' });
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
