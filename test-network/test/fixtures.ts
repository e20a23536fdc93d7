// Test data that a station would really send: valid DINs of a facility, HMAC pseudonyms, collection times.
import { createHmac, randomBytes } from 'node:crypto';
import { FIRST_DEMO_DIN_SEQUENCE } from '@plasma/gateway-api/src/demo/demo-story';
import { dinOf } from '@plasma/gateway-api/src/demo/identifiers';
import { ledgerErrorMessage } from '@plasma/gateway-api';

let counter = 0;

/** A fresh DIN of the facility with its check character; unique across runs on the same ledger, apart from the demo's. */
export function newDin(facility: string): string {
  counter += 1;
  const sequence = (Math.floor(Date.now() / 100) * 7 + counter) % FIRST_DEMO_DIN_SEQUENCE;
  return dinOf(facility, new Date().getUTCFullYear(), sequence);
}

export const pseudonym = (): string => createHmac('sha256', randomBytes(32)).update('donor').digest('hex');

export function donation(din: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const end = new Date(Date.now() - 60_000);
  return {
    din,
    productCode: 'E0701V00',
    donorPseudonym: pseudonym(),
    collectionStart: new Date(end.getTime() - 45 * 60_000).toISOString(),
    collectionEnd: end.toISOString(),
    volumeMl: 580,
    deviceSerial: 'PCS2-0042',
    anticoagulantLot: 'ACD-24117',
    ...overrides,
  };
}

/** What the ledger said when it refused `action`; fails the test when it did not refuse. */
export async function refusal(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    return ledgerErrorMessage(error);
  }
  throw new Error('expected the ledger to refuse');
}
