// ECDSA P-256 signing with Node's OpenSSL instead of the gateway library's pure-JavaScript signer, which cost
// several milliseconds of CPU per transaction. Fabric accepts only low-S signatures (s ≤ n/2), which OpenSSL
// does not guarantee, so s is folded into the lower half before the signature is DER-encoded.
import { sign, type KeyObject } from 'node:crypto';
import type { Signer } from '@hyperledger/fabric-gateway';

/** The order of the P-256 group. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_ORDER = P256_ORDER >> 1n;

/** Signs the whole message (the connection must hash with `hash.none`): SHA-256, then ECDSA, low-S, DER. */
export function nativeP256Signer(key: KeyObject): Signer {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('a Fabric identity key must be an ECDSA P-256 private key');
  }
  return async (message) => {
    const rs = sign('sha256', message, { key, dsaEncoding: 'ieee-p1363' });
    const r = BigInt(`0x${rs.subarray(0, 32).toString('hex')}`);
    let s = BigInt(`0x${rs.subarray(32).toString('hex')}`);
    if (s > HALF_ORDER) s = P256_ORDER - s;
    return derSequence(derInteger(r), derInteger(s));
  };
}

function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  // A set top bit would read as negative.
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

function derSequence(...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
