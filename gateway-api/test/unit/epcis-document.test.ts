// The EPCIS 2.0 mapping on a small hand-built lineage (three bags → one pool → one lot → two vials in one case):
// event types, actions, business steps, inputs and outputs, the way back to each ledger transaction, and the
// document checked by epcis2.js against GS1's schema — which is shown to refuse a broken document.
import { expect } from 'chai';
import { computeDinCheckCharacter, type ObjectRef, type Product } from '@plasma/chaincode';
import { gtinOf, ssccOf } from '@plasma/demo';
import { epcisDocument, type EpcisDocument, type EpcisEvent, type EpcisLineage } from '../../src/epcis/epcis-document';
import { onlyOwnPooling } from '../../src/epcis/epcis-export';
import { epcisSchemaErrors } from '../../src/epcis/epcis-schema';
import { identifiers } from '../../src/epcis/identifiers';
import { ledgerEventOf, type LedgerEvent } from '../../src/epcis/ledger-events';

const BASE = 'https://id.plasma-trace.example';
const din = (fin: string, n: number): string => `${fin}26${String(n).padStart(6, '0')}`;
const BAGS = [din('G1001', 11), din('G1001', 12), din('G1001', 13)];
const POOL = din('G2001', 1);
const LOT = 'ALB-2601';
const GTIN = gtinOf('0691234567890');
const UNITS = [`(01)${GTIN}(21)S1`, `(01)${GTIN}(21)S/2`];
const SSCC = ssccOf('06912345000000001'); // extension digit, company prefix 6912345, serial reference
const PRODUCT: Product = { name: 'Human albumin 20 %', gtin: GTIN, expiry: '2029-06-30' };
const PSEUDONYM = 'ab'.repeat(32);
const SHIPMENT = 'SHP-1';

let txCounter = 0;
/** The next transaction on the chain, as the indexer would have stored its event. */
function event(name: string, data: unknown, objects: { type: string; id: string }[], creatorMsp: string): LedgerEvent {
  txCounter += 1;
  return ledgerEventOf(name, data, {
    txId: `tx${String(txCounter).padStart(62, '0')}`,
    blockNumber: 100 + txCounter,
    timestamp: `2026-03-0${1 + (txCounter % 9)}T08:00:00.000Z`,
    creatorMsp,
    objects: objects as ObjectRef[],
  });
}

const donationRecord = (bag: string, status: string, extra: Record<string, unknown> = {}) => ({
  din: bag,
  checkCharacter: computeDinCheckCharacter(bag),
  facility: bag.slice(0, 5),
  productCode: 'E0701V00',
  donorPseudonym: PSEUDONYM,
  station: 'StationAMSP',
  operator: 'collector1',
  collectionStart: '2026-01-02T07:15:00.000Z',
  collectionEnd: '2026-01-02T08:00:00.000Z',
  volumeMl: 580,
  deviceSerial: 'PCS2-0042',
  anticoagulantLot: 'ACD-24117',
  status,
  recordedAt: '2026-01-02T08:01:00.000Z',
  recordedTxId: 'x',
  ...extra,
});
const lotRecord = (status: string, holds: unknown[] = []) => ({
  lotId: LOT,
  factory: 'FactoryMSP',
  product: PRODUCT,
  pools: [POOL],
  status,
  holds,
});
const donations = (dins: readonly string[]) => dins.map((id) => ({ type: 'donation', id }));
const shipment = {
  shipmentId: SHIPMENT,
  station: 'StationAMSP',
  destination: 'FactoryMSP',
  dins: BAGS,
  count: 3,
  volumeMl: 1740,
  temperatureC: -30,
  dispatchedAt: '2026-01-20T06:00:00.000Z',
};

