// The one rule for identifiers that become part of ledger keys (storage locations, device ids, lot, pool, case and
// shipment ids, excursion ids...): printable, bounded, and of one defined character set per kind. Fabric's composite
// keys separate their parts with U+0000 and end ranges with U+10FFFF, so a part holding either (or any control
// character) could forge another key or widen a range: a location "F1\u0000X" would list as a second freezer.
import { ValidationError } from '../errors';
import type { Rule } from '../rule';

/** Characters no identifier may hold: C0/C1 controls, invisible format characters, lone surrogates (the u flag
 * matches only unpaired ones), non-characters and private use planes. */
const NOT_PRINTABLE =
  /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uD800-\uDFFF\uFEFF\uFFF9-\uFFFF]|[\u{F0000}-\u{10FFFF}]/u;

/** Longest key part accepted anywhere; each kind sets its own, shorter, bound. */
export const MAX_KEY_PART = 256;

interface IdentifierKind {
  readonly pattern: RegExp;
  readonly text: string;
}

/** An id a member names its own thing by: the FIN of one of its facilities, "-", then its own name for it. */
const OWNED_BY_FIN = /^[A-NP-Z1-9][0-9]{4}-[A-Za-z0-9][A-Za-z0-9._-]{0,33}$/;

/** Every kind of identifier the chaincode keys records by, with its character set and length. */
export const IDENTIFIER_KINDS = {
  /** Chosen by the organisation that creates the object: shipment, device, deviation, hold... */
  code: {
    pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/,
    text: 'must be an identifier: 1 to 40 of A-Z a-z 0-9 . _ -, starting with a letter or digit',
  },
  /**
   * A cold-chain device: the FIN of one of its site's facilities, then the site's own name for it, so that no member can
   * register (and so squat) an id another site's ingest will use.
   */
  device: {
    pattern: OWNED_BY_FIN,
    text: 'must be a device id: the FIN of one of the site\'s facilities, "-", then 1 to 34 of A-Z a-z 0-9 . _ - (e.g. G1001-FRZ-01)',
  },
  /** A station's shipment of bags, named like its devices so that no other member can take the id first. */
  shipment: {
    pattern: OWNED_BY_FIN,
    text: 'must be a shipment id: the FIN of one of the dispatching station\'s facilities, "-", then 1 to 34 of A-Z a-z 0-9 . _ - (e.g. G1001-SHP-0001)',
  },
  /** A storage location as a site names its freezers and halls, in Latin or Chinese script. */
  location: {
    pattern: /^[A-Za-z0-9\u4E00-\u9FFF](?:[A-Za-z0-9\u4E00-\u9FFF ._/#:()-]{0,62}[A-Za-z0-9\u4E00-\u9FFF.)])?$/,
    text:
      'must be a storage location: 1 to 64 of letters (Latin or Chinese), digits, space and . _ / # : ( ) -, ' +
      'starting with a letter or digit and not ending with a space',
  },
  /** What a site's ingest names an excursion by: device, signal and start, e.g. `G1001-FRZ-01/ns=1;s=T@2025-...Z`. */
  excursion: {
    pattern: /^[\x21-\x7E]{1,160}$/,
    text: 'must be an excursion id: 1 to 160 printable ASCII characters without spaces',
  },
} as const satisfies Record<string, IdentifierKind>;

export type IdentifierKindName = keyof typeof IDENTIFIER_KINDS;

/** The rule for identifiers of `kind`, for field readers. */
export function identifierRule(kind: IdentifierKindName): Rule<string> {
  const { pattern, text } = IDENTIFIER_KINDS[kind];
  return { text, test: (value): value is string => typeof value === 'string' && pattern.test(value) && !NOT_PRINTABLE.test(value) };
}

/** Whether `value` may be part of a key: a non-empty printable string of at most MAX_KEY_PART characters. */
export const isKeyPart = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_KEY_PART && !NOT_PRINTABLE.test(value);

/** Refuses a key part that is not printable or too long; the last line of defence behind each field's own rule. */
export function assertKeyPart(value: unknown, field: string): asserts value is string {
  if (!isKeyPart(value)) {
    throw new ValidationError(field, `must be 1 to ${MAX_KEY_PART} printable characters: no control characters, U+0000 or U+10FFFF`);
  }
}

/** Whether free text holds a character that has no place in a record: controls other than tab and line breaks. */
export const hasControlCharacter = (value: string): boolean =>
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]|\u{10FFFF}/u.test(value);
