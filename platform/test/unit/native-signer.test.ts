// The native signer: every signature verifies with the public key and has the low S that Fabric requires.
import { createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { expect } from 'chai';
import { nativeP256Signer } from '../../src/ledger/native-signer';

const HALF_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n >> 1n;

/** r and s of a DER ECDSA signature. */
function readDer(signature: Uint8Array): { r: bigint; s: bigint } {
  const bytes = Buffer.from(signature);
  expect(bytes[0]).to.equal(0x30);
  expect(bytes[1]).to.equal(bytes.length - 2);
  const integer = (at: number): [bigint, number] => {
    expect(bytes[at]).to.equal(0x02);
    const length = bytes[at + 1]!;
    const value = bytes.subarray(at + 2, at + 2 + length);
    expect(value[0]! & 0x80, 'a positive integer').to.equal(0);
    if (value.length > 1) expect(value[0] === 0 && (value[1]! & 0x80) === 0, 'no needless leading zero').to.equal(false);
    return [BigInt(`0x${value.toString('hex')}`), at + 2 + length];
  };
  const [r, next] = integer(2);
  const [s, end] = integer(next);
  expect(end).to.equal(bytes.length);
  return { r, s };
}

describe('native P-256 signer', function () {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const signer = nativeP256Signer(privateKey);

  it('signs so that the public key verifies, always with S in the lower half of the group order', async function () {
    for (let i = 0; i < 200; i += 1) {
      const message = randomBytes(1 + (i % 300));
      const signature = await signer(message);
      expect(verify('sha256', message, createPublicKey(privateKey), Buffer.from(signature)), `signature ${i}`).to.equal(true);
      expect(readDer(signature).s <= HALF_ORDER, `signature ${i} has low S`).to.equal(true);
    }
  });

  it('refuses a key that is not ECDSA P-256', function () {
    const { privateKey: rsa } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { privateKey: p384 } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    expect(() => nativeP256Signer(rsa)).to.throw('ECDSA P-256');
    expect(() => nativeP256Signer(p384)).to.throw('ECDSA P-256');
  });
});
