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

/**
 * Each gateway waits for the commit on its own peer only: another organisation's peer may answer from the block
 * before for a moment. Retries `read` while the ledger answers NOT_FOUND or CONFLICT (a stale state), or while
 * `until` is not yet true of its answer.
 */
export async function eventually<T>(read: () => Promise<T>, until: (value: T) => boolean = () => true, attempts = 60): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const value = await read();
      if (until(value) || attempt >= attempts) return value;
    } catch (error) {
      if (attempt >= attempts || !/^(NOT_FOUND|CONFLICT): /.test(ledgerErrorMessage(error))) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
