// Test data that a station would really send: valid DINs of a facility, HMAC pseudonyms, collection times; and
// the electronic signatures a person makes with their enrolled key.
import { createHmac, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signingPayload, type SignatureMeaning } from '@plasma/chaincode/src/client';
import { signingFiles, userIdentityDir } from '@plasma/network';
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

/** `org`/`user`'s electronic signature of the record with `digest`, made with their enrolled key. */
export function signAs(org: string, user: string, mspId: string, digest: string, meaning: SignatureMeaning) {
  const files = signingFiles(userIdentityDir(org, user));
  const unsigned = { meaning, signerName: user, mspId, signedAt: new Date(Date.now() - 2000).toISOString(), recordDigest: digest };
  const signature = sign('sha256', Buffer.from(signingPayload(unsigned)), readFileSync(files.key)).toString('base64');
  return { ...unsigned, certificate: readFileSync(files.cert, 'utf8'), signature };
}
