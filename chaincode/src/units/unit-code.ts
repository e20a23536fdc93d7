// A unit's (vial's) code, in either of the schemes lots are serialised with: a GS1 GTIN + serial element string,
// or China's 20-digit drug traceability code. The code must belong to the lot's product.
import { ValidationError } from '../errors';
import { parseDrugTraceCode } from '../identifiers/drug-trace-code';
import { parseGs1Unit } from '../identifiers/gs1';
import type { Product } from '../lot/lot';

export interface UnitCode {
  /** The code as the ledger keys it: `(01)<GTIN>(21)<serial>` or the 20 digits. */
  readonly code: string;
  readonly scheme: 'gs1' | 'cn-drug-trace';
  readonly serial: string;
}

export function parseUnitCode(text: unknown, field: string): UnitCode {
  if (typeof text !== 'string') {
    throw new ValidationError(field, 'must be a unit code: (01)<GTIN-14>(21)<serial> or a 20-digit drug traceability code');
  }
  if (/^\d{20}$/.test(text)) {
    const { code, serial } = parseDrugTraceCode(text, field);
    return { code, scheme: 'cn-drug-trace', serial };
  }
  const { gtin, serial } = parseGs1Unit(text, field);
  return { code: `(01)${gtin}(21)${serial}`, scheme: 'gs1', serial };
}

/** Refuses a code of another product than the lot's. */
export function assertCodeOfProduct(unit: UnitCode, product: Product, field: string): void {
  if (unit.scheme === 'gs1') {
    const gtin = unit.code.slice(4, 18);
    if (product.gtin !== gtin) {
      throw new ValidationError(field, `has GTIN ${gtin}; the lot's product is ${product.gtin ?? 'not serialised with GS1'}`);
    }
  } else if (product.cnProductCode !== unit.code.slice(0, 7)) {
    throw new ValidationError(
      field,
      `has product code ${unit.code.slice(0, 7)}; the lot's product is ${product.cnProductCode ?? 'not serialised with drug traceability codes'}`,
    );
  }
}
