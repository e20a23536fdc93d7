import { expect } from 'chai';
import { callers, cas, governedLedger } from './fixtures';
import type { FakeLedger } from './fake-context';
import { TestCa, signRecord, type TestIdentity } from './pki';
import { acceptSignature, recordDigest, type SignableRecord, type SignatureRequirement } from '../src/signatures/electronic-signature';

const NOW = '2025-04-01T12:00:00.000Z';
const RECORD: SignableRecord = { type: 'lot-qa-release', id: 'L1', content: { lotId: 'L1', steps: 3 } };
const QP: SignatureRequirement = { meaning: 'qp-release', roles: ['qp'], mspIds: ['FactoryMSP'] };

/** Runs acceptSignature in one transaction at NOW, committing its writes when it succeeds; returns the error message if any. */
async function accept(ledger: FakeLedger, signature: unknown, record = RECORD, requirement = QP): Promise<string | undefined> {
  const transaction = ledger.transaction(callers.qp, 'Lot:QaRelease', [], NOW);
  try {
    await acceptSignature(transaction.ctx, signature, 'signature', record, requirement);
    for (const [key, value] of transaction.writes) ledger.state.set(key, value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const sign = (who: TestIdentity, record = RECORD, signedAt = '2025-04-01T11:58:00.000Z') =>
  signRecord(who, recordDigest(record), 'qp-release', signedAt);

describe('electronic signatures', () => {
  it("accept the signer's ECDSA signature over the record digest, with name, time and meaning, once", async () => {
    const ledger = await governedLedger();
    const signature = sign(callers.qp);
    expect(await accept(ledger, signature)).to.equal(undefined);
    expect(await accept(ledger, signature)).to.equal(
      'CONFLICT: signature has been used before; every signature is made for one record, once',
    );
  });

  it('are bound to their record: the same signature does not fit another', async () => {
    const ledger = await governedLedger();
    const other: SignableRecord = { ...RECORD, id: 'L2' };
    expect(await accept(ledger, sign(callers.qp), other)).to.match(
      /^VALIDATION: signature\.recordDigest: is not the digest of lot-qa-release L2/,
    );
  });

  it('refuse a signature whose name, time or meaning was altered after signing', async () => {
    const ledger = await governedLedger();
    const signature = sign(callers.qp);
    expect(await accept(ledger, { ...signature, signedAt: '2025-04-01T11:59:00.000Z' })).to.match(
      /^VALIDATION: signature\.signature: does not verify/,
    );
    expect(await accept(ledger, { ...signature, signerName: 'qa1' })).to.match(
      /^VALIDATION: signature\.signerName: must be the common name of the certificate \(qp1\)/,
    );
    expect(await accept(ledger, { ...signature, meaning: 'qa-review' })).to.match(/^VALIDATION: signature\.meaning: must be qp-release/);
    const forged = { ...signature, signature: sign(callers.qp, { ...RECORD, id: 'L9' }).signature };
    expect(await accept(ledger, forged)).to.match(/^VALIDATION: signature\.signature: does not verify/);
  });

  it("need a certificate issued by the CA the signer's organisation registered", async () => {
    const ledger = await governedLedger();
    const impostor = new TestCa('FactoryMSP').issue('qp1', 'qp');
    expect(await accept(ledger, sign(impostor))).to.equal(
      'FORBIDDEN: the certificate of qp1 was not issued by the certificate authority of FactoryMSP',
    );
    const fromStation = { ...sign(cas.StationAMSP.issue('qp1', 'qp')), mspId: 'StationAMSP' };
    expect(await accept(ledger, fromStation)).to.equal('FORBIDDEN: a qp-release signature must come from FactoryMSP, not StationAMSP');
  });

  it('need the role the meaning asks for, a certificate valid when signing, and a recent signing time', async () => {
    const ledger = await governedLedger();
    expect(await accept(ledger, sign(callers.factoryQa))).to.equal(
      'FORBIDDEN: a qp-release signature needs a signer with role qp; qa1 has factory-qa',
    );
    const expired = cas.FactoryMSP.issue('qp9', 'qp', { notbefore: '240101000000Z', notafter: '250301000000Z' });
    expect(await accept(ledger, sign(expired))).to.match(/^VALIDATION: signature\.signedAt: must fall within the certificate's validity/);
    expect(await accept(ledger, sign(callers.qp, RECORD, '2025-03-30T11:00:00.000Z'))).to.match(
      /^VALIDATION: signature\.signedAt: must lie within the 24 hours before the transaction/,
    );
    expect(await accept(ledger, sign(callers.qp, RECORD, '2025-04-01T12:10:00.000Z'))).to.match(/^VALIDATION: signature\.signedAt/);
  });
});
