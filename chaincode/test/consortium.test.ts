import { expect } from 'chai';
import canonicalize from 'canonicalize';
import { TX_TIME } from './fake-context'; // first: it quietens the contracts' loading
import { authorise } from '../src/access/authorise';
import { ruleOf } from '../src/ledger/endorsement';
import { callers, cardOf, cas, consortiumLedger, decode, expectRefused, newLedger, ORGANISATIONS, parsed, succeeded } from './fixtures';
import { signRecord, TestCa, type TestIdentity } from './pki';

const INIT = 'Consortium:InitConsortium';
const REGISTRY_KEY = '\u0000consortium\u0000';
const byMspId = [...ORGANISATIONS].sort((a, b) => a.mspId.localeCompare(b.mspId));

/** A fresh ledger whose endorsing peer is the regulator's, holding the regulator's own card. */
function genesisLedger(endorsingFor = cardOf('RegulatorMSP')): ReturnType<typeof newLedger> {
  const ledger = newLedger();
  ledger.endorsingFor = endorsingFor;
  return ledger;
}

describe('Consortium', () => {
  it('registers the organisations once, readable one by one and as a list ordered by MSP ID', async () => {
    const ledger = genesisLedger();
    const registry = parsed(await ledger.invoke(callers.regulatorAdmin, INIT, [JSON.stringify(ORGANISATIONS)]));
    expect(registry.version).to.equal(1);
    expect(registry.organisations).to.deep.equal(byMspId);

    const stationA = await ledger.invoke(callers.inspector, 'Consortium:GetOrganisation', ['StationAMSP']);
    expect(JSON.parse(succeeded(stationA))).to.deep.equal(cardOf('StationAMSP'));
    const list = await ledger.invoke(callers.warehouse, 'Consortium:ListOrganisations');
    expect(JSON.parse(succeeded(list)).map((o: { mspId: string }) => o.mspId)).to.deep.equal([
      'FactoryMSP',
      'RegulatorMSP',
      'StationAMSP',
      'StationBMSP',
    ]);
    const ca = parsed(await ledger.invoke(callers.inspector, 'Consortium:GetCertificateAuthority', ['FactoryMSP']));
    expect(ca.certificate).to.equal(cas.FactoryMSP.certificate);
  });

  it('announces the registration with one canonical ConsortiumInitialised event', async () => {
    const outcome = await genesisLedger().invoke(callers.regulatorAdmin, INIT, [JSON.stringify(ORGANISATIONS)]);
    const registry = JSON.parse(succeeded(outcome));
    const expected = {
      type: 'ConsortiumInitialised',
      key: 'consortium',
      txId: outcome.txId,
      timestamp: TX_TIME,
      data: registry,
      objects: [{ type: 'consortium', id: 'consortium' }],
    };
    expect(outcome.event?.name).to.equal('ConsortiumInitialised');
    expect(Buffer.from(outcome.event!.payload).toString()).to.equal(canonicalize(expected));
  });

  // Issue 10 item 11: any admin could create the registry first, with any content, and the rest were stuck with it.
  it('is written only with the endorsement of peers whose own organisation it describes as their card says', async () => {
    const forged = ORGANISATIONS.map((organisation) =>
      organisation.mspId === 'StationAMSP' ? { ...organisation, facilities: ['G1009'] } : organisation,
    );
    // StationB's admin races to create a registry that moves StationA's facility: StationA's peer refuses to endorse it.
    expectRefused(
      await genesisLedger(cardOf('StationAMSP')).invoke(callers.stationBAdmin, INIT, [JSON.stringify(forged)]),
      'VALIDATION: organisations: the registry describes it otherwise than its organisation card',
    );
    const withoutA = ORGANISATIONS.filter(({ mspId }) => mspId !== 'StationAMSP');
    expectRefused(
      await genesisLedger(cardOf('StationAMSP')).invoke(callers.stationBAdmin, INIT, [JSON.stringify(withoutA)]),
      'VALIDATION: organisations: the registry does not list it',
    );
    // A chaincode server given no card cannot vouch for anything.
    const noCard = newLedger();
    expectRefused(await noCard.invoke(callers.regulatorAdmin, INIT, [JSON.stringify(ORGANISATIONS)]), 'FORBIDDEN: this endorsing peer');
    // The same registry is accepted by every founding member's peer.
    for (const organisation of ORGANISATIONS) {
      succeeded(await genesisLedger(organisation).invoke(callers.stationBAdmin, INIT, [JSON.stringify(ORGANISATIONS)]));
    }
  });

  it("keeps the registry in one key that needs a majority of the members' peers to change", async () => {
    const ledger = await consortiumLedger();
    expect(decode(ledger.state.get(REGISTRY_KEY))).to.have.property('version', 1);
    expect(ruleOf(ledger.validationParameters.get(REGISTRY_KEY)!)).to.deep.equal({
      required: 3,
      of: byMspId.map(({ mspId }) => ({ peerOf: mspId })),
    });
    expect(
      [...ledger.state.keys()].filter((key) => key.startsWith('\u0000organisation') || key.startsWith('\u0000facility')),
    ).to.deep.equal([]);
  });

  it('lists no organisations before it is initialised, so the launcher can tell whether to initialise', async () => {
    const outcome = await newLedger().invoke(callers.regulatorAdmin, 'Consortium:ListOrganisations');
    expect(succeeded(outcome)).to.equal('[]');
  });

  it('refuses a second initialisation and writes nothing', async () => {
    const ledger = await consortiumLedger();
    expectRefused(
      await ledger.invoke(callers.regulatorAdmin, INIT, [JSON.stringify(ORGANISATIONS)]),
      'CONFLICT: the consortium is already initialised',
    );
  });

  it('refuses initialisation by a caller without the admin role', async () => {
    expectRefused(
      await genesisLedger().invoke(callers.inspector, INIT, [JSON.stringify(ORGANISATIONS)]),
      'FORBIDDEN: Consortium:InitConsortium requires role admin; the caller from RegulatorMSP has role inspector',
    );
  });

  const invalid: [string, unknown, string][] = [
    ['not JSON', '{', 'organisations: must be valid JSON'],
    ['an empty list', [], 'organisations: must be a non-empty JSON array of organisations'],
    ['an object instead of a list', ORGANISATIONS[0], 'organisations: must be a non-empty JSON array of organisations'],
    ['an unknown kind', patch(2, { kind: 'hospital' }), 'organisations[2].kind: must be one of station, factory, regulator'],
    ['a missing name', patch(1, { name: undefined }), 'organisations[1].name: is required; it must be 1 to 128 characters'],
    ['an unknown field', patch(0, { country: 'CN' }), 'organisations[0].country: is not a known field'],
    ['a bad MSP ID', patch(3, { mspId: 'Regulator MSP' }), 'organisations[3].mspId: must be an MSP ID'],
    [
      'a station without facilities',
      patch(1, { facilities: [] }),
      'organisations[1].facilities: a station must have at least one facility (FIN)',
    ],
    [
      'a malformed FIN',
      patch(0, { facilities: ['O1001'] }),
      'organisations[0].facilities[0]: must be a 5-character facility identification number (FIN)',
    ],
    ['a FIN listed twice', patch(0, { facilities: ['G1001', 'G1001'] }), 'organisations[0].facilities[1]: lists facility G1001 twice'],
    [
      'a FIN of two organisations',
      patch(2, { facilities: ['G1002'] }),
      'organisations[2].facilities[0]: facility G1002 already belongs to organisations[1]',
    ],
    ['an MSP ID used twice', patch(1, { mspId: 'StationAMSP' }), 'organisations[1].mspId: StationAMSP is already used by organisations[0]'],
    [
      'a CA certificate that is no CA',
      patch(0, { caCertificate: callers.collectorA.certificate }),
      'organisations[0].caCertificate: must be a CA certificate',
    ],
  ];
  for (const [what, input, error] of invalid) {
    it(`refuses ${what}, naming the field, and writes nothing`, async () => {
      const json = typeof input === 'string' ? input : JSON.stringify(input);
      expectRefused(await genesisLedger().invoke(callers.regulatorAdmin, INIT, [json]), `VALIDATION: ${error}`);
    });
  }

  it('answers NOT_FOUND for an organisation outside the consortium', async () => {
    const outcome = await (await consortiumLedger()).invoke(callers.inspector, 'Consortium:GetOrganisation', ['HospitalMSP']);
    expect(outcome.error?.message).to.equal('NOT_FOUND: organisation HospitalMSP is not registered in the consortium');
  });

  describe('ChangeRegistry', () => {
    const stationC = {
      mspId: 'StationCMSP',
      name: 'StationC',
      kind: 'station',
      facilities: ['G1003'],
      caCertificate: new TestCa('StationCMSP').certificate,
    };
    const admins: Record<string, TestIdentity> = {
      StationAMSP: callers.stationAAdmin,
      StationBMSP: callers.stationBAdmin,
      FactoryMSP: callers.factoryAdmin,
      RegulatorMSP: callers.regulatorAdmin,
    };
    const WHEN = '2025-02-01T00:00:00.000Z';

    async function approvals(
      ledger: Awaited<ReturnType<typeof consortiumLedger>>,
      change: unknown,
      approvers: string[],
    ): Promise<unknown[]> {
      const { digest } = parsed(
        await ledger.invoke(callers.regulatorAdmin, 'Consortium:GetRegistryChangeRecord', [JSON.stringify(change)], WHEN),
      );
      return approvers.map((mspId) => signRecord(admins[mspId]!, digest, 'registry-change', WHEN));
    }

    it("admits a new station with the signatures of a majority of the members' admins, under a majority of the new members", async () => {
      const ledger = await consortiumLedger();
      const change = { organisations: [...ORGANISATIONS, stationC], reason: 'StationC joins the consortium' };
      const signed = await approvals(ledger, change, ['RegulatorMSP', 'FactoryMSP', 'StationAMSP']);
      const outcome = await ledger.invoke(
        callers.factoryAdmin,
        'Consortium:ChangeRegistry',
        [JSON.stringify(change), JSON.stringify(signed)],
        WHEN,
      );
      const registry = JSON.parse(succeeded(outcome));
      expect(registry.version).to.equal(2);
      expect(registry.organisations.map((o: { mspId: string }) => o.mspId)).to.include('StationCMSP');
      expect(outcome.event?.name).to.equal('RegistryChanged');
      expect(ruleOf(outcome.validationParameters.get(REGISTRY_KEY)!)).to.have.property('required', 3);
      expect(parsed(await ledger.invoke(callers.inspector, 'Consortium:GetOrganisation', ['StationCMSP'], WHEN)).facilities).to.deep.equal([
        'G1003',
      ]);
    });

    it('refuses a change a minority approved, one approval per organisation, and a replayed approval', async () => {
      const ledger = await consortiumLedger();
      const change = { organisations: [...ORGANISATIONS, stationC], reason: 'StationC joins the consortium' };
      const two = await approvals(ledger, change, ['RegulatorMSP', 'FactoryMSP']);
      expectRefused(
        await ledger.invoke(callers.factoryAdmin, 'Consortium:ChangeRegistry', [JSON.stringify(change), JSON.stringify(two)], WHEN),
        'FORBIDDEN: a registry change needs the approval of more than half of the 4 members; it has 2',
      );
      const twice = [...two, two[0]];
      expectRefused(
        await ledger.invoke(callers.factoryAdmin, 'Consortium:ChangeRegistry', [JSON.stringify(change), JSON.stringify(twice)], WHEN),
        'VALIDATION: approvals[2]: repeats an approval of RegulatorMSP',
      );
      const three = await approvals(ledger, change, ['RegulatorMSP', 'FactoryMSP', 'StationBMSP']);
      succeeded(
        await ledger.invoke(callers.factoryAdmin, 'Consortium:ChangeRegistry', [JSON.stringify(change), JSON.stringify(three)], WHEN),
      );
      expectRefused(
        await ledger.invoke(callers.factoryAdmin, 'Consortium:ChangeRegistry', [JSON.stringify(change), JSON.stringify(three)], WHEN),
        'VALIDATION: approvals[0].recordDigest: is not the digest of registry-change',
      );
    });

    it("refuses to change a member's own entry (its CA, its facilities) without that member's approval", async () => {
      const ledger = await consortiumLedger();
      const rogueCa = new TestCa('StationAMSP');
      const change = { organisations: patch(0, { caCertificate: rogueCa.certificate }), reason: "rotate StationA's CA" };
      const signed = await approvals(ledger, change, ['RegulatorMSP', 'FactoryMSP', 'StationBMSP']);
      expectRefused(
        await ledger.invoke(callers.factoryAdmin, 'Consortium:ChangeRegistry', [JSON.stringify(change), JSON.stringify(signed)], WHEN),
        'FORBIDDEN: the change alters the entry of StationAMSP, whose admin has not approved it',
      );
    });

    it('takes approvals only from admins of current members, signing this change', async () => {
      const ledger = await consortiumLedger();
      const change = { organisations: [...ORGANISATIONS, stationC], reason: 'StationC joins the consortium' };
      const { digest } = parsed(
        await ledger.invoke(callers.regulatorAdmin, 'Consortium:GetRegistryChangeRecord', [JSON.stringify(change)], WHEN),
      );
      const notAdmin = [callers.regulator, callers.factoryAdmin, callers.stationAAdmin].map((who) =>
        signRecord(who, digest, 'registry-change', WHEN),
      );
      expectRefused(
        await ledger.invoke(callers.factoryAdmin, 'Consortium:ChangeRegistry', [JSON.stringify(change), JSON.stringify(notAdmin)], WHEN),
        'FORBIDDEN: a registry-change signature needs a signer with role admin; regulator1 has regulator',
      );
    });
  });
});

describe('role matrix', () => {
  it('refuses a transaction it does not list', async () => {
    const ledger = await consortiumLedger();
    const { ctx } = ledger.transaction(callers.regulatorAdmin, 'Donation:DeleteDonation', [], TX_TIME);
    const error = await authorise(ctx, 'Donation:DeleteDonation').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.equal('FORBIDDEN: Donation:DeleteDonation is not in the role matrix, and unlisted transactions are refused');
  });
});

/** ORGANISATIONS with organisation `index` changed; an undefined value drops the field. */
function patch(index: number, change: Record<string, unknown>): unknown[] {
  return ORGANISATIONS.map((organisation, i) => (i === index ? { ...organisation, ...change } : organisation));
}
