// A lot in process on the running network, made for a test straight on the ledger as each person of the chain of
// custody would: a donor's bag collected long enough ago to have served its hold (released by a later negative
// donation of the same donor), screened, stored, shipped, received, quarantined and released, pooled, the pool closed
// and NAT-tested, and a lot created from it. Ready for its release signatures.
import { gs1CheckDigit } from '@plasma/chaincode/src/client';
import { DEFAULT_RULES } from '@plasma/chaincode/src/rules/rule-set';
import { loadTopology } from '@plasma/network';
import { daysAgo, donation, eventually, ledgerPeople, newDin, pseudonym } from '../../../test-network/test/fixtures';

const RULES = DEFAULT_RULES.CN!;

export async function inProcessLotOnLedger(lotId: string): Promise<void> {
  const topology = loadTopology();
  const people = ledgerPeople(topology);
  const { as, submit } = people;
  try {
    const donor = pseudonym();
    const collect = async (days: number): Promise<string> => {
      const din = newDin('G1001');
      const end = daysAgo(days);
      await submit('StationA', 'collector1', 'Donation', 'RecordDonation', donation(din, {
        donorPseudonym: donor, collectionStart: new Date(Date.parse(end) - 45 * 60_000).toISOString(), collectionEnd: end,
      }));
      return din;
    };
    const first = await collect(120);
    const later = await collect(100);
    const screening = Buffer.from(JSON.stringify({
      tests: RULES.mandatoryTests.donation.map((analyte) => ({ analyte, method: 'ELISA', result: 'non-reactive', conclusion: 'negative', instrument: 'STAR-7' })),
      testedAt: new Date().toISOString(), lab: 'StationA laboratory',
    }));
    // Screening results are the station's private data: they travel as transient data.
    for (const din of [first, later]) {
      await eventually(() => as('StationA', 'stationqa1').contract('Donation').submit('RecordScreening', { arguments: [din], transientData: { screening } }));
    }
    const shipmentId = `SHP-${lotId}`;
    await eventually(() => submit('StationA', 'collector1', 'Donation', 'RecordStorage', [first], { location: 'explorer test freezer', temperatureC: -32 }));
    await submit('StationA', 'collector1', 'Shipment', 'DispatchShipment', { shipmentId, destination: 'FactoryMSP', dins: [first], temperatureC: -30 });
    await eventually(() => submit('Factory', 'warehouse1', 'Shipment', 'ReceiveShipment', shipmentId, { receivedDins: [first], temperatureC: -27, labelsChecked: true }));
    await submit('Factory', 'warehouse1', 'Donation', 'QuarantineDonations', [first]);
    await eventually(() => submit('Factory', 'qa1', 'Donation', 'ReleaseDonations', [first]));

    const poolDin = newDin('G2001');
    await submit('Factory', 'warehouse1', 'Pool', 'CreatePool', { poolDin });
    await submit('Factory', 'warehouse1', 'Pool', 'AddToPool', poolDin, [first]);
    await submit('Factory', 'warehouse1', 'Pool', 'ClosePool', poolDin);
    for (const analyte of RULES.mandatoryTests.pool) {
      await eventually(() => submit('Factory', 'qa1', 'TestResult', 'RecordTestResult', {
        subject: { kind: 'pool', id: poolDin }, analyte, method: 'cobas PCR', result: 'not detected', specification: 'not detected',
        conclusion: 'pass', oos: false, lab: 'QC virology', instrument: 'cobas-6800-01', rawDataHash: 'a'.repeat(64), testedAt: new Date().toISOString(),
      }));
    }
    const gtin = `0691234567890${gs1CheckDigit('0691234567890')}`;
    await eventually(() => submit('Factory', 'qa1', 'Lot', 'CreateLot', { lotId, product: { name: 'Human albumin 20 %', gtin, expiry: '2029-06-30' }, pools: [poolDin] }));
  } finally {
    people.close();
  }
}
