// Test data that a station would really send: valid DINs of a facility, HMAC pseudonyms, collection times; and
// the electronic signatures a person makes with their enrolled key.
import { createHmac, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signingPayload, type SignatureMeaning } from '@plasma/chaincode/src/client';
import { DEFAULT_RULES } from '@plasma/chaincode/src/rules/rule-set';
import { signingFiles, userIdentityDir, type Topology } from '@plasma/network';
import { FIRST_DEMO_DIN_SEQUENCE } from '@plasma/gateway-api/src/demo/demo-story';
import { dinOf } from '@plasma/gateway-api/src/demo/identifiers';
import { ledgerErrorMessage } from '@plasma/gateway-api';
import { openSession, type LedgerSession } from '../src/clients';

let counter = 0;

const DAY_MS = 24 * 60 * 60 * 1000;
/** An instant `days` before now, ISO 8601: collections old enough to have served a hold period. */
export const daysAgo = (days: number): string => new Date(Date.now() - days * DAY_MS).toISOString();

/** The people of the chain of custody on the ledger, each session opened the first time a test acts as them. */
export interface LedgerPeople {
  as(org: string, user: string): LedgerSession;
  /** Submits as `user` of `org`: JSON-encodes the arguments that are not strings, decodes the JSON answer. */
  submit(org: string, user: string, contract: string, fn: string, ...args: unknown[]): Promise<any>;
  query(org: string, user: string, contract: string, fn: string, ...args: unknown[]): Promise<any>;
  close(): void;
}

export function ledgerPeople(topology: Topology): LedgerPeople {
  const sessions = new Map<string, LedgerSession>();
  const as = (org: string, user: string): LedgerSession => {
    const key = `${org}/${user}`;
    if (!sessions.has(key)) sessions.set(key, openSession(topology, org, user));
    return sessions.get(key)!;
  };
  const encoded = (args: unknown[]): string[] => args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
  const decoded = (bytes: Uint8Array): any => JSON.parse(Buffer.from(bytes).toString('utf8'));
  return {
    as,
    submit: async (org, user, contract, fn, ...args) => decoded(await as(org, user).contract(contract).submitTransaction(fn, ...encoded(args))),
    query: async (org, user, contract, fn, ...args) => decoded(await as(org, user).contract(contract).evaluateTransaction(fn, ...encoded(args))),
    close: () => sessions.forEach((session) => session.close()),
  };
}

/** A fresh DIN of the facility with its check character; unique across runs on the same ledger, apart from the demo's. */
export function newDin(facility: string): string {
  counter += 1;
  const sequence = (Math.floor(Date.now() / 100) * 7 + counter) % FIRST_DEMO_DIN_SEQUENCE;
  return dinOf(facility, new Date().getUTCFullYear(), sequence);
}

export const pseudonym = (): string => createHmac('sha256', randomBytes(32)).update('donor').digest('hex');

export function donation(din: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const end = new Date(Date.now() - 60_000);
  return {
    din,
    productCode: 'E0701V00',
    donorPseudonym: pseudonym(),
    collectionStart: new Date(end.getTime() - 45 * 60_000).toISOString(),
    collectionEnd: end.toISOString(),
    volumeMl: 580,
    deviceSerial: 'PCS2-0042',
    anticoagulantLot: 'ACD-24117',
    ...overrides,
  };
}

/** What the ledger said when it refused `action`; fails the test when it did not refuse. */
export async function refusal(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    return ledgerErrorMessage(error);
  }
  throw new Error('expected the ledger to refuse');
}

/**
 * Each gateway waits for the commit on its own peer only: another organisation's peer may answer from the block
 * before for a moment. Retries `read` while the ledger answers NOT_FOUND or CONFLICT (a stale state), or while
 * `until` is not yet true of its answer.
 */
export async function eventually<T>(read: () => Promise<T>, until: (value: T) => boolean = () => true, attempts = 60): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const value = await read();
      if (until(value) || attempt >= attempts) return value;
    } catch (error) {
      if (attempt >= attempts || !/^(NOT_FOUND|CONFLICT): /.test(ledgerErrorMessage(error))) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** `org`/`user`'s electronic signature of the record with `digest`, made with their enrolled key. */
export function signAs(org: string, user: string, mspId: string, digest: string, meaning: SignatureMeaning) {
  const files = signingFiles(userIdentityDir(org, user));
  const unsigned = { meaning, signerName: user, mspId, signedAt: new Date(Date.now() - 2000).toISOString(), recordDigest: digest };
  const signature = sign('sha256', Buffer.from(signingPayload(unsigned)), readFileSync(files.key)).toString('base64');
  return { ...unsigned, certificate: readFileSync(files.cert, 'utf8'), signature };
}

/**
 * A closed pool on the ledger with its NAT passed, as the chain of custody makes one: a donor's bag collected long
 * enough ago to have served its hold (released by a later negative donation of the same donor), screened, stored,
 * shipped as `shipmentId`, received, quarantined and released, then pooled as `poolDin`. Ready for a lot.
 */
export async function testedPoolOnLedger(people: LedgerPeople, shipmentId: string, poolDin: string): Promise<void> {
  const { as, submit } = people;
  const rules = DEFAULT_RULES.CN!;
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
  // Screening results are the station's private data: they travel as transient data.
  const screening = Buffer.from(JSON.stringify({
    tests: rules.mandatoryTests.donation.map((analyte) => ({ analyte, method: 'ELISA', result: 'non-reactive', conclusion: 'negative', instrument: 'STAR-7' })),
    testedAt: new Date().toISOString(), lab: 'StationA laboratory',
  }));
  for (const din of [first, later]) {
    await eventually(() => as('StationA', 'stationqa1').contract('Donation').submit('RecordScreening', { arguments: [din], transientData: { screening } }));
  }
  await eventually(() => submit('StationA', 'collector1', 'Donation', 'RecordStorage', [first], { location: 'test freezer', temperatureC: -32 }));
  await submit('StationA', 'collector1', 'Shipment', 'DispatchShipment', { shipmentId, destination: 'FactoryMSP', dins: [first], temperatureC: -30 });
  await eventually(() => submit('Factory', 'warehouse1', 'Shipment', 'ReceiveShipment', shipmentId, { receivedDins: [first], temperatureC: -27, labelsChecked: true }));
  await submit('Factory', 'warehouse1', 'Donation', 'QuarantineDonations', [first]);
  await eventually(() => submit('Factory', 'qa1', 'Donation', 'ReleaseDonations', [first]));

  await submit('Factory', 'warehouse1', 'Pool', 'CreatePool', { poolDin });
  await submit('Factory', 'warehouse1', 'Pool', 'AddToPool', poolDin, [first]);
  await submit('Factory', 'warehouse1', 'Pool', 'ClosePool', poolDin);
  for (const analyte of rules.mandatoryTests.pool) {
    await eventually(() => submit('Factory', 'qa1', 'TestResult', 'RecordTestResult', {
      subject: { kind: 'pool', id: poolDin }, analyte, method: 'cobas PCR', result: 'not detected', specification: 'not detected',
      conclusion: 'pass', oos: false, lab: 'QC virology', instrument: 'cobas-6800-01', rawDataHash: 'a'.repeat(64), testedAt: new Date().toISOString(),
    }));
  }
}
