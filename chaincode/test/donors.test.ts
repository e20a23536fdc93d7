// Donors (issue 14): the interval between two donations of one donor, and deferrals, which every station of the
// jurisdiction honours when it records a donation. StationA is CN (14 days), StationB QSEAL (2 days).
import { expect } from 'chai';
import { MAX_DEFERRALS_PER_DONOR } from '../src/donation/donor-contract';
import { eligibleFrom, type Donor } from '../src/donation/donor';
import { callers, expectRefused } from './fixtures';
import { at, pseudonymOf, Story, T0 } from './story';

const deferral = (kind: 'temporary' | 'permanent', reason: string, until?: string) => ({ kind, reason, ...(until ? { until } : {}) });

describe('Donor', () => {
  describe('the interval between two donations of one donor', () => {
    it('refuses a CN donation within 14 days of the last, naming the donation and the rule, and takes one 14 days on', async () => {
      const story = await Story.begin();
      const first = await story.collect(T0, 'regular');
      const { outcome } = await story.tryCollect(at(T0, 13, 23), 'regular');
      expectRefused(
        outcome,
        `VALIDATION: collectionStart: is within 14 days of the same donor's donation ${first.slice(0, 13)} (collection started ` +
          `${at(T0, 0, -0.75)}); the CN rule set asks at least 14 days between two donations of one donor`,
      );
      await story.collect(at(T0, 14), 'regular');
    });

    it('looks both ways: a donation entered after a later one must keep the interval to it too', async () => {
      const story = await Story.begin();
      const later = await story.collect(at(T0, 20), 'regular');
      const { outcome } = await story.tryCollect(at(T0, 10), 'regular');
      expectRefused(outcome, `VALIDATION: collectionStart: is within 14 days of the same donor's donation ${later.slice(0, 13)}`);
      await story.collect(at(T0, 6), 'regular');
    });

    it("applies the station's own jurisdiction: QSEAL asks two days", async () => {
      const story = await Story.begin();
      await story.collect(T0, 'plasma regular', 'B');
      expectRefused((await story.tryCollect(at(T0, 1), 'plasma regular', 'B')).outcome, 'VALIDATION: collectionStart: is within 2 days');
      await story.collect(at(T0, 2), 'plasma regular', 'B');
    });
  });

  describe('deferrals', () => {
    it('turns a deferred donor away until the deferral ends, naming it; the donor record keeps it', async () => {
      const story = await Story.begin();
      const donor = pseudonymOf('deferred');
      const until = at(T0, 30);
      const record = await story.ok(callers.stationQaA, 'Donor:DeferDonor', [donor, deferral('temporary', 'medical', until)], T0);
      const [d] = record.deferrals;
      expect(d).to.deep.include({ kind: 'temporary', reason: 'medical', from: T0, until });
      expect(d.deferredBy).to.deep.equal({ mspId: 'StationAMSP', name: 'stationqa1', role: 'station-qa' });
      expect(d.deferralId).to.match(/^[0-9a-f]{64}$/);

      expectRefused(
        (await story.tryCollect(at(T0, 29), 'deferred')).outcome,
        `VALIDATION: donorPseudonym: names a donor deferred until ${until} (medical) by StationAMSP on ${T0}, deferral ${d.deferralId}: ` +
          'a deferred donor is not collected',
      );
      await story.collect(at(T0, 31), 'deferred');
      expect((await story.ok(callers.inspector, 'Donor:GetDonor', [donor], at(T0, 31))).deferrals).to.have.length(1);
    });

    it('turns away a bag recorded once the donor is deferred, even one stated as begun before the deferral', async () => {
      const story = await Story.begin();
      await story.ok(callers.stationQaA, 'Donor:DeferDonor', [pseudonymOf('just deferred'), deferral('permanent', 'reactive-test')], T0);
      // Stated as begun 42 minutes before the deferral, recorded 9 minutes after it: a back-dated start does not slip past.
      expectRefused(
        (await story.tryCollect(at(T0, 0, 0.05), 'just deferred')).outcome,
        'VALIDATION: donorPseudonym: names a donor deferred permanently (reactive-test) by StationAMSP',
      );
      // Recorded before the deferral, it was the bag of that visit.
      await story.collect(at(T0, -20), 'just deferred');
    });

    it('keeps one deferral in force per organisation, at least a day long, and a bounded record', async () => {
      const story = await Story.begin();
      const donor = pseudonymOf('much deferred');
      const {
        deferrals: [first],
      } = await story.ok(callers.stationQaA, 'Donor:DeferDonor', [donor, deferral('temporary', 'medical', at(T0, 2))], T0);
      expectRefused(
        await story.invoke(callers.stationQaA, 'Donor:DeferDonor', [donor, deferral('permanent', 'reactive-test')], at(T0, 1)),
        `CONFLICT: StationAMSP already defers this donor (deferral ${first.deferralId}); lift it to record another`,
      );
      // The regulator's deferral stands beside the station's.
      await story.ok(callers.regulator, 'Donor:DeferDonor', [donor, deferral('permanent', 'look-back')], at(T0, 1));
      expectRefused(
        await story.invoke(
          callers.stationQaA,
          'Donor:DeferDonor',
          [pseudonymOf('brief'), deferral('temporary', 'medical', at(T0, 0, 23))],
          T0,
        ),
        'VALIDATION: deferral.until: must be at least a day after now',
      );
      // Deferring and lifting in a loop stops at the cap.
      const looped = pseudonymOf('looped');
      let when = T0;
      for (let n = 0; n < MAX_DEFERRALS_PER_DONOR; n += 1) {
        const { deferrals } = await story.ok(callers.stationQaA, 'Donor:DeferDonor', [looped, deferral('permanent', 'other')], when);
        when = at(when, 0, 1);
        await story.ok(
          callers.stationQaA,
          'Donor:LiftDeferral',
          [looped, deferrals.at(-1).deferralId, { reason: 'entered-in-error' }],
          when,
        );
      }
      expectRefused(
        await story.invoke(callers.stationQaA, 'Donor:DeferDonor', [looped, deferral('permanent', 'other')], at(when, 0, 1)),
        `CONFLICT: the donor's record holds ${MAX_DEFERRALS_PER_DONOR} deferrals, the most it may`,
      );
    });

    it('is lifted only by the organisation that recorded it or by the regulator, with a reason, and stays on the record', async () => {
      const story = await Story.begin();
      const donor = pseudonymOf('wrongly deferred');
      const {
        deferrals: [d],
      } = await story.ok(callers.regulator, 'Donor:DeferDonor', [donor, deferral('permanent', 'look-back')], T0);
      expectRefused(
        await story.invoke(callers.stationQaA, 'Donor:LiftDeferral', [donor, d.deferralId, { reason: 'entered-in-error' }], at(T0, 1)),
        `FORBIDDEN: deferral ${d.deferralId} was recorded by RegulatorMSP; only it or the regulator lifts it`,
      );
      // A category, like the deferral's: free text would invite the donor's details onto the ledger.
      expectRefused(
        await story.invoke(
          callers.regulator,
          'Donor:LiftDeferral',
          [donor, d.deferralId, { reason: 'Zhang San: false positive' }],
          at(T0, 2),
        ),
        'VALIDATION: reason: must be one of',
      );
      const lifted = await story.ok(
        callers.regulator,
        'Donor:LiftDeferral',
        [donor, d.deferralId, { reason: 'finding-invalidated' }],
        at(T0, 2),
      );
      expect(lifted.deferrals[0].lifted).to.deep.include({ at: at(T0, 2), reason: 'finding-invalidated' });
      expect(lifted.lastChange).to.include({ transaction: 'Donor:LiftDeferral', reason: 'finding-invalidated' });
      expectRefused(
        await story.invoke(callers.regulator, 'Donor:LiftDeferral', [donor, d.deferralId, { reason: 'other' }], at(T0, 3)),
        `CONFLICT: deferral ${d.deferralId} was lifted on ${at(T0, 2)}`,
      );
      // Turned away while deferred, collected once lifted.
      await story.collect(at(T0, 3), 'wrongly deferred');
    });

    it("does not let a station turn away another station's donor; the regulator may, and a new donor may be deferred by anyone's QA", async () => {
      const story = await Story.begin();
      const donor = pseudonymOf('loyal to A');
      await story.collect(T0, 'loyal to A', 'A');
      expectRefused(
        await story.invoke(callers.stationQaB, 'Donor:DeferDonor', [donor, deferral('permanent', 'other')], at(T0, 1)),
        'FORBIDDEN: StationBMSP has not collected from this donor, whom other stations have',
      );
      expectRefused(
        await story.invoke(callers.collectorA, 'Donor:DeferDonor', [donor, deferral('permanent', 'other')], at(T0, 1)),
        'FORBIDDEN',
      );
      await story.ok(callers.stationQaA, 'Donor:DeferDonor', [donor, deferral('temporary', 'medical', at(T0, 5))], at(T0, 1));
      await story.ok(callers.regulator, 'Donor:DeferDonor', [donor, deferral('permanent', 'look-back')], at(T0, 2));
      await story.ok(callers.stationQaB, 'Donor:DeferDonor', [pseudonymOf('first visit'), deferral('permanent', 'medical')], at(T0, 1));
    });

    it('names the field and the rule of a bad deferral, and writes nothing', async () => {
      const story = await Story.begin();
      const donor = pseudonymOf('someone');
      const refused = async (value: unknown, pseudonym = donor) =>
        story.invoke(callers.stationQaA, 'Donor:DeferDonor', [pseudonym, value], T0);
      expectRefused(await refused(deferral('temporary', 'medical')), 'VALIDATION: deferral.until: is required for a temporary deferral');
      expectRefused(
        await refused(deferral('permanent', 'medical', at(T0, 3))),
        'VALIDATION: deferral.until: must be absent: a permanent deferral has no end',
      );
      expectRefused(
        await refused(deferral('temporary', 'medical', at(T0, -1))),
        'VALIDATION: deferral.until: must be at least a day after now',
      );
      expectRefused(await refused(deferral('temporary', 'medical', at(T0, 2000))), 'VALIDATION: deferral.until: must be within');
      expectRefused(await refused(deferral('temporary', 'tattoo', at(T0, 3))), 'VALIDATION: deferral.reason: must be one of');
      expectRefused(
        await refused({ ...deferral('permanent', 'medical'), note: 'HIV+' }),
        'VALIDATION: deferral.note: is not a known field',
      );
      expectRefused(await refused(deferral('permanent', 'medical'), 'Zhang San 110101199003070000'), 'VALIDATION: donorPseudonym:');
      expectRefused(await story.invoke(callers.inspector, 'Donor:GetDonor', [donor], T0), 'NOT_FOUND');
    });
  });

  describe('when a donor may next give (what the explorer tells a station before it collects)', () => {
    const actor = { mspId: 'StationAMSP', name: 'stationqa1', role: 'station-qa' };
    const donorWith = (...deferrals: Donor['deferrals']): Donor => ({
      donorPseudonym: pseudonymOf('x'),
      deferrals,
      lastChange: { txId: 'a'.repeat(64), at: T0, by: actor, transaction: 'Donor:DeferDonor' },
    });
    const temporary = (from: string, until: string) =>
      ({ deferralId: 'b'.repeat(64), kind: 'temporary', reason: 'medical', from, until, deferredBy: actor }) as const;

    it('is now for a donor with neither donations nor deferrals, and the interval after the latest donation otherwise', () => {
      expect(eligibleFrom(undefined, [], 14, T0)).to.equal(T0);
      expect(eligibleFrom(undefined, [at(T0, -20), at(T0, -5)], 14, T0)).to.equal(at(T0, 9));
    });

    it('moves past a deferral, and past the interval it ends inside of, and is never while a permanent one stands', () => {
      expect(eligibleFrom(donorWith(temporary(at(T0, -1), at(T0, 3))), [], 14, T0)).to.equal(at(T0, 3));
      expect(eligibleFrom(donorWith(temporary(at(T0, -1), at(T0, 3))), [at(T0, -5)], 14, T0)).to.equal(at(T0, 9));
      expect(eligibleFrom(donorWith(temporary(at(T0, -1), at(T0, 30))), [at(T0, -5)], 14, T0)).to.equal(at(T0, 30));
      const permanent = { ...temporary(at(T0, -1), at(T0, 1)), kind: 'permanent', until: undefined } as const;
      expect(eligibleFrom(donorWith(permanent), [], 14, T0)).to.equal(undefined);
      const lifted = { ...permanent, lifted: { at: at(T0, -0.5), by: actor, reason: 'entered-in-error' } } as const;
      expect(eligibleFrom(donorWith(lifted), [], 14, T0)).to.equal(T0);
    });
  });
});
