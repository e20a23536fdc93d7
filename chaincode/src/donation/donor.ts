// A donor as the ledger knows them: a keyed pseudonym and its deferrals. A deferred donor is not collected, at any
// station of the jurisdiction (the pseudonym key is the jurisdiction's, so one donor is one pseudonym at every
// station). The ledger keeps only a category of reason: what the donor told the physician stays at the station.
import type { Context } from 'fabric-contract-api';
import { ValidationError } from '../errors';
import { type Actor, newActor, newChangeStamp, type ChangeStamp } from '../ledger/change';
import { compositeKey } from '../ledger/keys';
import { readState, writeState } from '../ledger/state';
import { DAY_MS, ISO_INSTANT_RULE } from '../time';
import { ARRAY_RULE, matching, OBJECT_RULE, oneOf, readObject, withoutUndefined } from '../validation';
import { DEFERRAL_KINDS, DEFERRAL_REASONS, LIFT_REASONS, type DeferralKind, type DeferralReason, type LiftReason } from './deferral-kinds';
import { DONOR_PSEUDONYM_RULE } from './donation';

export interface DeferralLift {
  readonly at: string;
  readonly by: Actor;
  readonly reason: LiftReason;
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
export const DEFERRAL_FIELDS = ['deferralId', 'kind', 'reason', 'from', 'until', 'deferredBy', 'lifted'];
export const DEFERRAL_LIFT_FIELDS = ['at', 'by', 'reason'];

/** A deferral is named by the id of the transaction that recorded it. */
export const DEFERRAL_ID_RULE = matching(/^[0-9a-f]{64}$/, 'must be a deferral id: the 64 lowercase hex characters of its transaction id');

/** Reads a deferral as a caller gives it; `until` is checked against the ledger's time by the contract. */
export function readDeferralInput(value: unknown, name = 'deferral'): DeferralInput {
  const f = readObject(value, name, DEFERRAL_INPUT_FIELDS);
  const kind = f.required('kind', oneOf(DEFERRAL_KINDS));
  const until = f.optional('until', ISO_INSTANT_RULE);
  if (kind === 'temporary' && until === undefined) throw new ValidationError(f.path('until'), 'is required for a temporary deferral');
  if (kind === 'permanent' && until !== undefined)
    throw new ValidationError(f.path('until'), 'must be absent: a permanent deferral has no end');
  return withoutUndefined({ kind, reason: f.required('reason', oneOf(DEFERRAL_REASONS)), until });
}

function readDeferral(value: unknown, name: string): Deferral {
  const f = readObject(value, name, DEFERRAL_FIELDS);
  const lifted = f.optional('lifted', OBJECT_RULE);
  const liftFields = lifted === undefined ? undefined : readObject(lifted, f.path('lifted'), DEFERRAL_LIFT_FIELDS);
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
            reason: liftFields.required('reason', oneOf(LIFT_REASONS)),
          },
  });
}

export const DONOR_FIELDS = ['donorPseudonym', 'deferrals', 'lastChange'];

export function newDonor(value: unknown): Donor {
  const f = readObject(value, 'donor', DONOR_FIELDS);
  return {
    donorPseudonym: f.required('donorPseudonym', DONOR_PSEUDONYM_RULE),
    deferrals: f.required('deferrals', ARRAY_RULE).map((d, i) => readDeferral(d, `${f.path('deferrals')}[${i}]`)),
    lastChange: newChangeStamp(f.required('lastChange', OBJECT_RULE), f.path('lastChange')),
  };
}

/** When a deferral stops turning the donor away: its end, or its lifting if earlier; Infinity for a permanent one. */
export const deferralEnd = (d: Deferral): number =>
  Math.min(d.kind === 'permanent' ? Infinity : Date.parse(d.until!), d.lifted ? Date.parse(d.lifted.at) : Infinity);

/** Whether `deferral` turns the donor away at `instant`. */
export const inForceAt = (deferral: Deferral, instant: string): boolean =>
  Date.parse(deferral.from) <= Date.parse(instant) && Date.parse(instant) < deferralEnd(deferral);

/** The deferral in force at `instant`, if any: the one that ends last. */
export function deferralAt(donor: Donor | undefined, instant: string): Deferral | undefined {
  return (donor?.deferrals ?? [])
    .filter((d) => inForceAt(d, instant))
    .reduce<Deferral | undefined>((last, d) => (last === undefined || deferralEnd(d) > deferralEnd(last) ? d : last), undefined);
}

/** Whether two collection starts lie closer together than the rule set's donationIntervalDays. */
export const withinInterval = (a: string, b: string, intervalDays: number): boolean =>
  Math.abs(Date.parse(a) - Date.parse(b)) < intervalDays * DAY_MS;

/**
 * The first instant from `from` at which the donor may give: past every deferral then in force and the interval around
 * each of their donations' `collectionStarts`. Undefined while a permanent deferral stands.
 */
export function eligibleFrom(
  donor: Donor | undefined,
  collectionStarts: readonly string[],
  intervalDays: number,
  from: string,
): string | undefined {
  let instant = from;
  // Each step moves past one deferral or one donation, so it ends within as many steps as there are of both.
  for (let step = 0; step <= (donor?.deferrals.length ?? 0) + collectionStarts.length; step += 1) {
    const deferral = deferralAt(donor, instant);
    const until = deferral === undefined ? undefined : deferralEnd(deferral);
    if (until === Infinity) return undefined;
    const near = collectionStarts.filter((start) => withinInterval(start, instant, intervalDays)).map((start) => Date.parse(start));
    const next = until ?? (near.length > 0 ? Math.max(...near) + intervalDays * DAY_MS : undefined);
    if (next === undefined) return instant;
    instant = new Date(next).toISOString();
  }
  return instant;
}

/** How a refusal names a deferral: its kind, reason, who recorded it and when, and its end. */
export function describeDeferral(d: Deferral): string {
  const end = d.kind === 'permanent' ? 'permanently' : `until ${d.until}`;
  return `deferred ${end} (${d.reason}) by ${d.deferredBy.mspId} on ${d.from}, deferral ${d.deferralId}`;
}

/** The composite-key type of donor records (`donor` itself is the donor index's, keyed by pseudonym and donation). */
export const DONOR_RECORD_KEY_TYPE = 'donor-record';

export const donorKey = (ctx: Context, donorPseudonym: string): string => compositeKey(ctx, DONOR_RECORD_KEY_TYPE, [donorPseudonym]);

export async function findDonor(ctx: Context, donorPseudonym: string): Promise<Donor | undefined> {
  const state = await readState(ctx, donorKey(ctx, donorPseudonym));
  return state === undefined ? undefined : newDonor(state);
}

export const putDonor = (ctx: Context, donor: Donor): Promise<void> => writeState(ctx, donorKey(ctx, donor.donorPseudonym), donor);
