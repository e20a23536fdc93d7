// Issue 10: what a dishonest member with a valid certificate, or a client that lies about time, could do before, and
// that the ledger now refuses. Each test names its item; docs/security.md lists them with the rule each enforces.
import { expect } from 'chai';
import { sign } from 'node:crypto';
import { signingPayload } from '../src/signatures/electronic-signature';
import { derSignature, signatureParts } from '../src/signatures/ecdsa';
import { ruleOf } from '../src/ledger/endorsement';
import { callers, cas, DIN_A, dinOf, donationInput, expectRefused, governedLedger, parsed, succeeded } from './fixtures';
import { signRecord, type TestIdentity } from './pki';
import { at, pseudonymOf, screeningDetail, Story, T0 } from './story';

const ownerPolicy = (owner: string) => ({
  required: 2,
  of: [
    { peerOf: owner },
    {
      required: 1,
      of: ['FactoryMSP', 'RegulatorMSP', 'StationAMSP', 'StationBMSP'].filter((m) => m !== owner).map((peerOf) => ({ peerOf })),
    },
  ],
});

/** Brings a collected bag to quarantine at the factory, each step an hour after `from`. */
async function toQuarantine(story: Story, din: string, from: string): Promise<void> {
  await story.store([din], at(from, 0, 1));
  const shipment = await story.ship([din], at(from, 0, 2));
  await story.receive(shipment, [din], at(from, 0, 3));
  await story.quarantine([din], at(from, 0, 4));
}

