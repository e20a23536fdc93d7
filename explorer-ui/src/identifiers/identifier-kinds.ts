// What an identifier typed into the one search box may name. Several readings can fit (a DIN names a donation
// or a pool; digits may be a block number or a lot), so every reading is returned and the search tries each.
import { looksLikeDin, readDin } from './din-input';
import { readGs1Unit } from './gs1-element-string';

export type Reading =
  | { readonly kind: 'donation' | 'pool'; readonly din: string; readonly checkCharacter: string }
  | { readonly kind: 'vial'; readonly code: string; readonly scheme: 'cn-drug-trace-code' | 'gs1' }
  | { readonly kind: 'lot'; readonly lotId: string }
  | { readonly kind: 'transaction'; readonly id: string }
  | { readonly kind: 'block'; readonly number: number };

export interface Readings {
  readonly readings: readonly Reading[];
  /** Why a DIN-looking input is not a valid DIN (a wrong check character, say), when nothing else fits. */
  readonly problem?: string;
}

const LOT_ID = /^[A-Z0-9][A-Z0-9-]{0,19}$/;

export function readIdentifier(input: string): Readings {
  const text = input.trim();
  const readings: Reading[] = [];
  if (/^[0-9a-f]{64}$/i.test(text)) readings.push({ kind: 'transaction', id: text.toLowerCase() });
  if (/^\d{20}$/.test(text)) readings.push({ kind: 'vial', code: text, scheme: 'cn-drug-trace-code' });
  const gs1 = readGs1Unit(text);
  if (gs1) readings.push({ kind: 'vial', code: gs1.elementString, scheme: 'gs1' });
  if (/^\d{1,12}$/.test(text) && Number.isSafeInteger(Number(text))) readings.push({ kind: 'block', number: Number(text) });

  const din = readDin(text);
  if (din.ok) {
    readings.push({ kind: 'donation', din: din.din, checkCharacter: din.checkCharacter });
    readings.push({ kind: 'pool', din: din.din, checkCharacter: din.checkCharacter });
  }
  if (LOT_ID.test(text.toUpperCase()) && !readings.some((r) => r.kind !== 'block'))
    readings.push({ kind: 'lot', lotId: text.toUpperCase() });
  if (!din.ok && looksLikeDin(text) && !readings.some((r) => r.kind !== 'lot')) return { readings, problem: din.problem };
  return { readings };
}
