// China's drug traceability code (药品追溯码, NMPAB/T 1002-2019 in its 20-digit form): the first 7 digits are the
// product identification code (药品标识码) assigned per product and package; the next 9 the unit serial; the last 4
// verification digits computed by the code issuer. The issuers' verification algorithm is not public, so the ledger
// checks the structure and that the product code is the lot's, and leaves the verification digits to the issuer.
import { ValidationError } from '../errors';
import { matching } from '../validation';

export const CN_PRODUCT_CODE_RULE = matching(/^\d{7}$/, 'must be the 7-digit product identification code of the drug traceability code');

export interface DrugTraceCode {
  readonly code: string;
  readonly productCode: string;
  readonly serial: string;
}

export function parseDrugTraceCode(text: string, field: string): DrugTraceCode {
  if (!/^\d{20}$/.test(text)) {
    throw new ValidationError(field, 'must be a 20-digit drug traceability code');
  }
  return { code: text, productCode: text.slice(0, 7), serial: text.slice(7, 16) };
}
