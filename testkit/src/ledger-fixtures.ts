// Test data that a station would really send: valid DINs of a facility, HMAC pseudonyms, collection times as they
// happen (the ledger refuses a collection more than the rule set's lateEntryHours old without station QA's signed
// late entry); and the electronic signatures a person makes with their enrolled key.
import { createHmac, randomBytes } from 'node:crypto';
import { EndorseError } from '@hyperledger/fabric-gateway';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_RULES, type SignatureMeaning, signingPayload, signLowS } from '@plasma/chaincode';
import { dinOf, FIRST_DEMO_DIN_SEQUENCE } from '@plasma/demo';
import { dataRoot, organisation, signingFiles, type Topology, userIdentityDir } from '@plasma/network';
import { ledgerErrorMessage, type LedgerSession, openSession, refusedByOthersOnly } from '@plasma/platform';

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;
/** An instant `days` before now, ISO 8601 (process steps, windows; never a collection to be recorded now). */
export const daysAgo = (days: number): string => new Date(Date.now() - days * DAY_MS).toISOString();

/**
 * A collection of 45 minutes that ended `minutes` ago, as a bag scan reports it. A donor's first bag is collected
 * earlier (FIRST_BAG_ENDED_MINUTES_AGO) than the follow-up bag that releases it, which ends a minute before it is
 * recorded (the default of `donation`), so the follow-up starts after the first ended.
 */
export function collectedMinutesAgo(minutes: number): { collectionStart: string; collectionEnd: string } {
  const end = Date.now() - minutes * MINUTE_MS;
  return { collectionStart: new Date(end - 45 * MINUTE_MS).toISOString(), collectionEnd: new Date(end).toISOString() };
}
export const FIRST_BAG_ENDED_MINUTES_AGO = 90;

/** The people of the chain of custody on the ledger, each session opened the first time a test acts as them. */
export interface LedgerPeople {
  // Closures over the sessions, not methods: tests destructure them (`const { as, submit } = people`).
  readonly as: (org: string, user: string) => LedgerSession;
  /** Submits as `user` of `org`: JSON-encodes the arguments that are not strings, decodes the JSON answer. */
  readonly submit: (org: string, user: string, contract: string, fn: string, ...args: unknown[]) => Promise<any>;
  readonly query: (org: string, user: string, contract: string, fn: string, ...args: unknown[]) => Promise<any>;
  readonly close: () => void;
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
    submit: async (org, user, contract, fn, ...args) => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return decoded(
            await as(org, user)
              .contract(contract)
              .submitTransaction(fn, ...encoded(args)),
          );
        } catch (error) {
          if (!(error instanceof EndorseError)) throw error;
          // Endorsing peers that disagree (one a block behind the others on a loaded machine: their answers differ, or
          // only another organisation's chaincode refuses) write nothing: tried again after a moment, like the gateway
          // (whose waits are shorter). A refusal by the chaincode on the person's own organisation's peer is final.
          const refusedByChaincode = error.details.some((d) => /chaincode response/.test(d.message));
          const peersDisagree = !refusedByChaincode || refusedByOthersOnly(error, organisation(topology, org).mspId);
          if (peersDisagree && attempt < 5) {
            await new Promise((resolve) => setTimeout(resolve, 1_000));
            continue;
          }
          // Which transaction, as whom, and each peer's own answer: what a failure in a long story needs to be read.
          // The error stays itself (its class, its details), so that ledgerErrorMessage reads it as before.
          const peers = error.details.map((d) => `${d.mspId} ${d.address}: ${d.message}`).join('; ');
          error.message = `${contract}:${fn} as ${user}@${org}: ${error.message}${peers ? ` (${peers})` : ''}`;
          throw error;
        }
      }
    },
    query: async (org, user, contract, fn, ...args) =>
      decoded(
        await as(org, user)
          .contract(contract)
          .evaluateTransaction(fn, ...encoded(args)),
      ),
    close: () => sessions.forEach((session) => session.close()),
  };
}

/**
 * A transaction the peers refused at commit: two endorsements of one new bag of `facility` by `session`'s person, neither
 * seeing the other, both sent; whichever commits second is refused (by the key-level policy the first set on the
 * donation, checked before its read conflict). Its id, its block and the peers' validation code by name.
 */
