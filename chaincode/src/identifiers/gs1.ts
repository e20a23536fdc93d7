// GS1 identifiers on vials and cases: GTIN-14 and SSCC-18 with their mod-10 check digits, serial numbers (AI 21)
// and the element string `(01)<GTIN>(21)<serial>` that names one unit.
import { ValidationError } from '../errors';
import { matching, type Rule } from '../validation';

/** GS1 mod-10 check digit over the digits before it: weights 3, 1, 3, ... from the right. */
export function gs1CheckDigit(digits: string): string {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    const fromRight = digits.length - index;
    sum += Number(digits[index]) * (fromRight % 2 === 1 ? 3 : 1);
  }
  return String((10 - (sum % 10)) % 10);
}

const hasCheckDigit = (code: string): boolean => gs1CheckDigit(code.slice(0, -1)) === code.slice(-1);

export const GTIN_RULE: Rule<string> = {
  text: 'must be a GTIN-14: 14 digits whose last is the GS1 mod-10 check digit',
  test: (value): value is string => typeof value === 'string' && /^\d{14}$/.test(value) && hasCheckDigit(value),
};

export const SSCC_RULE: Rule<string> = {
  text: 'must be an SSCC: 18 digits whose last is the GS1 mod-10 check digit',
  test: (value): value is string => typeof value === 'string' && /^\d{18}$/.test(value) && hasCheckDigit(value),
};

/** AI (21) serial: 1 to 20 characters of GS1 character set 82 (we exclude the few that need escaping in URIs). */
export const SERIAL_RULE = matching(
  /^[A-Za-z0-9!%&'()*+,\-./:;<=>?_]{1,20}$/,
  'must be a GS1 serial (AI 21): 1 to 20 characters of GS1 set 82',
);

export interface Gs1Unit {
  readonly gtin: string;
  readonly serial: string;
}

/** Parses `(01)<GTIN-14>(21)<serial>`; errors name `field`. */
export function parseGs1Unit(text: string, field: string): Gs1Unit {
  const match = /^\(01\)(\d{14})\(21\)(.+)$/.exec(text);
  if (match === null) {
    throw new ValidationError(field, 'must be a GS1 element string (01)<GTIN-14>(21)<serial>');
  }
  const gtin: string = match[1] ?? '';
  const serial: string = match[2] ?? '';
  if (!hasCheckDigit(gtin)) {
    throw new ValidationError(
      field,
      `has GTIN ${gtin}, which fails the GS1 mod-10 check digit (expected ${gs1CheckDigit(gtin.slice(0, 13))})`,
    );
  }
  if (!SERIAL_RULE.test(serial)) {
    throw new ValidationError(field, SERIAL_RULE.text);
  }
  return { gtin, serial };
}
