// Where a bag is before it ships: still held by the station that collected it. Browser-safe (the explorer and the
// gateway read it through the browser face).
import type { DonationStatus } from './donation';

/** A bag's statuses while its station holds it, before it ships: a collection item may still be corrected, and it has not moved. */
export const AT_STATION_STATUSES = ['collected', 'screened', 'stored'] as const satisfies readonly DonationStatus[];

export const isAtStation = (status: string): boolean => (AT_STATION_STATUSES as readonly string[]).includes(status);
