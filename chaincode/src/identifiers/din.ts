// ISBT 128 Donation Identification Number (DIN): format, ISO 7064 mod 37-2 check character, parsing.
import { ValidationError } from '../errors';
import { matching, type Rule } from '../validation';

/** A DIN split into its parts: `din` is the 13-character identifier the ledger keys on. */
export interface ParsedDin {
  readonly din: string;
  readonly checkCharacter: string;
  /** Facility identification number (FIN): the first 5 characters. */
  readonly facility: string;
  readonly year: string;
  readonly sequence: string;
}

// α ∈ A-N, P-Z, 1-9 (no O or 0, which scanners and people confuse) followed by 4 digits.
const FIN = '[A-NP-Z1-9][0-9]{4}';
const DIN_PATTERN = new RegExp(`^${FIN}[0-9]{8}$`);
const DIN_FORMAT =
  'αppppyynnnnnn (α one of A-N, P-Z or 1-9 and pppp 4 digits, together the facility FIN; ' +
  'yy the 2-digit year; nnnnnn the 6-digit sequence)';

// Position in this string is the character's value in ISO 7064 mod 37-2.
const CHECK_CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*';

export const FIN_RULE: Rule<string> = matching(
  new RegExp(`^${FIN}$`),
  'must be a 5-character facility identification number (FIN): one of A-N, P-Z or 1-9 followed by 4 digits',
);

/** The 13-character DIN as the ledger stores it. */
export const DIN_RULE: Rule<string> = matching(DIN_PATTERN, `must be the 13-character DIN ${DIN_FORMAT}`);

/** ISO 7064 mod 37-2 check character of a 13-character DIN (spaces ignored, case-insensitive). */
export function computeDinCheckCharacter(din13: string): string {
  const din = compact(din13);
  if (!DIN_PATTERN.test(din)) {
    throw new ValidationError('din', DIN_RULE.text);
  }
  let sum = 0;
  for (let index = 0; index < din.length; index += 1) {
    sum += CHECK_CHARACTERS.indexOf(din.charAt(index)) * 2 ** (din.length - index);
  }
  return CHECK_CHARACTERS.charAt((38 - (sum % 37)) % 37);
}

/** Parses a DIN as printed on the bag: 13 characters then the check character (spaces ignored, case-insensitive). */
export function parseDin(input: unknown): ParsedDin {
  const text = typeof input === 'string' ? compact(input) : '';
  const din = text.slice(0, 13);
  if (text.length !== 14 || !DIN_PATTERN.test(din)) {
    throw new ValidationError('din', `must be 14 characters: the DIN ${DIN_FORMAT} followed by its check character`);
  }
  const checkCharacter = text.charAt(13);
  assertCheckCharacter(din, checkCharacter);
  return { din, checkCharacter, facility: din.slice(0, 5), year: din.slice(5, 7), sequence: din.slice(7) };
}

/** The 13-character ledger key of a DIN given with or without its check character (which is verified if given). */
export function normaliseDinKey(input: string): string {
  const text = compact(input);
  const din = text.slice(0, 13);
  if ((text.length !== 13 && text.length !== 14) || !DIN_PATTERN.test(din)) {
    throw new ValidationError('din', `must be the DIN ${DIN_FORMAT}, optionally followed by its check character`);
  }
  if (text.length === 14) {
    assertCheckCharacter(din, text.charAt(13));
  }
  return din;
}

function assertCheckCharacter(din: string, checkCharacter: string): void {
  const expected = computeDinCheckCharacter(din);
  if (checkCharacter !== expected) {
    throw new ValidationError(
      'din',
      `fails the ISO 7064 mod 37-2 check character rule: the check character of ${din} is ${expected}, not ${checkCharacter}`,
    );
  }
}

/** The DIN without the spaces of its eye-readable print; any other character, a tab or line break included, stays and fails the format. */
function compact(text: string): string {
  return text.replace(/ +/g, '').toUpperCase();
}