export async function refusedAtCommit(
  session: LedgerSession,
  facility: string,
): Promise<{ readonly transactionId: string; readonly blockNumber: bigint; readonly validationCode: string }> {
  const input = JSON.stringify(donation(newDin(facility)));
  const contract = session.contract('Donation');
  const endorsed = await Promise.all([1, 2].map(() => contract.newProposal('RecordDonation', { arguments: [input] }).endorse()));
  const statuses = await Promise.all(endorsed.map(async (tx) => (await tx.submit()).getStatus()));
  const refused = statuses.find((s) => !s.successful);
  if (refused === undefined) throw new Error('both endorsements of one new bag committed: the peers refused neither');
  const validationCode = Object.entries(peer.TxValidationCode).find(([, code]) => code === refused.code)?.[0] ?? `code ${refused.code}`;
  return { transactionId: refused.transactionId, blockNumber: refused.blockNumber, validationCode };
}

/**
 * The certificate (PEM) a committed transaction was created under, as the peers hold it (qscc), read as `session`'s
 * person: whose key signed it. Throws unless the transaction is committed valid.
 */
export async function transactionCreator(session: LedgerSession, channel: string, transactionId: string): Promise<string> {
  const processed = peer.ProcessedTransaction.deserializeBinary(
    await session.gateway.getNetwork(channel).getContract('qscc').evaluateTransaction('GetTransactionByID', channel, transactionId),
  );
  if (processed.getValidationcode() !== peer.TxValidationCode.VALID) {
    throw new Error(`transaction ${transactionId} was committed with validation code ${processed.getValidationcode()}`);
  }
  const payload = common.Payload.deserializeBinary(processed.getTransactionenvelope()!.getPayload_asU8());
  const header = common.SignatureHeader.deserializeBinary(payload.getHeader()!.getSignatureHeader_asU8());
  return Buffer.from(msp.SerializedIdentity.deserializeBinary(header.getCreator_asU8()).getIdBytes_asU8()).toString('utf8');
}

/**
 * The DIN sequence the clock stands at: 70 a second, wrapping below the demo's sequences after about 3.9 hours. The first
 * run on a new ledger starts drawing there (newDin), and Caliper's blocks keep half a wrap ahead of it.
 */
export const dinClockSequence = (at: number = Date.now()): number => dinClockTicks(at) % FIRST_DEMO_DIN_SEQUENCE;
const dinClockTicks = (at: number): number => Math.floor(at / 100) * 7;

// Runs one after another, or side by side, must never draw the same DIN: a bench draws them faster than the clock
// moves. So each run reserves blocks of sequences in a file beside the ledger (under a lock), and the next run starts
// beyond them; the clock only says where the first run on a new ledger starts.
const DIN_HIGH_WATER = path.join(dataRoot, 'din-high-water');
const DIN_LOCK = `${DIN_HIGH_WATER}.lock`;
const DIN_BLOCK = 10_000;
let reserved: { next: number; end: number } | undefined;

