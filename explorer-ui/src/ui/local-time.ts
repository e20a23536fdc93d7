// The value a datetime-local input shows for an instant: the reader's local time, to the minute.
export function localInputValue(at: number): string {
  return new Date(at - new Date(at).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * The same to the second, for a time the ledger compares with one only seconds before it (a test made just after the
 * bag's collection or its pool's closing would read as made before it, were the seconds cut off).
 */
export function localInputSeconds(at: number): string {
  return new Date(at - new Date(at).getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}
