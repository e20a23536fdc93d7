import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { MAX_TRAY } from '../src/donation/donation-contract';
import { TX_TIME } from './fake-context';
import { callers, decode, dinOf, donationInput, expectRefused, governedLedger, parsed, succeeded } from './fixtures';

const TRAY = 'Donation:RecordDonations';
const donationKey = (din: string): string => `\u0000donation\u0000${din.slice(0, 13)}\u0000`;
const donor = (n: number): string => createHash('sha256').update(`tray donor ${n}`).digest('hex');

/** The `n`th bag of a StationA tray: its own DIN and its own donor. */
const bag = (n: number, overrides: Record<string, unknown> = {}) =>
  donationInput({ din: dinOf('G1001', 100 + n), donorPseudonym: donor(n), ...overrides });

describe('Donation:RecordDonations (a tray of scans)', () => {
  it('records every bag of the tray as RecordDonation records one, in one transaction with one event', async () => {
    const ledger = await governedLedger();
    const tray = [bag(1), bag(2), bag(3)];
    const outcome = await ledger.invoke(callers.collectorA, TRAY, [JSON.stringify(tray)]);
    expect(parsed(outcome)).to.deep.equal({ station: 'StationAMSP', dins: tray.map((b) => String(b.din).slice(0, 13)), count: 3 });
    // Each bag as RecordDonation would have stored it, but for the transaction that recorded it.
    const single = await governedLedger();
    for (const input of tray) {
      const one = await single.invoke(callers.collectorA, 'Donation:RecordDonation', [JSON.stringify(input)]);
      const expected = { ...(parsed(one) as Record<string, unknown>) };
      const stored = decode(outcome.writes.get(donationKey(String(input.din)))) as Record<string, unknown>;
      expect({ ...stored, recordedTxId: '', lastChange: '' }).to.deep.equal({ ...expected, recordedTxId: '', lastChange: '' });
      expect(stored).to.deep.include({ recordedTxId: outcome.txId, recordedAt: TX_TIME });
      expect((stored.lastChange as { transaction: string }).transaction).to.equal(TRAY);
    }
    expect(outcome.event?.name).to.equal('DonationsRecorded');
    const event = JSON.parse(Buffer.from(outcome.event!.payload).toString('utf8'));
    expect(event.objects).to.deep.equal(tray.map((b) => ({ type: 'donation', id: String(b.din).slice(0, 13) })));
    expect(event.data.donations).to.have.length(3);
  });

  it('refuses the whole tray for one bad bag, naming the bag and its field, and writes nothing', async () => {
    const ledger = await governedLedger();
    expectRefused(
      await ledger.invoke(callers.collectorA, TRAY, [JSON.stringify([bag(1), bag(2, { volumeMl: -5 }), bag(3)])]),
      'VALIDATION: donations[1].volumeMl',
    );
    expectRefused(
      await ledger.invoke(callers.collectorA, TRAY, [JSON.stringify([bag(1), bag(2, { din: 'G1001250001' })])]),
      'VALIDATION: donations[1].din',
    );
    // A bag collected longer ago than the late-entry hours is a late entry, which the station QA signs: not in a tray.
    expectRefused(
      await ledger.invoke(callers.collectorA, TRAY, [
        JSON.stringify([bag(1), bag(2, { collectionStart: '2025-05-20T08:00:00Z', collectionEnd: '2025-05-20T08:45:00Z' })]),
      ]),
      'VALIDATION: donations[1].collectionEnd: is more than 72 hours before the recording',
    );
  });

  it('holds each DIN and each donor once: the donor interval cannot be slipped inside a tray', async () => {
    const ledger = await governedLedger();
    expectRefused(
      await ledger.invoke(callers.collectorA, TRAY, [JSON.stringify([bag(1), bag(2), bag(3, { din: bag(1).din })])]),
      'VALIDATION: donations[2].din: repeats DIN G100125000101 of donations[0]',
    );
    expectRefused(
      await ledger.invoke(callers.collectorA, TRAY, [JSON.stringify([bag(1), bag(2, { donorPseudonym: donor(1) })])]),
      'VALIDATION: donations[1].donorPseudonym: names the donor of another bag of donations[0]',
    );
  });

  it("refuses a bag the ledger already holds, another station's DIN, and a donor within the interval, naming each", async () => {
    const ledger = await governedLedger();
    succeeded(await ledger.invoke(callers.collectorA, 'Donation:RecordDonation', [JSON.stringify(bag(1))]));
    expectRefused(
      await ledger.invoke(callers.collectorA, TRAY, [JSON.stringify([bag(2), bag(1)])]),
      `CONFLICT: donation ${String(bag(1).din).slice(0, 13)} is already recorded`,
    );
    expectRefused(
      await ledger.invoke(callers.collectorA, TRAY, [JSON.stringify([bag(2), bag(3, { din: dinOf('G1002', 7) })])]),
      'FORBIDDEN: the facility G1002',
    );
    expectRefused(
      await ledger.invoke(callers.collectorA, TRAY, [JSON.stringify([bag(2), bag(3, { donorPseudonym: donor(1) })])]),
      'VALIDATION: donations[1].collectionStart: is within 14 days of the same donor',
    );
  });

  it(`takes 1 to ${MAX_TRAY} bags, from a collector only`, async () => {
    const ledger = await governedLedger();
    expectRefused(await ledger.invoke(callers.collectorA, TRAY, ['[]']), 'VALIDATION: donations: must hold 1 to 100 items');
    const tooMany = Array.from({ length: MAX_TRAY + 1 }, (_, n) => bag(n));
    expectRefused(await ledger.invoke(callers.collectorA, TRAY, [JSON.stringify(tooMany)]), 'VALIDATION: donations: must hold 1 to 100');
    expectRefused(
      await ledger.invoke(callers.stationQaA, TRAY, [JSON.stringify([bag(1)])]),
      'FORBIDDEN: Donation:RecordDonations requires',
    );
    const full = Array.from({ length: MAX_TRAY }, (_, n) => bag(n));
    expect(parsed(await ledger.invoke(callers.collectorA, TRAY, [JSON.stringify(full)])).count).to.equal(MAX_TRAY);
  });
});