/** Runs `reserve` holding the lock file; a lock older than 10 s was left by a run that died. */
function withDinLock<T>(reserve: () => T): T {
  for (let waited = 0; ; waited += 10) {
    try {
      closeSync(openSync(DIN_LOCK, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (waited > 10_000 || Date.now() - (statSync(DIN_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 10_000)
        rmSync(DIN_LOCK, { force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
  try {
    return reserve();
  } finally {
    rmSync(DIN_LOCK, { force: true });
  }
}

/** The next block of sequences (unwrapped) no other run has drawn from on this ledger. */
function reserveDinBlock(): { next: number; end: number } {
  if (!existsSync(dataRoot)) {
    // No ledger here yet: nothing to meet.
    const next = dinClockTicks(Date.now()) + 1;
    return { next, end: next + DIN_BLOCK };
  }
  return withDinLock(() => {
    const last = existsSync(DIN_HIGH_WATER) ? Number(readFileSync(DIN_HIGH_WATER, 'utf8')) : dinClockTicks(Date.now());
    const end = last + DIN_BLOCK;
    writeFileSync(DIN_HIGH_WATER, String(end));
    return { next: last + 1, end };
  });
}

/** A fresh DIN of the facility with its check character; unique across runs on the same ledger, apart from the demo's. */
export function newDin(facility: string): string {
  if (reserved === undefined || reserved.next > reserved.end) reserved = reserveDinBlock();
  const drawn = reserved.next++;
  return dinOf(facility, new Date().getUTCFullYear(), drawn % FIRST_DEMO_DIN_SEQUENCE);
}

/** `count` consecutive DINs of the facility from sequence `first` (wrapping below the demo's), for a load generator. */
export function dinBlock(facility: string, first: number, count: number): string[] {
  const year = new Date().getUTCFullYear();
  return Array.from({ length: count }, (_, i) => dinOf(facility, year, (first + i) % FIRST_DEMO_DIN_SEQUENCE));
}

export const pseudonym = (): string => createHmac('sha256', randomBytes(32)).update('donor').digest('hex');

export function donation(din: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    din,
    productCode: 'E0701V00',
    donorPseudonym: pseudonym(),
    ...collectedMinutesAgo(1),
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
  const signedAt = new Date(Date.now() - 2000).toISOString();
  const unsigned = { meaning, signerName: user, printedName: user, mspId, signedAt, recordDigest: digest };
  // The ledger takes only canonical low-S DER (chaincode/src/signatures/ecdsa.ts).
  const signature = signLowS(Buffer.from(signingPayload(unsigned)), readFileSync(files.key)).toString('base64');
  return { ...unsigned, certificate: readFileSync(files.cert, 'utf8'), signature };
}

/** A screening of a bag negative for every one of `analytes`, tested now (the ScreeningInput a gateway takes). */
export function negativeScreeningInput(analytes: readonly string[], lab = 'StationA laboratory') {
  return {
    tests: analytes.map((analyte) => ({
      analyte,
      method: 'ELISA',
      result: 'non-reactive',
      conclusion: 'negative',
      instrument: 'STAR-7',
    })),
    testedAt: new Date(Date.now() - 1000).toISOString(),
    lab,
  };
}

/** The same as the transient screening detail a peer takes. */
export function negativeScreening(analytes: readonly string[], lab = 'StationA laboratory'): { screening: Buffer } {
  return { screening: Buffer.from(JSON.stringify(negativeScreeningInput(analytes, lab))) };
}

/** Station QA screens each of `dins` negative (the detail travels as transient data, into the station's collection). */
export async function screenNegative(
  people: LedgerPeople,
  org: string,
  dins: readonly string[],
  analytes = DEFAULT_RULES.CN!.mandatoryTests.donation,
): Promise<void> {
  await Promise.all(
    dins.map((din) =>
      eventually(() =>
        people
          .as(org, 'stationqa1')
          .contract('Donation')
          .submit('RecordScreening', { arguments: [din], transientData: negativeScreening(analytes, `${org} laboratory`) }),
      ),
    ),
  );
}

/**
 * Each donor gives twice at `org`, as release needs it: the first bags are recorded and screened negative, then the
 * follow-up bags, collected after the first ones ended, are recorded and screened (a later negative donation of the
 * same donor at the same station, recorded and screened after the held bag, releases it). Returns the DINs, by donor.
 */
export async function collectTwice(
  people: LedgerPeople,
  donors: readonly string[],
  { org = 'StationA', facility = 'G1001' }: { org?: string; facility?: string } = {},
): Promise<{ firsts: string[]; followUps: string[] }> {
  const record = async (donor: string, minutesAgo: number): Promise<string> => {
    const din = newDin(facility);
    await people.submit(
      org,
      'collector1',
      'Donation',
      'RecordDonation',
      donation(din, { donorPseudonym: donor, ...collectedMinutesAgo(minutesAgo) }),
    );
    return din;
  };
  const firsts = await Promise.all(donors.map((donor) => record(donor, FIRST_BAG_ENDED_MINUTES_AGO)));
  await screenNegative(people, org, firsts);
  const followUps = await Promise.all(donors.map((donor) => record(donor, 1)));
  await screenNegative(people, org, followUps);
  return { firsts, followUps };
}

/**
 * Bags released at the factory, as the chain of custody releases them: each of `count` donors' bags collected and
 * screened, then released (the network's rule set holds no days, network/rule-changes.yaml) by the donor's follow-up
 * bag at the same station, recorded and screened negative after it; stored, shipped as `shipmentId` (a StationA
 * shipment id: G1001-...), received, quarantined and released. Answers their DINs.
 */
export async function releasedBagsOnLedger(people: LedgerPeople, shipmentId: string, count = 1): Promise<string[]> {
  const { submit } = people;
  const { firsts } = await collectTwice(
    people,
    Array.from({ length: count }, () => pseudonym()),
  );
  await eventually(() =>
    submit('StationA', 'collector1', 'Donation', 'RecordStorage', firsts, { location: 'test freezer', temperatureC: -32 }),
  );
  await submit('StationA', 'collector1', 'Shipment', 'DispatchShipment', {
    shipmentId,
    destination: 'FactoryMSP',
    dins: firsts,
    temperatureC: -30,
  });
  await eventually(() =>
    submit('Factory', 'warehouse1', 'Shipment', 'ReceiveShipment', shipmentId, {
      receivedDins: firsts,
      temperatureC: -27,
      labelsChecked: true,
    }),
  );
  await submit('Factory', 'warehouse1', 'Donation', 'QuarantineDonations', firsts);
  await eventually(() => submit('Factory', 'qa1', 'Donation', 'ReleaseDonations', firsts));
  return firsts;
}

/** A closed pool on the ledger: a bag released (releasedBagsOnLedger), pooled as `poolDin` and closed. Its tests may be recorded from then on. */
export async function closedPoolOnLedger(people: LedgerPeople, shipmentId: string, poolDin: string): Promise<void> {
  const { submit } = people;
  const [first] = await releasedBagsOnLedger(people, shipmentId);
  await submit('Factory', 'warehouse1', 'Pool', 'CreatePool', { poolDin });
  await submit('Factory', 'warehouse1', 'Pool', 'AddToPool', poolDin, [first]);
  await submit('Factory', 'warehouse1', 'Pool', 'ClosePool', poolDin);
}

/** A closed pool (closedPoolOnLedger) with its NAT passed, tested once it was closed. Ready for a lot. */
export async function testedPoolOnLedger(people: LedgerPeople, shipmentId: string, poolDin: string): Promise<void> {
  await closedPoolOnLedger(people, shipmentId, poolDin);
  for (const analyte of DEFAULT_RULES.CN!.mandatoryTests.pool) {
    await eventually(() =>
      people.submit('Factory', 'qa1', 'TestResult', 'RecordTestResult', {
        subject: { kind: 'pool', id: poolDin },
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
    );
  }
}

/**
 * A lot of the tested pool `poolDin` (testedPoolOnLedger), made by the factory's QA with one batch step and every
 * mandatory lot QC result passed: ready for its QA release signatures.
 */
export async function lotReadyForQaRelease(people: LedgerPeople, lotId: string, poolDin: string, gtin: string): Promise<void> {
  const { submit } = people;
  await eventually(() =>
    submit('Factory', 'qa1', 'Lot', 'CreateLot', {
      lotId,
      product: { name: 'Human albumin 20 %', gtin, expiry: '2029-06-30' },
      pools: [poolDin],
    }),
  );
  await submit('Factory', 'qa1', 'Lot', 'RecordProcessStep', lotId, {
    step: 'Cohn fractionation',
    parameterDataHash: 'b'.repeat(64),
    equipment: 'tank T-7',
    start: daysAgo(1),
    end: new Date().toISOString(),
  });
  for (const analyte of DEFAULT_RULES.CN!.mandatoryTests.lot) {
    await submit('Factory', 'qa1', 'TestResult', 'RecordTestResult', {
      subject: { kind: 'lot', id: lotId },
      analyte,
      method: 'ChP 2020',
      result: 'conforms',
      specification: 'conforms',
      conclusion: 'pass',
      oos: false,
      lab: 'QC',
      instrument: 'QC-01',
      rawDataHash: 'c'.repeat(64),
      testedAt: new Date().toISOString(),
    });
  }
}

/**
 * Releases a lot ready for its QA release (lotReadyForQaRelease) for sale: the factory's QA reviewer and QP sign its QA
 * release, then the regulator signs the lot release (批签发), each over the record the ledger gives them.
 */
export async function releaseLotOnLedger(people: LedgerPeople, lotId: string): Promise<void> {
  const { submit, query } = people;
  const qaRecord = await query('Factory', 'qp1', 'Lot', 'GetReleaseRecord', lotId, 'qa');
  await submit('Factory', 'qp1', 'Lot', 'QaRelease', lotId, [
    signAs('Factory', 'qa1', 'FactoryMSP', qaRecord.digest, 'qa-review'),
    signAs('Factory', 'qp1', 'FactoryMSP', qaRecord.digest, 'qp-release'),
  ]);
  // The regulator's peer may be a block behind the QA release: NOT_FOUND or CONFLICT until it has it.
  const regulatorRecord = await eventually(() => query('Regulator', 'regulator1', 'Lot', 'GetReleaseRecord', lotId, 'regulator'));
  await submit(
    'Regulator',
    'regulator1',
    'Lot',
    'RegulatorRelease',
    lotId,
    signAs('Regulator', 'regulator1', 'RegulatorMSP', regulatorRecord.digest, 'regulator-lot-release'),
  );
}
