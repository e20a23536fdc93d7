// What a document's SHA-256 is taken over: its canonical bytes. JSON (application/json and every +json type) is
// canonicalised by RFC 8785 with the chaincode's own canonicaliser, so the same data has the same hash whatever
// its spacing or key order; any other type is hashed exactly as its bytes were sent. Storing and verifying both
// come here, so the two can never disagree on the rule.
import { sha256Hex, toCanonicalBytes } from '@plasma/chaincode';

export const isJsonMediaType = (mediaType: string): boolean => /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/.test(mediaType);

/** The content is not what its media type says (JSON that does not parse). */
export class NotCanonicalisable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotCanonicalisable';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How deep a JSON document may nest arrays and objects: far deeper than any record, and shallow enough to canonicalise. */
export const MAX_JSON_DEPTH = 64;

/**
 * Refuses a value nested deeper than MAX_JSON_DEPTH, counted without recursion (20,000 levels would overflow the
 * stack). Checked when a document is stored, not when a stored one is verified: a document stored before the limit
 * existed is still verified by its hash.
 */
export function assertShallow(value: unknown): void {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) throw new NotCanonicalisable(`must nest arrays and objects at most ${MAX_JSON_DEPTH} levels deep`);
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
}

/** JSON text as RFC 8785 bytes. */
export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(toCanonicalBytes(value));
}

/** The bytes a document of `mediaType` is stored and hashed as; `storing` checks its nesting first (assertShallow). */
export function canonicalBytes(mediaType: string, content: Uint8Array, storing = false): Buffer {
  if (!isJsonMediaType(mediaType)) return Buffer.from(content);
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(content));
  } catch (error) {
    throw new NotCanonicalisable(`must be UTF-8 JSON, as media type ${mediaType} says (${(error as Error).message})`);
  }
  if (storing) assertShallow(value);
  return canonicalJsonBytes(value);
}

/** SHA-256 (64 lowercase hex) of a document's canonical bytes. */
export const documentDigest = (mediaType: string, content: Uint8Array): string => sha256Hex(canonicalBytes(mediaType, content));
