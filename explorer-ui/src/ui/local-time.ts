// The value a datetime-local input shows for an instant: the reader's local time, to the minute.
export function localInputValue(at: number): string {
  return new Date(at - new Date(at).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
