// Ingest windows: a reading belongs to the window during which it was stored, so a late reading (a backfill
// after a disconnect) is anchored in the next root instead of reopening one already on the ledger.

export interface Window {
  readonly start: Date;
  readonly end: Date;
}

export function windowAt(at: number, windowMs: number): Window {
  const start = Math.floor(at / windowMs) * windowMs;
  return { start: new Date(start), end: new Date(start + windowMs) };
}
