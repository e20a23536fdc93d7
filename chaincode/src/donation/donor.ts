// A donor as the ledger knows them: a keyed pseudonym and its deferrals. A deferred donor is not collected, at any
// station of the jurisdiction (the pseudonym key is the jurisdiction's, so one donor is one pseudonym at every
// station). The ledger keeps only a category of reason: what the donor told the physician stays at the station.
import type { Context } from 'fabric-contract-api';
import { ValidationError } from '../errors';
import { type Actor, newActor, newChangeStamp, REASON_RULE, type ChangeStamp } from '../ledger/change';
import { compositeKey } from '../ledger/keys';
import { readState, writeState } from '../ledger/state';
import { ISO_INSTANT_RULE } from '../time';
import { ARRAY_RULE, matching, OBJECT_RULE, oneOf, readObject, withoutUndefined } from '../validation';
import { DONOR_PSEUDONYM_RULE } from './donation';

export const DEFERRAL_KINDS = ['temporary', 'permanent'] as const;
export type DeferralKind = (typeof DEFERRAL_KINDS)[number];

/** Categories only: a free-text reason would invite health details onto a ledger every member reads. */
export const DEFERRAL_REASONS = ['reactive-test', 'medical', 'exposure-risk', 'look-back', 'other'] as const;
export type DeferralReason = (typeof DEFERRAL_REASONS)[number];

export interface DeferralLift {
  readonly at: string;
  readonly by: Actor;
  readonly reason: string;
}

export interface Deferral {
  /** The id of the transaction that recorded it. */
  readonly deferralId: string;
  readonly kind: DeferralKind;
  readonly reason: DeferralReason;
  /** Ledger time of the deferral: never a time the client states, so a deferral cannot be back-dated. */
  readonly from: string;
  /** A temporary deferral's end: from then on the donor may give again. */
  readonly until?: string;
  readonly deferredBy: Actor;
  /** Ended before its time (entered in error, a reactive result found false): by its organisation or the regulator. */
  readonly lifted?: DeferralLift;
}

export interface Donor {
  readonly donorPseudonym: string;
  /** In the order they were recorded. */
  readonly deferrals: readonly Deferral[];
  readonly lastChange: ChangeStamp;
}

/** What a station QA person (or the regulator) enters to defer a donor. */
export interface DeferralInput {
  readonly kind: DeferralKind;
  readonly reason: DeferralReason;
  readonly until?: string;
}

export const DEFERRAL_INPUT_FIELDS = ['kind', 'reason', 'until'];
const DEFERRAL_FIELDS = ['deferralId', 'kind', 'reason', 'from', 'until', 'deferredBy', 'lifted'];
const LIFT_FIELDS = ['at', 'by', 'reason'];

/** A deferral is named by the id of the transaction that recorded it. */
export const DEFERRAL_ID_RULE = matching(/^[0-9a-f]{64}$/, 'must be a deferral id: the 64 lowercase hex characters of its transaction id');

/** Reads a deferral as a caller gives it; `until` is checked against the ledger's time by the contract. */
export function readDeferralInput(value: unknown, name = 'deferral'): DeferralInput {
  const f = readObject(value, name, DEFERRAL_INPUT_FIELDS);
  const kind = f.required('kind', oneOf(DEFERRAL_KINDS));
  const until = f.optional('until', ISO_INSTANT_RULE);
  if (kind === 'temporary' && until === undefined) throw new ValidationError(f.path('until'), 'is required for a temporary deferral');
  if (kind === 'permanent' && until !== undefined) throw new ValidationError(f.path('until'), 'must be absent: a permanent deferral has no end');
  return withoutUndefined({ kind, reason: f.required('reason', oneOf(DEFERRAL_REASONS)), until });
}

function readDeferral(value: unknown, name: string): Deferral {
  const f = readObject(value, name, DEFERRAL_FIELDS);
  const lifted = f.optional('lifted', OBJECT_RULE);
  const liftFields = lifted === undefined ? undefined : readObject(lifted, f.path('lifted'), LIFT_FIELDS);
  return withoutUndefined({
    deferralId: f.required('deferralId', DEFERRAL_ID_RULE),
    kind: f.required('kind', oneOf(DEFERRAL_KINDS)),
    reason: f.required('reason', oneOf(DEFERRAL_REASONS)),
    from: f.required('from', ISO_INSTANT_RULE),
    until: f.optional('until', ISO_INSTANT_RULE),
    deferredBy: newActor(f.required('deferredBy', OBJECT_RULE), f.path('deferredBy')),
    lifted:
      liftFields === undefined
        ? undefined
        : {
            at: liftFields.required('at', ISO_INSTANT_RULE),
            by: newActor(liftFields.required('by', OBJECT_RULE), liftFields.path('by')),
            reason: liftFields.required('reason', REASON_RULE),
          },
  });
}

export function newDonor(value: unknown): Donor {
  const f = readObject(value, 'donor', ['donorPseudonym', 'deferrals', 'lastChange']);
  return {
    donorPseudonym: f.required('donorPseudonym', DONOR_PSEUDONYM_RULE),
    deferrals: f.required('deferrals', ARRAY_RULE).map((d, i) => readDeferral(d, `${f.path('deferrals')}[${i}]`)),
    lastChange: newChangeStamp(f.required('lastChange', OBJECT_RULE), f.path('lastChange')),
  };
}

/** The deferral in force at `instant`, if any: the one that ends last. */
export function deferralAt(donor: Donor | undefined, instant: string): Deferral | undefined {
  const t = Date.parse(instant);
  const endOf = (d: Deferral): number =>
    Math.min(d.kind === 'permanent' ? Infinity : Date.parse(d.until!), d.lifted ? Date.parse(d.lifted.at) : Infinity);
  return (donor?.deferrals ?? [])
    .filter((d) => Date.parse(d.from) <= t && t < endOf(d))
    .reduce<Deferral | undefined>((last, d) => (last === undefined || endOf(d) > endOf(last) ? d : last), undefined);
}

/** How a refusal names a deferral: its kind, reason, who recorded it and when, and its end. */
export function describeDeferral(d: Deferral): string {
  const end = d.kind === 'permanent' ? 'permanently' : `until ${d.until}`;
  return `deferred ${end} (${d.reason}) by ${d.deferredBy.mspId} on ${d.from}, deferral ${d.deferralId}`;
}

export const donorKey = (ctx: Context, donorPseudonym: string): string => compositeKey(ctx, 'donor-record', [donorPseudonym]);

export async function findDonor(ctx: Context, donorPseudonym: string): Promise<Donor | undefined> {
  const state = await readState(ctx, donorKey(ctx, donorPseudonym));
  return state === undefined ? undefined : newDonor(state);
}

export const putDonor = (ctx: Context, donor: Donor): Promise<void> => writeState(ctx, donorKey(ctx, donor.donorPseudonym), donor);
