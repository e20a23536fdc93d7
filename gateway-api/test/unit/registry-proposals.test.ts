// The governance module's registry change proposals, on a stand-in ledger, signer and projection: what each mutation
// submits (the chaincode's arguments, in its order), who may sign an approval and over which record, and how the
// proposals are read back. The chaincode's own rules are its tests' (chaincode/test/registry-proposals.test.ts); the
// mutations on the real network are gateway-api/test/mutations.test.ts's.
import { expect } from 'chai';
import { KEYUTIL, KJUR } from 'jsrsasign';
import type { Pool } from 'pg';
import type { ElectronicSignature } from '@plasma/chaincode';
import { GatewayError } from '../../src/errors';
import type { GatewayContext } from '../../src/graphql/context';
import { governanceModule } from '../../src/graphql/modules/governance/governance-module';
import type { PersonLedger } from '../../src/ledger/person-ledger';
import type { Person } from '../../src/people/person';
import type { ReadScopes } from '../../src/people/read-scope';
import type { RecordSigning, RecordToSign } from '../../src/signatures/record-signing';

/** A self-signed CA certificate, as a member's entry names its CA. */
function caCertificate(name: string): string {
  const { prvKeyObj, pubKeyObj } = KEYUTIL.generateKeypair('EC', 'secp256r1');
  return new KJUR.asn1.x509.Certificate({
    version: 3,
    serial: { int: 1 },
    issuer: { str: `/CN=${name}` },
    subject: { str: `/CN=${name}` },
    notbefore: '240101000000Z',
    notafter: '351231235959Z',
    sbjpubkey: pubKeyObj,
    ext: [{ extname: 'basicConstraints', critical: true, cA: true }],
    sigalg: 'SHA256withECDSA',
    cakey: prvKeyObj,
  }).getPEM();
}

const members = ['StationAMSP', 'FactoryMSP', 'RegulatorMSP'].map((mspId) => ({
  mspId,
  name: mspId.replace('MSP', ''),
  kind: mspId.startsWith('Station') ? 'station' : mspId === 'FactoryMSP' ? 'factory' : 'regulator',
  facilities: mspId.startsWith('Station') ? ['G1001'] : [],
  caCertificate: caCertificate(mspId),
}));
const change = { organisations: members, reason: 'the registry as it stands' };
const stamp = {
  txId: 'tx1',
  at: '2026-01-01T00:00:00.000Z',
  by: { mspId: 'StationAMSP', name: 'admin', role: 'admin' },
  transaction: 'Consortium:ProposeRegistryChange',
};
const proposal = {
  proposalId: 'P-1',
  change,
  fromVersion: 3,
  recordDigest: 'a'.repeat(64),
  status: 'open',
  proposedBy: { mspId: 'StationAMSP', name: 'admin' },
  proposedAt: '2026-01-01T00:00:00.000Z',
  approvals: [],
  lastChange: stamp,
};

const personOf = (role: Person['role']): Person => ({
  id: '00000000-0000-4000-8000-000000000001',
  org: 'StationA',
  mspId: 'StationAMSP',
  username: role === 'admin' ? 'admin' : 'collector1',
  displayName: role,
  role,
  certificate: '',
  createdAt: new Date(0),
  disabled: false,
  mustChangePassword: false,
  lastSignInAt: null,
  kiosk: false,
});
const contextOf = (role: Person['role']): GatewayContext => ({ person: personOf(role), token: 't', clientAddress: '127.0.0.1' });

const SIGNATURE = { meaning: 'registry-change', signerName: 'admin', mspId: 'StationAMSP' } as unknown as ElectronicSignature;

function harness(rows: unknown[] = []) {
  const submitted: { transaction: string; args: readonly string[] }[] = [];
  const signed: { meaning: string; record: RecordToSign; password: string }[] = [];
  const queries: { sql: string; values: unknown[] }[] = [];
  const ledger = {
    submit: async (_actor: unknown, transaction: string, args: readonly string[]) => {
      submitted.push({ transaction, args });
      return { transactionId: 'tx', result: Buffer.from(JSON.stringify(proposal)) };
    },
    // No request here was sent before.
    answered: async () => undefined,
  } as unknown as PersonLedger;
  let confirmed: string | undefined;
  const signing = {
    confirmPassword: async (_actor: unknown, password: string) => {
      confirmed = password;
    },
    withConfirmedPassword: async (_actor: unknown, meaning: string, record: RecordToSign) => {
      signed.push({ meaning, record, password: confirmed! });
      return SIGNATURE;
    },
  } as unknown as RecordSigning;
  const pool = {
    query: async (sql: string, values: unknown[]) => {
      queries.push({ sql, values });
      return { rows: rows.map((value) => ({ value })) };
    },
  } as unknown as Pool;
  const kept: string[] = [];
  const readScopes = {
    keepReadable: async <T>(_person: Person, items: readonly T[], objectOf: (item: T) => { type: string; id: string }) => {
      kept.push(...items.map((item) => objectOf(item).type));
      return [...items];
    },
    require: async (_person: Person, type: string) => void kept.push(type),
  } as unknown as ReadScopes;
  const { resolvers } = governanceModule({ ledger, pool, readScopes }, signing);
  type Resolver = (parent: unknown, args: Record<string, unknown>, context: GatewayContext) => Promise<any>;
  const mutation = (resolvers as { Mutation: Record<string, Resolver> }).Mutation;
  const query = (resolvers as { Query: Record<string, Resolver> }).Query;
  return { mutation, query, submitted, signed, queries, kept };
}