const story: LedgerEvent[] = [
  ...BAGS.map((bag) => event('DonationRecorded', donationRecord(bag, 'collected'), donations([bag]), 'StationAMSP')),
  event(
    'DonationScreened',
    donationRecord(BAGS[0]!, 'screened', {
      screening: {
        conclusion: 'negative',
        analytes: ['ALT', 'HBsAg'],
        detailHash: 'd'.repeat(64),
        collection: 'screeningStationAMSP',
        screenedAt: '2026-01-03T09:00:00.000Z',
      },
    }),
    donations([BAGS[0]!]),
    'StationAMSP',
  ),
  event('DonationStored', { dins: BAGS, location: 'freezer F2', temperatureC: -32 }, donations(BAGS), 'StationAMSP'),
  event(
    'ShipmentDispatched',
    { ...shipment, status: 'dispatched' },
    [{ type: 'shipment', id: SHIPMENT }, ...donations(BAGS)],
    'StationAMSP',
  ),
  event(
    'ShipmentReceived',
    {
      ...shipment,
      status: 'received',
      receipt: {
        receivedAt: '2026-01-21T06:00:00.000Z',
        receivedBy: 'warehouse1',
        count: 3,
        temperatureC: -27,
        labelsChecked: true,
        discrepancies: [{ kind: 'damaged', dins: [BAGS[2]] }],
      },
    },
    [{ type: 'shipment', id: SHIPMENT }, ...donations(BAGS)],
    'FactoryMSP',
  ),
  event('DonationsQuarantined', { dins: BAGS.slice(0, 2) }, donations(BAGS.slice(0, 2)), 'FactoryMSP'),
  event('DonationsReleased', { dins: BAGS.slice(0, 2) }, donations(BAGS.slice(0, 2)), 'FactoryMSP'),
  event(
    'DonationsPooled',
    { poolDin: POOL, chunk: 0, chunkRoot: 'c'.repeat(64), added: 2, count: 2, volumeMl: 1160 },
    [{ type: 'pool', id: POOL }, ...donations(BAGS.slice(0, 2))],
    'FactoryMSP',
  ),
  event(
    'PoolClosed',
    { poolDin: POOL, count: 2, volumeMl: 1160, merkleRoot: 'e'.repeat(64), closedAt: '2026-04-10T10:00:00.000Z' },
    [{ type: 'pool', id: POOL }],
    'FactoryMSP',
  ),
  event(
    'TestResultRecorded',
    {
      resultId: 'NAT-1',
      subject: { kind: 'pool', id: POOL },
      analyte: 'HIV-RNA',
      method: 'cobas PCR',
      result: 'not detected',
      specification: 'not detected',
      conclusion: 'pass',
      oos: false,
      lab: 'QC virology',
      analyst: 'qa1',
      organisation: 'FactoryMSP',
      instrument: 'cobas-6800',
      rawDataHash: 'a'.repeat(64),
      testedAt: '2026-04-11T10:00:00.000Z',
    },
    [{ type: 'test-result', id: 'NAT-1' }],
    'FactoryMSP',
  ),
  event('LotCreated', lotRecord('in-process'), [{ type: 'lot', id: LOT }], 'FactoryMSP'),
  event('LotQaReleased', lotRecord('qa-released'), [{ type: 'lot', id: LOT }], 'FactoryMSP'),
  event(
    'UnitsCommissioned',
    { lotId: LOT, commissioned: UNITS, unitCount: 2 },
    [{ type: 'lot', id: LOT }, ...UNITS.map((id) => ({ type: 'unit', id }))],
    'FactoryMSP',
  ),
  event(
    'CasePacked',
    { caseCode: SSCC, lotId: LOT, units: UNITS, count: 2, status: 'packed', packedAt: '2026-05-01T00:00:00.000Z' },
    [{ type: 'case', id: SSCC }, ...UNITS.map((id) => ({ type: 'unit', id }))],
    'FactoryMSP',
  ),
  event(
    'LotPutOnHold',
    lotRecord('qa-released', [{ kind: 'quality', ref: 'H-1', reason: 'label review', since: '2026-05-02T00:00:00.000Z' }]),
    [{ type: 'lot', id: LOT }],
    'FactoryMSP',
  ),
  event('LotReleasedByRegulator', lotRecord('released'), [{ type: 'lot', id: LOT }], 'RegulatorMSP'),
  event(
    'CasesShipped',
    { shipmentId: 'OUT-1', destination: 'Hospital pharmacy, Xuhui', shippedAt: '2026-05-05T00:00:00.000Z', cases: [SSCC], units: 2 },
    [{ type: 'case', id: SSCC }],
    'FactoryMSP',
  ),
];

