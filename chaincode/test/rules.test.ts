import { expect } from 'chai';
import { ruleOf } from '../src/ledger/endorsement';
import { newRuleSet } from '../src/rules/rule-set';
import { callers, consortiumLedger, expectRefused, governedLedger, parsed, succeeded } from './fixtures';
import { signRecord } from './pki';

const SEEDED_AT = '2025-01-01T00:00:00Z';
const CN_KEY = '\u0000rule-set\u0000CN\u0000';

const change = (holdDays = 120, fromVersion = 1) => ({
  fromVersion,
  rules: {
    holdDays,
    clockToleranceMinutes: 5,
    lateEntryHours: 72,
    donationIntervalDays: 14,
    laterNegativeFromAnyStation: false,
    failedRetest: 'reject',
    storageLimitC: -25,
    excursionAllowance: { maxTemperatureC: -5, maxHours: 72, maxCount: 1 },
    lookBackWindowDays: 365,
    mandatoryTests: {
      donation: ['ALT', 'HBsAg', 'anti-HCV', 'anti-HIV-1/2', 'syphilis'],
      pool: ['B19-DNA', 'HAV-RNA', 'HBV-DNA', 'HCV-RNA', 'HIV-RNA'],
      lot: ['assay', 'endotoxin', 'identity', 'purity', 'sterility'],
    },
  },
  reason: 'NMPA notice 2025/12: longer inventory hold',
});

const WHEN = '2025-03-01T09:00:00Z';
const SIGNED = '2025-03-01T08:55:00Z';

async function signedChange(ledger: Awaited<ReturnType<typeof governedLedger>>, body = change(), signer = callers.regulator) {
  const { digest } = parsed(await ledger.invoke(callers.inspector, 'RuleSet:GetRuleChangeRecord', ['CN', JSON.stringify(body)], WHEN));
  return signRecord(signer, digest, 'rule-change', SIGNED);
}

