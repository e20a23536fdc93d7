// Deterministic JSON (RFC 8785): every endorsing peer must write identical bytes, or endorsements disagree.
import canonicalize from 'canonicalize';

export function toCanonicalJson(value: unknown): string {
  const json = canonicalize(value);
  if (json === undefined) {
    throw new TypeError('value has no JSON representation');
  }
  return json;
}

export function toCanonicalBytes(value: unknown): Uint8Array {
  return Buffer.from(toCanonicalJson(value), 'utf8');
}

/** Parses stored bytes; the caller validates the shape (state objects check themselves on read). */
export function fromBytes(bytes: Uint8Array): unknown {
  return JSON.parse(Buffer.from(bytes).toString('utf8'));
}
