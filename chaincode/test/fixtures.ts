// The consortium, callers and donations the unit tests share.
import { expect } from 'chai';
import { FakeLedger, type Caller, type Outcome } from './fake-context'; // first: it quietens the contracts' loading
import { ConsortiumContract } from '../src/consortium/consortium-contract';
import { DonationContract } from '../src/donation/donation-contract';
import { computeDinCheckCharacter } from '../src/identifiers/din';

export const ORGANISATIONS = [
  { mspId: 'StationAMSP', name: 'StationA', kind: 'station', facilities: ['G1001'] },
  { mspId: 'StationBMSP', name: 'StationB', kind: 'station', facilities: ['G1002'] },
  { mspId: 'FactoryMSP', name: 'Factory', kind: 'factory', facilities: ['G2001'] },
  { mspId: 'RegulatorMSP', name: 'Regulator', kind: 'regulator' },
];

export const callers = {
  regulatorAdmin: { mspId: 'RegulatorMSP', commonName: 'admin', role: 'admin' },
  collectorA: { mspId: 'StationAMSP', commonName: 'collector1', role: 'collector' },
  stationQaA: { mspId: 'StationAMSP', commonName: 'stationqa1', role: 'station-qa' },
  collectorB: { mspId: 'StationBMSP', commonName: 'collector1', role: 'collector' },
  warehouse: { mspId: 'FactoryMSP', commonName: 'warehouse1', role: 'warehouse' },
  inspector: { mspId: 'RegulatorMSP', commonName: 'inspector1', role: 'inspector' },
} satisfies Record<string, Caller>;

export const newLedger = (): FakeLedger => new FakeLedger([new ConsortiumContract(), new DonationContract()]);

/** A ledger whose consortium holds ORGANISATIONS. */
export async function consortiumLedger(): Promise<FakeLedger> {
  const ledger = newLedger();
  succeeded(await ledger.invoke(callers.regulatorAdmin, 'Consortium:InitConsortium', [JSON.stringify(ORGANISATIONS)]));
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

export const decode = (bytes: Uint8Array | undefined): unknown => JSON.parse(Buffer.from(bytes!).toString('utf8'));

/** Asserts that the call was refused with a message starting with `prefix`, and wrote and emitted nothing. */
export function expectRefused(outcome: Outcome, prefix: string): void {
  const message = outcome.error?.message ?? '(no error)';
  expect(message.startsWith(prefix), `"${message}" should start with "${prefix}"`).to.equal(true);
  expect(outcome.writes).to.be.empty;
  expect(outcome.event).to.equal(undefined);
}
