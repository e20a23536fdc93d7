import { expect } from 'chai';
import { CLIENT_REQUEST_TRANSIENT_KEY, SIGNATURE_STAND_IN } from '../src/access/client-request';
import { callers, cas, decode, DIN_A, dinOf, donationInput, expectRefused, governedLedger, parsed, succeeded } from './fixtures';
import { signRecord } from './pki';

const RECORD = 'Donation:RecordDonation';
const asked = (clientRequestId: string) => ({ transient: { [CLIENT_REQUEST_TRANSIENT_KEY]: clientRequestId } });
const donationKey = (din: string): string => `\u0000donation\u0000${din.slice(0, 13)}\u0000`;

describe('client request ids (a repeat is ANSWERED by the first transaction)', () => {
  it('refuses a repeat ANSWERED, naming the first transaction, writing and emitting nothing, and keeps no copy of the answer', async () => {
    const ledger = await governedLedger();
    const input = JSON.stringify(donationInput());
    const first = await ledger.invoke(callers.collectorA, RECORD, [input], undefined, asked('req-1'));
    succeeded(first);
    expect(first.writes.has(donationKey(DIN_A))).to.equal(true);
    // What is kept of the request: which transaction, what it asked; the answer (the whole record) stays in its block.
    const [kept] = [...first.writes].filter(([key]) => key.startsWith('\u0000clientRequest\u0000'));
    expect(Object.keys(decode(kept![1]) as object).sort()).to.deep.equal(['request', 'transaction', 'transactionId']);

    const repeat = await ledger.invoke(callers.collectorA, RECORD, [input], undefined, asked('req-1'));
    expectRefused(repeat, `ANSWERED: ${first.txId} answered clientRequestId req-1 (Donation:RecordDonation)`);

    // Without the id, the same step is what it always was: a second recording of the DIN.
    expectRefused(await ledger.invoke(callers.collectorA, RECORD, [input]), 'CONFLICT');
  });

  it('runs a step the first time whatever it answered before: a refused request leaves its id unused', async () => {
    const ledger = await governedLedger();
    expectRefused(
      await ledger.invoke(callers.collectorA, RECORD, [JSON.stringify(donationInput({ volumeMl: -1 }))], undefined, asked('req-2')),
      'VALIDATION: volumeMl',
    );
    const retried = await ledger.invoke(callers.collectorA, RECORD, [JSON.stringify(donationInput())], undefined, asked('req-2'));
    expect(retried.writes.has(donationKey(DIN_A))).to.equal(true);
  });

  it("keys the id by the caller: another person's, another organisation's same id runs their own step", async () => {
    const ledger = await governedLedger();
    succeeded(await ledger.invoke(callers.collectorA, RECORD, [JSON.stringify(donationInput())], undefined, asked('shared')));
    const colleague = cas.StationAMSP.issue('collector2', 'collector');
    const theirs = await ledger.invoke(
      colleague,
      RECORD,
      [JSON.stringify(donationInput({ din: dinOf('G1001', 2), donorPseudonym: 'b'.repeat(64) }))],
      undefined,
      asked('shared'),
    );
    expect(theirs.writes.has(donationKey(dinOf('G1001', 2)))).to.equal(true);
    // StationB's collector has the same certificate name in another organisation.
    const stationB = await ledger.invoke(
      callers.collectorB,
      RECORD,
      [JSON.stringify(donationInput({ din: dinOf('G1002', 1), donorPseudonym: 'c'.repeat(64) }))],
      undefined,
      asked('shared'),
    );
    expect(stationB.writes.has(donationKey(dinOf('G1002', 1)))).to.equal(true);
  });

  it('refuses an id the caller gave another transaction, and an id that breaks the rule, naming the field', async () => {
    const ledger = await governedLedger();
    succeeded(await ledger.invoke(callers.collectorA, RECORD, [JSON.stringify(donationInput())], undefined, asked('req-3')));
    const tray = JSON.stringify([donationInput({ din: dinOf('G1001', 3), donorPseudonym: 'd'.repeat(64) })]);
    expectRefused(
      await ledger.invoke(callers.collectorA, 'Donation:RecordDonations', [tray], undefined, asked('req-3')),
      'CONFLICT: clientRequestId req-3 already named a Donation:RecordDonation request',
    );
    for (const bad of ['', 'a b', 'x'.repeat(65), 'é']) {
      expectRefused(
        await ledger.invoke(callers.collectorA, 'Donation:RecordDonations', [tray], undefined, asked(bad)),
        'VALIDATION: clientRequestId: must be 1 to 64',
      );
    }
  });

  it('refuses an id given to the same transaction with other arguments: another bag is not answered as recorded', async function () {
    const ledger = await governedLedger();
    succeeded(await ledger.invoke(callers.collectorA, RECORD, [JSON.stringify(donationInput())], undefined, asked('tablet-7:1')));
    const otherBag = JSON.stringify(donationInput({ din: dinOf('G1001', 7), donorPseudonym: 'e'.repeat(64) }));
    expectRefused(
      await ledger.invoke(callers.collectorA, RECORD, [otherBag], undefined, asked('tablet-7:1')),
      'CONFLICT: clientRequestId tablet-7:1 already named a Donation:RecordDonation request with other arguments',
    );
  });

  it('answers ANSWERED to a signed step signed again: its new signature is the one argument that may differ', async function () {
    const ledger = await governedLedger();
    const inForce = parsed(await ledger.invoke(callers.inspector, 'RuleSet:GetRuleSet', ['CN'])) as Record<string, unknown>;
    const rules = Object.fromEntries(
      Object.entries(inForce).filter(([field]) => !['jurisdiction', 'version', 'reason', 'approval', 'lastChange'].includes(field)),
    );
    const changeJson = JSON.stringify({ fromVersion: 1, rules: { ...rules, holdDays: 120 }, reason: 'a longer hold' });
    const signed = async (at: string) => {
      const { digest } = parsed(await ledger.invoke(callers.inspector, 'RuleSet:GetRuleChangeRecord', ['CN', changeJson]));
      return JSON.stringify(signRecord(callers.regulator, digest, 'rule-change', at));
    };
    // Both signed before the first is sent, as a person whose first sending went unanswered signs again.
    const [signedFirst, signedAgain] = [await signed('2025-06-01T09:58:00Z'), await signed('2025-06-01T09:59:00Z')];
    const send = (signature: string) =>
      ledger.invoke(callers.regulator, 'RuleSet:ChangeRuleSet', ['CN', changeJson, signature], undefined, asked('rule-change-1'));
    const first = await send(signedFirst);
    const again = await send(signedAgain);
    expect(parsed(first)).to.include({ version: 2, holdDays: 120 });
    expectRefused(again, `ANSWERED: ${first.txId} answered clientRequestId rule-change-1`);
    // Asked with a signature of nothing (the record can no longer be signed): the same answer, nothing signed again.
    expectRefused(await send(JSON.stringify(SIGNATURE_STAND_IN)), `ANSWERED: ${first.txId} answered clientRequestId rule-change-1`);
    // A request not answered yet is not run for it: no signature of nothing verifies.
    const unanswered = await ledger.invoke(
      callers.regulator,
      'RuleSet:ChangeRuleSet',
      [
        'CN',
        JSON.stringify({ fromVersion: 2, rules: { ...rules, holdDays: 90 }, reason: 'a shorter hold' }),
        JSON.stringify(SIGNATURE_STAND_IN),
      ],
      undefined,
      asked('rule-change-2'),
    );
    expectRefused(unanswered, 'VALIDATION: ');
  });
});
