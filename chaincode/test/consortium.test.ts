import { expect } from 'chai';
import canonicalize from 'canonicalize';
import { authorise } from '../src/access/roles';
import { TX_TIME } from './fake-context';
import { callers, consortiumLedger, decode, expectRefused, newLedger, ORGANISATIONS, succeeded } from './fixtures';

const INIT = 'Consortium:InitConsortium';

const withFacilities = ORGANISATIONS.map((organisation) => ({ facilities: [], ...organisation }));

describe('Consortium', () => {
  it('registers the organisations once, readable one by one and as a list ordered by MSP ID', async () => {
    const ledger = newLedger();
    const outcome = await ledger.invoke(callers.regulatorAdmin, INIT, [JSON.stringify(ORGANISATIONS)]);
    expect(JSON.parse(succeeded(outcome))).to.deep.equal(withFacilities);

    const stationA = await ledger.invoke(callers.inspector, 'Consortium:GetOrganisation', ['StationAMSP']);
    expect(JSON.parse(succeeded(stationA))).to.deep.equal(withFacilities[0]);
    const list = await ledger.invoke(callers.warehouse, 'Consortium:ListOrganisations');
    expect(JSON.parse(succeeded(list)).map((o: { mspId: string }) => o.mspId)).to.deep.equal([
      'FactoryMSP', 'RegulatorMSP', 'StationAMSP', 'StationBMSP',
    ]);
  });

  it('announces the registration with one canonical ConsortiumInitialised event', async () => {
    const outcome = await newLedger().invoke(callers.regulatorAdmin, INIT, [JSON.stringify(ORGANISATIONS)]);
    const expected = {
      type: 'ConsortiumInitialised',
      key: 'consortium',
      txId: outcome.txId,
      timestamp: TX_TIME,
      data: { organisations: withFacilities },
      objects: [{ type: 'consortium', id: 'consortium' }],
    };
    expect(outcome.event?.name).to.equal('ConsortiumInitialised');
    expect(Buffer.from(outcome.event!.payload).toString()).to.equal(canonicalize(expected));
  });

  it('lists no organisations before it is initialised, so the launcher can tell whether to initialise', async () => {
    const outcome = await newLedger().invoke(callers.regulatorAdmin, 'Consortium:ListOrganisations');
    expect(succeeded(outcome)).to.equal('[]');
  });

  it('refuses a second initialisation and writes nothing', async () => {
    const ledger = await consortiumLedger();
    const again = [{ mspId: 'StationCMSP', name: 'StationC', kind: 'station', facilities: ['G1003'] }];
    expectRefused(
      await ledger.invoke(callers.regulatorAdmin, INIT, [JSON.stringify(again)]),
      'CONFLICT: the consortium is already initialised',
    );
  });

  it('refuses initialisation by a caller without the admin role', async () => {
    expectRefused(
      await newLedger().invoke(callers.inspector, INIT, [JSON.stringify(ORGANISATIONS)]),
      'FORBIDDEN: Consortium:InitConsortium requires role admin; the caller from RegulatorMSP has role inspector',
    );
  });

  const invalid: [string, unknown, string][] = [
    ['not JSON', '{', 'organisations: must be valid JSON'],
    ['an empty list', [], 'organisations: must be a non-empty JSON array of organisations'],
    ['an object instead of a list', ORGANISATIONS[0], 'organisations: must be a non-empty JSON array of organisations'],
    [
      'an unknown kind',
      patch(2, { kind: 'hospital' }),
      'organisations[2].kind: must be one of station, factory, regulator',
    ],
    [
      'a missing name',
      patch(1, { name: undefined }),
      'organisations[1].name: is required; it must be 1 to 128 characters',
    ],
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
    [
      'a FIN listed twice',
      patch(0, { facilities: ['G1001', 'G1001'] }),
      'organisations[0].facilities[1]: lists facility G1001 twice',
    ],
    [
      'a FIN of two organisations',
      patch(2, { facilities: ['G1002'] }),
      'organisations[2].facilities[0]: facility G1002 already belongs to organisations[1]',
    ],
    [
      'an MSP ID used twice',
      patch(1, { mspId: 'StationAMSP' }),
      'organisations[1].mspId: StationAMSP is already used by organisations[0]',
    ],
  ];
  for (const [what, input, error] of invalid) {
    it(`refuses ${what}, naming the field, and writes nothing`, async () => {
      const json = typeof input === 'string' ? input : JSON.stringify(input);
      expectRefused(await newLedger().invoke(callers.regulatorAdmin, INIT, [json]), `VALIDATION: ${error}`);
    });
  }

  it('answers NOT_FOUND for an organisation outside the consortium', async () => {
    const outcome = await (await consortiumLedger()).invoke(callers.inspector, 'Consortium:GetOrganisation', ['HospitalMSP']);
    expect(outcome.error?.message).to.equal('NOT_FOUND: organisation HospitalMSP is not registered in the consortium');
  });

  it('stores one key per organisation and per facility', async () => {
    const ledger = await consortiumLedger();
    const stationA = ledger.state.get('\u0000organisation\u0000StationAMSP\u0000');
    expect(decode(stationA)).to.deep.equal(withFacilities[0]);
    expect(decode(ledger.state.get('\u0000facility\u0000G1001\u0000'))).to.deep.equal({ facility: 'G1001', mspId: 'StationAMSP' });
  });
});

describe('role matrix', () => {
  it('refuses a transaction it does not list', async () => {
    const ledger = await consortiumLedger();
    const { ctx } = ledger.transaction(callers.regulatorAdmin, 'Donation:DeleteDonation', [], TX_TIME);
    const error = await authorise(ctx, 'Donation:DeleteDonation').then(() => undefined, (e: Error) => e);
    expect(error?.message).to.equal('FORBIDDEN: Donation:DeleteDonation is not in the role matrix, and unlisted transactions are refused');
  });
});

/** ORGANISATIONS with organisation `index` changed; an undefined value drops the field. */
function patch(index: number, change: Record<string, unknown>): unknown[] {
  return ORGANISATIONS.map((organisation, i) => (i === index ? { ...organisation, ...change } : organisation));
}
