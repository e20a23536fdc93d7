// Signing sessions without a network: work that waits for a device's signatures, and what the session refuses (someone
// else's answer, a signature that does not verify, a late one), abandons (a revoked device, a silent client) and limits.
import { generateKeyPairSync, sign } from 'node:crypto';
import { expect } from 'chai';
import { GatewayError } from '../../src/errors';
import { signingSessions, type SigningSessions } from '../../src/people';

const device = (() => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // createPublicKey reads a PEM public key as it reads a certificate: enough to stand for the device's certificate here.
  return { id: 'device-1', certificate: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
})();
const owner = { personId: 'person-1', token: 'token-1' };
const allowed = async (): Promise<void> => undefined;
const signatureOf = (message: Uint8Array): string =>
  sign('sha256', message, { key: device.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
const codeOf = async (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'no error',
    (error: unknown) =>
      error instanceof GatewayError ? `${error.code}${error.details.field ? ` ${error.details.field}` : ''}` : String(error),
  );

describe('signing sessions: work signed by a device, one signature at a time', function () {
  let signing: SigningSessions;
  beforeEach(function () {
    signing = signingSessions({ signatureTimeoutMs: 200, maxOpenPerPerson: 2 });
  });

  it('hands over each message, resumes the work with each verified signature, and answers its result', async function () {
    const first = await signing.start(owner, device, async (signer) => {
      const a = await signer.sign({ stage: 'proposal', message: Buffer.from('proposal bytes') });
      const b = await signer.sign({ stage: 'transaction', message: Buffer.from('transaction bytes') });
      return { signatures: [a.length > 0, b.length > 0] };
    });
    expect(first.next?.stage).to.equal('proposal');
    const second = await signing.answer(owner, first.signingId, signatureOf(first.next!.message), allowed);
    expect(Buffer.from(second.next!.message).toString()).to.equal('transaction bytes');
    const done = await signing.answer(owner, first.signingId, signatureOf(second.next!.message), allowed);
    expect(done).to.deep.equal({ signingId: first.signingId, result: { signatures: [true, true] } });
    expect(await codeOf(signing.answer(owner, first.signingId, signatureOf(second.next!.message), allowed))).to.equal('NOT_FOUND');
  });

  it('refuses a signature of other bytes or of another sign-in, and keeps waiting for the right one', async function () {
    const first = await signing.start(owner, device, (signer) => signer.sign({ stage: 'record', message: Buffer.from('payload') }));
    expect(await codeOf(signing.answer(owner, first.signingId, signatureOf(Buffer.from('other')), allowed))).to.equal(
      'VALIDATION signature',
    );
    expect(
      await codeOf(signing.answer({ ...owner, token: 'token-2' }, first.signingId, signatureOf(Buffer.from('payload')), allowed)),
    ).to.equal('NOT_FOUND');
    expect(
      await codeOf(signing.answer({ ...owner, personId: 'person-2' }, first.signingId, signatureOf(Buffer.from('payload')), allowed)),
    ).to.equal('NOT_FOUND');
    const done = await signing.answer(owner, first.signingId, signatureOf(Buffer.from('payload')), allowed);
    expect(done.result).to.be.instanceOf(Uint8Array);
  });

  it('gives up on a client that does not answer in time, failing the work', async function () {
    let failure: unknown;
    const first = await signing.start(owner, device, (signer) =>
      signer.sign({ stage: 'proposal', message: Buffer.from('x') }).catch((error: unknown) => {
        failure = error;
        throw error;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(failure).to.be.instanceOf(GatewayError);
    expect(await codeOf(signing.answer(owner, first.signingId, signatureOf(Buffer.from('x')), allowed))).to.equal('NOT_FOUND');
  });

  it("abandons a revoked device's signings at once, and one whose device is refused when the signature comes", async function () {
    const revoked = await signing.start(owner, device, (signer) => signer.sign({ stage: 'proposal', message: Buffer.from('a') }));
    signing.abandon({ deviceId: device.id }, 'device revoked');
    expect(await codeOf(signing.answer(owner, revoked.signingId, signatureOf(Buffer.from('a')), allowed))).to.equal('NOT_FOUND');

    const refused = await signing.start(owner, device, (signer) => signer.sign({ stage: 'proposal', message: Buffer.from('b') }));
    const notAllowed = async (): Promise<void> => {
      throw new GatewayError('FORBIDDEN', 'revoked elsewhere');
    };
    expect(await codeOf(signing.answer(owner, refused.signingId, signatureOf(Buffer.from('b')), notAllowed))).to.equal('FORBIDDEN');
    expect(await codeOf(signing.answer(owner, refused.signingId, signatureOf(Buffer.from('b')), allowed))).to.equal('NOT_FOUND');
  });

  it('lets one person have only so many signings waiting at once', async function () {
    const wait = (signer: Parameters<Parameters<SigningSessions['start']>[2]>[0]) =>
      signer.sign({ stage: 'proposal', message: Buffer.from('m') });
    await signing.start(owner, device, wait);
    await signing.start(owner, device, wait);
    expect(await codeOf(signing.start(owner, device, wait))).to.equal('RATE_LIMITED');
    expect((await signing.start({ personId: 'person-2', token: 't' }, device, wait)).next?.stage).to.equal('proposal');
    signing.abandon({ deviceId: device.id }, 'test over');
  });
});
