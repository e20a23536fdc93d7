// Alarms end to end: a subscriber hears of a look-back as soon as its block is indexed, and not of routine
// transactions; the same alarm is in the list of recent ones.
import { expect } from 'chai';
import { organisation } from '@plasma/network';
import { createPubSub } from 'graphql-yoga';
import { alarmStream, type Alarm } from '../src/explorer/alarms';
import type { BlockIndexed } from '../src/explorer/block-notifications';
import { closedPoolOnLedger, donation, ledgerPeople, newDin, pseudonym } from '@plasma/testkit';
import { testGateway, type TestGateway } from '@plasma/testkit/gateway';

const ALARM_FIELDS = 'transactionId event severity objectType objectId summary';

/**
 * The events of a GraphQL subscription served over server-sent events, up to the first that `wanted` accepts
 * (other tests may be writing to the same ledger meanwhile).
 */
async function eventsUntil(
  url: string,
  token: string,
  query: string,
  wanted: (event: any) => boolean,
  signal: AbortSignal,
): Promise<any[]> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const events: any[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body! as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const message = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = message.split('\n').find((line) => line.startsWith('data:'));
      if (data && data.length > 5) events.push(JSON.parse(data.slice(5)));
      if (events.length > 0 && wanted(events.at(-1))) return events;
    }
  }
  return events;
}