const lineage: EpcisLineage = {
  subject: { kind: 'lot', lotId: LOT },
  channel: 'plasma',
  events: story,
  lotProducts: new Map([[LOT, PRODUCT]]),
  facilitiesOf: new Map([
    ['StationAMSP', ['G1001']],
    ['FactoryMSP', ['G2001']],
    ['RegulatorMSP', []],
  ]),
};

const CREATED = new Date('2026-06-01T00:00:00.000Z');
const ids = identifiers();
const eventsOf = (document: EpcisDocument, chaincodeEvent: string): EpcisEvent[] =>
  document.epcisBody.eventList.filter((e) => e['pt:chaincodeEvent'] === chaincodeEvent);
const only = (document: EpcisDocument, chaincodeEvent: string): any => {
  const found = eventsOf(document, chaincodeEvent);
  expect(found, chaincodeEvent).to.have.length(1);
  return found[0];
};

describe('EPCIS 2.0 export: the mapping', function () {
  const document = epcisDocument(lineage, { createdAt: CREATED });

  it('makes a document that epcis2.js finds valid against the GS1 EPCIS 2.0 schema', function () {
    expect(epcisSchemaErrors(document)).to.deep.equal([]);
    expect(document['@context']).to.deep.equal([
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { pt: `${BASE}/ns/epcis/` },
    ]);
    expect(document).to.include({
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: CREATED.toISOString(),
      'pt:lineageOf': 'urn:epc:class:lgtin:6912345.067890.ALB-2601',
    });
  });

  it('is refused by the validator when broken, so the check above can fail', function () {
    const [first, ...rest] = document.epcisBody.eventList;
    const broken = (change: Record<string, unknown>) => ({ ...document, epcisBody: { eventList: [{ ...first, ...change }, ...rest] } });
    expect(epcisSchemaErrors(broken({ action: 'MOVE' })).join()).to.match(/eventList\/0\/action/);
    // CBV has no such step: neither the bare word nor a URI in CBV's namespace passes.
    expect(epcisSchemaErrors(broken({ bizStep: 'pooling' })).join()).to.match(/eventList\/0\/bizStep/);
    expect(epcisSchemaErrors(broken({ bizStep: 'urn:epcglobal:cbv:bizstep:pooling' })).join()).to.match(/eventList\/0\/bizStep/);
    expect(epcisSchemaErrors(broken({ eventTime: 'yesterday' })).join()).to.match(/eventList\/0\/eventTime/);
    expect(epcisSchemaErrors(broken({ 'undeclared:field': 1 })).join()).to.match(/unknown extension: undeclared/);
    const { schemaVersion: _dropped, ...withoutVersion } = document;
    expect(epcisSchemaErrors(withoutVersion)).to.not.deep.equal([]);
  });

  it('records each collection as the commissioning of the bag, where and when it was collected', function () {
    const collected = eventsOf(document, 'DonationRecorded') as any[];
    expect(collected.map((e) => e.epcList)).to.deep.equal(BAGS.map((bag) => [`${BASE}/isbt128/din/${bag}`]));
    expect(collected[0]).to.deep.include({
      type: 'ObjectEvent',
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      eventTime: '2026-01-02T08:00:00.000Z',
      eventTimeZoneOffset: '+00:00',
      readPoint: { id: `${BASE}/isbt128/fin/G1001` },
      bizLocation: { id: `${BASE}/isbt128/fin/G1001` },
    });
    expect(collected[0].ilmd).to.deep.equal({
      'pt:isbt128ProductCode': 'E0701V00',
      'pt:volumeMl': 580,
      'pt:apheresisDeviceSerial': 'PCS2-0042',
      'pt:anticoagulantLot': 'ACD-24117',
    });
    expect(only(document, 'DonationScreened')).to.deep.include({
      action: 'OBSERVE',
      bizStep: 'inspecting',
      disposition: 'conformant',
      eventTime: '2026-01-03T09:00:00.000Z',
    });
  });

  it('pools as a TransformationEvent: the bags in, the pool out, one transformation per pool', function () {
    const pooling = only(document, 'DonationsPooled');
    expect(pooling).to.deep.include({
      type: 'TransformationEvent',
      bizStep: 'commissioning',
      disposition: 'in_progress',
      transformationID: `${BASE}/isbt128/din/${POOL}`,
      outputEPCList: [`${BASE}/isbt128/din/${POOL}`],
      'pt:processStep': 'pooling',
      'pt:chunkMerkleRoot': 'c'.repeat(64),
    });
    expect(pooling.inputEPCList).to.deep.equal(BAGS.slice(0, 2).map(ids.din));
    expect(pooling).to.not.have.property('action');
  });

  it('fractionates as a TransformationEvent: the pools in, the lot out as a class (GTIN + lot) with its lot master data', function () {
    const fractionation = only(document, 'LotCreated');
    expect(fractionation).to.deep.include({
      type: 'TransformationEvent',
      bizStep: 'creating_class_instance',
      inputEPCList: [ids.din(POOL)],
      outputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:6912345.067890.ALB-2601' }],
      transformationID: 'urn:epc:class:lgtin:6912345.067890.ALB-2601',
      'pt:processStep': 'fractionation',
    });
    expect(fractionation.ilmd).to.deep.equal({
      'cbvmda:lotNumber': LOT,
      'cbvmda:itemExpirationDate': '2029-06-30',
      'pt:productName': 'Human albumin 20 %',
    });
  });

  it('ships and receives with the despatch advice, the parties, the locations and the container temperature', function () {
    const shipping = only(document, 'ShipmentDispatched');
    expect(shipping).to.deep.include({
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      epcList: BAGS.map(ids.din),
      bizTransactionList: [{ type: 'desadv', bizTransaction: `${BASE}/shipment/SHP-1` }],
      sourceList: [
        { type: 'owning_party', source: `${BASE}/org/StationAMSP` },
        { type: 'location', source: `${BASE}/isbt128/fin/G1001` },
      ],
      destinationList: [
        { type: 'owning_party', destination: `${BASE}/org/FactoryMSP` },
        { type: 'location', destination: `${BASE}/isbt128/fin/G2001` },
      ],
      sensorElementList: [{ sensorReport: [{ type: 'Temperature', value: -30, uom: 'CEL' }] }],
    });
    // The damaged bag is its own receiving event, with its own disposition.
    const receiving = eventsOf(document, 'ShipmentReceived') as any[];
    expect(receiving.map((e) => [e.bizStep, e.disposition, e.epcList])).to.deep.equal([
      ['receiving', 'in_progress', BAGS.slice(0, 2).map(ids.din)],
      ['receiving', 'damaged', [ids.din(BAGS[2]!)]],
    ]);
    expect(receiving[0].bizLocation).to.deep.equal({ id: `${BASE}/isbt128/fin/G2001` });
    expect(only(document, 'DonationsQuarantined')).to.deep.include({ bizStep: 'holding', disposition: 'unavailable' });
    expect(only(document, 'DonationsReleased')).to.deep.include({ bizStep: 'inspecting', disposition: 'available' });
  });

  it('observes test results against their subject, with the result as a testres business transaction', function () {
    expect(only(document, 'TestResultRecorded')).to.deep.include({
      action: 'OBSERVE',
      bizStep: 'inspecting',
      disposition: 'conformant',
      epcList: [ids.din(POOL)],
      eventTime: '2026-04-11T10:00:00.000Z',
      bizTransactionList: [{ type: 'testres', bizTransaction: `${BASE}/test-result/NAT-1` }],
      'pt:analyte': 'HIV-RNA',
      'pt:outOfSpecification': false,
    });
  });

  it('commissions vials with their lot and expiry, packs them into the case, ships the case', function () {
    expect(only(document, 'UnitsCommissioned')).to.deep.include({
      type: 'ObjectEvent',
      action: 'ADD',
      bizStep: 'commissioning',
      epcList: ['urn:epc:id:sgtin:6912345.067890.S1', 'urn:epc:id:sgtin:6912345.067890.S%2F2'],
      ilmd: { 'cbvmda:lotNumber': LOT, 'cbvmda:itemExpirationDate': '2029-06-30' },
    });
    expect(only(document, 'CasePacked')).to.deep.include({
      type: 'AggregationEvent',
      action: 'ADD',
      bizStep: 'packing',
      parentID: ids.case(SSCC),
      childEPCs: UNITS.map((code) => ids.unit(code)),
    });
    expect(ids.case(SSCC)).to.equal('urn:epc:id:sscc:6912345.0000000001');
    expect(only(document, 'CasesShipped')).to.deep.include({
      epcList: [ids.case(SSCC)],
      bizStep: 'shipping',
      destinationList: [{ type: 'owning_party', destination: `${BASE}/party/Hospital%20pharmacy%2C%20Xuhui` }],
    });
  });

  it('gives a lot the disposition of its status: QA released, held, released by the regulator', function () {
    expect(['LotQaReleased', 'LotPutOnHold', 'LotReleasedByRegulator'].map((name) => only(document, name).disposition)).to.deep.equal([
      'conformant',
      'non_sellable_other',
      'sellable_not_accessible',
    ]);
    expect(only(document, 'LotPutOnHold')).to.deep.include({
      quantityList: [{ epcClass: 'urn:epc:class:lgtin:6912345.067890.ALB-2601' }],
      'pt:holdKind': 'quality',
    });
    // The regulator has no facility: its events say no location rather than a wrong one.
    expect(only(document, 'LotReleasedByRegulator')).to.not.have.property('bizLocation');
  });

  it('carries in every event the ledger transaction it was made from, and a unique event ID', function () {
    const eventList = document.epcisBody.eventList;
    expect(eventList.map((e) => e['pt:transactionId'])).to.deep.equal(
      story.flatMap((e) => (e.name === 'ShipmentReceived' ? [e.txId, e.txId] : [e.txId])),
    );
    expect(new Set(eventList.map((e) => e.eventID)).size).to.equal(eventList.length);
    const received = eventsOf(document, 'ShipmentReceived');
    expect(received.map((e) => e.eventID)).to.deep.equal(
      [0, 1].map((n) => ids.event('plasma', String(received[0]!['pt:transactionId']), n)),
    );
    expect(only(document, 'LotCreated')).to.deep.include({
      'pt:blockNumber': story.find((e) => e.name === 'LotCreated')!.blockNumber,
      recordTime: story.find((e) => e.name === 'LotCreated')!.timestamp,
    });
  });

  it('puts no donor pseudonym and no operator in the document', function () {
    const text = JSON.stringify(document);
    expect(text).to.not.include(PSEUDONYM);
    expect(text).to.not.include('collector1');
  });

  it("keeps of a pool's chunks only the one a donation went into, when exporting that donation", function () {
    const otherChunk = event(
      'DonationsPooled',
      { poolDin: POOL, chunk: 1, chunkRoot: 'f'.repeat(64), added: 1, count: 3, volumeMl: 1740 },
      [{ type: 'pool', id: POOL }, ...donations([din('G1001', 99)])],
      'FactoryMSP',
    );
    const kept = [...story, otherChunk].filter(onlyOwnPooling(BAGS[0]!));
    expect(kept.filter((e) => e.name === 'DonationsPooled').map((e) => e.txId)).to.deep.equal([
      story.find((e) => e.name === 'DonationsPooled')!.txId,
    ]);
    expect(kept.filter((e) => e.name === 'PoolClosed')).to.have.length(1);
  });

  it('observes a corrected label as an inspection of the bag: unavailable while an excursion still holds it', function () {
    const labelCorrection = {
      found: 'DIN of another bag',
      reprintedDin: `${BAGS[1]}${computeDinCheckCharacter(BAGS[1]!)}`,
      reprintedProductCode: 'E0701V00',
      reason: 'reprinted',
      correctedAt: '2026-01-21T07:00:00.000Z',
    };
    const corrected = (status: string, extra: Record<string, unknown> = {}) =>
      event('LabelCorrected', donationRecord(BAGS[1]!, status, { labelCorrection, ...extra }), donations([BAGS[1]!]), 'FactoryMSP');
    const warm = {
      kind: 'temperature',
      from: 'received',
      since: '2026-01-21T06:00:00.000Z',
      excursion: { maxTemperatureC: -12, durationHours: 24, location: 'shipment SHP-1' },
    };
    const exported = epcisDocument(
      { ...lineage, subject: { kind: 'donation', din: BAGS[1]! }, events: [corrected('received'), corrected('on-hold', { hold: warm })] },
      { createdAt: CREATED },
    );
    expect(epcisSchemaErrors(exported)).to.deep.equal([]);
    const [returned, held] = eventsOf(exported, 'LabelCorrected') as any[];
    expect(returned).to.deep.include({
      type: 'ObjectEvent',
      action: 'OBSERVE',
      epcList: [ids.din(BAGS[1]!)],
      bizStep: 'inspecting',
      eventTime: '2026-01-21T07:00:00.000Z',
      bizLocation: { id: `${BASE}/isbt128/fin/G2001` },
      'pt:status': 'received',
      'pt:labelFound': 'DIN of another bag',
      'pt:reprintedLabel': labelCorrection.reprintedDin,
    });
    expect(returned).to.not.have.property('disposition');
    expect(held).to.deep.include({ disposition: 'unavailable', 'pt:status': 'on-hold' });
  });
});

