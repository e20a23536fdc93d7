// Verification end to end, against the real network and a real PostgreSQL: the fixture gateway's fresh database is
// filled by an indexer of this test's own (the real one, from the current block height: every object the test
// verifies is made here). Off-chain documents are stored, cited by a test result on the ledger, and re-hashed; rows
// changed behind the indexer's back are named field by field.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { canonicalDigest, DEFAULT_RULES } from '@plasma/chaincode';
import { organisation } from '@plasma/network';
import { type LedgerSession, openSession } from '@plasma/platform';
import {
  closedPoolOnLedger,
  collectedMinutesAgo,
  donation,
  eventually,
  negativeScreeningInput,
  FIRST_BAG_ENDED_MINUTES_AGO,
  ledgerPeople,
  newDin,
  pseudonym,
} from '@plasma/testkit';
import { gtinOf } from '@plasma/demo';
import { fieldDifferences } from '../src/verification/field-differences';
import { type GraphQLAnswer, testGateway, type TestGateway } from '@plasma/testkit/gateway';

const VERIFY = `query ($type: String!, $id: String!) {
  verification(objectType: $type, objectId: $id) {
    objectType objectId verified checkedAt ledgerDigest offChainDigest
    checks { name passed detail }
    differences { field ledger offChain source }
  }
}`;
const RECORD_DONATION = 'mutation ($input: DonationInput!) { recordDonation(input: $input) { din recordedTxId } }';
const STORE_DOCUMENT = `mutation ($fileName: String!, $mediaType: String!, $contentBase64: String, $json: JsonDocument) {
  storeDocument(fileName: $fileName, mediaType: $mediaType, contentBase64: $contentBase64, json: $json) {
    created document { sha256 mediaType fileName sizeBytes storedBy storedByOrganisation storedAt }
  }
}`;
const DOCUMENT = 'query ($sha256: String!) { document(sha256: $sha256) { sha256 fileName storedBy contentBase64 } }';
const RECORD_TEST_RESULT =
  'mutation ($result: TestResultInput!) { recordTestResult(result: $result) { resultId rawDataHash lastChange { txId } } }';
const RECORD_PROCESS_STEP =
  'mutation ($lotId: String!, $step: ProcessStepInput!) { recordProcessStep(lotId: $lotId, step: $step) { seq digest lastChange { txId } } }';

const errorOf = (answer: GraphQLAnswer) => answer.errors?.[0]?.extensions ?? {};
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number): string => new Date(Date.now() - days * DAY).toISOString();
const run = Date.now().toString(36).toUpperCase();

interface Verification {
  objectType: string;
  objectId: string;
  verified: boolean;
  ledgerDigest: string | null;
  offChainDigest: string | null;
  checks: { name: string; passed: boolean; detail: string }[];
  differences: { field: string; ledger: string | null; offChain: string | null; source: string }[];
}

/** Raw data as a laboratory instrument would export it. */
const rawData = (run: string) => ({
  instrument: 'cobas-6800-01',
  run,
  analyte: 'HCV RNA',
  wells: [
    { position: 'A1', ct: null, result: 'not detected' },
    { position: 'A2', ct: 31.2, result: 'internal control' },
  ],
});

