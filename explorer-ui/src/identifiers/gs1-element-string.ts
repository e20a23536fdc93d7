// Reads what a scanner gives for a vial's GS1 DataMatrix: an element string with FNC1 sent as the GS
// character (0x1D), often after the symbology identifier ]d2, or the human-readable form with parentheses,
// e.g. (01)06912345678901(17)281231(10)A24001(21)000123. The unit is named by its GTIN and serial.
import { GTIN_RULE } from '@plasma/chaincode/browser';

export interface Gs1Unit {
  readonly gtin: string;
  readonly serial: string;
  readonly lot?: string;
  /** YYMMDD, as AI (17) carries it. */
  readonly expiry?: string;
  /** The unit as the ledger names it: (01)<GTIN>(21)<serial>. */
  readonly elementString: string;
}

const GS = '\u001d';
// AIs a vial's code carries with their fixed lengths; the others here end at GS or at the end.
const FIXED: Readonly<Record<string, number>> = { '01': 14, '11': 6, '15': 6, '17': 6 };
const VARIABLE = new Set(['10', '21']);

function parseRaw(text: string): Map<string, string> | undefined {
  const values = new Map<string, string>();
  let rest = text;
  while (rest.length > 0) {
    if (rest.startsWith(GS)) {
      rest = rest.slice(1);
      continue;
    }
    const ai = rest.slice(0, 2);
    const fixed = FIXED[ai];
    if (fixed !== undefined) {
      values.set(ai, rest.slice(2, 2 + fixed));
      rest = rest.slice(2 + fixed);
    } else if (VARIABLE.has(ai)) {
      const end = rest.indexOf(GS, 2);
      values.set(ai, end < 0 ? rest.slice(2) : rest.slice(2, end));
      rest = end < 0 ? '' : rest.slice(end);
    } else {
      return undefined;
    }
  }
  return values;
}

function parseBracketed(text: string): Map<string, string> | undefined {
  const values = new Map<string, string>();
  const pattern = /\((\d{2})\)([^(]*)/g;
  let consumed = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index !== consumed) return undefined;
    values.set(match[1]!, match[2]!);
    consumed += match[0].length;
  }
  return consumed === text.length && values.size > 0 ? values : undefined;
}

/** The unit a scanned or typed GS1 code names, or undefined when it is not one. */
export function readGs1Unit(input: string): Gs1Unit | undefined {
  // Scanners that cannot send GS often send the literal text <GS>.
  const text = input
    .trim()
    .replace(/^\](d2|C1|Q3)/, '')
    .replaceAll('<GS>', GS);
  const values = text.startsWith('(') ? parseBracketed(text) : parseRaw(text);
  const gtin = values?.get('01');
  const serial = values?.get('21');
  if (!values || gtin === undefined || serial === undefined || !GTIN_RULE.test(gtin) || serial === '') return undefined;
  const lot = values.get('10');
  const expiry = values.get('17');
  return { gtin, serial, ...(lot ? { lot } : {}), ...(expiry ? { expiry } : {}), elementString: `(01)${gtin}(21)${serial}` };
}