describe('RuleSet', () => {
  it('seeds the default rule sets: CN holds 90 days, QSEAL 60, each with storage limit, look-back window and mandatory tests', async () => {
    const ledger = await governedLedger();
    const cn = parsed(await ledger.invoke(callers.inspector, 'RuleSet:GetRuleSet', ['CN']));
    const qseal = parsed(await ledger.invoke(callers.collectorA, 'RuleSet:GetRuleSet', ['QSEAL']));
    // Source plasma at or below -25 °C (seed 000); time rules: 5 minutes of clock tolerance, late entry after 72 hours,
    // 14 days between two donations of one donor (DOMAIN: CN).
    expect(cn).to.include({
      jurisdiction: 'CN',
      version: 1,
      holdDays: 90,
      storageLimitC: -25,
      lookBackWindowDays: 180,
      clockToleranceMinutes: 5,
      lateEntryHours: 72,
      donationIntervalDays: 14,
      laterNegativeFromAnyStation: false,
      failedRetest: 'reject',
    });
    expect(qseal).to.include({ jurisdiction: 'QSEAL', version: 1, holdDays: 60, donationIntervalDays: 2 });
    expect(cn.mandatoryTests.pool).to.include.members(['HBV-DNA', 'HCV-RNA', 'HIV-RNA', 'HAV-RNA', 'B19-DNA']);
    expect(cn.excursionAllowance).to.deep.equal({ maxTemperatureC: -5, maxHours: 72, maxCount: 1 });
    expect(
      parsed(await ledger.invoke(callers.warehouse, 'RuleSet:ListRuleSets')).map((r: { jurisdiction: string }) => r.jurisdiction),
    ).to.deep.equal(['CN', 'QSEAL']);
  });

  it('puts each rule set key under a key-level policy needing peers of both the regulator and the factory', async () => {
    const ledger = await governedLedger();
    const policy = ledger.validationParameters.get(CN_KEY);
    expect(policy, 'validation parameter of the CN rule set').to.not.equal(undefined);
    expect(ruleOf(policy!)).to.deep.equal({ required: 2, of: [{ peerOf: 'FactoryMSP' }, { peerOf: 'RegulatorMSP' }] });
  });

  it('seeds once, and only a regulator may seed', async () => {
    const ledger = await governedLedger();
    expectRefused(
      await ledger.invoke(callers.regulatorAdmin, 'RuleSet:SeedDefaultRuleSets', [], SEEDED_AT),
      'CONFLICT: every default rule set',
    );
    const fresh = await consortiumLedger();
    expectRefused(
      await fresh.invoke(callers.factoryAdmin, 'RuleSet:SeedDefaultRuleSets'),
      'FORBIDDEN: RuleSet:SeedDefaultRuleSets requires an organisation of kind regulator',
    );
  });

  it("changes a rule set with the regulator's electronic signature, as the next version, under the same key-level policy", async () => {
    const ledger = await governedLedger();
    const signature = await signedChange(ledger);
    const outcome = await ledger.invoke(
      callers.regulator,
      'RuleSet:ChangeRuleSet',
      ['CN', JSON.stringify(change()), JSON.stringify(signature)],
      WHEN,
    );
    const next = parsed(outcome);
    expect(next).to.include({ version: 2, holdDays: 120, storageLimitC: -25, lookBackWindowDays: 365, reason: change().reason });
    expect(next.approval).to.include({ meaning: 'rule-change', signerName: 'regulator1', mspId: 'RegulatorMSP', signedAt: SIGNED });
    expect(next.lastChange).to.include({ reason: change().reason, transaction: 'RuleSet:ChangeRuleSet' });
    expect(outcome.validationParameters.has(CN_KEY)).to.equal(true);
    expect(outcome.event?.name).to.equal('RuleSetChanged');
    expect(parsed(await ledger.invoke(callers.inspector, 'RuleSet:GetRuleSet', ['CN'])).holdDays).to.equal(120);
  });

  it('refuses a signature made for another change, a replayed one, and one from outside the regulator', async () => {
    const ledger = await governedLedger();
    const signature = await signedChange(ledger);
    const other = change(100);
    expectRefused(
      await ledger.invoke(callers.regulator, 'RuleSet:ChangeRuleSet', ['CN', JSON.stringify(other), JSON.stringify(signature)], WHEN),
      'VALIDATION: signature.recordDigest: is not the digest of rule-change CN',
    );
    succeeded(
      await ledger.invoke(callers.regulator, 'RuleSet:ChangeRuleSet', ['CN', JSON.stringify(change()), JSON.stringify(signature)], WHEN),
    );
    // The same change again: it was made from version 1, and the rules are at version 2 now.
    expectRefused(
      await ledger.invoke(callers.regulator, 'RuleSet:ChangeRuleSet', ['CN', JSON.stringify(change()), JSON.stringify(signature)], WHEN),
      'CONFLICT: the rules of CN are at version 2, not 1',
    );
    // Made from version 2, the old signature (of a change from version 1) does not fit it.
    expectRefused(
      await ledger.invoke(
        callers.regulator,
        'RuleSet:ChangeRuleSet',
        ['CN', JSON.stringify(change(120, 2)), JSON.stringify(signature)],
        WHEN,
      ),
      'VALIDATION: signature.recordDigest',
    );
    const byQp = await signedChange(ledger, change(120, 2), callers.qp);
    expectRefused(
      await ledger.invoke(callers.regulator, 'RuleSet:ChangeRuleSet', ['CN', JSON.stringify(change(120, 2)), JSON.stringify(byQp)], WHEN),
      'FORBIDDEN: a rule-change signature must come from RegulatorMSP, not FactoryMSP',
    );
  });

  it('refuses to sign a change made from a version another change has replaced: two regulators cannot overwrite each other', async () => {
    const ledger = await governedLedger();
    const first = await signedChange(ledger, change(120));
    succeeded(
      await ledger.invoke(callers.regulator, 'RuleSet:ChangeRuleSet', ['CN', JSON.stringify(change(120)), JSON.stringify(first)], WHEN),
    );
    // The second regulator edited version 1 too: their change is refused before anything is signed, naming both versions.
    expectRefused(
      await ledger.invoke(callers.inspector, 'RuleSet:GetRuleChangeRecord', ['CN', JSON.stringify(change(100))], WHEN),
      'CONFLICT: the rules of CN are at version 2, not 1 as the change was made from',
    );
    expect(parsed(await ledger.invoke(callers.inspector, 'RuleSet:GetRuleSet', ['CN'])).holdDays).to.equal(120);
  });

  it('refuses a change from anyone but a regulator, and an unknown jurisdiction', async () => {
    const ledger = await governedLedger();
    const signature = await signedChange(ledger);
    expectRefused(
      await ledger.invoke(callers.qp, 'RuleSet:ChangeRuleSet', ['CN', JSON.stringify(change()), JSON.stringify(signature)], WHEN),
      'FORBIDDEN: RuleSet:ChangeRuleSet requires role regulator',
    );
    expectRefused(
      await ledger.invoke(callers.regulator, 'RuleSet:ChangeRuleSet', ['EU', JSON.stringify(change()), JSON.stringify(signature)], WHEN),
      'NOT_FOUND: no rule set for jurisdiction EU',
    );
  });

  it('reads a rule set stored before the interval rule as having none, and refuses a change that leaves the interval out', async () => {
    const ledger = await governedLedger();
    const { donationIntervalDays, ...older } = parsed(await ledger.invoke(callers.inspector, 'RuleSet:GetRuleSet', ['CN']));
    expect(donationIntervalDays).to.equal(14);
    // An upgraded chaincode still reads the ledger it finds: no interval until the regulator's next change sets one.
    expect(newRuleSet(older).donationIntervalDays).to.equal(0);
    const { donationIntervalDays: _left, ...rules } = change().rules;
    expectRefused(
      await ledger.invoke(callers.inspector, 'RuleSet:GetRuleChangeRecord', ['CN', JSON.stringify({ ...change(), rules })], WHEN),
      'VALIDATION: change.rules.donationIntervalDays: is required',
    );
  });

  it('validates the rules: an excursion ceiling colder than the storage limit makes no sense', async () => {
    const ledger = await governedLedger();
    const body = change();
    const bad = { ...body, rules: { ...body.rules, excursionAllowance: { maxTemperatureC: -30, maxHours: 72, maxCount: 1 } } };
    const outcome = await ledger.invoke(callers.inspector, 'RuleSet:GetRuleChangeRecord', ['CN', JSON.stringify(bad)], WHEN);
    expect(outcome.error?.message).to.match(
      /^VALIDATION: change\.rules\.excursionAllowance\.maxTemperatureC: must be warmer than storageLimitC/,
    );
  });
});
