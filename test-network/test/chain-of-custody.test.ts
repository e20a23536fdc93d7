// The whole chain of custody on the real network, as its people would run it: stations collect, screen (detail in
// the private collection), store and ship; the factory receives, quarantines, releases, pools, tests, makes a lot,
// releases it with two electronic signatures; the regulator releases the lot; vials ship; a donor seroconverts and
// the look-back finds and holds everything downstream; lineage, audit and governed rule changes close the story.
import { expect } from 'chai';
import { loadTopology, screeningCollectionName } from '@plasma/network';
import { screeningCollection, verifyMembershipProof } from '@plasma/chaincode';
import { gtinOf, ssccOf } from '@plasma/demo';
import {
  collectedMinutesAgo,
  collectTwice,
  donation,
  eventually,
  ledgerPeople,
  lotReadyForQaRelease,
  newDin,
  pseudonym,
  refusal,
  signAs,
} from '@plasma/testkit';

const topology = loadTopology();
const run = Date.now().toString(36).toUpperCase();

const POOL_NAT = ['B19-DNA', 'HAV-RNA', 'HBV-DNA', 'HCV-RNA', 'HIV-RNA'];
const GTIN = gtinOf('0691234567890');
const LOOK_BACK_REASON = 'anti-HIV reactive at a later donation';
const sscc = (n: number): string => ssccOf(`0691234${String((Date.now() * 10 + n) % 1e10).padStart(10, '0')}`);

