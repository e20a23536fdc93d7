// Where a bag must still be kept frozen, and so where a temperature excursion can put it on hold; and where it may be
// destroyed instead. Browser-safe (the explorer offers the excursion report and the destruction only there).
import type { DonationStatus } from './donation';

export const KEPT_COLD_STATUSES = [
  'collected',
  'screened',
  'stored',
  'shipped',
  'received',
  'quarantined',
  'released',
] as const satisfies readonly DonationStatus[];

export const isKeptCold = (status: string): boolean => (KEPT_COLD_STATUSES as readonly string[]).includes(status);

/** A rejected, held or interdicted bag is destroyed, unless it went into a pool. */
export const DESTROYABLE_STATUSES = ['rejected', 'on-hold', 'interdicted'] as const satisfies readonly DonationStatus[];
