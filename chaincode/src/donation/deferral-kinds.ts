// The kinds of deferral and the categories of their reasons and of their lifting: pure data, which the explorer's
// forms offer.
export const DEFERRAL_KINDS = ['temporary', 'permanent'] as const;
export type DeferralKind = (typeof DEFERRAL_KINDS)[number];

/** Categories only: a free-text reason would invite health details onto a ledger every member reads. */
export const DEFERRAL_REASONS = ['reactive-test', 'medical', 'exposure-risk', 'look-back', 'other'] as const;
export type DeferralReason = (typeof DEFERRAL_REASONS)[number];

/** Why a deferral ends before its time: categories too, for the same reason. */
export const LIFT_REASONS = ['entered-in-error', 'finding-invalidated', 'medical-review', 'other'] as const;
export type LiftReason = (typeof LIFT_REASONS)[number];
