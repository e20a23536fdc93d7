// The destruction record of a non-conforming, held or interdicted bag: what the responsible person signs.
import { canonicalDigest } from '../ledger/digest';
import { REASON_RULE } from '../ledger/change';
import type { SignableRecord } from '../signatures/electronic-signature';
import { parseJson, readObject, text } from '../validation';
import type { Donation } from './donation';

export interface DestructionOrder {
  /** e.g. "autoclave then incineration". */
  readonly method: string;
  readonly reason: string;
}

export const DESTRUCTION_INPUT_FIELDS = ['method', 'reason'] as const satisfies readonly (keyof DestructionOrder)[];

export function readDestructionOrder(json: string): DestructionOrder {
  const f = readObject(parseJson(json, 'destruction'), 'destruction', DESTRUCTION_INPUT_FIELDS);
  return { method: f.required('method', text(256)), reason: f.required('reason', REASON_RULE) };
}

/** Bound to the donation as the ledger holds it now (its digest), so the signature fits this bag in this state only. */
export function destructionRecord(donation: Donation, order: DestructionOrder): SignableRecord {
  return {
    type: 'donation-destruction',
    id: donation.din,
    content: { din: donation.din, status: donation.status, donationDigest: canonicalDigest(donation), ...order },
  };
}