describe('alarms', function () {
  let t: TestGateway;
  before(async () => {
    t = await testGateway({ indexed: 'from now' });
  });
  after(async () => t?.close());

  it('tells a subscriber of a look-back at once, not of the donation recorded before it, and lists it among recent alarms', async function () {
    const inspector = await t.login('Regulator', 'inspector1');
    const stopped = new AbortController();
    let caseId = '';
    const heard = eventsUntil(
      t.gatewayOf('Regulator').url,
      inspector,
      `subscription { alarmRaised { ${ALARM_FIELDS} } }`,
      (event) => event.data?.alarmRaised?.objectId === caseId,
      stopped.signal,
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // the subscription is listening

    const donor = pseudonym();
    const din = newDin(organisation(t.topology, 'StationA').facilities[0]!);
    const recorded = await t.graphql(
      'mutation ($input: DonationInput!) { recordDonation(input: $input) { recordedTxId } }',
      { input: donation(din, { donorPseudonym: donor }) },
      await t.login('StationA', 'collector1'),
    );
    expect(recorded.errors, JSON.stringify(recorded.errors)).to.equal(undefined);
    const opened = await t.graphql(
      'mutation ($d: String!, $w: LookBackWindowInput!) { openLookBack(donorPseudonym: $d, reason: "alarm test: anti-HCV reactive", window: $w) { caseId status continuation counts { donations pools lots } interdicted } }',
      { d: donor, w: {} },
      await t.login('Regulator', 'regulator1'),
    );
    expect(opened.errors, JSON.stringify(opened.errors)).to.equal(undefined);
    caseId = opened.data.openLookBack.caseId as string;

    const events = await heard;
    stopped.abort();
    expect(
      events.map((e) => e.data.alarmRaised.objectId),
      'no alarm for the routine donation',
    ).to.not.include(din.slice(0, 13));
    const event = events.at(-1);
    // A look-back of one donation completes in its opening transaction.
    expect(event.data.alarmRaised).to.include({
      event: 'LookBackCompleted',
      severity: 'critical',
      objectType: 'look-back-case',
      objectId: caseId,
    });

    const listed = await t.graphql(`{ alarms(last: 5) { ${ALARM_FIELDS} } }`, {}, inspector);
    expect(listed.data.alarms).to.deep.include(event.data.alarmRaised);
    expect(listed.data.alarms.map((a: { event: string }) => a.event)).to.not.include('DonationRecorded');
  });

  it('judges test results: an out-of-specification one is an alarm, passing ones are not, however many come after it', async function () {
    const qa = await t.login('Factory', 'qa1');
    const mutate = async (query: string, variables: Record<string, unknown>, token = qa): Promise<any> => {
      const answer = await t.graphql(query, variables, token);
      expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
      return answer.data;
    };
    // A pool is tested once it is closed: one of released plasma, made on the ledger as the chain of custody makes it.
    const pool = newDin(organisation(t.topology, 'Factory').facilities[0]!);
    const people = ledgerPeople(t.topology);
    try {
      await closedPoolOnLedger(people, `G1001-SHP-ALARM-${Date.now().toString(36).toUpperCase()}`, pool);
    } finally {
      people.close();
    }
    const stored = await mutate(
      'mutation ($json: JsonDocument) { storeDocument(fileName: "run.json", mediaType: "application/json", json: $json) { document { sha256 } } }',
      { json: { run: `alarm test ${pool}` } },
    );
    const result = (analyte: string, conclusion: 'pass' | 'fail') => ({
      subject: { kind: 'pool', id: pool },
      analyte,
      method: 'cobas PCR',
      result: conclusion === 'pass' ? 'not detected' : 'detected',
      specification: 'not detected',
      conclusion,
      oos: conclusion === 'fail',
      lab: 'QC virology',
      instrument: 'cobas-6800-01',
      rawDataHash: stored.storeDocument.document.sha256,
      testedAt: new Date().toISOString(),
    });
    const record = async (analyte: string, conclusion: 'pass' | 'fail'): Promise<string> =>
      (
        await mutate('mutation ($result: TestResultInput!) { recordTestResult(result: $result) { resultId } }', {
          result: result(analyte, conclusion),
        })
      ).recordTestResult.resultId;

    const failed = await record('HCV RNA', 'fail');
    // More passing results after it than one page of the old over-fetch held.
    const passed = [];
    for (const analyte of ['HIV RNA', 'HBV DNA', 'HAV RNA', 'B19 DNA', 'HEV RNA']) passed.push(await record(analyte, 'pass'));
    await t.untilCaughtUp();

    const listed = (await t.graphql(`{ alarms(last: 1) { ${ALARM_FIELDS} } }`, {}, qa)).data.alarms;
    expect(listed).to.have.length(1);
    expect(listed[0]).to.include({ event: 'TestResultRecorded', severity: 'critical', objectType: 'test-result', objectId: failed });
    const many = (await t.graphql('{ alarms(last: 50) { objectId } }', {}, qa)).data.alarms.map((a: { objectId: string }) => a.objectId);
    for (const id of passed) expect(many, 'a passing result is no alarm').to.not.include(id);
  });

  it('refuses the list of alarms to a caller who has not signed in', async function () {
    const answer = await t.graphql('{ alarms { summary } }');
    expect(answer.errors?.[0]?.extensions?.code).to.equal('UNAUTHENTICATED');
  });
});

describe('alarm stream', function () {
  const alarm = (number: number): Alarm => ({
    transactionId: `tx${number}`,
    blockNumber: number,
    at: new Date(),
    event: 'LotRecalled',
    severity: 'critical',
    objectType: 'lot',
    objectId: 'LOT-1',
    summary: 'lot LOT-1 recalled',
  });
  // Blocks of the channel at odd numbers raise an alarm; the repository is the only stand-in: the stream is what is tested.
  const repository = { ofBlock: async (_: string, number: number) => (number % 2 === 1 ? [alarm(number)] : []) };

  it("yields the alarms of the channel's blocks, and lets go of the blocks as soon as its subscriber leaves between alarms", async function () {
    const pubSub = createPubSub<{ block: [BlockIndexed] }>();
    let blocksClosed = false;
    const blocks = pubSub.subscribe('block');
    const watched: AsyncIterable<BlockIndexed> = {
      [Symbol.asyncIterator]: () => {
        const iterator = blocks[Symbol.asyncIterator]();
        return {
          next: () => iterator.next(),
          return: async () => {
            blocksClosed = true;
            return iterator.return();
          },
        };
      },
    };
    const everyAlarm = async (alarms: readonly Alarm[]): Promise<Alarm[]> => [...alarms];
    const stream = alarmStream(watched, repository, 'plasma', everyAlarm)[Symbol.asyncIterator]();
    const first = stream.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    pubSub.publish('block', { channel: 'other', number: 1, transactions: 1 });
    pubSub.publish('block', { channel: 'plasma', number: 2, transactions: 1 });
    pubSub.publish('block', { channel: 'plasma', number: 3, transactions: 1 });
    expect((await first).value).to.deep.include({ transactionId: 'tx3', blockNumber: 3 });

    // Waiting for the next block, with no alarm on the way: leaving ends the stream and closes the block subscription.
    const waiting = stream.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const left = await Promise.race([stream.return!(), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1000))]);
    expect(left).to.not.equal('still waiting');
    expect(blocksClosed).to.equal(true);
    expect(await waiting).to.deep.include({ done: true });
  });
});
