// The organisation's security log against the real gateway and PostgreSQL: sign-ins and their failures, a lock, a
// person created, a reset code, wrong reset codes and a wrong old password, a disabling, each recorded with who acted and on whom, and never a password or a code;
// the database refuses every change to a row, even its owner's; the hash chain holds, and names the first entry an owner
// who turned the table's triggers off edited or deleted. Only the admin reads it.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { type GraphQLAnswer, testGateway, type TestGateway } from '@plasma/testkit/gateway';
import { securityEventHash } from '../src/people/security-log';

const LOG = '{ securityLog(last: 50) { seq event actor subject clientAddress detail { name value } hash previousHash } }';
const CHECK = '{ securityLogCheck { events headHash brokenAtSeq problem } }';
const LOGIN = 'mutation ($org: String!, $u: String!, $p: String!) { login(org: $org, username: $u, password: $p) { token } }';
const codeOf = (answer: GraphQLAnswer): unknown => answer.errors?.[0]?.extensions?.code;

interface Entry {
  readonly seq: number;
  readonly event: string;
  readonly actor: string | null;
  readonly subject: string | null;
  readonly detail: { name: string; value: string }[];
}

describe('security log: append-only, hash-chained, for the admin', function () {
  this.timeout(120_000);
  let t: TestGateway;
  let admin: string;
  const newcomer = `clerk-${randomBytes(3).toString('hex')}`;
  const wrongPasswords = [1, 2, 3, 4, 5].map((n) => `wrong password ${n} ${randomBytes(4).toString('hex')}`);
  let resetCode = '';
  /** What the table's owner can do only by turning its triggers off first, which refuse every change to a row. */
  const asOwnerWithoutTriggers = async (sql: string, values: unknown[] = []): Promise<void> => {
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE security_events DISABLE TRIGGER USER');
      await client.query(sql, values);
      await client.query('ALTER TABLE security_events ENABLE TRIGGER USER');
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };

  before(async function () {
    t = await testGateway();
    for (const p of wrongPasswords) await t.graphql(LOGIN, { org: 'StationA', u: 'collector1', p });
    admin = await t.login('StationA', 'admin');
    const created = await t.graphql(
      'mutation ($input: NewPersonInput!) { createPerson(input: $input) { username } }',
      { input: { org: 'StationA', username: newcomer, displayName: 'Clerk', role: 'collector', password: 'a first password to replace' } },
      admin,
    );
    expect(created.errors).to.equal(undefined);
    const reset = await t.graphql(`mutation { resetPassword(org: "StationA", username: "${newcomer}") { code } }`, {}, admin);
    resetCode = reset.data.resetPassword.code;
    // A wrong code for the newcomer and for a name nobody has; a wrong old password from the admin's own session.
    const REDEEM =
      'mutation ($u: String!, $c: String!) { redeemPasswordReset(org: "StationA", username: $u, code: $c, newPassword: "a new password of mine") }';
    for (const u of [newcomer, `nobody-${randomBytes(3).toString('hex')}`]) {
      expect(codeOf(await t.graphql(REDEEM, { u, c: `WRONG-${randomBytes(4).toString('hex')}` }))).to.equal('UNAUTHENTICATED');
    }
    const change = await t.graphql(
      'mutation { changePassword(oldPassword: "not the admin\'s password", newPassword: "whatever it may be") }',
      {},
      admin,
    );
    expect([codeOf(change), change.errors?.[0]?.extensions?.field]).to.deep.equal(['VALIDATION', 'oldPassword']);
    await t.graphql(`mutation { disablePerson(org: "StationA", username: "${newcomer}") { disabled } }`, {}, admin);
  });
  after(async () => t.close());

  it('records each event with who acted and on whom, in order, and no password or code', async function () {
    const answer = await t.graphql(LOG, {}, admin);
    expect(answer.errors).to.equal(undefined);
    const entries = (answer.data.securityLog as Entry[]).slice().reverse();
    const story = entries.map((e) => [e.event, e.actor, e.subject]);
    expect(story).to.deep.equal([
      ...wrongPasswords.map(() => ['sign-in-failed', 'StationA/collector1', null]),
      ['sign-in-locked', 'StationA/collector1', null],
      ['sign-in', 'StationA/admin', null],
      ['person-created', 'StationA/admin', `StationA/${newcomer}`],
      ['password-reset-issued', 'StationA/admin', `StationA/${newcomer}`],
      ['password-reset-refused', null, `StationA/${newcomer}`],
      ['password-reset-refused', null, null],
      ['password-change-refused', 'StationA/admin', null],
      ['person-disabled', 'StationA/admin', `StationA/${newcomer}`],
    ]);
    expect(entries.map((e) => e.seq)).to.deep.equal(entries.map((_, i) => i + 1));
    const everything = JSON.stringify(answer.data);
    for (const secret of [...wrongPasswords, resetCode, 'a first password to replace']) expect(everything).not.to.include(secret);
  });

  it('holds its hash chain, and names the first entry edited or deleted behind the gateway', async function () {
    const intact = await t.graphql(CHECK, {}, admin);
    expect(intact.data.securityLogCheck).to.include({ events: 13, brokenAtSeq: null, problem: null });
    const head = (await t.graphql(LOG, {}, admin)).data.securityLog[0];
    expect(intact.data.securityLogCheck.headHash).to.equal(head.hash);

    // The owner cannot change a row while the table's triggers stand.
    for (const change of [
      `UPDATE security_events SET actor = 'StationA/collector1' WHERE event = 'person-created'`,
      'DELETE FROM security_events WHERE seq = 3',
      'TRUNCATE security_events',
    ]) {
      const refused = await t.pool.query(change).then(
        () => undefined,
        (error: { code?: string; message?: string }) => [error.code, error.message],
      );
      expect(refused, change).to.deep.equal(['42501', `the security log is append-only: ${change.split(' ')[0]} is refused`]);
    }

    // A database owner who turns them off hides who created the person.
    await asOwnerWithoutTriggers(`UPDATE security_events SET actor = 'StationA/collector1' WHERE event = 'person-created'`);
    const edited = (await t.graphql(CHECK, {}, admin)).data.securityLogCheck;
    expect(edited).to.include({ brokenAtSeq: 8 });
    expect(edited.problem).to.include('changed');
    await asOwnerWithoutTriggers(`UPDATE security_events SET actor = 'StationA/admin' WHERE event = 'person-created'`);
    expect((await t.graphql(CHECK, {}, admin)).data.securityLogCheck.brokenAtSeq).to.equal(null);

    // ... or deletes the failed sign-ins of the person whose account was then locked.
    await asOwnerWithoutTriggers(`DELETE FROM security_events WHERE seq = 3`);
    const deleted = (await t.graphql(CHECK, {}, admin)).data.securityLogCheck;
    expect(deleted).to.include({ brokenAtSeq: 4 });
    expect(deleted.problem).to.include('row 3 is missing');
  });

  it('anchors its head on the ledger, and finds a log rewritten whole or cut short behind the gateway against it', async function () {
    const ANCHOR = 'mutation { anchorSecurityLog { log seq hash anchoredAt transactionId } }';
    const ANCHOR_CHECK = '{ securityLogCheck { brokenAtSeq anchor { log seq hash holds problem } } }';
    // The deleted row of the test before: the log as the gateway would write it again from here on.
    await asOwnerWithoutTriggers('DELETE FROM security_events');
    await t.graphql('{ me { username } }', {}, admin);
    for (let failure = 0; failure < 3; failure += 1) {
      await t.graphql(LOGIN, { org: 'StationA', u: 'stationqa1', p: `wrong ${randomBytes(4).toString('hex')}` });
    }
    expect((await t.graphql(ANCHOR_CHECK, {}, admin)).data.securityLogCheck.anchor).to.equal(null);

    const anchored = (await t.graphql(ANCHOR, {}, admin)).data.anchorSecurityLog;
    const head = (await t.graphql(LOG, {}, admin)).data.securityLog[0];
    expect(anchored).to.include({ seq: head.seq, hash: head.hash });
    expect(anchored.log).to.match(/^plasma_test_/);
    expect((await t.graphql(ANCHOR_CHECK, {}, admin)).data.securityLogCheck.anchor).to.include({
      seq: head.seq,
      holds: true,
      problem: null,
    });

    // The database's owner rewrites the whole log, every hash recomputed: the chain holds, the anchor does not.
    const { rows } = await t.pool.query('SELECT * FROM security_events ORDER BY seq');
    let previous = '0'.repeat(64);
    for (const row of rows) {
      const entry = {
        seq: Number(row.seq),
        recordedAt: row.recorded_at.toISOString(),
        event: row.event,
        actor: row.actor,
        subject: row.subject,
        clientAddress: '10.9.9.9',
        detail: row.detail,
        previousHash: previous,
      };
      previous = securityEventHash(entry);
      await asOwnerWithoutTriggers('UPDATE security_events SET client_address = $2, previous_hash = $3, hash = $4 WHERE seq = $1', [
        entry.seq,
        entry.clientAddress,
        entry.previousHash,
        previous,
      ]);
    }
    const rewritten = (await t.graphql(ANCHOR_CHECK, {}, admin)).data.securityLogCheck;
    expect(rewritten.brokenAtSeq).to.equal(null);
    expect(rewritten.anchor).to.include({ seq: head.seq, holds: false });
    expect(rewritten.anchor.problem).to.include('the log was rewritten');
    // The rewritten head cannot be anchored in its place, nor once the rewritten log has grown: it extends nothing anchored.
    expect(codeOf(await t.graphql(ANCHOR, {}, admin))).to.equal('CONFLICT');
    await t.graphql(LOGIN, { org: 'StationA', u: 'stationqa1', p: `wrong ${randomBytes(4).toString('hex')}` });
    const grown = await t.graphql(ANCHOR, {}, admin);
    expect(codeOf(grown)).to.equal('CONFLICT');
    expect(grown.errors?.[0]?.message).to.include('a head of it extends nothing anchored');
    await asOwnerWithoutTriggers('DELETE FROM security_events WHERE seq > $1', [head.seq]);

    // Or cuts off its newest entry.
    expect(head.seq).to.be.above(1);
    await asOwnerWithoutTriggers('DELETE FROM security_events WHERE seq >= $1', [head.seq]);
    const cut = (await t.graphql(ANCHOR_CHECK, {}, admin)).data.securityLogCheck;
    expect(cut.anchor).to.include({ holds: false });
    expect(cut.anchor.problem).to.include('is missing: the log was cut short');
    expect(codeOf(await t.graphql(ANCHOR, {}, admin))).to.equal('CONFLICT');
  });

  it('is read by the admin only', async function () {
    const collector = await t.login('StationB', 'collector1');
    expect(codeOf(await t.graphql(LOG, {}, collector))).to.equal('FORBIDDEN');
    expect(codeOf(await t.graphql(CHECK, {}, collector))).to.equal('FORBIDDEN');
    expect(codeOf(await t.graphql('mutation { anchorSecurityLog { seq } }', {}, collector))).to.equal('FORBIDDEN');
    const tooMany = await t.graphql('{ securityLog(last: 0) { seq } }', {}, admin);
    expect([codeOf(tooMany), tooMany.errors?.[0]?.extensions?.field]).to.deep.equal(['VALIDATION', 'last']);
  });

  it('numbers, times, links and hashes an entry itself whatever an insert states, as the gateway checks it', async function () {
    const [before] = (
      await t.pool.query<{ seq: string | null; hash: string | null }>(
        'SELECT max(seq) AS seq, (SELECT hash FROM security_events ORDER BY seq DESC LIMIT 1) AS hash FROM security_events',
      )
    ).rows;
    // Whoever can insert states a number, a time and hashes of their own; quotes, a control character, a line break and
    // Chinese text are hashed by the database as the gateway computes them.
    const { rows } = await t.pool.query<{ seq: string; recorded_at: Date; previous_hash: string; hash: string }>(
      `INSERT INTO security_events (seq, recorded_at, event, actor, subject, client_address, detail, previous_hash, hash)
       VALUES (1, '2000-01-01', 'sign-in-failed', $1, NULL, '10.0.0.9', $2, $3, $3) RETURNING seq, recorded_at, previous_hash, hash`,
      ['StationA/o\'brien "李" \u0001', JSON.stringify({ zone: 'b\n"\\é', address: '' }), 'f'.repeat(64)],
    );
    const row = rows[0]!;
    expect(Number(row.seq)).to.equal(Number(before!.seq ?? 0) + 1);
    expect(row.previous_hash).to.equal(before!.hash ?? '0'.repeat(64));
    expect(Date.now() - row.recorded_at.getTime()).to.be.within(0, 60_000);
    const check = (await t.graphql(CHECK, {}, admin)).data.securityLogCheck;
    expect(check).to.include({ brokenAtSeq: null, headHash: row.hash });

    // A detail that is no map of plain names to text is refused, and nothing is written.
    for (const detail of ['{"n": 1}', '[]', '{"__proto__": "x"}']) {
      const refused = await t.pool.query(`INSERT INTO security_events (event, detail) VALUES ('sign-in', $1)`, [detail]).then(
        () => undefined,
        (error: { code?: string }) => error.code,
      );
      expect(refused, detail).to.equal('23514');
    }
    expect((await t.graphql(CHECK, {}, admin)).data.securityLogCheck.headHash).to.equal(row.hash);
  });
});
