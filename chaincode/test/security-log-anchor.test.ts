// Each member's admin anchors the head of its gateway's security log: never behind the head anchored before, never the
// same entry with another hash, only its own organisation's, under a key its own peer must endorse every change of.
import { expect } from 'chai';
import { callers, expectRefused, governedLedger, parsed, succeeded } from './fixtures';
import { ruleOf } from '../src/ledger/endorsement';

const WHEN = '2025-03-01T00:00:00.000Z';
const hash = (n: number): string => n.toString(16).padStart(64, '0');
const anchor = (ledger: Awaited<ReturnType<typeof governedLedger>>, head: Record<string, unknown>, caller = callers.stationAAdmin) =>
  ledger.invoke(caller, 'SecurityLog:AnchorHead', [JSON.stringify({ log: 'plasma_gateway', ...head })], WHEN);

describe('security log anchors', () => {
  it("hold the newest head of the caller's own log, under its owner's endorsement, and move only forward", async () => {
    const ledger = await governedLedger();
    const first = await anchor(ledger, { seq: 12, hash: hash(12) });
    expect(parsed(first)).to.include({ mspId: 'StationAMSP', seq: 12, hash: hash(12) });
    expect(first.event?.name).to.equal('SecurityLogAnchored');
    const [key] = [...first.validationParameters.keys()];
    expect(JSON.stringify(ruleOf(first.validationParameters.get(key!)!))).to.include('StationAMSP');
    expectRefused(await anchor(ledger, { seq: 30, hash: hash(30) }), 'VALIDATION: head.anchoredEntryHash: is required');
    // A log rewritten (its hash at the anchored entry changed) and grown is no continuation of the anchored one.
    expectRefused(
      await anchor(ledger, { seq: 30, hash: hash(30), anchoredEntryHash: hash(99) }),
      'CONFLICT: entry 12 of the security log StationAMSP/plasma_gateway was anchored with hash',
    );
    succeeded(await anchor(ledger, { seq: 30, hash: hash(30), anchoredEntryHash: hash(12) }));

    expectRefused(
      await anchor(ledger, { seq: 29, hash: hash(29), anchoredEntryHash: hash(30) }),
      'CONFLICT: the security log StationAMSP/plasma_gateway was anchored at entry 30; a head at entry 29 is behind it: entries were removed',
    );
    expectRefused(
      await anchor(ledger, { seq: 30, hash: hash(31) }),
      `CONFLICT: entry 30 of the security log StationAMSP/plasma_gateway was anchored with hash ${hash(30)}, not ${hash(31)}: the log was changed`,
    );
    // The same head again is no change: nothing written.
    const again = await anchor(ledger, { seq: 30, hash: hash(30) });
    expect(again.writes).to.be.empty;
    expect(parsed(await ledger.invoke(callers.inspector, 'SecurityLog:GetAnchor', ['StationAMSP', 'plasma_gateway'], WHEN))).to.include({
      seq: 30,
    });
    // Another member's log is its own, and so is another log of the same member.
    succeeded(await anchor(ledger, { seq: 1, hash: hash(1) }, callers.factoryAdmin));
    succeeded(await anchor(ledger, { log: 'plasma_other', seq: 1, hash: hash(1) }));
    expect(parsed(await ledger.invoke(callers.inspector, 'SecurityLog:GetAnchor', ['StationAMSP', 'plasma_gateway'], WHEN))).to.include({
      seq: 30,
    });
  });

  it("are made by an organisation's admin only, from a head of the right form, naming the field", async () => {
    const ledger = await governedLedger();
    expectRefused(await anchor(ledger, { seq: 1, hash: hash(1) }, callers.collectorA), 'FORBIDDEN');
    expectRefused(await anchor(ledger, { seq: 0, hash: hash(1) }), 'VALIDATION: head.seq: must be a whole number of entries from 1');
    expectRefused(await anchor(ledger, { seq: 1, hash: 'A'.repeat(64) }), 'VALIDATION: head.hash: must be a SHA-256 digest');
    expectRefused(await anchor(ledger, { seq: 1, hash: hash(1), at: WHEN }), 'VALIDATION: head.at');
    expectRefused(await anchor(ledger, { log: 'a/b', seq: 1, hash: hash(1) }), 'VALIDATION: head.log: must name a log');
    const missing = await ledger.invoke(callers.inspector, 'SecurityLog:GetAnchor', ['RegulatorMSP', 'plasma_gateway'], WHEN);
    expect(missing.error?.message).to.equal('NOT_FOUND: RegulatorMSP/plasma_gateway has no security log head anchored yet');
  });
});
