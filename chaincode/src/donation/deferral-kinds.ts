// The kinds of deferral and the categories of their reasons: pure data, which the explorer's deferral form offers.
export const DEFERRAL_KINDS = ['temporary', 'permanent'] as const;
export type DeferralKind = (typeof DEFERRAL_KINDS)[number];

/** Categories only: a free-text reason would invite health details onto a ledger every member reads. */
export const DEFERRAL_REASONS = ['reactive-test', 'medical', 'exposure-risk', 'look-back', 'other'] as const;
export type DeferralReason = (typeof DEFERRAL_REASONS)[number];
