// Builders of valid identifiers for demo and test data: the inverse of the chaincode's parsers, using its own
// check-character and check-digit rules (so a rule changes in one place), for the demo story and the tests.
import { computeDinCheckCharacter, gs1CheckDigit } from '@plasma/chaincode';

const digits = (value: number | string, width: number, what: string): string => {
  const text = String(value).padStart(width, '0');
  if (!new RegExp(`^\\d{${width}}$`).test(text)) throw new RangeError(`${what} must fit in ${width} digits, not ${value}`);
  return text;
};

/** The ISBT 128 DIN printed on a bag: facility (FIN), 2-digit year, 6-digit sequence, then the ISO 7064 check character. */
export function dinOf(facility: string, year: number, sequence: number): string {
  const din13 = `${facility}${digits(year % 100, 2, 'the DIN year')}${digits(sequence, 6, 'the DIN sequence')}`;
  return din13 + computeDinCheckCharacter(din13);
}

/** GTIN-14 from its first 13 digits (indicator, company prefix, item reference) and the GS1 mod-10 check digit. */
export function gtinOf(first13: string): string {
  return digits(first13, 13, 'a GTIN without its check digit') + gs1CheckDigit(first13);
}

/** SSCC-18 of a shipping case: extension digit, company prefix and serial reference (17 digits), then the check digit. */
export function ssccOf(first17: string): string {
  return digits(first17, 17, 'an SSCC without its check digit') + gs1CheckDigit(first17);
}

/** A vial's GS1 element string `(01)<GTIN>(21)<serial>`. */
export const gs1UnitCode = (gtin: string, serial: string): string => `(01)${gtin}(21)${serial}`;

/**
 * A vial's 20-digit Chinese drug traceability code: 7-digit product identification code, 9-digit serial and 4
 * verification digits. The issuers' verification algorithm is not public (the ledger checks only the structure),
 * so the caller supplies digits standing in for the issuer's.
 */
export function drugTraceCodeOf(productCode: string, serial: number, verification: number): string {
  return (
    digits(productCode, 7, 'the product identification code') +
    digits(serial, 9, 'the serial') +
    digits(verification, 4, 'the verification digits')
  );
}
