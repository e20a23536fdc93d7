// A DIN as a person or a scanner gives it: typed from the eye-readable label (13 characters, or 14 with the
// check character, spaces allowed), or scanned from the bag's ISBT 128 barcode (data structure 001,
// `=αppppyynnnnnnff`, which carries flags instead of the check character). The DIN rules themselves are the
// chaincode's (one place); this only reads the forms a DIN arrives in.
import { computeDinCheckCharacter, normaliseDinKey } from '@plasma/chaincode/browser';
import { messageOf } from '../graphql/graphql-failure';

export type DinInput =
  | { readonly ok: true; readonly din: string; readonly checkCharacter: string; readonly scanned: boolean }
  | { readonly ok: false; readonly problem: string };

const SCANNED = /^=([A-NP-Z1-9][0-9]{12})([0-9A-Z]{2})$/;

export function readDin(input: string): DinInput {
  const text = input.replace(/\s+/g, '').toUpperCase();
  const scanned = SCANNED.exec(text);
  if (scanned) {
    const din = scanned[1]!;
    return { ok: true, din, checkCharacter: computeDinCheckCharacter(din), scanned: true };
  }
  try {
    const din = normaliseDinKey(text);
    return { ok: true, din, checkCharacter: computeDinCheckCharacter(din), scanned: false };
  } catch (error) {
    // The chaincode's message leads with its code and field ("VALIDATION: din: fails ..."), which a person need not read.
    const problem = messageOf(error)
      .replace(/^[A-Z_]+: /, '')
      .replace(/^din:? /, '');
    return { ok: false, problem: problem.charAt(0).toUpperCase() + problem.slice(1) };
  }
}

/** Could this be meant as a DIN, right or wrong? Decides whether its problem is worth showing. */
export const looksLikeDin = (input: string): boolean => /^=?[A-NP-Z1-9][0-9]{4}/i.test(input.replace(/\s+/g, ''));
