// The donation's life cycle: the one table of which step may follow which. Every contract that moves a
// donation (Donation, Shipment, Pool, LookBack) goes through `advance`, so no status changes anywhere else.
//
//   collected ─screen─▶ screened ─store─▶ stored ─ship─▶ shipped ─receive─▶ received ─quarantine─▶ quarantined
//       │ reactive                                          │ damaged / label / warm            ─release─▶ released ─pool─▶ pooled
//       ▼                                                   ▼
//   rejected ─destroy─▶ destroyed          on-hold (temperature excursion, label) ─resolve─▶ back where it was
//                                          (held in transit: received on hold, or rejected when damaged;
//                                           a repeat report of the excursion that holds it revises the hold)
//   interdicted (look-back, from any status but destroyed) ─destroy─▶ destroyed (unless already pooled)
import { ConflictError } from '../errors';
import type { ChangeStamp } from '../ledger/change';
import { newDonation, type Donation, type DonationStatus } from './donation';
import { DESTROYABLE_STATUSES, KEPT_COLD_STATUSES } from './kept-cold';

export type DonationStep =
  | 'screen-negative'
  | 'screen-reactive'
  | 'store'
  | 'ship'
  | 'receive'
  | 'reject-on-receipt'
  | 'hold-on-receipt'
  | 'receive-on-hold'
  | 'hold'
  | 'revise-hold'
  | 'resolve-hold'
  | 'quarantine'
  | 'release'
  | 'pool'
  | 'destroy'
  | 'interdict'
  | 'reject-on-retest';

interface StepRule {
  readonly from: readonly DonationStatus[];
  /** Where it goes; `undefined` for resolve-hold, which returns to the status before the hold. */
  readonly to?: DonationStatus;
  /** For a step from on-hold: the statuses the hold must have been raised from (`hold.from`); any when absent. */
  readonly holdFrom?: readonly DonationStatus[];
}

const STEPS: Readonly<Record<DonationStep, StepRule>> = {
  'screen-negative': { from: ['collected'], to: 'screened' },
  'screen-reactive': { from: ['collected'], to: 'rejected' },
  store: { from: ['screened'], to: 'stored' },
  ship: { from: ['stored'], to: 'shipped' },
  receive: { from: ['shipped'], to: 'received' },
  // A bag put on hold in transit (its reefer's excursion) is still checked on arrival: damaged, it is rejected;
  // otherwise it arrives on its hold, in the factory's custody.
  'reject-on-receipt': { from: ['shipped', 'on-hold'], to: 'rejected', holdFrom: ['shipped'] },
  'hold-on-receipt': { from: ['shipped'], to: 'on-hold' },
  'receive-on-hold': { from: ['on-hold'], to: 'on-hold', holdFrom: ['shipped'] },
  hold: { from: KEPT_COLD_STATUSES, to: 'on-hold' },
  // The hold revised, the status staying: new numbers for the excursion that holds the bag (a repeat report of it),
  // or a finding taken off it (a label corrected while an excursion still holds the bag).
  'revise-hold': { from: ['on-hold'], to: 'on-hold' },
  'resolve-hold': { from: ['on-hold'] },
  quarantine: { from: ['received'], to: 'quarantined' },
  release: { from: ['quarantined'], to: 'released' },
  pool: { from: ['released'], to: 'pooled' },
  // A failed factory re-test, where the rule set rejects rather than holds: the bag can no longer be released or pooled.
  'reject-on-retest': { from: ['received', 'quarantined', 'released'], to: 'rejected' },
  destroy: { from: DESTROYABLE_STATUSES, to: 'destroyed' },
  interdict: {
    from: ['collected', 'screened', 'rejected', 'stored', 'shipped', 'received', 'quarantined', 'released', 'pooled', 'on-hold'],
    to: 'interdicted',
  },
};

/** Whether `step` may happen to a donation in `status` (for callers that skip rather than refuse). */
export const allows = (step: DonationStep, status: DonationStatus): boolean => STEPS[step].from.includes(status);

/** Refuses with CONFLICT when the donation's status does not allow `step` (to check before other work). */
export function assertStep(donation: Donation, step: DonationStep): void {
  const rule = STEPS[step];
  if (!rule.from.includes(donation.status)) {
    throw new ConflictError(`donation ${donation.din} is ${donation.status}; ${step} needs it ${rule.from.join(' or ')}`);
  }
  const holdFrom = donation.hold?.from;
  if (donation.status === 'on-hold' && rule.holdFrom !== undefined && (holdFrom === undefined || !rule.holdFrom.includes(holdFrom))) {
    throw new ConflictError(
      `donation ${donation.din} is on a hold raised when it was ${holdFrom ?? 'unknown'}; ${step} needs a hold raised when it was ${rule.holdFrom.join(' or ')}`,
    );
  }
  if (step === 'destroy' && donation.poolDin !== undefined) {
    throw new ConflictError(`donation ${donation.din} went into pool ${donation.poolDin}; a pooled bag no longer exists to destroy`);
  }
}

/**
 * The donation after `step`, with `changes` applied and the audit stamp set; validated as a whole.
 * Refuses with CONFLICT when the donation's status does not allow the step.
 */
export function advance(donation: Donation, step: DonationStep, changes: Partial<Donation>, stamp: ChangeStamp): Donation {
  assertStep(donation, step);
  const rule = STEPS[step];
  const to = rule.to ?? donation.hold?.from;
  if (to === undefined) {
    throw new ConflictError(`donation ${donation.din} is on hold without the status to return to`);
  }
  const next: Record<string, unknown> = { ...donation, ...changes, status: to, lastChange: stamp };
  if (step === 'resolve-hold') {
    delete next.hold;
  }
  return newDonation(next);
}