describe('the chain of custody on the network', function () {
  this.timeout(300_000);
  const people = ledgerPeople(topology);
  const { as, submit, query } = people;
  after(() => people.close());

  // The story's objects, filled in as it goes.
  const seroconverter = pseudonym();
  const donors = [seroconverter, pseudonym(), pseudonym()];
  const firsts: string[] = [];
  const seconds: string[] = [];
  const poolDin = newDin('G2001');
  const lotId = `ALB-${run}`.slice(0, 20);
  let caseCode = '';
  let caseId = '';

  it('stations record, screen into the private collection, store and ship; the factory receives and quarantines', async () => {
    expect(screeningCollection('StationAMSP')).to.equal(screeningCollectionName('StationAMSP'));
    // Collected now, as a bag scan reports it: a collection more than 72 hours old needs station QA's signed late entry.
    const stale = donation(newDin('G1001'), collectedMinutesAgo(73 * 60));
    expect(await refusal(() => submit('StationA', 'collector1', 'Donation', 'RecordDonation', stale))).to.match(
      /^VALIDATION: collectionEnd: is more than 72 hours before the recording/,
    );
    // Each donor's first bag is recorded and screened before the follow-up bag that will release it.
    const collected = await collectTwice(people, donors);
    firsts.push(...collected.firsts);
    seconds.push(...collected.followUps);

    const screened = await eventually(
      () => query('Regulator', 'inspector1', 'Donation', 'GetDonation', firsts[0]),
      (d) => d.status === 'screened',
    );
    expect(screened.status).to.equal('screened');
    expect(JSON.stringify(screened)).to.not.include('STAR-7');
    const privateDetail = await eventually(() => query('Factory', 'qa1', 'Donation', 'GetScreeningDetail', firsts[0]));
    expect(privateDetail).to.include({ hashMatches: true });
    expect(privateDetail.channelHash).to.equal(screened.screening.detailHash);
    expect(await refusal(() => query('Regulator', 'inspector1', 'Donation', 'GetScreeningDetail', firsts[0]))).to.match(/^FORBIDDEN: /);

    await submit('StationA', 'collector1', 'Donation', 'RecordStorage', firsts, { location: 'freezer F2', temperatureC: -32 });
    const shipmentId = `G1001-SHP-${run}`;
    await submit('StationA', 'collector1', 'Shipment', 'DispatchShipment', {
      shipmentId,
      destination: 'FactoryMSP',
      dins: firsts,
      temperatureC: -30,
    });
    const received = await eventually(() =>
      submit('Factory', 'warehouse1', 'Shipment', 'ReceiveShipment', shipmentId, {
        receivedDins: firsts,
        temperatureC: -27,
        labelsChecked: true,
      }),
    );
    expect(received.receipt).to.include({ count: 3 });
    expect(received.receipt.discrepancies).to.deep.equal([]);
    await submit('Factory', 'warehouse1', 'Donation', 'QuarantineDonations', firsts);
  });

  it('pools only donations released after the hold period with a later negative donation', async () => {
    // This network's CN rule set holds no days (network/rule-changes.yaml, a governed change right after genesis),
    // so bags release minutes after collection; the 90-day hold is the chaincode tests' to check.
    expect(await query('Factory', 'qa1', 'RuleSet', 'GetRuleSet', 'CN')).to.include({ holdDays: 0, storageLimitC: -25 });
    await submit('Factory', 'warehouse1', 'Pool', 'CreatePool', { poolDin });
    expect(await refusal(() => submit('Factory', 'warehouse1', 'Pool', 'AddToPool', poolDin, firsts))).to.match(
      /^CONFLICT: donation \S+ is quarantined; pool needs it released/,
    );
    const released = await submit('Factory', 'qa1', 'Donation', 'ReleaseDonations', firsts);
    expect(released.map((d: any) => d.release.laterNegativeDin).sort()).to.deep.equal(seconds.map((d) => d.slice(0, 13)).sort());
    await submit('Factory', 'warehouse1', 'Pool', 'AddToPool', poolDin, firsts);
    const closed = await submit('Factory', 'warehouse1', 'Pool', 'ClosePool', poolDin);
    expect(closed).to.include({ status: 'closed', count: 3 });
    await Promise.all(
      POOL_NAT.map((analyte) =>
        submit('Factory', 'qa1', 'TestResult', 'RecordTestResult', {
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
      ),
    );
  });

  it("makes a lot, releases it with the QA reviewer's and the QP's signatures, then the regulator's; only then vials ship", async () => {
    await lotReadyForQaRelease(people, lotId, poolDin, GTIN);
    const { digest } = await query('Factory', 'qp1', 'Lot', 'GetReleaseRecord', lotId, 'qa');
    const signatures = [
      signAs('Factory', 'qa1', 'FactoryMSP', digest, 'qa-review'),
      signAs('Factory', 'qp1', 'FactoryMSP', digest, 'qp-release'),
    ];
    const qaReleased = await submit('Factory', 'qp1', 'Lot', 'QaRelease', lotId, signatures);
    expect(qaReleased.status).to.equal('qa-released');

    const units = [1, 2, 3, 4].map((n) => `(01)${GTIN}(21)${run}${n}`);
    await submit('Factory', 'warehouse1', 'Units', 'CommissionUnits', lotId, units);
    caseCode = sscc(1);
    await submit('Factory', 'warehouse1', 'Units', 'PackCase', lotId, { caseCode, units });
    const shipCase = (id: string, code: string) =>
      submit('Factory', 'warehouse1', 'Units', 'ShipCases', { shipmentId: id, destination: 'Hospital pharmacy, Xuhui', cases: [code] });
    expect(await refusal(() => shipCase(`OUT-${run}-0`, caseCode))).to.match(
      /^CONFLICT: case \d+ holds units of lot \S+, which is not released for sale: it is qa-released/,
    );

    const regulatorRecord = await eventually(() => query('Regulator', 'regulator1', 'Lot', 'GetReleaseRecord', lotId, 'regulator'));
    const released = await submit(
      'Regulator',
      'regulator1',
      'Lot',
      'RegulatorRelease',
      lotId,
      signAs('Regulator', 'regulator1', 'RegulatorMSP', regulatorRecord.digest, 'regulator-lot-release'),
    );
    expect(released.status).to.equal('released');
    expect(await eventually(() => shipCase(`OUT-${run}-1`, caseCode))).to.include({ units: 4 });
  });

  it('an inspector asks for a look-back; the station that collected from the donor confirms it, which opens it', async () => {
    await eventually(
      () => query('Regulator', 'inspector1', 'Units', 'GetCase', caseCode),
      (c) => c.status === 'shipped',
    );
    // Opening interdicts other members' bags: only the regulator, the donor's station QA or the factory QA holding the
    // donor's plasma may; anyone else files a request.
    expect(
      await refusal(() => submit('Regulator', 'inspector1', 'LookBack', 'OpenLookBack', seroconverter, LOOK_BACK_REASON, {})),
    ).to.match(/^FORBIDDEN: LookBack:OpenLookBack requires role/);
    expect(await refusal(() => submit('StationB', 'stationqa1', 'LookBack', 'OpenLookBack', seroconverter, LOOK_BACK_REASON, {}))).to.match(
      /^FORBIDDEN: StationBMSP has not collected from this donor/,
    );
    const request = await submit('Regulator', 'inspector1', 'LookBack', 'RequestLookBack', seroconverter, LOOK_BACK_REASON, {});
    expect(request).to.include({ status: 'requested', donorPseudonym: seroconverter });
    // StationB's peer may be a block behind the request: NOT_FOUND until it has it (eventually), then the refusal.
    expect(
      await refusal(() => eventually(() => submit('StationB', 'stationqa1', 'LookBack', 'ConfirmLookBackRequest', request.requestId))),
    ).to.match(/^FORBIDDEN: a look-back request on this donor is decided by the regulator or a station that collected from the donor/);
    let progress = await eventually(() => submit('StationA', 'stationqa1', 'LookBack', 'ConfirmLookBackRequest', request.requestId));
    while (progress.status === 'in-progress')
      progress = await submit('StationA', 'stationqa1', 'LookBack', 'ContinueLookBack', progress.caseId);
    caseId = progress.caseId;
    expect(progress.counts).to.deep.equal({ donations: 2, pools: 1, lots: 1 });
    const confirmed = await eventually(
      () => query('Regulator', 'inspector1', 'LookBack', 'GetLookBackRequest', request.requestId),
      (r) => r.status === 'confirmed',
    );
    expect(confirmed).to.include({ status: 'confirmed', caseId });
  });

  it('the look-back interdicts, marks the pool, holds the lot and lists where its vials went', async () => {
    const { items, verified } = await query('Regulator', 'inspector1', 'LookBack', 'GetLookBackCase', caseId);
    expect(verified).to.equal(true);
    const donationItem = items.find((item: any) => item.id === firsts[0]!.slice(0, 13));
    expect(verifyMembershipProof(donationItem.detail.membershipProofs[0])).to.equal(true);
    const lotItem = items.find((item: any) => item.kind === 'lot');
    expect(lotItem.detail.shippedCases[0]).to.include({ caseCode, destination: 'Hospital pharmacy, Xuhui' });
    expect(
      (
        await eventually(
          () => query('StationA', 'collector1', 'Donation', 'GetDonation', seconds[0]),
          (d) => d.status === 'interdicted',
        )
      ).status,
    ).to.equal('interdicted');
    const held = await eventually(
      () => query('Factory', 'qp1', 'Lot', 'GetLot', lotId),
      (lot) => lot.holds.length > 0,
    );
    expect(held.holds[0]).to.include({ kind: 'look-back', ref: caseId });

    const more = [`(01)${GTIN}(21)${run}9`];
    await submit('Factory', 'warehouse1', 'Units', 'CommissionUnits', lotId, more);
    const second = sscc(2);
    await submit('Factory', 'warehouse1', 'Units', 'PackCase', lotId, { caseCode: second, units: more });
    expect(
      await refusal(() =>
        submit('Factory', 'warehouse1', 'Units', 'ShipCases', { shipmentId: `OUT-${run}-2`, destination: 'x', cases: [second] }),
      ),
    ).to.match(/not released for sale: on hold \(look-back LB-/);
  });

  it("lifts the lot's look-back hold only once the regulator has concluded the case cleared, with a signature", async () => {
    const lift = () =>
      submit('Factory', 'qp1', 'Lot', 'ReleaseHold', lotId, caseId, { reason: 'look-back cleared: reactive result not confirmed' });
    expect(await refusal(lift)).to.match(
      /^CONFLICT: hold \S+ of lot \S+ is a look-back hold; it is lifted only once the regulator concludes case \S+ as cleared .*not concluded/,
    );
    const conclusion = { outcome: 'cleared', reason: 'confirmatory western blot negative: the screening result was a false positive' };
    expect(await refusal(() => submit('StationA', 'stationqa1', 'LookBack', 'ConcludeLookBack', caseId, conclusion, {}))).to.match(
      /^FORBIDDEN: LookBack:ConcludeLookBack requires role regulator/,
    );
    const { digest } = await query('Regulator', 'regulator1', 'LookBack', 'GetLookBackConclusionRecord', caseId, conclusion);
    const concluded = await submit(
      'Regulator',
      'regulator1',
      'LookBack',
      'ConcludeLookBack',
      caseId,
      conclusion,
      signAs('Regulator', 'regulator1', 'RegulatorMSP', digest, 'look-back-conclusion'),
    );
    expect(concluded.conclusion).to.include({ outcome: 'cleared' });
    const lifted = await eventually(lift);
    expect(lifted.holds).to.deep.equal([]);
    // The interdicted bags stay interdicted: a cleared case lifts the lots' holds, nothing else.
    expect((await query('StationA', 'collector1', 'Donation', 'GetDonation', seconds[0])).status).to.equal('interdicted');
  });

  it('answers lineage upstream and downstream, and the audit trail, through indexes', async () => {
    const upstream = await query('Regulator', 'inspector1', 'Lineage', 'GetLotUpstream', lotId);
    expect(upstream.pools[0].chunks[0].dins).to.have.members(firsts.map((d) => d.slice(0, 13)));
    const downstream = await query('Regulator', 'inspector1', 'Lineage', 'GetDonationDownstream', firsts[1]);
    expect(downstream.pools[0].lots[0].cases.find((c: any) => c.caseCode === caseCode).shipment).to.include({
      destination: 'Hospital pharmacy, Xuhui',
    });
    const trail = await query('Regulator', 'inspector1', 'Lineage', 'GetAuditTrail', 'donation', firsts[0]);
    expect(trail.map((entry: any) => entry.what)).to.deep.equal([
      'Donation:RecordDonation',
      'Donation:RecordScreening',
      'Donation:RecordStorage',
      'Shipment:DispatchShipment',
      'Shipment:ReceiveShipment',
      'Donation:QuarantineDonations',
      'Donation:ReleaseDonations',
      'Pool:AddToPool',
      'LookBack:ConfirmLookBackRequest',
    ]);
    expect(trail[8]).to.deep.include({ who: { mspId: 'StationAMSP', name: 'stationqa1', role: 'station-qa' }, reason: LOOK_BACK_REASON });
  });

  it("changes a rule set only with the regulator's signature and the endorsement of both the regulator and the factory", async () => {
    const current = await query('Regulator', 'regulator1', 'RuleSet', 'GetRuleSet', 'QSEAL');
    // Every rule as it stands, under a new version: the governance is what is checked, not a rule.
    const { jurisdiction: _j, version: fromVersion, reason: _r, approval: _a, lastChange: _l, ...unchanged } = current;
    const change = { fromVersion, rules: unchanged, reason: `governance check ${run}` };
    const { digest } = await query('Regulator', 'regulator1', 'RuleSet', 'GetRuleChangeRecord', 'QSEAL', change);
    const args = [
      'QSEAL',
      JSON.stringify(change),
      JSON.stringify(signAs('Regulator', 'regulator1', 'RegulatorMSP', digest, 'rule-change')),
    ];
    const rules = as('Regulator', 'regulator1').contract('RuleSet');
    // Endorsed by the regulator and a station only: the key-level policy of the rule set invalidates it.
    const without = await (
      await rules.submitAsync('ChangeRuleSet', { arguments: args, endorsingOrganizations: ['RegulatorMSP', 'StationAMSP'] })
    ).getStatus();
    expect(without.successful).to.equal(false);
    expect(without.code).to.equal(10); // ENDORSEMENT_POLICY_FAILURE
    const withFactory = await (
      await rules.submitAsync('ChangeRuleSet', { arguments: args, endorsingOrganizations: ['RegulatorMSP', 'FactoryMSP'] })
    ).getStatus();
    expect(withFactory.successful).to.equal(true);
    const changed = await eventually(
      () => query('Factory', 'qa1', 'RuleSet', 'GetRuleSet', 'QSEAL'),
      (r) => r.version > current.version,
    );
    expect(changed.version).to.equal((current.version as number) + 1);
  });
});
