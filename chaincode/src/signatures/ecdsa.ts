// ECDSA P-256 signatures in the one form this ledger accepts: canonical DER with a low S. ECDSA also verifies the
// mirror (r, n - s) and padded encodings of the same signature, so without one form a signing act would have several
// encodings, each usable once. Signers (the gateway, the launcher, tests) sign through signLowS.
import { createPrivateKey, KeyObject, sign } from 'node:crypto';

/** The order n of the P-256 group; a signature's s is "low" at or below n / 2. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

export interface SignatureParts {
  readonly r: bigint;
  readonly s: bigint;
}

const toInteger = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

/** DER INTEGER content of a positive value: minimal big-endian, with a 0x00 before a high first bit. */
function integerBytes(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return (bytes[0]! & 0x80) === 0 ? bytes : Buffer.concat([Buffer.from([0]), bytes]);
}

/** The DER SEQUENCE { INTEGER r, INTEGER s } of an ECDSA signature, in its one canonical encoding. */
export function derSignature({ r, s }: SignatureParts): Buffer {
  const parts = [r, s].map((value) => {
    const content = integerBytes(value);
    return Buffer.concat([Buffer.from([0x02, content.length]), content]);
  });
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** r and s of a P-256 ECDSA signature, or undefined unless it is canonical DER with both in 1..n-1. */
export function signatureParts(der: Uint8Array): SignatureParts | undefined {
  const bytes = Buffer.from(der);
  if (bytes.length < 8 || bytes[0] !== 0x30 || bytes[1] !== bytes.length - 2) return undefined;
  const read = (offset: number): [bigint, number] | undefined => {
    if (bytes[offset] !== 0x02) return undefined;
    const length = bytes[offset + 1] ?? 0;
    if (length === 0 || offset + 2 + length > bytes.length) return undefined;
    return [toInteger(bytes.subarray(offset + 2, offset + 2 + length)), offset + 2 + length];
  };
  const first = read(2);
  const second = first && read(first[1]);
  if (!first || !second || second[1] !== bytes.length) return undefined;
  const parts = { r: first[0], s: second[0] };
  const inRange = (value: bigint): boolean => value > 0n && value < P256_ORDER;
  // Re-encoding must give the same bytes: a padded or otherwise unusual encoding is a second form of one signature.
  return inRange(parts.r) && inRange(parts.s) && derSignature(parts).equals(bytes) ? parts : undefined;
}

export const isLowS = ({ s }: SignatureParts): boolean => s <= P256_ORDER / 2n;

/** The low-S form (r, min(s, n - s)): what a signature and its mirror have in common. */
export const lowSForm = ({ r, s }: SignatureParts): SignatureParts => ({ r, s: s <= P256_ORDER / 2n ? s : P256_ORDER - s });

/**
 * The one form this ledger accepts of a signature made elsewhere: WebCrypto's IEEE P1363 `r‖s` (64 bytes) or DER, as
 * canonical low-S DER; undefined when it is neither. Mirroring s needs no key, so the signer's act is unchanged.
 */
export function canonicalSignature(signature: Uint8Array): Buffer | undefined {
  const bytes = Buffer.from(signature);
  // Strict DER first: a DER signature may itself be 64 bytes long.
  const parts =
    signatureParts(bytes) ?? (bytes.length === 64 ? { r: toInteger(bytes.subarray(0, 32)), s: toInteger(bytes.subarray(32)) } : undefined);
  if (!parts || parts.r <= 0n || parts.r >= P256_ORDER || parts.s <= 0n || parts.s >= P256_ORDER) return undefined;
  return derSignature(lowSForm(parts));
}

/** Signs `message` (SHA-256, ECDSA P-256) in canonical low-S DER, as Fabric and this ledger's e-signatures require. */
export function signLowS(message: Uint8Array, key: KeyObject | string | Buffer): Buffer {
  const privateKey = key instanceof KeyObject ? key : createPrivateKey(key);
  const rs = sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return derSignature(lowSForm({ r: toInteger(rs.subarray(0, 32)), s: toInteger(rs.subarray(32)) }));
}