describe('verification against the ledger', function () {
  let t: TestGateway;
  let poolDin: string;

  const as = (org: string, username: string): Promise<string> => t.tokenOf(org, username);
  const sql = (text: string, values: unknown[] = []) => t.pool.query(text, values);
  const verify = async (type: string, id: string, token?: string): Promise<Verification> => {
    const answer = await t.graphql(VERIFY, { type, id }, token ?? (await as('Regulator', 'inspector1')));
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    return answer.data.verification as Verification;
  };
  const recordDonation = async (): Promise<{ din: string; txId: string }> => {
    const din = newDin(organisation(t.topology, 'StationA').facilities[0]!);
    const answer = await t.graphql(RECORD_DONATION, { input: donation(din) }, await as('StationA', 'collector1'));
    expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
    await t.untilIndexed(answer.data.recordDonation.recordedTxId);
    return { din: answer.data.recordDonation.din, txId: answer.data.recordDonation.recordedTxId };
  };
  const storeJson = async (json: unknown, token?: string): Promise<GraphQLAnswer> =>
    t.graphql(STORE_DOCUMENT, { fileName: 'hcv-nat-run.json', mediaType: 'application/json', json }, token ?? (await as('Factory', 'qa1')));
  const testResultAbout = (pool: string, rawDataHash: string) => ({
    subject: { kind: 'pool', id: pool },
    analyte: 'HCV RNA',
    method: 'cobas PCR',
    result: 'not detected',
    specification: 'not detected',
    conclusion: 'pass',
    oos: false,
    lab: 'QC virology',
    instrument: 'cobas-6800-01',
    rawDataHash,
    testedAt: new Date().toISOString(),
  });
  const documentCount = async (): Promise<number> => (await sql('SELECT count(*)::int AS n FROM documents')).rows[0].n;

  before(async function () {
    t = await testGateway({ indexed: 'from now' });

    // Test results cite a closed pool (a pool is tested once closed), made on the ledger as the chain of custody makes one.
    const pool = newDin(organisation(t.topology, 'Factory').facilities[0]!);
    const people = ledgerPeople(t.topology);
    try {
      await closedPoolOnLedger(people, `G1001-SHP-VERP-${run}`, pool);
    } finally {
      people.close();
    }
    poolDin = pool.slice(0, 13); // the ledger keys a pool by its DIN without the check character
  });
  after(async () => t?.close());

  it("verifies a donation: the peers' record equals its ledger_state row and its donations row, for its station and the regulator", async function () {
    const { din } = await recordDonation();
    for (const [org, username] of [
      ['Regulator', 'inspector1'],
      ['StationA', 'stationqa1'],
    ] as const) {
      const verification = await verify('donation', din, await as(org, username));
      expect(verification, `as ${username}@${org}`).to.deep.include({
        objectType: 'donation',
        objectId: din,
        verified: true,
        differences: [],
      });
      expect(verification.checks.map((c) => c.name)).to.deep.equal([
        'projection',
        'donations table',
        'donations record',
        'audit trail',
        'events',
      ]);
      expect(verification.checks.every((c) => c.passed)).to.equal(true);
      expect(verification.offChainDigest)
        .to.equal(verification.ledgerDigest)
        .and.to.match(/^[0-9a-f]{64}$/);
    }
  });

  it("fails when a PostgreSQL row is changed behind the indexer, naming each field with the ledger's and the off-chain value", async function () {
    const { din } = await recordDonation();
    await sql("UPDATE donations SET status = 'released' WHERE din = $1", [din]);
    const statusChanged = await verify('donation', din);
    expect(statusChanged.verified).to.equal(false);
    expect(statusChanged.differences).to.deep.equal([
      { field: 'status', ledger: '"collected"', offChain: '"released"', source: 'donations' },
    ]);
    expect(statusChanged.checks.find((c) => c.name === 'donations table')).to.include({ passed: false });
    expect(statusChanged.checks.find((c) => c.name === 'projection')).to.include({ passed: true });

    await sql(
      `UPDATE ledger_state SET value = jsonb_set(value, '{volumeMl}', '999')
                WHERE object_type = 'donation' AND attributes = ARRAY[$1]`,
      [din],
    );
    const volumeChanged = await verify('donation', din);
    expect(volumeChanged.differences).to.deep.include({ field: 'volumeMl', ledger: '580', offChain: '999', source: 'ledger_state' });
    expect(volumeChanged.checks.find((c) => c.name === 'projection')!.detail).to.contain('volumeMl');
    expect(volumeChanged.offChainDigest).to.not.equal(volumeChanged.ledgerDigest);
  });

  it("proves a donation's audit trail against its key's history on the ledger, naming a trail row edited or deleted", async function () {
    const { din, txId } = await recordDonation();
    const trailCheck = (v: Verification) => v.checks.find((c) => c.name === 'audit trail');
    expect(trailCheck(await verify('donation', din))).to.deep.equal({
      name: 'audit trail',
      passed: true,
      detail: 'its trail (1 row) matches the 1 version of its key on the ledger',
    });

    // Someone with the indexer's rights raises the volume the event recorded, or the record kept of the bag...
    const volumeIn = {
      ledger_events: (ml: string) =>
        sql(`UPDATE ledger_events SET payload = jsonb_set(payload, '{data,volumeMl}', $2) WHERE tx_id = $1`, [txId, ml]),
      event_objects: (ml: string) =>
        sql(`UPDATE event_objects SET record = jsonb_set(record, '{volumeMl}', $2) WHERE tx_id = $1`, [txId, ml]),
    };
    for (const [source, setVolume] of Object.entries(volumeIn)) {
      await setVolume('999');
      const edited = await verify('donation', din);
      expect(edited.verified, source).to.equal(false);
      // The event's own payload is proven against its block too; the record the indexer kept is not in the block's event.
      const fromBlock =
        source === 'ledger_events' ? [{ field: `events.${txId}.payload.data.volumeMl`, ledger: '580', offChain: '999', source }] : [];
      expect(edited.differences, source).to.deep.equal([
        { field: `trail.${txId}.volumeMl`, ledger: '580', offChain: '999', source },
        ...fromBlock,
      ]);
      expect(trailCheck(edited)).to.include({ passed: false });
      await setVolume('580');
    }

    // ... or names another person as the one who recorded it ...
    const { rows } = await sql('SELECT creator_msp, creator_name FROM transactions WHERE tx_id = $1', [txId]);
    const submitter = `${rows[0].creator_msp}/${rows[0].creator_name}`;
    await sql(`UPDATE transactions SET creator_name = 'collector2' WHERE tx_id = $1`, [txId]);
    expect((await verify('donation', din)).differences).to.deep.equal([
      {
        field: `trail.${txId}.submitter`,
        ledger: JSON.stringify(submitter),
        offChain: `"${rows[0].creator_msp}/collector2"`,
        source: 'transactions',
      },
    ]);
    await sql('UPDATE transactions SET creator_name = $2 WHERE tx_id = $1', [txId, rows[0].creator_name]);

    // ... or deletes the entry: the ledger's change it lacks is named, with what it was.
    await sql('DELETE FROM event_objects WHERE tx_id = $1', [txId]);
    await sql('DELETE FROM ledger_events WHERE tx_id = $1', [txId]);
    const deleted = await verify('donation', din);
    expect(deleted.differences.map((d) => [d.field, d.offChain, d.source])).to.deep.equal([[`trail.${txId}`, null, 'ledger_events']]);
    expect(JSON.parse(deleted.differences[0]!.ledger!)).to.include({ what: 'Donation:RecordDonation' });
    expect(trailCheck(deleted)!.detail).to.equal(`its trail differs from the ledger's history of the key: trail.${txId}`);
  });

  it("gives each change its block, and compares a window's or a filter's first change with the object's state before it", async function () {
    const { din, txId } = await recordDonation();
    const from = new Date();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const screened = await t.graphql(
      'mutation ($din: String!, $screening: ScreeningInput!) { recordScreening(din: $din, screening: $screening) { lastChange { txId } } }',
      { din, screening: negativeScreeningInput(DEFAULT_RULES.CN!.mandatoryTests.donation) },
      await as('StationA', 'stationqa1'),
    );
    expect(screened.errors, JSON.stringify(screened.errors)).to.equal(undefined);
    await t.untilIndexed(screened.data.recordScreening.lastChange.txId);
    const TRAIL = `query ($id: String!, $from: DateTime, $event: String, $who: String, $organisation: String) {
      auditTrail(objectType: "donation", objectId: $id, from: $from, event: $event, who: $who, organisation: $organisation) {
        transactionId blockNumber what who changes { field old new }
      }
    }`;
    type Entry = {
      transactionId: string;
      blockNumber: number;
      what: string;
      who: string;
      changes: { field: string; old: string | null; new: string | null }[];
    };
    const trail = async (variables: Record<string, unknown>): Promise<Entry[]> =>
      (await t.graphql(TRAIL, variables, await as('Regulator', 'inspector1'))).data.auditTrail;

    const whole = await trail({ id: din });
    expect(whole.map((e) => e.what)).to.deep.equal(['DonationRecorded', 'DonationScreened']);
    expect(whole[0]!.transactionId).to.equal(txId);
    const [recordedBlock] = (await sql('SELECT block_number FROM transactions WHERE tx_id = $1', [txId])).rows;
    expect(whole[0]!.blockNumber).to.equal(Number(recordedBlock.block_number));
    expect(whole[1]!.blockNumber).to.be.greaterThan(whole[0]!.blockNumber);

    // From after the recording: the screening alone, its changes against the recorded bag, not against nothing.
    const windowed = await trail({ id: din, from: from.toISOString() });
    expect(windowed.map((e) => e.what)).to.deep.equal(['DonationScreened']);
    expect(windowed[0]!.changes).to.deep.include({ field: 'status', old: 'collected', new: 'screened' });
    expect(windowed[0]!.changes.map((c) => c.field)).to.not.include.members(['din', 'volumeMl', 'station']);
    expect(windowed[0]!.changes).to.deep.equal(whole[1]!.changes);

    // By event, by person, by organisation: each change still against the record before it, which the filter leaves out.
    expect(await trail({ id: din, event: 'DonationScreened' })).to.deep.equal([whole[1]]);
    expect(await trail({ id: din, who: 'stationqa1' })).to.deep.equal([whole[1]]);
    expect((await trail({ id: din, who: 'collector1' })).map((e) => e.what)).to.deep.equal(['DonationRecorded']);
    expect(await trail({ id: din, organisation: 'StationBMSP' })).to.deep.equal([]);
  });

  it('gives each bag of a transaction over many its own old → new, and proves it against the ledger', async function () {
    const bags = [await recordDonation(), await recordDonation()];
    for (const { din } of bags) {
      const screened = await t.graphql(
        'mutation ($din: String!, $screening: ScreeningInput!) { recordScreening(din: $din, screening: $screening) { lastChange { txId } } }',
        { din, screening: negativeScreeningInput(DEFAULT_RULES.CN!.mandatoryTests.donation) },
        await as('StationA', 'stationqa1'),
      );
      expect(screened.errors, JSON.stringify(screened.errors)).to.equal(undefined);
    }
    const stored = await t.graphql(
      'mutation ($dins: [String!]!) { recordStorage(dins: $dins, storage: { location: "freezer F7", temperatureC: -32 }) { lastChange { txId } } }',
      { dins: bags.map((b) => b.din) },
      await as('StationA', 'collector1'),
    );
    expect(stored.errors, JSON.stringify(stored.errors)).to.equal(undefined);
    await t.untilIndexed(stored.data.recordStorage[0].lastChange.txId);

    // The second bag: not the event's main object, and still its own change, field by field.
    const second = bags[1]!.din;
    const trail = await t.graphql(
      'query ($id: String!) { auditTrail(objectType: "donation", objectId: $id) { what changes { field old new } detail } }',
      { id: second },
      await as('Regulator', 'inspector1'),
    );
    const storage = (
      trail.data.auditTrail as { what: string; changes: { field: string; old: string | null; new: string | null }[]; detail: string }[]
    ).at(-1)!;
    expect(storage.what).to.equal('DonationStored');
    expect(storage.changes).to.deep.include({ field: 'status', old: 'screened', new: 'stored' });
    expect(storage.changes.map((c) => c.field))
      .to.include('storage')
      .and.not.include.members(['din', 'volumeMl']);
    expect(storage.detail).to.include('freezer F7');
    const verified = await verify('donation', second);
    expect(verified.checks.find((c) => c.name === 'audit trail')).to.deep.include({
      passed: true,
      detail: 'its trail (3 rows) matches the 3 versions of its key on the ledger',
    });
    expect(verified.checks.find((c) => c.name === 'events')).to.deep.include({
      passed: true,
      detail: '3 events of its trail equal the events their blocks hold',
    });

    // The event's summary, which no bag's record holds (where the bags went), edited: named against its block.
    const storageTx = stored.data.recordStorage[0].lastChange.txId as string;
    await sql(`UPDATE ledger_events SET payload = jsonb_set(payload, '{data,location}', '"freezer F9"') WHERE tx_id = $1`, [storageTx]);
    const edited = await verify('donation', second);
    expect(edited.verified).to.equal(false);
    expect(edited.differences).to.deep.equal([
      { field: `events.${storageTx}.payload.data.location`, ledger: '"freezer F7"', offChain: '"freezer F9"', source: 'ledger_events' },
    ]);
    expect(edited.checks.find((c) => c.name === 'events')!.detail).to.equal(
      `events of its trail differ from their blocks: events.${storageTx}`,
    );
    await sql(`UPDATE ledger_events SET payload = jsonb_set(payload, '{data,location}', '"freezer F7"') WHERE tx_id = $1`, [storageTx]);
  });

  it("exports a donation's audit trail as CSV and JSON, each with the SHA-256 of its content and the query that made it", async function () {
    const { din, txId } = await recordDonation();
    const EXPORT = `query ($format: ExportFormat!, $type: String, $id: String) {
      auditTrailExport(format: $format, objectType: $type, objectId: $id) { format content sha256 query exportedAt exportedBy }
    }`;
    const inspector = await as('Regulator', 'inspector1');
    for (const format of ['CSV', 'JSON'] as const) {
      const answer = await t.graphql(EXPORT, { format, type: 'donation', id: din }, inspector);
      expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
      const file = answer.data.auditTrailExport as Record<string, string>;
      expect(file.sha256, format).to.equal(createHash('sha256').update(file.content!, 'utf8').digest('hex'));
      expect(JSON.parse(file.query!), format).to.deep.equal({
        objectType: 'donation',
        objectId: din,
        event: null,
        who: null,
        organisation: null,
        from: null,
        to: null,
        limit: 10000,
      });
      expect(file.exportedBy).to.equal('inspector1@Regulator');
      expect(Date.now() - Date.parse(file.exportedAt!)).to.be.within(0, 60_000);
      if (format === 'CSV') {
        const [header, recorded] = file.content!.split('\r\n');
        expect(header).to.match(/^at,transactionId,blockNumber,objectType,objectId,organisation,who,printedName,role,what,/);
        expect(recorded).to.include(txId).and.include('DonationRecorded');
      } else {
        const entries = JSON.parse(file.content!) as { transactionId: string; what: string }[];
        expect(entries[0]).to.include({ transactionId: txId, what: 'DonationRecorded' });
      }
    }
  });

  it('fails on an object PostgreSQL holds and the ledger does not', async function () {
    const invented = newDin(organisation(t.topology, 'StationA').facilities[0]!).slice(0, 13);
    const { txId } = await recordDonation();
    await sql("INSERT INTO ledger_state (object_type, attributes, value, updated_tx_id) VALUES ('donation', ARRAY[$1], $2, $3)", [
      invented,
      JSON.stringify({ din: invented, status: 'released' }),
      txId,
    ]);
    const verification = await verify('donation', invented);
    expect(verification).to.deep.include({ verified: false, ledgerDigest: null });
    expect(verification.checks).to.deep.equal([
      { name: 'ledger', passed: false, detail: `the ledger holds no donation ${invented}, but PostgreSQL's ledger_state has one` },
    ]);
  });

  it('stores a document once by its canonical SHA-256 and lets a test result cite it; the result verifies with its raw data', async function () {
    const data = rawData('run-1');
    const stored = await storeJson(data);
    expect(stored.errors, JSON.stringify(stored.errors)).to.equal(undefined);
    const { document } = stored.data.storeDocument;
    // RFC 8785 by the chaincode's own canonicaliser: the hash a verifier anywhere recomputes from the data.
    expect(document).to.include({
      sha256: canonicalDigest(data),
      mediaType: 'application/json',
      storedBy: 'qa1',
      storedByOrganisation: 'Factory',
    });
    expect(stored.data.storeDocument.created).to.equal(true);

    // The same JSON with its keys in another order and spaces, sent as bytes: the same document, stored once.
    const reordered = Buffer.from(JSON.stringify(Object.fromEntries(Object.entries(data).reverse()), null, 2)).toString('base64');
    const again = await t.graphql(
      STORE_DOCUMENT,
      { fileName: 'copy.json', mediaType: 'application/json', contentBase64: reordered },
      await as('Factory', 'qa1'),
    );
    expect(again.data.storeDocument).to.deep.include({ created: false });
    expect(again.data.storeDocument.document).to.include({ sha256: document.sha256, fileName: 'hcv-nat-run.json' });

    const recorded = await t.graphql(RECORD_TEST_RESULT, { result: testResultAbout(poolDin, document.sha256) }, await as('Factory', 'qa1'));
    expect(recorded.errors, JSON.stringify(recorded.errors)).to.equal(undefined);
    const result = recorded.data.recordTestResult;
    expect(result.rawDataHash).to.equal(document.sha256);
    await t.untilIndexed(result.lastChange.txId);

    const verification = await verify('test-result', result.resultId);
    expect(verification).to.deep.include({ verified: true, differences: [] });
    expect(verification.checks.find((c) => c.name === 'document rawDataHash')).to.include({ passed: true });

    // Metadata for anyone signed in; the content only for those who may store documents, the QP, the regulator and inspectors.
    for (const [org, username] of [
      ['Regulator', 'inspector1'],
      ['Factory', 'qp1'],
    ] as const) {
      const read = await t.graphql(DOCUMENT, { sha256: document.sha256 }, await as(org, username));
      expect(JSON.parse(Buffer.from(read.data.document.contentBase64, 'base64').toString('utf8')), `as ${username}`).to.deep.equal(data);
    }
    const refused = await t.graphql(DOCUMENT, { sha256: document.sha256 }, await as('StationA', 'collector1'));
    expect(refused.data.document).to.include({ sha256: document.sha256, contentBase64: null });
    expect(errorOf(refused)).to.include({ code: 'FORBIDDEN' });
  });

  it('fails a test result whose stored raw data was altered, naming rawDataHash and the hash the stored bytes now have', async function () {
    const stored = await storeJson(rawData('run-2'));
    const { sha256 } = stored.data.storeDocument.document;
    const recorded = await t.graphql(RECORD_TEST_RESULT, { result: testResultAbout(poolDin, sha256) }, await as('Factory', 'qa1'));
    expect(recorded.errors, JSON.stringify(recorded.errors)).to.equal(undefined);
    const { resultId, lastChange } = recorded.data.recordTestResult;
    await t.untilIndexed(lastChange.txId);

    const altered = { ...rawData('run-2'), wells: [] };
    await sql('UPDATE documents SET content = $2 WHERE sha256 = $1', [sha256, Buffer.from(JSON.stringify(altered))]);
    const verification = await verify('test-result', resultId);
    expect(verification.verified).to.equal(false);
    expect(verification.differences).to.deep.equal([
      { field: 'rawDataHash', ledger: JSON.stringify(sha256), offChain: JSON.stringify(canonicalDigest(altered)), source: 'documents' },
    ]);
    expect(verification.checks.find((c) => c.name === 'projection')).to.include({ passed: true });

    await sql('DELETE FROM documents WHERE sha256 = $1', [sha256]);
    const missing = await verify('test-result', resultId);
    expect(missing.checks.find((c) => c.name === 'document rawDataHash')).to.deep.include({
      passed: false,
      detail: `no document with SHA-256 ${sha256} is stored off-chain`,
    });
  });

  it('verifies a lot with its batch record: each process step against ledger_state, each parameter export by its hash', async function () {
    // A lot needs a closed pool of released plasma that passed its pool tests: made straight on the ledger, as the
    // chain-of-custody test does, so that only the step and the verification go through the gateway.
    const sessions = new Map<string, LedgerSession>();
    const submit = async (org: string, user: string, contract: string, fn: string, ...args: unknown[]): Promise<any> => {
      if (!sessions.has(`${user}@${org}`)) sessions.set(`${user}@${org}`, openSession(t.topology, org, user));
      const answer = await sessions
        .get(`${user}@${org}`)!
        .contract(contract)
        .submit(fn, {
          arguments: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))),
          ...(fn === 'RecordScreening' ? { transientData: screening } : {}),
        });
      return JSON.parse(Buffer.from(answer).toString());
    };
    const screening = {
      screening: Buffer.from(
        JSON.stringify({
          tests: ['ALT', 'HBsAg', 'anti-HCV', 'anti-HIV-1/2', 'syphilis'].map((analyte) => ({
            analyte,
            method: 'ELISA',
            result: 'non-reactive',
            conclusion: 'negative',
            instrument: 'STAR-7',
          })),
          testedAt: new Date().toISOString(),
          lab: 'StationA laboratory',
        }),
      ),
    };
    try {
      const donor = pseudonym();
      const station = organisation(t.topology, 'StationA').facilities[0]!;
      const [first, later] = [newDin(station), newDin(station)];
      // The donor's first bag is recorded and screened before the follow-up bag, collected after it, that releases it.
      for (const [din, minutesAgo] of [
        [first, FIRST_BAG_ENDED_MINUTES_AGO],
        [later, 1],
      ] as const) {
        await submit(
          'StationA',
          'collector1',
          'Donation',
          'RecordDonation',
          donation(din, { donorPseudonym: donor, ...collectedMinutesAgo(minutesAgo) }),
        );
        await eventually(() => submit('StationA', 'stationqa1', 'Donation', 'RecordScreening', din));
      }
      await submit('StationA', 'collector1', 'Donation', 'RecordStorage', [first], { location: 'freezer F2', temperatureC: -32 });
      await submit('StationA', 'collector1', 'Shipment', 'DispatchShipment', {
        shipmentId: `G1001-SHP-VER-${run}`,
        destination: 'FactoryMSP',
        dins: [first],
        temperatureC: -30,
      });
      await eventually(() =>
        submit('Factory', 'warehouse1', 'Shipment', 'ReceiveShipment', `G1001-SHP-VER-${run}`, {
          receivedDins: [first],
          temperatureC: -27,
          labelsChecked: true,
        }),
      );
      await submit('Factory', 'warehouse1', 'Donation', 'QuarantineDonations', [first]);
      await submit('Factory', 'qa1', 'Donation', 'ReleaseDonations', [first]);
      const lotPool = newDin(organisation(t.topology, 'Factory').facilities[0]!);
      await submit('Factory', 'warehouse1', 'Pool', 'CreatePool', { poolDin: lotPool });
      await submit('Factory', 'warehouse1', 'Pool', 'AddToPool', lotPool, [first]);
      await submit('Factory', 'warehouse1', 'Pool', 'ClosePool', lotPool);
      const { mandatoryTests } = await submit('Factory', 'qa1', 'RuleSet', 'GetRuleSet', 'CN');
      for (const analyte of mandatoryTests.pool as string[]) {
        await submit('Factory', 'qa1', 'TestResult', 'RecordTestResult', { ...testResultAbout(lotPool, 'a'.repeat(64)), analyte });
      }
      const lotId = `VER-${run}`.slice(0, 20);
      const gtin = gtinOf('0691234567890');
      await submit('Factory', 'qa1', 'Lot', 'CreateLot', {
        lotId,
        product: { name: 'Human albumin 20 %', gtin, expiry: '2029-06-30' },
        pools: [lotPool],
      });

      const parameters = { step: 'Cohn fraction V precipitation', ethanolPercent: 40, pH: 4.8, temperatureC: -5 };
      const stored = await storeJson(parameters);
      const { sha256 } = stored.data.storeDocument.document;
      const step = await t.graphql(
        RECORD_PROCESS_STEP,
        {
          lotId,
          step: {
            step: 'Cohn fraction V precipitation',
            parameterDataHash: sha256,
            equipment: 'tank T-7',
            start: daysAgo(1),
            end: new Date().toISOString(),
          },
        },
        await as('Factory', 'qa1'),
      );
      expect(step.errors, JSON.stringify(step.errors)).to.equal(undefined);
      await t.untilIndexed(step.data.recordProcessStep.lastChange.txId);

      const verified = await verify('lot', lotId);
      expect(verified).to.deep.include({ verified: true, differences: [] });
      expect(verified.checks.map((c) => c.name)).to.deep.equal([
        'projection',
        'process steps',
        'audit trail',
        'events',
        'document processSteps.1.parameterDataHash',
      ]);

      await sql(
        `UPDATE ledger_state SET value = jsonb_set(value, '{equipment}', '"tank T-9"') WHERE object_type = 'lot-step' AND attributes[1] = $1`,
        [lotId],
      );
      await sql('UPDATE documents SET content = $2 WHERE sha256 = $1', [sha256, Buffer.from(JSON.stringify({ ...parameters, pH: 5.2 }))]);
      const tampered = await verify('lot', lotId);
      expect(tampered.verified).to.equal(false);
      expect(tampered.differences).to.deep.equal([
        { field: 'processSteps.1.equipment', ledger: '"tank T-7"', offChain: '"tank T-9"', source: 'ledger_state' },
        {
          field: 'processSteps.1.parameterDataHash',
          ledger: JSON.stringify(sha256),
          offChain: JSON.stringify(canonicalDigest({ ...parameters, pH: 5.2 })),
          source: 'documents',
        },
      ]);
    } finally {
      sessions.forEach((session) => session.close());
    }
  });

  it('refuses a test result or process step citing a hash with no stored document, before anything reaches the ledger', async function () {
    const qa = await as('Factory', 'qa1');
    const listResults = async () =>
      (
        await t
          .gatewayOf('Factory')
          .services.ledger.evaluate(
            { person: (await t.gatewayOf('Factory').services.sessions.authenticate(qa))! },
            'TestResult:ListTestResults',
            ['pool', poolDin],
          )
      ).toString();
    const before = await listResults();

    const unknown = 'f'.repeat(64);
    const result = await t.graphql(RECORD_TEST_RESULT, { result: testResultAbout(poolDin, unknown) }, qa);
    expect(errorOf(result)).to.deep.include({ code: 'VALIDATION', field: 'result.rawDataHash' });
    expect(result.errors?.[0]?.message).to.contain('storeDocument');
    const step = await t.graphql(
      RECORD_PROCESS_STEP,
      {
        lotId: 'ALB-NO-LOT',
        step: {
          step: 'Cohn fractionation',
          parameterDataHash: unknown,
          equipment: 'tank T-7',
          start: new Date().toISOString(),
          end: new Date().toISOString(),
        },
      },
      qa,
    );
    expect(errorOf(step)).to.deep.include({ code: 'VALIDATION', field: 'step.parameterDataHash' });
    expect(await listResults()).to.equal(before);
  });

  it('answers bad input with VALIDATION naming the field, and stores nothing', async function () {
    const inspector = await as('Regulator', 'inspector1');
    const badType = await t.graphql(VERIFY, { type: 'vial', id: 'x' }, inspector);
    expect(errorOf(badType)).to.deep.include({ code: 'VALIDATION', field: 'objectType' });
    expect(badType.errors?.[0]?.message).to.contain('donation').and.to.contain('test-result').and.to.contain('"vial"');
    expect(errorOf(await t.graphql(VERIFY, { type: 'donation', id: 'not a DIN' }, inspector))).to.deep.include({
      code: 'VALIDATION',
      field: 'objectId',
    });
    const unknownDin = newDin(organisation(t.topology, 'StationA').facilities[0]!);
    expect(errorOf(await t.graphql(VERIFY, { type: 'donation', id: unknownDin }, inspector))).to.include({ code: 'NOT_FOUND' });
    expect(errorOf(await t.graphql(VERIFY, { type: 'donation', id: unknownDin }))).to.include({ code: 'UNAUTHENTICATED' });

    const qa = await as('Factory', 'qa1');
    const before = await documentCount();
    const store = (variables: Record<string, unknown>, token = qa) =>
      t.graphql(STORE_DOCUMENT, { fileName: 'raw.bin', mediaType: 'application/octet-stream', ...variables }, token);
    const maxBytes = t.configOf('StationA').maxDocumentBytes;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ contentBase64: Buffer.alloc(maxBytes + 1, 7).toString('base64') }, 'contentBase64', `at most ${maxBytes} bytes`],
      [{ contentBase64: 'not base64!' }, 'contentBase64', 'base64'],
      [{ contentBase64: '' }, 'contentBase64', 'empty'],
      [{ contentBase64: 'AAAA', json: { a: 1 } }, 'contentBase64', 'exactly one'],
      [{ mediaType: 'application/json', contentBase64: Buffer.from('{"unclosed": ').toString('base64') }, 'contentBase64', 'JSON'],
      [{ mediaType: 'text/plain', json: { a: 1 } }, 'mediaType', 'when json is given'],
      [{ mediaType: 'text/plain; charset=utf-8', contentBase64: 'AAAA' }, 'mediaType', 'without parameters'],
      [{ fileName: '../etc/passwd', contentBase64: 'AAAA' }, 'fileName', '/'],
    ];
    for (const [variables, field, rule] of cases) {
      const answer = await store(variables);
      expect(errorOf(answer), `${field}: ${rule}`).to.deep.include({ code: 'VALIDATION', field });
      expect(answer.errors?.[0]?.message).to.contain(rule);
      expect(answer.data?.storeDocument ?? null).to.equal(null);
    }
    expect(errorOf(await store({ contentBase64: 'AAAA' }, await as('StationA', 'collector1')))).to.include({ code: 'FORBIDDEN' });
    expect(await documentCount()).to.equal(before);
  });
});

describe('field differences', function () {
  it('names nested fields and list items by their path, with both values as JSON text', function () {
    const ledger = { status: 'stored', storage: { location: 'freezer F2', temperatureC: -32 }, holds: [{ reason: 'excursion' }] };
    const offChain = { status: 'stored', storage: { location: 'freezer F3', temperatureC: -32 }, holds: [], extra: true };
    expect(fieldDifferences(ledger, offChain)).to.deep.equal([
      { field: 'extra', ledger: null, offChain: 'true' },
      { field: 'holds[0]', ledger: '{"reason":"excursion"}', offChain: null },
      { field: 'storage.location', ledger: '"freezer F2"', offChain: '"freezer F3"' },
    ]);
    expect(fieldDifferences(ledger, structuredClone(ledger))).to.deep.equal([]);
  });
});
