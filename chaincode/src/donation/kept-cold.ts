// Where a bag must still be kept frozen, and so where a temperature excursion can put it on hold. Browser-safe (the
// explorer offers the excursion report only for these).
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
