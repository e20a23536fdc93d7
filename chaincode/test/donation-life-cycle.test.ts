import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { callers, expectRefused, parsed } from './fixtures';
import { signRecord } from './pki';
import { at, screeningDetail, Story, T0 } from './story';

describe('Donation life cycle', () => {
  describe('screening', () => {
    it("keeps the detail in the station's private collection and the conclusion with its hash on the donation", async () => {
      const story = await Story.begin();
      const din = await story.collect(T0);
      const outcome = await story.invoke(callers.stationQaA, 'Donation:RecordScreening', [din], at(T0, 1), screeningDetail(at(T0, 1)));
      const donation = parsed(outcome);
      expect(donation.status).to.equal('screened');
      expect(donation.screening).to.include({ conclusion: 'negative', collection: 'screeningStationAMSP' });
      expect(donation.screening.analytes).to.deep.equal(['ALT', 'HBsAg', 'anti-HCV', 'anti-HIV-1/2', 'syphilis']);
      const [privateKey, bytes] = [...outcome.privateWrites][0]!;
      expect(privateKey).to.match(/^screeningStationAMSP\//);
      expect(createHash('sha256').update(bytes).digest('hex')).to.equal(donation.screening.detailHash);
      // Nothing of the detail (instrument, values) on the public record or in the event.
      expect(JSON.stringify(donation)).to.not.include('STAR-0042');
      expect(Buffer.from(outcome.event!.payload).toString()).to.not.include('STAR-0042');
    });

    it('lets the station and the factory read the detail, checked against the channel hash, and no one else', async () => {
      const story = await Story.begin();
      const din = await story.collect(T0);
      await story.screen(din, at(T0, 1));
      for (const reader of [callers.collectorA, callers.factoryQa]) {
        const detail = parsed(await story.invoke(reader, 'Donation:GetScreeningDetail', [din], at(T0, 2)));
        expect(detail).to.include({ hashMatches: true });
        expect(detail.channelHash).to.equal(detail.publicHash);
        expect(detail.detail.tests).to.have.length(5);
      }
      expectRefused(
        await story.invoke(callers.collectorB, 'Donation:GetScreeningDetail', [din], at(T0, 2)),
        'FORBIDDEN: the screening detail',
      );
      expectRefused(
        await story.invoke(callers.inspector, 'Donation:GetScreeningDetail', [din], at(T0, 2)),
        'FORBIDDEN: Donation:GetScreeningDetail requires role',
      );
    });

    it('rejects a bag with one reactive marker', async () => {
      const story = await Story.begin();
      const din = await story.collect(T0);
      const donation = await story.screen(din, at(T0, 1), 'anti-HCV');
      expect(donation).to.include({ status: 'rejected' });
      expect(donation.screening.conclusion).to.equal('reactive');
    });

    it('refuses screening without every mandatory test, without transient data, or by another station', async () => {
      const story = await Story.begin();
      const din = await story.collect(T0);
      const partial = JSON.parse(screeningDetail(at(T0, 1)).screening!);
      partial.tests = partial.tests.filter((test: { analyte: string }) => test.analyte !== 'syphilis');
      expectRefused(
        await story.invoke(callers.stationQaA, 'Donation:RecordScreening', [din], at(T0, 1), { screening: JSON.stringify(partial) }),
        'VALIDATION: screening.tests: must include every mandatory screening test; missing syphilis',
      );
      expectRefused(
        await story.invoke(callers.stationQaA, 'Donation:RecordScreening', [din], at(T0, 1)),
        'VALIDATION: screening: is required as transient data',
      );
      expectRefused(
        await story.invoke(callers.stationQaB, 'Donation:RecordScreening', [din], at(T0, 1), screeningDetail(at(T0, 1))),
        'FORBIDDEN: donation',
      );
      await story.screen(din, at(T0, 1));
      expectRefused(
        await story.invoke(callers.stationQaA, 'Donation:RecordScreening', [din], at(T0, 2), screeningDetail(at(T0, 2))),
        'CONFLICT: donation',
      );
    });
  });

  describe('storage and temperature holds', () => {
    it('stores screened bags at or below the storage limit only', async () => {
      const story = await Story.begin();
      const din = await story.collect(T0);
      expectRefused(
        await story.invoke(callers.collectorA, 'Donation:RecordStorage', [[din], { location: 'F1', temperatureC: -25 }], at(T0, 1)),
        'CONFLICT: donation',
      );
      await story.screen(din, at(T0, 1));
      expectRefused(
        // Seed 000: source plasma at or below -25 °C; a bag at -22 °C (fine under the old -20 °C default) is refused.
        await story.invoke(callers.collectorA, 'Donation:RecordStorage', [[din], { location: 'F1', temperatureC: -22 }], at(T0, 1)),
        'VALIDATION: storage.temperatureC: must be at or below the CN storage limit of -25 °C',
      );
      await story.store([din], at(T0, 1));
      expect((await story.donation(din)).storage).to.include({ location: 'freezer F1', temperatureC: -30 });
    });

    it('holds bags after an excursion and returns them when it stays within the allowance (colder than -5 °C, 72 h, once)', async () => {
      const story = await Story.begin();
      const din = await story.collect(T0);
      await story.screen(din, at(T0, 1));
      await story.store([din], at(T0, 1));
      const excursion = { location: 'freezer F1', maxTemperatureC: -12, durationHours: 6 };
      const held = parsed(await story.invoke(callers.collectorA, 'Donation:RecordTemperatureExcursion', [[din], excursion], at(T0, 2)));
      expect(held[0]).to.include({ status: 'on-hold', excursionCount: 1 });
      expect(held[0].hold).to.deep.include({ kind: 'temperature', from: 'stored' });
      expectRefused(
        await story.invoke(callers.collectorA, 'Donation:ResolveHold', [din, { reason: 'ok' }], at(T0, 3)),
        'FORBIDDEN: Donation:ResolveHold requires role',
      );
      const resolved = parsed(
        await story.invoke(callers.stationQaA, 'Donation:ResolveHold', [din, { reason: 'within allowance' }], at(T0, 3)),
      );
      expect(resolved).to.include({ status: 'stored', excursionCount: 1 });
      expect(resolved).to.not.have.property('hold');
      // A second excursion exceeds the allowance of one: the bag must be destroyed.
      await story.ok(callers.collectorA, 'Donation:RecordTemperatureExcursion', [[din], excursion], at(T0, 4));
      expectRefused(
        await story.invoke(callers.stationQaA, 'Donation:ResolveHold', [din, { reason: 'again' }], at(T0, 5)),
        'CONFLICT: the excursion of donation',
      );
    });

    it('refuses to resolve an excursion at -5 °C or warmer, or longer than 72 hours', async () => {
      for (const excursion of [
        { maxTemperatureC: -5, durationHours: 2 },
        { maxTemperatureC: -15, durationHours: 73 },
      ]) {
        const story = await Story.begin();
        const din = await story.collect(T0);
        await story.ok(callers.collectorA, 'Donation:RecordTemperatureExcursion', [[din], { location: 'F1', ...excursion }], at(T0, 1));
        expectRefused(
          await story.invoke(callers.stationQaA, 'Donation:ResolveHold', [din, { reason: 'r' }], at(T0, 2)),
          'CONFLICT: the excursion',
        );
      }
    });

    it('refuses an "excursion" that stays at or below the storage limit, and one recorded by a non-custodian', async () => {
      const story = await Story.begin();
      const din = await story.collect(T0);
      expectRefused(
        await story.invoke(
          callers.collectorA,
          'Donation:RecordTemperatureExcursion',
          [[din], { location: 'F1', maxTemperatureC: -26, durationHours: 1 }],
          at(T0, 1),
        ),
        'VALIDATION: excursion.maxTemperatureC: must be warmer than the CN storage limit',
      );
      expectRefused(
        await story.invoke(
          callers.warehouse,
          'Donation:RecordTemperatureExcursion',
          [[din], { location: 'F1', maxTemperatureC: -10, durationHours: 1 }],
          at(T0, 1),
        ),
        'FORBIDDEN: donation',
      );
    });
  });

  describe('release from quarantine', () => {
    it('releases a donation once the CN hold of 90 days is served and a later donation of the donor tested negative', async () => {
      const story = await Story.begin();
      const {
        dins: [din],
        followUps: [followUp],
      } = await story.quarantinedDonations(1);
      expectRefused(
        await story.invoke(callers.factoryQa, 'Donation:ReleaseDonations', [[din]], at(T0, 89)),
        `CONFLICT: donation ${din!.slice(0, 13)} has not served the CN hold of 90 days from its recording`,
      );
      const [released] = parsed(await story.invoke(callers.factoryQa, 'Donation:ReleaseDonations', [[din]], at(T0, 90, 0.1)));
      expect(released.status).to.equal('released');
      expect(released.release).to.deep.include({ jurisdiction: 'CN', holdDays: 90, laterNegativeDin: followUp!.slice(0, 13) });
    });

    it("applies the QSEAL hold of 60 days to a QSEAL station's plasma", async () => {
      const story = await Story.begin();
      const {
        dins: [din],
      } = await story.quarantinedDonations(1, T0, 'B');
      expectRefused(await story.invoke(callers.factoryQa, 'Donation:ReleaseDonations', [[din]], at(T0, 59)), 'CONFLICT: donation');
      const [released] = parsed(await story.invoke(callers.factoryQa, 'Donation:ReleaseDonations', [[din]], at(T0, 61)));
      expect(released.release).to.include({ jurisdiction: 'QSEAL', holdDays: 60 });
    });

    it('refuses release without a later negative donation of the same donor', async () => {
      const story = await Story.begin();
      const din = await story.collect(T0, 'lonely donor');
      await story.screen(din, at(T0, 1));
      await story.store([din], at(T0, 1));
      const shipment = await story.ship([din], at(T0, 2));
      await story.receive(shipment, [din], at(T0, 3));
      await story.quarantine([din], at(T0, 3));
      expectRefused(
        await story.invoke(callers.factoryQa, 'Donation:ReleaseDonations', [[din]], at(T0, 120)),
        'CONFLICT: donation G100125000001 needs a later donation of the same donor at StationAMSP, recorded and screened negative after it',
      );
      // A later donation that is still unscreened does not count; once screened negative it does.
      const later = await story.collect(at(T0, 100), 'lonely donor');
      expectRefused(await story.invoke(callers.factoryQa, 'Donation:ReleaseDonations', [[din]], at(T0, 120)), 'CONFLICT');
      await story.screen(later, at(T0, 101));
      expect(parsed(await story.invoke(callers.factoryQa, 'Donation:ReleaseDonations', [[din]], at(T0, 120)))[0].status).to.equal(
        'released',
      );
    });

    it('refuses release of a donation that is not in quarantine, or by a station', async () => {
      const story = await Story.begin();
      const din = await story.collect(T0);
      expectRefused(await story.invoke(callers.factoryQa, 'Donation:ReleaseDonations', [[din]], at(T0, 120)), 'FORBIDDEN: donation');
      expectRefused(
        await story.invoke(callers.stationQaA, 'Donation:ReleaseDonations', [[din]], at(T0, 120)),
        'FORBIDDEN: Donation:ReleaseDonations requires role factory-qa',
      );
    });
  });

  describe('destruction', () => {
    it("destroys a rejected bag with the custodian QA's signed destruction record", async () => {
      const story = await Story.begin();
      const din = await story.collect(T0);
      await story.screen(din, at(T0, 1), 'HBsAg');
      const order = { method: 'autoclave, then incineration', reason: 'HBsAg reactive at screening' };
      const { record, digest } = await story.ok(callers.stationQaA, 'Donation:GetDestructionRecord', [din, order], at(T0, 2));
      expect(record).to.include({ type: 'donation-destruction', id: din.slice(0, 13) });
      const signature = signRecord(callers.stationQaA, digest, 'destruction', at(T0, 2, -0.1));
      const destroyed = await story.ok(callers.stationQaA, 'Donation:DestroyDonation', [din, order, signature], at(T0, 2));
      expect(destroyed.status).to.equal('destroyed');
      expect(destroyed.destruction.signature).to.include({ signerName: 'stationqa1', meaning: 'destruction' });
      expect(destroyed.lastChange.reason).to.equal(order.reason);
    });

    it('refuses to destroy a conforming bag, or with a signature of another bag', async () => {
      const story = await Story.begin();
      const good = await story.collect(T0);
      const bad = await story.collect(T0, 'donor-2');
      await story.screen(good, at(T0, 1));
      await story.screen(bad, at(T0, 1), 'syphilis');
      const order = { method: 'incineration', reason: 'non-conforming' };
      const { digest } = await story.ok(callers.stationQaA, 'Donation:GetDestructionRecord', [bad, order], at(T0, 2));
      const signature = signRecord(callers.stationQaA, digest, 'destruction', at(T0, 2, -0.1));
      expectRefused(
        await story.invoke(callers.stationQaA, 'Donation:DestroyDonation', [good, order, signature], at(T0, 2)),
        'CONFLICT: donation',
      );
      const other = await story.collect(T0, 'donor-3');
      await story.screen(other, at(T0, 1), 'syphilis');
      expectRefused(
        await story.invoke(callers.stationQaA, 'Donation:DestroyDonation', [other, order, signature], at(T0, 2)),
        'VALIDATION: signature.recordDigest: is not the digest of donation-destruction',
      );
    });
  });
});