const refusal = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'no refusal',
    (error: unknown) => (error instanceof GatewayError ? `${error.code}: ${error.message}` : String(error)),
  );

describe('registry change proposals through the gateway', function () {
  it('proposes a change as the chaincode reads it: an optional field sent as null is not sent', async function () {
    const h = harness();
    const given = { organisations: members.map((m) => ({ ...m, jurisdiction: null })), signatureAuthorities: null, reason: change.reason };
    const answer = await h.mutation.proposeRegistryChange!(undefined, { proposalId: 'P-1', change: given }, contextOf('admin'));
    expect(answer).to.deep.include({ proposalId: 'P-1', status: 'open' });
    expect(h.submitted).to.deep.equal([{ transaction: 'Consortium:ProposeRegistryChange', args: ['P-1', JSON.stringify(change)] }]);
  });

  it("approves with the admin's own signature, meaning registry-change, over the record the ledger gives for the proposal", async function () {
    const h = harness();
    expect(
      await refusal(h.mutation.approveRegistryChange!(undefined, { proposalId: 'P-1', password: 'pw' }, contextOf('collector'))),
    ).to.match(/^FORBIDDEN: a registry-change signature is given by a person with role admin/);
    expect(h.signed, 'no password asked of a collector').to.deep.equal([]);
    expect(h.submitted).to.deep.equal([]);

    await h.mutation.approveRegistryChange!(undefined, { proposalId: 'P-1', password: 'pw' }, contextOf('admin'));
    expect(h.signed).to.deep.equal([
      { meaning: 'registry-change', password: 'pw', record: { query: 'Consortium:GetRegistryProposalRecord', args: ['P-1'] } },
    ]);
    expect(h.submitted).to.deep.equal([{ transaction: 'Consortium:ApproveRegistryChange', args: ['P-1', JSON.stringify(SIGNATURE)] }]);
  });

  it('withdraws with the reason, in the chaincode order', async function () {
    const h = harness();
    await h.mutation.withdrawRegistryChange!(undefined, { proposalId: 'P-1', reason: 'not now' }, contextOf('admin'));
    expect(h.submitted).to.deep.equal([{ transaction: 'Consortium:WithdrawRegistryChange', args: ['P-1', 'not now'] }]);
  });

  it('reads proposals from the projection by status, each by the chaincode reader, under the read scope of registry-proposal', async function () {
    const h = harness([proposal]);
    expect(await refusal(h.query.registryChangeProposals!(undefined, { status: 'pending', first: 50 }, contextOf('collector')))).to.equal(
      'VALIDATION: status: must be one of open, applied, withdrawn',
    );
    const listed = await h.query.registryChangeProposals!(undefined, { status: 'open', first: 50 }, contextOf('collector'));
    expect(listed).to.deep.equal([proposal]);
    expect(h.queries.at(-1)?.values).to.deep.equal(['open', 50]);
    expect(await h.query.registryChangeProposals!(undefined, { status: null, first: 10 }, contextOf('collector'))).to.have.length(1);
    expect(h.queries.at(-1)?.values).to.deep.equal([null, 10]);
    expect(await h.query.registryChangeProposal!(undefined, { proposalId: ' P-1 ' }, contextOf('collector'))).to.deep.equal(proposal);
    expect(h.queries.at(-1)?.values).to.deep.equal(['P-1']);
    expect(new Set(h.kept)).to.deep.equal(new Set(['registry-proposal']));
    // A row the ledger would not accept is not served as a proposal.
    const broken = harness([{ ...proposal, status: 'approved' }]);
    expect(await refusal(broken.query.registryChangeProposals!(undefined, { status: null, first: 10 }, contextOf('admin')))).to.match(
      /status: must be one of open, applied, withdrawn/,
    );
  });
});
