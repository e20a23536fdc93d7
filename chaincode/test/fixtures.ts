// The consortium, callers and donations the unit tests share.
import { expect } from 'chai';
import { FakeLedger, type Caller, type Outcome } from './fake-context'; // first: it quietens the contracts' loading
import { contracts } from '../src';
import type { Organisation } from '../src/consortium/organisation';
import { computeDinCheckCharacter } from '../src/identifiers/din';
import { TestCa, type TestIdentity } from './pki';

/** One test CA per organisation, as each organisation runs its own Fabric CA. */
export const cas = {
  StationAMSP: new TestCa('StationAMSP'),
  StationBMSP: new TestCa('StationBMSP'),
  FactoryMSP: new TestCa('FactoryMSP'),
  RegulatorMSP: new TestCa('RegulatorMSP'),
};

/** Each member's organisation card, as its chaincode server holds it and the registry lists it. */
export const ORGANISATIONS: Organisation[] = [
  { mspId: 'StationAMSP', name: 'StationA', kind: 'station', facilities: ['G1001'], caCertificate: cas.StationAMSP.certificate },
  {
    mspId: 'StationBMSP',
    name: 'StationB',
    kind: 'station',
    facilities: ['G1002'],
    jurisdiction: 'QSEAL',
    caCertificate: cas.StationBMSP.certificate,
  },
  { mspId: 'FactoryMSP', name: 'Factory', kind: 'factory', facilities: ['G2001'], caCertificate: cas.FactoryMSP.certificate },
  { mspId: 'RegulatorMSP', name: 'Regulator', kind: 'regulator', facilities: [], caCertificate: cas.RegulatorMSP.certificate },
];

export const cardOf = (mspId: string): Organisation => ORGANISATIONS.find((organisation) => organisation.mspId === mspId)!;

export const callers = {
  regulatorAdmin: cas.RegulatorMSP.issue('admin', 'admin'),
  stationAAdmin: cas.StationAMSP.issue('admin', 'admin'),
  stationBAdmin: cas.StationBMSP.issue('admin', 'admin'),
  factoryAdmin: cas.FactoryMSP.issue('admin', 'admin'),
  collectorA: cas.StationAMSP.issue('collector1', 'collector'),
  stationQaA: cas.StationAMSP.issue('stationqa1', 'station-qa'),
  collectorB: cas.StationBMSP.issue('collector1', 'collector'),
  stationQaB: cas.StationBMSP.issue('stationqa1', 'station-qa'),
  warehouse: cas.FactoryMSP.issue('warehouse1', 'warehouse'),
  production: cas.FactoryMSP.issue('production1', 'production'),
  factoryQa: cas.FactoryMSP.issue('qa1', 'factory-qa'),
  factoryQa2: cas.FactoryMSP.issue('qa2', 'factory-qa'),
  qp: cas.FactoryMSP.issue('qp1', 'qp'),
  regulator: cas.RegulatorMSP.issue('regulator1', 'regulator'),
  inspector: cas.RegulatorMSP.issue('inspector1', 'inspector'),
} satisfies Record<string, TestIdentity>;

export const newLedger = (): FakeLedger => new FakeLedger(contracts.map((Contract) => new Contract()));

/**
 * A ledger whose registry holds ORGANISATIONS, created at genesis (2025-01-01). The test ledger plays one endorsing
 * peer, the regulator's; on the network every founding member's peer endorses the registry, each checking its own card.
 */
export async function consortiumLedger(): Promise<FakeLedger> {
  const ledger = newLedger();
  ledger.endorsingFor = cardOf('RegulatorMSP');
  succeeded(await ledger.invoke(callers.regulatorAdmin, 'Consortium:InitConsortium', [JSON.stringify(ORGANISATIONS)], GENESIS));
  return ledger;
}

export const GENESIS = '2025-01-01T00:00:00.000Z';

/** A ledger with the consortium registered and the default rule sets seeded. */
export async function governedLedger(): Promise<FakeLedger> {
  const ledger = await consortiumLedger();
  succeeded(await ledger.invoke(callers.regulatorAdmin, 'RuleSet:SeedDefaultRuleSets', [], GENESIS));
  return ledger;
}

/** A DIN of `facility` collected in 2025, with its check character. */
export function dinOf(facility: string, sequence: number): string {
  const din13 = `${facility}25${String(sequence).padStart(6, '0')}`;
  return din13 + computeDinCheckCharacter(din13);
}

export const DIN_A = dinOf('G1001', 1);

/** What a StationA scanner sends for DIN_A, 45 minutes of collection ending 10 minutes before TX_TIME. */
export function donationInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    din: DIN_A,
    productCode: 'E0701V00',
    donorPseudonym: 'b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78',
    collectionStart: '2025-06-01T17:05:00+08:00',
    collectionEnd: '2025-06-01T17:50:00+08:00',
    volumeMl: 580,
    deviceSerial: 'PCS2-0042',
    anticoagulantLot: 'ACD-24117',
    ...overrides,
  };
}

export function succeeded(outcome: Outcome): string {
  if (outcome.error !== undefined) {
    throw outcome.error;
  }
  return outcome.result!;
}

export const parsed = (outcome: Outcome): any => JSON.parse(succeeded(outcome));

export const decode = (bytes: Uint8Array | undefined): unknown => JSON.parse(Buffer.from(bytes!).toString('utf8'));

/** Asserts that the call was refused with a message starting with `prefix`, and wrote and emitted nothing. */
export function expectRefused(outcome: Outcome, prefix: string): void {
  const message = outcome.error?.message ?? '(no error)';
  expect(message.startsWith(prefix), `"${message}" should start with "${prefix}"`).to.equal(true);
  expect(outcome.writes).to.be.empty;
  expect(outcome.event).to.equal(undefined);
}

export type { Caller };
