// Registry changes gathered on the ledger: proposed by one member's admin, approved by each other admin from their own
// organisation's gateway, applied by the approval that satisfies every rule of ChangeRegistry, and what a dishonest
// member might try against them (approving twice, altering, replaying, applying a stale change, approving as who one
// is not, withdrawing another's).
import { expect } from 'chai';
import { ruleOf } from '../src/ledger/endorsement';
import type { FakeLedger, Outcome } from './fake-context';
import { callers, cas, consortiumLedger, decode, expectRefused, ORGANISATIONS, parsed, succeeded } from './fixtures';
import { signRecord, TestCa, ThirdPartyCa, type TestIdentity } from './pki';

const WHEN = '2025-02-01T00:00:00.000Z';
const PROPOSAL_KEY = (id: string): string => `\u0000registry-proposal\u0000${id}\u0000`;
const REGISTRY_KEY = '\u0000consortium\u0000';

const admins: Record<string, TestIdentity> = {
  StationAMSP: callers.stationAAdmin,
  StationBMSP: callers.stationBAdmin,
  FactoryMSP: callers.factoryAdmin,
  RegulatorMSP: callers.regulatorAdmin,
};
/** A second admin of the factory: another person, the same organisation. */
const factoryAdmin2 = cas.FactoryMSP.issue('admin2', 'admin');

const stationC = {
  mspId: 'StationCMSP',
  name: 'StationC',
  kind: 'station',
  facilities: ['G1003'],
  caCertificate: new TestCa('StationCMSP').certificate,
};
const joinC = { organisations: [...ORGANISATIONS, stationC], reason: 'StationC joins the consortium' };

const propose = (ledger: FakeLedger, id: string, change: unknown, who: TestIdentity = callers.stationAAdmin): Promise<Outcome> =>
  ledger.invoke(who, 'Consortium:ProposeRegistryChange', [id, JSON.stringify(change)], WHEN);

/** `who`'s signature over the record the ledger gives for proposal `id` now. */
async function approvalOf(ledger: FakeLedger, id: string, who: TestIdentity): Promise<unknown> {
  const { digest } = parsed(await ledger.invoke(who, 'Consortium:GetRegistryProposalRecord', [id], WHEN));
  return signRecord(who, digest, 'registry-change', WHEN);
}

const present = (ledger: FakeLedger, id: string, signature: unknown, who: TestIdentity): Promise<Outcome> =>
  ledger.invoke(who, 'Consortium:ApproveRegistryChange', [id, JSON.stringify(signature)], WHEN);

/** `who` signs proposal `id` and presents the signature themselves. */
const approve = async (ledger: FakeLedger, id: string, who: TestIdentity): Promise<Outcome> =>
  present(ledger, id, await approvalOf(ledger, id, who), who);

const proposalOf = async (ledger: FakeLedger, id: string): Promise<any> =>
  parsed(await ledger.invoke(callers.inspector, 'Consortium:GetRegistryChangeProposal', [id], WHEN));

const eventOf = (outcome: Outcome): any => JSON.parse(Buffer.from(outcome.event!.payload).toString('utf8'));