describe('trust rules (issue 10)', () => {
  describe("item 1: transaction time checked against each endorsing peer's clock", () => {
    it("refuses a proposal stamped an hour behind or ahead of the endorsing peer's clock, naming the timestamp and both times", async () => {
      const ledger = await governedLedger();
      const input = [JSON.stringify(donationInput())];
      const behind = await ledger.invoke(callers.collectorA, 'Donation:RecordDonation', input, '2025-06-01T10:00:00.000Z', {
        peerTime: '2025-06-01T11:00:00.000Z',
      });
      expectRefused(
        behind,
        "VALIDATION: timestamp: the transaction's timestamp 2025-06-01T10:00:00.000Z differs from the endorsing peer's clock (2025-06-01T11:00:00.000Z)",
      );
      const ahead = await ledger.invoke(callers.collectorA, 'Donation:RecordDonation', input, '2025-06-01T10:00:00.000Z', {
        peerTime: '2025-06-01T09:00:00.000Z',
      });
      expectRefused(
        ahead,
        "VALIDATION: timestamp: the transaction's timestamp 2025-06-01T10:00:00.000Z differs from the endorsing peer's clock (2025-06-01T09:00:00.000Z)",
      );
      // Within the governed tolerance (5 minutes) the peer endorses.
      succeeded(
        await ledger.invoke(callers.collectorA, 'Donation:RecordDonation', input, '2025-06-01T10:00:00.000Z', {
          peerTime: '2025-06-01T10:04:30.000Z',
        }),
      );
    });

    it("checks queries and governance too, before the role matrix: no transaction trusts a client's clock", async () => {
      const ledger = await governedLedger();
      const query = await ledger.invoke(callers.inspector, 'RuleSet:GetRuleSet', ['CN'], '2025-06-01T10:00:00.000Z', {
        peerTime: '2025-06-01T12:00:00.000Z',
      });
      expect(query.error?.message).to.match(/^VALIDATION: timestamp: /);
      const unknownCaller = await ledger.invoke(
        { mspId: 'HospitalMSP', commonName: 'x', role: 'collector' },
        'Donation:RecordDonation',
        [JSON.stringify(donationInput())],
        '2025-06-01T10:00:00.000Z',
        { peerTime: '2025-06-02T10:00:00.000Z' },
      );
      expectRefused(unknownCaller, 'VALIDATION: timestamp:');
    });
  });

  describe('item 2: a back-dated collection cannot shorten the hold', () => {
    const RECORDED = at(T0, 200);
    const LATE_DIN = dinOf('G1001', 9001);
    const backDated = donationInput({
      din: LATE_DIN,
      collectionStart: at(T0, 0, -0.75),
      collectionEnd: T0,
      donorPseudonym: pseudonymOf('late donor'),
    });
    const reason = { reason: 'scanner offline at the mobile session; entered from the paper record' };

    async function lateEntrySignature(story: Story, signer: TestIdentity = callers.stationQaA): Promise<unknown> {
      const { digest } = await story.ok(callers.stationQaA, 'Donation:GetLateEntryRecord', [backDated, reason], RECORDED);
      return signRecord(signer, digest, 'late-entry', RECORDED);
    }

    it('refuses a donation recorded more than 72 hours after its collection ended, naming collectionEnd', async () => {
      const story = await Story.begin();
      expectRefused(
        await story.invoke(callers.collectorA, 'Donation:RecordDonation', [backDated], RECORDED),
        "VALIDATION: collectionEnd: is more than 72 hours before the recording (2025-07-29T08:00:00.000Z); a late entry needs the station QA's signed late-entry record",
      );
      // 71 hours late is still an entry on time.
      succeeded(await story.invoke(callers.collectorA, 'Donation:RecordDonation', [backDated], at(T0, 0, 71)));
    });

    it("accepts a late entry with the station QA's signature, and counts its hold from the recording", async () => {
      const story = await Story.begin();
      const late = await story.ok(
        callers.collectorA,
        'Donation:RecordLateDonation',
        [backDated, reason, await lateEntrySignature(story)],
        RECORDED,
      );
      expect(late.lateEntry).to.include({ reason: reason.reason });
      expect(late.lateEntry.signature).to.include({ meaning: 'late-entry', signerName: 'stationqa1', mspId: 'StationAMSP' });
      await story.screen(LATE_DIN, at(RECORDED, 0, 1));
      // The donor's next donation, collected, recorded and screened after the late entry.
      const next = await story.collect(at(RECORDED, 1), 'late donor');
      await story.screen(next, at(RECORDED, 1, 1));
      await toQuarantine(story, LATE_DIN, at(RECORDED, 2));
      // 230 days after the stated collection, but 40 after the recording: still held.
      expectRefused(
        await story.invoke(callers.factoryQa, 'Donation:ReleaseDonations', [[LATE_DIN]], at(RECORDED, 40)),
        `CONFLICT: donation ${LATE_DIN.slice(0, 13)} has not served the CN hold of 90 days from its late recording`,
      );
      expect((await story.ok(callers.factoryQa, 'Donation:ReleaseDonations', [[LATE_DIN]], at(RECORDED, 91)))[0].status).to.equal(
        'released',
      );
    });

    it("refuses a late entry signed by anyone but the station's QA, and one that is not late", async () => {
      const story = await Story.begin();
      for (const signer of [callers.collectorA, callers.stationQaB]) {
        const refused = await story.invoke(
          callers.collectorA,
          'Donation:RecordLateDonation',
          [backDated, reason, await lateEntrySignature(story, signer)],
          RECORDED,
        );
        expectRefused(refused, 'FORBIDDEN: a late-entry signature');
      }
      const onTime = donationInput({ collectionStart: at(RECORDED, 0, -2), collectionEnd: at(RECORDED, 0, -1) });
      const { digest } = await story.ok(callers.stationQaA, 'Donation:GetLateEntryRecord', [onTime, reason], RECORDED);
      expectRefused(
        await story.invoke(
          callers.collectorA,
          'Donation:RecordLateDonation',
          [onTime, reason, signRecord(callers.stationQaA, digest, 'late-entry', RECORDED)],
          RECORDED,
        ),
        'VALIDATION: collectionEnd: is within 72 hours of the recording',
      );
    });
  });

  describe('item 3: the later negative donation that releases a bag', () => {
    it("must come from the same station: another station's negative donation of the donor does not release it", async () => {
      const story = await Story.begin();
      const held = await story.collect(T0, 'travelling donor', 'A');
      await story.screen(held, at(T0, 0, 1), undefined, 'A');
      const elsewhere = await story.collect(at(T0, 14), 'travelling donor', 'B');
      await story.screen(elsewhere, at(T0, 14, 1), undefined, 'B');
      await toQuarantine(story, held, at(T0, 1));
      expectRefused(
        await story.invoke(callers.factoryQa, 'Donation:ReleaseDonations', [[held]], at(T0, 91)),
        'CONFLICT: donation G100125000001 needs a later donation of the same donor at StationAMSP, recorded and screened negative after it',
      );
      const home = await story.collect(at(T0, 28), 'travelling donor', 'A');
      await story.screen(home, at(T0, 28, 1), undefined, 'A');
      expect((await story.ok(callers.factoryQa, 'Donation:ReleaseDonations', [[held]], at(T0, 91)))[0].release.laterNegativeDin).to.equal(
        home.slice(0, 13),
      );
    });

    it('must be screened after the held bag was: a result that came before it proves nothing about the window period', async () => {
      const story = await Story.begin();
      const held = await story.collect(T0, 'slow lab donor');
      const later = await story.collect(at(T0, 14), 'slow lab donor');
      await story.screen(later, at(T0, 14, 1));
      await story.screen(held, at(T0, 20)); // the held bag's own screening came last
      await toQuarantine(story, held, at(T0, 21));
      expectRefused(
        await story.invoke(callers.factoryQa, 'Donation:ReleaseDonations', [[held]], at(T0, 91)),
        'CONFLICT: donation G100125000001 needs a later donation',
      );
    });

    it('must be recorded after the held bag: a late-entered bag is not released by a donation recorded before it', async () => {
      const story = await Story.begin();
      const LATE = dinOf('G1001', 9002);
      const later = await story.collect(at(T0, 14), 'paper donor');
      await story.screen(later, at(T0, 14, 1));
      // The earlier collection is entered late, after `later` was recorded and screened.
      const input = {
        din: LATE,
        productCode: 'E0701V00',
        donorPseudonym: pseudonymOf('paper donor'),
        collectionStart: at(T0, 0, -0.75),
        collectionEnd: T0,
        volumeMl: 600,
        deviceSerial: 'PCS2-0042',
        anticoagulantLot: 'ACD-24117',
      };
      const reason = { reason: 'entered from the paper record' };
      const { digest } = await story.ok(callers.stationQaA, 'Donation:GetLateEntryRecord', [input, reason], at(T0, 30));
      await story.ok(
        callers.collectorA,
        'Donation:RecordLateDonation',
        [input, reason, signRecord(callers.stationQaA, digest, 'late-entry', at(T0, 30))],
        at(T0, 30),
      );
      await story.ok(callers.stationQaA, 'Donation:RecordScreening', [LATE], at(T0, 30, 1), screeningDetail(at(T0, 30, 1)));
      await toQuarantine(story, LATE, at(T0, 31));
      expectRefused(
        await story.invoke(callers.factoryQa, 'Donation:ReleaseDonations', [[LATE]], at(T0, 125)),
        `CONFLICT: donation ${LATE.slice(0, 13)} needs a later donation`,
      );
    });
  });

  describe("item 7: ids that name a site's thing carry their owner", () => {
    it("refuses a device id without a FIN of the registering site, so no member can squat another's device", async () => {
      const story = await Story.begin();
      // StationB tried to take StationA's freezer id first.
      expectRefused(
        await story.invoke(
          callers.stationBAdmin,
          'ColdChain:RegisterDevice',
          [{ deviceId: 'G1001-FRZ-01', kind: 'freezer', location: 'freezer F1' }],
          T0,
        ),
        'VALIDATION: device.deviceId: must start with the FIN of one of StationBMSP\'s facilities (G1002) and "-"',
      );
      expectRefused(
        await story.invoke(
          callers.stationBAdmin,
          'ColdChain:RegisterDevice',
          [{ deviceId: 'FRZ-01', kind: 'freezer', location: 'freezer F1' }],
          T0,
        ),
        'VALIDATION: device.deviceId: must be a device id',
      );
      const device = await story.ok(
        callers.stationAAdmin,
        'ColdChain:RegisterDevice',
        [{ deviceId: 'G1001-FRZ-01', kind: 'freezer', location: 'freezer F1' }],
        T0,
      );
      expect(device).to.include({ deviceId: 'G1001-FRZ-01', site: 'StationAMSP' });
    });
  });

  describe("item 8: who may stop other members' work with a look-back", () => {
    async function donorOfStationA(story: Story): Promise<string> {
      const din = await story.collect(T0, 'donor of A');
      await story.screen(din, at(T0, 0, 1));
      return din;
    }
    const DONOR = pseudonymOf('donor of A');
    const WHEN = at(T0, 30);

    it("refuses another station's QA, an inspector and the factory for a donor they never held", async () => {
      const story = await Story.begin();
      await donorOfStationA(story);
      expectRefused(
        await story.invoke(callers.stationQaB, 'LookBack:OpenLookBack', [DONOR, 'rumour', {}], WHEN),
        'FORBIDDEN: StationBMSP has not collected from this donor',
      );
      expectRefused(
        await story.invoke(callers.factoryQa, 'LookBack:OpenLookBack', [DONOR, 'rumour', {}], WHEN),
        'FORBIDDEN: FactoryMSP has not received plasma of this donor',
      );
      expectRefused(
        await story.invoke(callers.inspector, 'LookBack:OpenLookBack', [DONOR, 'rumour', {}], WHEN),
        'FORBIDDEN: LookBack:OpenLookBack requires role',
      );
      expect((await story.donation(DIN_A)).status).to.equal('screened');
    });

    it("lets them file a request that only the regulator or the donor's own station decides", async () => {
      const story = await Story.begin();
      await donorOfStationA(story);
      const request = await story.ok(
        callers.inspector,
        'LookBack:RequestLookBack',
        [DONOR, 'inspection finding: donor deferred elsewhere', {}],
        WHEN,
      );
      expect(request).to.include({ status: 'requested' });
      expect((await story.donation(DIN_A)).status).to.equal('screened');
      expectRefused(
        await story.invoke(callers.stationQaB, 'LookBack:ConfirmLookBackRequest', [request.requestId], WHEN),
        'FORBIDDEN: a look-back request on this donor is decided by',
      );
      const opened = await story.ok(callers.stationQaA, 'LookBack:ConfirmLookBackRequest', [request.requestId], WHEN);
      expect(opened).to.include({ status: 'complete' });
      expect((await story.donation(DIN_A)).status).to.equal('interdicted');
      const confirmed = await story.ok(callers.inspector, 'LookBack:GetLookBackRequest', [request.requestId], WHEN);
      expect(confirmed).to.include({ status: 'confirmed', caseId: opened.caseId });
      expectRefused(
        await story.invoke(callers.regulator, 'LookBack:DeclineLookBackRequest', [request.requestId, { reason: 'late' }], WHEN),
        'CONFLICT: look-back request',
      );
    });

    it("lifts a lot's look-back hold only after the regulator signs a cleared conclusion, with its reason", async () => {
      const story = await Story.begin();
      const dins = await story.releasedDonations(3, T0, 'A', 'pool donor');
      const pool = await story.closedPool(dins, at(T0, 92));
      await story.releasedLot('L1', [pool], at(T0, 93));
      const donor = (await story.donation(dins[0]!)).donorPseudonym as string;
      const when = at(T0, 100);
      const { caseId } = await story.ok(callers.stationQaA, 'LookBack:OpenLookBack', [donor, 'donor anti-HCV reactive', {}], when);
      const release = () =>
        story.invoke(
          callers.factoryQa,
          'Lot:ReleaseHold',
          ['L1', caseId, { reason: 'false positive confirmed by the regulator' }],
          at(when, 2),
        );
      expectRefused(
        await release(),
        `CONFLICT: hold ${caseId} of lot L1 is a look-back hold; it is lifted only once the regulator concludes`,
      );

      const conclusion = { outcome: 'cleared', reason: 'confirmatory immunoblot negative: the screening result was a false positive' };
      const { digest } = await story.ok(callers.regulator, 'LookBack:GetLookBackConclusionRecord', [caseId, conclusion], at(when, 1));
      // Only the regulator's own signature concludes a case.
      expectRefused(
        await story.invoke(
          callers.regulator,
          'LookBack:ConcludeLookBack',
          [caseId, conclusion, signRecord(callers.inspector, digest, 'look-back-conclusion', at(when, 1))],
          at(when, 1),
        ),
        'FORBIDDEN: a look-back-conclusion signature needs a signer with role regulator',
      );
      const concluded = await story.ok(
        callers.regulator,
        'LookBack:ConcludeLookBack',
        [caseId, conclusion, signRecord(callers.regulator, digest, 'look-back-conclusion', at(when, 1))],
        at(when, 1),
      );
      expect(concluded.conclusion).to.include({ outcome: 'cleared', reason: conclusion.reason });
      const lifted = parsed(await release());
      expect(lifted.holds).to.deep.equal([]);
      expect(lifted.lastChange).to.include({ reason: 'false positive confirmed by the regulator', transaction: 'Lot:ReleaseHold' });
    });

    it('keeps the hold when the regulator confirms the case', async () => {
      const story = await Story.begin();
      const dins = await story.releasedDonations(2, T0, 'A', 'pool donor');
      await story.releasedLot('L1', [await story.closedPool(dins, at(T0, 92))], at(T0, 93));
      const donor = (await story.donation(dins[0]!)).donorPseudonym as string;
      const { caseId } = await story.ok(callers.regulator, 'LookBack:OpenLookBack', [donor, 'donor anti-HIV confirmed', {}], at(T0, 100));
      const conclusion = { outcome: 'confirmed', reason: 'Western blot positive' };
      const { digest } = await story.ok(callers.regulator, 'LookBack:GetLookBackConclusionRecord', [caseId, conclusion], at(T0, 101));
      await story.ok(
        callers.regulator,
        'LookBack:ConcludeLookBack',
        [caseId, conclusion, signRecord(callers.regulator, digest, 'look-back-conclusion', at(T0, 101))],
        at(T0, 101),
      );
      expectRefused(
        await story.invoke(callers.regulator, 'Lot:ReleaseHold', ['L1', caseId, { reason: 'r' }], at(T0, 102)),
        'CONFLICT: hold',
      );
    });
  });

  describe('item 9: a laboratory result is closed by its own laboratory', () => {
    it("refuses factory QA invalidating the regulator laboratory's OOS result on the factory's lot; the regulator closes it", async () => {
      const story = await Story.begin();
      const pool = await story.closedPool(await story.releasedDonations(2), at(T0, 92));
      await story.lotReadyForRelease('L1', [pool], at(T0, 93));
      const oos = await story.testResult('lot', 'L1', 'sterility', at(T0, 94), 'fail', callers.regulator);
      expect(oos.organisation).to.equal('RegulatorMSP');
      const closure = { outcome: 'invalidated', rootCause: 'the factory says the sample was mishandled', capa: 'none' };
      expectRefused(
        await story.invoke(callers.factoryQa, 'TestResult:CloseOosInvestigation', [oos.resultId, closure], at(T0, 95)),
        `FORBIDDEN: test result ${oos.resultId} was reported by RegulatorMSP; only its laboratory closes its investigation`,
      );
      expect((await story.ok(callers.inspector, 'Lot:GetLot', ['L1'], at(T0, 95))).holds).to.have.length(1);
      await story.ok(
        callers.regulator,
        'TestResult:CloseOosInvestigation',
        [oos.resultId, { ...closure, rootCause: 'incubator failure in our laboratory' }],
        at(T0, 95),
      );
      expect((await story.ok(callers.inspector, 'Lot:GetLot', ['L1'], at(T0, 95))).holds).to.deep.equal([]);
    });
  });

  describe("item 10: every record needs its owner's peer to change", () => {
    it('puts each owned record under a policy of its owner and one other member, and the regulator release under the regulator', async () => {
      const story = await Story.begin();
      const dins = await story.releasedDonations(2);
      const pool = await story.closedPool(dins, at(T0, 92));
      await story.lotReadyForRelease('L1', [pool], at(T0, 93));
      const policies = story.ledger.validationParameters;
      const policyOf = (prefix: string) => ruleOf(policies.get([...policies.keys()].find((key) => key.startsWith(prefix))!)!);
      expect(policyOf(`\u0000donation\u0000${dins[0]!.slice(0, 13)}`)).to.deep.equal(ownerPolicy('StationAMSP'));
      expect(policyOf('\u0000shipment\u0000')).to.deep.equal(ownerPolicy('StationAMSP'));
      expect(policyOf(`\u0000pool\u0000${pool.slice(0, 13)}`)).to.deep.equal(ownerPolicy('FactoryMSP'));
      expect(policyOf('\u0000pool-chunk\u0000')).to.deep.equal(ownerPolicy('FactoryMSP'));
      expect(policyOf('\u0000lot\u0000L1')).to.deep.equal(ownerPolicy('FactoryMSP'));
      expect(policyOf('\u0000lot-step\u0000L1')).to.deep.equal(ownerPolicy('FactoryMSP'));
      expect(policyOf('\u0000test-result\u0000')).to.deep.equal(ownerPolicy('FactoryMSP'));
      expect(policyOf('\u0000lot-regulator-release\u0000L1')).to.deep.equal(ownerPolicy('RegulatorMSP'));
    });

    it("ships nothing unless the regulator's own release key says released, whatever the lot says", async () => {
      const story = await Story.begin();
      const pool = await story.closedPool(await story.releasedDonations(2), at(T0, 92));
      await story.lotReadyForRelease('L1', [pool], at(T0, 93));
      await story.qaRelease('L1', at(T0, 93));
      const caseCode = await story.packedCase('L1', 2, at(T0, 94));
      // Two colluding members write "released" into the factory's lot record, which its policy (factory + one) allows.
      const lotKey = '\u0000lot\u0000L1\u0000';
      const lot = JSON.parse(Buffer.from(story.ledger.state.get(lotKey)!).toString());
      const forgedRelease = { releasedAt: at(T0, 95), signature: lot.qaRelease.signatures[1] };
      story.ledger.state.set(lotKey, Buffer.from(JSON.stringify({ ...lot, status: 'released', regulatorRelease: forgedRelease })));
      expectRefused(
        await story.invoke(
          callers.warehouse,
          'Units:ShipCases',
          [{ shipmentId: 'OUT-1', destination: 'DC', cases: [caseCode] }],
          at(T0, 95),
        ),
        `CONFLICT: case ${caseCode} holds units of lot L1, which is not released for sale: the regulator's release key holds no genuine release`,
      );
    });
  });

  describe('item 12: one signing act, one encoding', () => {
    it('refuses the mirror form (r, n - s) and a padded DER encoding of a valid signature', async () => {
      const story = await Story.begin();
      const pool = await story.closedPool(await story.releasedDonations(2), at(T0, 92));
      await story.lotReadyForRelease('L1', [pool], at(T0, 93));
      await story.qaRelease('L1', at(T0, 93));
      const when = at(T0, 94);
      const { digest } = await story.ok(callers.regulator, 'Lot:GetReleaseRecord', ['L1', 'regulator'], when);
      const good = signRecord(callers.regulator, digest, 'regulator-lot-release', when);
      const parts = signatureParts(Buffer.from(good.signature, 'base64'))!;
      const order = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
      const mirror = { ...good, signature: derSignature({ r: parts.r, s: order - parts.s }).toString('base64') };
      expectRefused(
        await story.invoke(callers.regulator, 'Lot:RegulatorRelease', ['L1', mirror], when),
        'VALIDATION: signature.signature: must be a canonical DER ECDSA P-256 signature in its low-S form',
      );
      // OpenSSL's own signature, whichever half its s falls in, is accepted only in the low-S form.
      const raw = sign('sha256', Buffer.from(signingPayload(good)), callers.regulator.privateKey);
      const rawParts = signatureParts(raw)!;
      if (rawParts.s > order / 2n) {
        expectRefused(
          await story.invoke(callers.regulator, 'Lot:RegulatorRelease', ['L1', { ...good, signature: raw.toString('base64') }], when),
          'VALIDATION: signature.signature',
        );
      }
      const padded = Buffer.from(good.signature, 'base64');
      const longer = Buffer.concat([Buffer.from([0x30, padded[1]! + 1, 0x02, padded[3]! + 1, 0x00]), padded.subarray(4)]);
      expectRefused(
        await story.invoke(callers.regulator, 'Lot:RegulatorRelease', ['L1', { ...good, signature: longer.toString('base64') }], when),
        'VALIDATION: signature.signature',
      );
      expect((await story.ok(callers.regulator, 'Lot:RegulatorRelease', ['L1', good], when)).status).to.equal('released');
    });
  });

  describe('item 13: the two-person rule is about people, not names', () => {
    async function readyLot(): Promise<{ story: Story; digest: string; when: string }> {
      const story = await Story.begin();
      const pool = await story.closedPool(await story.releasedDonations(2), at(T0, 92));
      await story.lotReadyForRelease('L1', [pool], at(T0, 93));
      const when = at(T0, 94);
      const { digest } = await story.ok(callers.qp, 'Lot:GetReleaseRecord', ['L1', 'qa'], when);
      return { story, digest, when };
    }

    it('refuses a QP release signed by the QA reviewer under a second name with the same person id, enrolment id or key', async () => {
      const ca = cas.FactoryMSP;
      const reviewer = ca.issue('qa7', 'factory-qa', {}, { person: 'EMP-0042' });
      const sameKey = ca.issue('qp7', 'qp', {}, {}, reviewer.privateKey);
      const samePerson = ca.issue('qp8', 'qp', {}, { person: 'EMP-0042' });
      const sameEnrolment = ca.issue('qp9', 'qp', {}, { 'hf.EnrollmentID': 'qa7' });
      for (const [qp, shared] of [
        [sameKey, 'public key'],
        [samePerson, 'person'],
        [sameEnrolment, 'enrolment id'],
      ] as const) {
        const { story, digest, when } = await readyLot();
        const signatures = [signRecord(reviewer, digest, 'qa-review', when), signRecord(qp, digest, 'qp-release', when)];
        expectRefused(
          await story.invoke(callers.qp, 'Lot:QaRelease', ['L1', signatures], when),
          `VALIDATION: signatures: must come from two different people: both signatures share the ${shared}`,
        );
      }
      const { story, digest, when } = await readyLot();
      const honest = [
        signRecord(reviewer, digest, 'qa-review', when),
        signRecord(ca.issue('qp10', 'qp', {}, { person: 'EMP-0077' }), digest, 'qp-release', when),
      ];
      expect((await story.ok(callers.qp, 'Lot:QaRelease', ['L1', honest], when)).status).to.equal('qa-released');
    });
  });

  describe('item 15: a failed factory re-test has consequences', () => {
    it('rejects the bag (CN rule), which can then be neither released nor pooled', async () => {
      const story = await Story.begin();
      const { dins } = await story.quarantinedDonations(2);
      const failed = await story.testResult('donation', dins[0]!, 'anti-HCV', at(T0, 30), 'fail');
      expect(failed.oos).to.equal(true);
      expect((await story.donation(dins[0]!)).status).to.equal('rejected');
      expectRefused(
        await story.invoke(callers.factoryQa, 'Donation:ReleaseDonations', [[dins[0]]], at(T0, 91)),
        'CONFLICT: donation G100125000001 is rejected',
      );
      // A bag whose failed re-test stands is not pooled, even if it was released before the result came.
      await story.release([dins[1]!], at(T0, 91));
      await story.testResult('donation', dins[1]!, 'HBsAg', at(T0, 92), 'fail');
      const poolDin = story.nextPoolDin();
      await story.ok(callers.warehouse, 'Pool:CreatePool', [{ poolDin }], at(T0, 93));
      expectRefused(await story.invoke(callers.warehouse, 'Pool:AddToPool', [poolDin, [dins[1]]], at(T0, 93)), 'CONFLICT: donation');
    });

    it('holds the bag pending its investigation where the rule set says hold, until the laboratory invalidates the result', async () => {
      const story = await Story.begin();
      await changeRules(story, { failedRetest: 'hold' });
      const { dins } = await story.quarantinedDonations(1);
      const failed = await story.testResult('donation', dins[0]!, 'ALT', at(T0, 30), 'fail');
      const held = await story.donation(dins[0]!);
      expect(held).to.include({ status: 'on-hold' });
      expect(held.hold).to.include({ kind: 'retest', from: 'quarantined', resultId: failed.resultId });
      expectRefused(
        await story.invoke(callers.factoryQa, 'Donation:ResolveHold', [dins[0], { reason: 'looks fine' }], at(T0, 31)),
        'CONFLICT: donation G100125000001 is held for failed re-test',
      );
      await story.ok(
        callers.factoryQa,
        'TestResult:CloseOosInvestigation',
        [failed.resultId, { outcome: 'invalidated', rootCause: 'haemolysed sample', capa: 'resample' }],
        at(T0, 32),
      );
      expect((await story.donation(dins[0]!)).status).to.equal('quarantined');
    });
  });
});

/** The regulator changes the CN rule set (version 1 → 2) with its signature, `overrides` on top of the defaults. */
async function changeRules(story: Story, overrides: Record<string, unknown>): Promise<void> {
  const when = at(T0, 0, -1);
  const {
    jurisdiction: _j,
    version,
    reason: _r,
    lastChange: _l,
    ...rules
  } = await story.ok(callers.inspector, 'RuleSet:GetRuleSet', ['CN'], when);
  const change = { fromVersion: version, rules: { ...rules, ...overrides }, reason: 'test: change of a rule' };
  const { digest } = await story.ok(callers.regulator, 'RuleSet:GetRuleChangeRecord', ['CN', change], when);
  await story.ok(
    callers.regulator,
    'RuleSet:ChangeRuleSet',
    ['CN', change, signRecord(callers.regulator, digest, 'rule-change', when)],
    when,
  );
}
