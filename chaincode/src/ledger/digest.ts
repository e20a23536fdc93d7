// SHA-256 digests of canonical JSON: what signatures, Merkle trees and look-back cases commit to.
import { createHash } from 'node:crypto';
import { toCanonicalJson } from './canonical';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The digest of a value's canonical JSON (RFC 8785), as 64 lowercase hex characters. */
export function canonicalDigest(value: unknown): string {
  return sha256Hex(toCanonicalJson(value));
}