describe('EPCIS 2.0 export: identifiers', function () {
  it('writes GS1 keys as EPC URNs when the company prefix length is known (GS1 China 690-693), else as Digital Links', function () {
    expect(ids.unit(`(01)${GTIN}(21)A&B`)).to.equal('urn:epc:id:sgtin:6912345.067890.A%26B');
    const other = gtinOf('0400638133393');
    expect(ids.unit(`(01)${other}(21)A/B(1)`)).to.equal(`https://id.gs1.org/01/${other}/21/A%2FB%281%29`);
    expect(ids.lotClass('L-1', { gtin: other })).to.equal(`https://id.gs1.org/01/${other}/10/L-1`);
    const sscc = ssccOf('04006381000000001');
    expect(ids.case(sscc)).to.equal(`https://id.gs1.org/00/${sscc}`);
    expect(identifiers({ base: BASE, companyPrefixLength: () => 9 }).unit(`(01)${other}(21)7`)).to.equal(
      'urn:epc:id:sgtin:400638133.0393.7',
    );
  });

  it("names what GS1 does not identify under the deployment's own domain", function () {
    expect(ids.unit('69012340000000001234')).to.equal(`${BASE}/cn-drug-trace/69012340000000001234`);
    expect(ids.lotClass('L-1', { cnProductCode: '6901234' })).to.equal(`${BASE}/cn-drug-trace/product/6901234/lot/L-1`);
    expect(ids.party('6901234000017')).to.equal('https://id.gs1.org/414/6901234000017');
    expect(identifiers({ base: 'https://trace.example.cn', companyPrefixLength: () => undefined }).din(BAGS[0]!)).to.equal(
      `https://trace.example.cn/isbt128/din/${BAGS[0]}`,
    );
  });
});