describe('registry change proposals', () => {
  it('are proposed by a member admin, checked before anyone signs, and kept under the registry policy', async () => {
    const ledger = await consortiumLedger();
    const outcome = await propose(ledger, 'P-JOIN-C', joinC);
    const proposal = parsed(outcome);
    expect(proposal).to.include({ proposalId: 'P-JOIN-C', fromVersion: 1, status: 'open', proposedAt: WHEN });
    expect(proposal.proposedBy).to.deep.equal({ mspId: 'StationAMSP', name: 'admin' });
    expect(proposal.approvals).to.deep.equal([]);
    expect(proposal.change).to.deep.equal(joinC);
    // What the approvers sign is the record ChangeRegistry's approvers sign for the same change, bound to the proposal.
    const direct = parsed(await ledger.invoke(callers.inspector, 'Consortium:GetRegistryChangeRecord', [JSON.stringify(joinC)], WHEN));
    const signed = parsed(await ledger.invoke(callers.inspector, 'Consortium:GetRegistryProposalRecord', ['P-JOIN-C'], WHEN));
    expect(signed.record).to.deep.equal({ ...direct.record, content: { ...direct.record.content, proposalId: 'P-JOIN-C' } });
    expect(proposal.recordDigest).to.equal(signed.digest).and.not.equal(direct.digest);
    expect(outcome.event?.name).to.equal('RegistryChangeProposed');
    expect(eventOf(outcome)).to.deep.include({ key: 'P-JOIN-C', data: proposal, objects: [{ type: 'registry-proposal', id: 'P-JOIN-C' }] });
    expect(decode(ledger.state.get(PROPOSAL_KEY('P-JOIN-C')))).to.deep.equal(proposal);
    expect(ruleOf(ledger.validationParameters.get(PROPOSAL_KEY('P-JOIN-C'))!)).to.have.property('required', 3);
    const open = parsed(await ledger.invoke(callers.inspector, 'Consortium:ListRegistryChangeProposals', ['open'], WHEN));
    expect(open.map((p: { proposalId: string }) => p.proposalId)).to.deep.equal(['P-JOIN-C']);
    expect(parsed(await ledger.invoke(callers.inspector, 'Consortium:ListRegistryChangeProposals', ['applied'], WHEN))).to.deep.equal([]);
    expect(parsed(await ledger.invoke(callers.inspector, 'Consortium:ListRegistryChangeProposals', [''], WHEN))).to.have.length(1);
    expect((await ledger.invoke(callers.inspector, 'Consortium:ListRegistryChangeProposals', ['pending'], WHEN)).error?.message).to.equal(
      'VALIDATION: status: must be one of open, applied, withdrawn',
    );
  });

  it('refuse a change ChangeRegistry would refuse, naming the field, a second proposal under one id, and non-admins', async () => {
    const ledger = await consortiumLedger();
    const retired = {
      organisations: ORGANISATIONS.map((o, i) => (i === 0 ? { ...o, retiredCaCertificates: [new TestCa('X').certificate] } : o)),
      reason: 'r',
    };
    expectRefused(
      await propose(ledger, 'P-1', retired),
      'VALIDATION: change.organisations[0].retiredCaCertificates: is kept by the ledger',
    );
    expectRefused(
      await propose(ledger, 'P-1', { organisations: [], reason: 'r' }),
      'VALIDATION: change.organisations: must be a non-empty',
    );
    expectRefused(await propose(ledger, 'P-1', { ...joinC, members: [] }), 'VALIDATION: change.members: is not a known field');
    expectRefused(await propose(ledger, 'P 1', joinC), 'VALIDATION: proposalId:');
    expectRefused(
      await propose(ledger, 'P-1', joinC, callers.inspector),
      'FORBIDDEN: Consortium:ProposeRegistryChange requires role admin',
    );
    succeeded(await propose(ledger, 'P-1', joinC));
    // A proposal is never altered after admins signed it: the same id with another change is refused.
    const altered = { ...joinC, organisations: [...ORGANISATIONS, { ...stationC, facilities: ['G1009'] }] };
    expectRefused(await propose(ledger, 'P-1', altered, callers.stationBAdmin), 'CONFLICT: registry change proposal P-1 already exists');
  });

  it('gather one approval per organisation on the ledger, and the one that makes a majority applies the change', async () => {
    const ledger = await consortiumLedger();
    succeeded(await propose(ledger, 'P-JOIN-C', joinC));
    const first = await approve(ledger, 'P-JOIN-C', callers.stationAAdmin);
    expect(first.event?.name).to.equal('RegistryChangeApproved');
    expect(parsed(first)).to.include({ status: 'open' });
    expect(parsed(first).approvals.map((a: { mspId: string }) => a.mspId)).to.deep.equal(['StationAMSP']);
    const second = await approve(ledger, 'P-JOIN-C', callers.regulatorAdmin);
    expect(second.event?.name).to.equal('RegistryChangeApproved');
    expect(parsed(await ledger.invoke(callers.inspector, 'Consortium:GetRegistry', [], WHEN)).version).to.equal(1);

    const late = await approvalOf(ledger, 'P-JOIN-C', callers.stationBAdmin); // signed while open, presented too late
    const third = await approve(ledger, 'P-JOIN-C', callers.factoryAdmin);
    const applied = parsed(third);
    expect(applied).to.include({ status: 'applied', appliedVersion: 2 });
    const registry = parsed(await ledger.invoke(callers.inspector, 'Consortium:GetRegistry', [], WHEN));
    expect(registry.version).to.equal(2);
    expect(registry.organisations.map((o: { mspId: string }) => o.mspId)).to.include('StationCMSP');
    expect(registry.approvals).to.deep.equal(applied.approvals);
    expect(registry.approvals.map((a: { mspId: string }) => a.mspId)).to.deep.equal(['StationAMSP', 'RegulatorMSP', 'FactoryMSP']);
    // One event, the registry's, naming the proposal it completed as well.
    expect(third.event?.name).to.equal('RegistryChanged');
    expect(eventOf(third)).to.deep.include({
      key: 'consortium',
      data: registry,
      objects: [
        { type: 'consortium', id: 'consortium' },
        { type: 'registry-proposal', id: 'P-JOIN-C' },
      ],
    });
    // The registry's policy is now a majority of the five members' peers.
    expect(ruleOf(ledger.validationParameters.get(REGISTRY_KEY)!))
      .to.deep.include({ required: 3 })
      .and.to.have.nested.property('of.length', 5);
    // Done is done: no further approval, no withdrawal.
    expectRefused(
      await present(ledger, 'P-JOIN-C', late, callers.stationBAdmin),
      'CONFLICT: registry change proposal P-JOIN-C was applied as registry version 2; only an open proposal is approved',
    );
    expectRefused(
      await ledger.invoke(callers.stationAAdmin, 'Consortium:WithdrawRegistryChange', ['P-JOIN-C', 'changed my mind'], WHEN),
      'CONFLICT: registry change proposal P-JOIN-C was applied',
    );
  });

  it("hold every rule of ChangeRegistry: the e-signature authorities change only once a regulator's admin approves too", async () => {
    const ledger = await consortiumLedger();
    const listing = [{ name: 'Stand-in Certification Service', certificate: new ThirdPartyCa().certificate }];
    succeeded(await propose(ledger, 'P-CA', { organisations: ORGANISATIONS, signatureAuthorities: listing, reason: 'accept a CA' }));
    for (const mspId of ['StationAMSP', 'StationBMSP', 'FactoryMSP']) {
      expect(parsed(await approve(ledger, 'P-CA', admins[mspId]!))).to.include({ status: 'open' });
    }
    // A majority, but no regulator: still open, the registry unchanged.
    expect(parsed(await ledger.invoke(callers.inspector, 'Consortium:GetRegistry', [], WHEN))).to.not.have.property('signatureAuthorities');
    expect(parsed(await approve(ledger, 'P-CA', callers.regulatorAdmin))).to.include({ status: 'applied', appliedVersion: 2 });
    expect(parsed(await ledger.invoke(callers.inspector, 'Consortium:GetRegistry', [], WHEN)).signatureAuthorities).to.deep.equal(listing);
  });

  it('wait for a member whose own entry the change alters, however many others approve', async () => {
    const ledger = await consortiumLedger();
    const rotate = {
      organisations: ORGANISATIONS.map((o, i) => (i === 0 ? { ...o, caCertificate: new TestCa('StationAMSP').certificate } : o)),
      reason: "StationA's CA",
    };
    succeeded(await propose(ledger, 'P-ROT', rotate, callers.factoryAdmin));
    for (const mspId of ['FactoryMSP', 'RegulatorMSP', 'StationBMSP']) succeeded(await approve(ledger, 'P-ROT', admins[mspId]!));
    expect(await proposalOf(ledger, 'P-ROT')).to.include({ status: 'open' });
    expect(parsed(await approve(ledger, 'P-ROT', callers.stationAAdmin))).to.include({ status: 'applied' });
  });

  describe('against a dishonest member', () => {
    it('counts one approval per organisation: a second admin of the same organisation is refused', async () => {
      const ledger = await consortiumLedger();
      succeeded(await propose(ledger, 'P-1', joinC));
      succeeded(await approve(ledger, 'P-1', callers.factoryAdmin));
      expectRefused(
        await approve(ledger, 'P-1', factoryAdmin2),
        'CONFLICT: FactoryMSP has already approved registry change proposal P-1; each organisation approves once',
      );
      // The same admin again, with a fresh signature, neither.
      expectRefused(await approve(ledger, 'P-1', callers.factoryAdmin), 'CONFLICT: FactoryMSP has already approved');
      expect((await proposalOf(ledger, 'P-1')).approvals).to.have.length(1);
    });

    it('takes only a signature of the proposal as proposed: not one of an altered change, nor one made for another proposal', async () => {
      const ledger = await consortiumLedger();
      succeeded(await propose(ledger, 'P-1', joinC));
      const altered = { ...joinC, organisations: [...ORGANISATIONS, { ...stationC, facilities: ['G1009'] }] };
      succeeded(await propose(ledger, 'P-2', altered, callers.stationBAdmin));
      // StationB's admin signed the altered change (P-2); presented for P-1 it approves nothing.
      const forP2 = await approvalOf(ledger, 'P-2', callers.stationBAdmin);
      expectRefused(
        await present(ledger, 'P-1', forP2, callers.stationBAdmin),
        'VALIDATION: signature.recordDigest: is not the digest of registry-change consortium as the ledger holds it now',
      );
      // A signature of the altered change made directly for ChangeRegistry's record neither.
      const { digest } = parsed(
        await ledger.invoke(callers.stationBAdmin, 'Consortium:GetRegistryChangeRecord', [JSON.stringify(altered)], WHEN),
      );
      expectRefused(
        await present(ledger, 'P-1', signRecord(callers.stationBAdmin, digest, 'registry-change', WHEN), callers.stationBAdmin),
        'VALIDATION: signature.recordDigest',
      );
      // An approval of P-2 is P-2's alone: a third proposal of the same change from the same version cannot take it.
      succeeded(await present(ledger, 'P-2', forP2, callers.stationBAdmin));
      succeeded(await propose(ledger, 'P-3', altered, callers.stationBAdmin));
      expectRefused(await present(ledger, 'P-3', forP2, callers.stationBAdmin), 'VALIDATION: signature.recordDigest');
    });

    it("takes an approval only from its signer: nobody presents another admin's signature, nor a signature for another meaning", async () => {
      const ledger = await consortiumLedger();
      succeeded(await propose(ledger, 'P-1', joinC));
      const stationAs = await approvalOf(ledger, 'P-1', callers.stationAAdmin);
      expectRefused(
        await present(ledger, 'P-1', stationAs, callers.factoryAdmin),
        'FORBIDDEN: an approval is presented by its signer: admin of StationAMSP signed it, admin of FactoryMSP presents it',
      );
      const { digest } = parsed(await ledger.invoke(callers.factoryAdmin, 'Consortium:GetRegistryProposalRecord', ['P-1'], WHEN));
      expectRefused(
        await present(ledger, 'P-1', signRecord(callers.factoryAdmin, digest, 'rule-change', WHEN), callers.factoryAdmin),
        'VALIDATION: signature.meaning: must be registry-change for this record',
      );
    });

    it('refuses a non-admin, an admin of a member that left, and a non-admin signature an admin presents', async () => {
      const ledger = await consortiumLedger();
      succeeded(await propose(ledger, 'P-1', joinC));
      expectRefused(
        await approve(ledger, 'P-1', callers.regulator),
        'FORBIDDEN: Consortium:ApproveRegistryChange requires role admin; the caller from RegulatorMSP has role regulator',
      );
      // A regulator person holding a certificate named like the admin, but with another role, signs nothing for them.
      const impostor = cas.RegulatorMSP.issue('admin', 'regulator');
      const { digest } = parsed(await ledger.invoke(callers.regulatorAdmin, 'Consortium:GetRegistryProposalRecord', ['P-1'], WHEN));
      expectRefused(
        await present(ledger, 'P-1', signRecord(impostor, digest, 'registry-change', WHEN), callers.regulatorAdmin),
        'FORBIDDEN: a registry-change signature needs a signer with role admin; admin has regulator',
      );

      // StationA leaves (ChangeRegistry, as the launcher does it); its admin then approves nothing.
      const withoutA = { organisations: ORGANISATIONS.filter(({ mspId }) => mspId !== 'StationAMSP'), reason: 'StationA leaves' };
      succeeded(await propose(ledger, 'P-LEAVE', withoutA, callers.factoryAdmin));
      for (const mspId of ['FactoryMSP', 'RegulatorMSP', 'StationBMSP']) succeeded(await approve(ledger, 'P-LEAVE', admins[mspId]!));
      succeeded(
        await propose(ledger, 'P-AFTER', { organisations: withoutA.organisations, reason: 'a later change' }, callers.factoryAdmin),
      );
      const record = parsed(await ledger.invoke(callers.factoryAdmin, 'Consortium:GetRegistryProposalRecord', ['P-AFTER'], WHEN));
      expectRefused(
        await present(ledger, 'P-AFTER', signRecord(callers.stationAAdmin, record.digest, 'registry-change', WHEN), callers.stationAAdmin),
        'FORBIDDEN: Consortium:ApproveRegistryChange requires a member organisation; StationAMSP is not registered in the consortium',
      );
      expectRefused(
        await propose(ledger, 'P-BACK', joinC, callers.stationAAdmin),
        'FORBIDDEN: Consortium:ProposeRegistryChange requires a member organisation',
      );
    });

    it('never applies a stale proposal: once another change lands, its approvals and its record are refused', async () => {
      const ledger = await consortiumLedger();
      succeeded(await propose(ledger, 'P-C', joinC));
      const joinD = { organisations: [...ORGANISATIONS, { ...stationC, mspId: 'StationDMSP', name: 'StationD' }], reason: 'StationD' };
      succeeded(await propose(ledger, 'P-D', joinD, callers.stationBAdmin));
      succeeded(await approve(ledger, 'P-D', callers.stationAAdmin));
      const factorysForD = await approvalOf(ledger, 'P-D', callers.factoryAdmin);
      // P-C gathers its majority first and lands as version 2.
      for (const mspId of ['StationAMSP', 'FactoryMSP', 'RegulatorMSP']) succeeded(await approve(ledger, 'P-C', admins[mspId]!));
      const stale =
        'CONFLICT: registry change proposal P-D was made from registry version 1, and the registry is at version 2 now: another change landed meanwhile';
      expectRefused(await present(ledger, 'P-D', factorysForD, callers.factoryAdmin), stale);
      expect((await ledger.invoke(callers.factoryAdmin, 'Consortium:GetRegistryProposalRecord', ['P-D'], WHEN)).error?.message).to.match(
        /^CONFLICT: registry change proposal P-D was made from registry version 1/,
      );
      // Its proposer withdraws it, stale as it is.
      expect(
        parsed(await ledger.invoke(callers.stationBAdmin, 'Consortium:WithdrawRegistryChange', ['P-D', 'superseded by P-C'], WHEN)),
      ).to.include({ status: 'withdrawn' });
      // A signature its approver made before the other change landed is refused as well.
      succeeded(await propose(ledger, 'P-E', { organisations: joinC.organisations, reason: 'no-op' }, callers.stationBAdmin));
      const early = await approvalOf(ledger, 'P-E', callers.regulatorAdmin);
      const viaDirect = { organisations: joinC.organisations.filter(({ mspId }) => mspId !== 'StationBMSP'), reason: 'StationB leaves' };
      const { digest } = parsed(
        await ledger.invoke(callers.factoryAdmin, 'Consortium:GetRegistryChangeRecord', [JSON.stringify(viaDirect)], WHEN),
      );
      const signatures = ['FactoryMSP', 'RegulatorMSP', 'StationAMSP'].map((mspId) =>
        signRecord(admins[mspId]!, digest, 'registry-change', WHEN),
      );
      succeeded(
        await ledger.invoke(
          callers.factoryAdmin,
          'Consortium:ChangeRegistry',
          [JSON.stringify(viaDirect), JSON.stringify(signatures)],
          WHEN,
        ),
      );
      expectRefused(
        await present(ledger, 'P-E', early, callers.regulatorAdmin),
        'CONFLICT: registry change proposal P-E was made from registry version 2',
      );
    });

    it("lets only the proposing organisation's admins withdraw an open proposal, with a reason", async () => {
      const ledger = await consortiumLedger();
      succeeded(await propose(ledger, 'P-1', joinC, callers.factoryAdmin));
      const stationAs = await approvalOf(ledger, 'P-1', callers.stationAAdmin);
      const withdraw = (who: TestIdentity, reason = 'StationC is not ready'): Promise<Outcome> =>
        ledger.invoke(who, 'Consortium:WithdrawRegistryChange', ['P-1', reason], WHEN);
      expectRefused(
        await withdraw(callers.stationAAdmin),
        'FORBIDDEN: registry change proposal P-1 was proposed by FactoryMSP; only its admins withdraw it, not StationAMSP',
      );
      expectRefused(await withdraw(callers.warehouse), 'FORBIDDEN: Consortium:WithdrawRegistryChange requires role admin');
      expectRefused(await withdraw(factoryAdmin2, ' '), 'VALIDATION: reason:');
      const outcome = await withdraw(factoryAdmin2);
      expect(parsed(outcome)).to.include({ status: 'withdrawn', withdrawReason: 'StationC is not ready' });
      expect(outcome.event?.name).to.equal('RegistryChangeWithdrawn');
      expectRefused(await withdraw(callers.factoryAdmin), 'CONFLICT: registry change proposal P-1 was withdrawn');
      expectRefused(await present(ledger, 'P-1', stationAs, callers.stationAAdmin), 'CONFLICT: registry change proposal P-1 was withdrawn');
    });

    it('counts no approval a proposal was created holding: two colluding members cannot write approvals nobody gave', async () => {
      const ledger = await consortiumLedger();
      succeeded(await propose(ledger, 'P-1', joinC));
      const real = parsed(await approve(ledger, 'P-1', callers.stationAAdmin)).approvals[0];
      // A key's first write needs only the channel's two members: StationA and StationB write a proposal of the same change
      // themselves, with the digest the ledger gives for it, holding approvals nobody gave for it.
      const forge = async (id: string, approvals: unknown[]): Promise<void> => {
        const written = { ...(decode(ledger.state.get(PROPOSAL_KEY('P-1'))) as object), proposalId: id, approvals: [] };
        ledger.state.set(PROPOSAL_KEY(id), Buffer.from(JSON.stringify(written)));
        const { digest } = parsed(await ledger.invoke(callers.inspector, 'Consortium:GetRegistryProposalRecord', [id], WHEN));
        ledger.state.set(PROPOSAL_KEY(id), Buffer.from(JSON.stringify({ ...written, recordDigest: digest, approvals })));
      };
      // StationA's genuine approval of P-1, copied: it approved P-1, not this proposal.
      await forge('P-COPIED', [real]);
      expectRefused(
        await present(ledger, 'P-COPIED', await approvalOf(ledger, 'P-COPIED', callers.factoryAdmin), callers.factoryAdmin),
        'CONFLICT: registry change proposal P-COPIED holds an approval of StationAMSP that is not a genuine approval of its record',
      );
      // A "regulator approval" of this very proposal, made with a key of their own under a certificate no CA issued.
      const rogueCa = new TestCa('RegulatorMSP');
      await forge('P-ROGUE', []);
      const { digest } = parsed(await ledger.invoke(callers.inspector, 'Consortium:GetRegistryProposalRecord', ['P-ROGUE'], WHEN));
      await forge('P-ROGUE', [signRecord(rogueCa.issue('admin', 'admin'), digest, 'registry-change', WHEN)]);
      expectRefused(
        await present(ledger, 'P-ROGUE', await approvalOf(ledger, 'P-ROGUE', callers.factoryAdmin), callers.factoryAdmin),
        'CONFLICT: registry change proposal P-ROGUE holds an approval of RegulatorMSP that is not a genuine approval of its record',
      );
      expect(parsed(await ledger.invoke(callers.inspector, 'Consortium:GetRegistry', [], WHEN)).version).to.equal(1);
    });

    it('answers NOT_FOUND for a proposal never made', async () => {
      const ledger = await consortiumLedger();
      expect((await ledger.invoke(callers.inspector, 'Consortium:GetRegistryChangeProposal', ['P-9'], WHEN)).error?.message).to.equal(
        'NOT_FOUND: registry change proposal P-9 is not recorded',
      );
      const { digest } = parsed(
        await ledger.invoke(callers.inspector, 'Consortium:GetRegistryChangeRecord', [JSON.stringify(joinC)], WHEN),
      );
      expectRefused(
        await present(ledger, 'P-9', signRecord(callers.factoryAdmin, digest, 'registry-change', WHEN), callers.factoryAdmin),
        'NOT_FOUND: registry change proposal P-9 is not recorded',
      );
    });
  });
});
